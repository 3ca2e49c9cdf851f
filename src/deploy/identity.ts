import type {PlistValue} from '../profiles/model.js'

type Dict = {[key: string]: PlistValue}

function isDict(value: PlistValue | undefined): value is Dict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value)
  )
}

function payloads(profile: Dict): Dict[] {
  return Array.isArray(profile.PayloadContent) ? profile.PayloadContent.filter(isDict) : []
}

/**
 * The new profile with the stored one's PayloadUUID and PayloadIdentifier, at the top level and on each payload, so a
 * device sees the stored profile updated rather than a second one (Apple: a profile replaces an installed one with
 * the same PayloadIdentifier). Payloads are paired by PayloadIdentifier first, then by PayloadType when the type
 * appears once on both sides; a payload with no partner keeps its own identity.
 */
export function keepIdentity(next: PlistValue, stored: PlistValue): PlistValue {
  if (!isDict(next) || !isDict(stored)) return next
  const out: Dict = {...next}
  for (const key of ['PayloadUUID', 'PayloadIdentifier']) if (typeof stored[key] === 'string') out[key] = stored[key]
  const old = payloads(stored)
  const taken = new Set<Dict>()
  const fresh = payloads(next)
  const countOf = (list: Dict[], type: PlistValue | undefined) => list.filter((p) => p.PayloadType === type).length
  const partner = (payload: Dict): Dict | undefined => {
    const byId = old.find(
      (p) =>
        !taken.has(p) && p.PayloadIdentifier === payload.PayloadIdentifier && p.PayloadType === payload.PayloadType,
    )
    if (byId) return byId
    if (countOf(fresh, payload.PayloadType) !== 1 || countOf(old, payload.PayloadType) !== 1) return undefined
    return old.find((p) => !taken.has(p) && p.PayloadType === payload.PayloadType)
  }
  if (Array.isArray(next.PayloadContent)) {
    out.PayloadContent = next.PayloadContent.map((item) => {
      if (!isDict(item)) return item
      const match = partner(item)
      if (!match) return item
      taken.add(match)
      const kept: Dict = {...item}
      for (const key of ['PayloadUUID', 'PayloadIdentifier']) if (typeof match[key] === 'string') kept[key] = match[key]
      return kept
    })
  }
  return out
}

/** The profile without its top-level identity, for comparing with a copy the MDM rewrote (Kandji sets its own). */
export function withoutTopIdentity(profile: PlistValue): PlistValue {
  if (!isDict(profile)) return profile
  const {PayloadUUID: _uuid, PayloadIdentifier: _identifier, ...rest} = profile
  return rest
}
