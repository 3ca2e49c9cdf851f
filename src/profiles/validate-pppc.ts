import {PPPC_PAYLOAD_TYPE} from './payload-types.js'
import {childPath, type FindingCollector, aTypeName, type Where} from './findings.js'
import {isDict} from './plist.js'
import type {PlistValue} from './model.js'
import {COMMON_PAYLOAD_KEYS, TOLERATED_KEYS, TOP_LEVEL_KEYS} from './payload-keys.js'
import {SERVICES, serviceByKey, notAServiceHint, type Service} from './services.js'
import {checkIdentity, type EntryUse, entryWhere} from './validate-identity.js'

type Dict = {[key: string]: PlistValue}

/** What one PPPC payload uses, with where: for the rules across payloads and the version rules. */
export interface PppcUse {
  /** The payload's path (PayloadContent[0], or '' for an old export with Services on the outer dictionary). */
  path: string
  /** Each service key once, where it is written. */
  services: {service: Service; where: Where}[]
  entries: EntryUse[]
}

function decisionKey(service: string, entry: EntryUse): string | undefined {
  const d = entry.decision
  return d ? `${service}\u0000${d.identifier}\u0000${d.receiver ?? ''}` : undefined
}

function who(entry: EntryUse): string {
  const d = entry.decision!
  return `${d.identifier}${d.receiver ? ` → ${d.receiver}` : ''}`
}

/** Duplicate and conflicting entries for one app (and receiver) within one service array. */
function checkDecisions(service: Service, entries: EntryUse[], from: number, out: FindingCollector): void {
  const seen = new Map<string, EntryUse>()
  for (let i = from; i < entries.length; i++) {
    const entry = entries[i]!
    const key = decisionKey(service.key, entry)
    if (!key) continue
    const first = seen.get(key)
    if (!first) {
      seen.set(key, entry)
      continue
    }
    const [a, b] = [first.decision!.value, entry.decision!.value]
    if (a === b)
      out.report(
        'PPPC055',
        `${service.key} lists ${who(entry)} twice (entries ${first.index} and ${entry.index})`,
        entryWhere(entry),
      )
    else
      out.report(
        'PPPC054',
        `${service.key} says ${a} and ${b} for ${who(entry)}; macOS applies Deny`,
        entryWhere(entry),
      )
  }
}

/** Allow in one payload and Deny (or another value) in another, for one app and service: macOS applies Deny. */
export function checkAcrossPayloads(uses: PppcUse[], out: FindingCollector): void {
  if (uses.length < 2) return
  const first = new Map<string, {use: PppcUse; entry: EntryUse}>()
  for (const use of uses) {
    for (const entry of use.entries) {
      const key = decisionKey(entry.service.key, entry)
      if (!key) continue
      const earlier = first.get(key)
      if (!earlier) first.set(key, {use, entry})
      else if (earlier.use !== use && earlier.entry.decision!.value !== entry.decision!.value)
        out.report(
          'PPPC035',
          `${earlier.use.path || 'the profile'} says ${earlier.entry.decision!.value} and ${use.path || 'the profile'} says ${entry.decision!.value} for ${who(entry)} in ${entry.service.key}; macOS applies the most restrictive`,
          entryWhere(entry),
        )
    }
  }
}

/** Checks the Services of a PPPC payload (or of an old export that put them on the outer dictionary). */
export function checkPppcPayload(payload: Dict, path: string, out: FindingCollector): PppcUse {
  const use: PppcUse = {path, services: [], entries: []}
  for (const key of Object.keys(payload)) {
    // Top-level keys inside a payload (PayloadScope, PayloadRemovalDisallowed) are common in exports and ignored by macOS.
    if (
      key === 'Services' ||
      Object.hasOwn(COMMON_PAYLOAD_KEYS, key) ||
      Object.hasOwn(TOP_LEVEL_KEYS, key) ||
      TOLERATED_KEYS.has(key)
    )
      continue
    out.report('PPPC022', `unknown key "${key}" in a PPPC payload`, {node: payload, key, path: childPath(path, key)})
  }

  const servicesKey = 'Services'
  const servicesPath = childPath(path, servicesKey)
  if (!Object.hasOwn(payload, servicesKey)) {
    out.report('PPPC030', 'the PPPC payload has no Services dictionary', {
      node: payload,
      key: servicesKey,
      path: servicesPath,
    })
    return use
  }
  const services = payload[servicesKey]
  if (!isDict(services)) {
    out.report('PPPC030', `Services is ${aTypeName(services)}, not a dictionary`, {
      node: payload,
      key: servicesKey,
      path: servicesPath,
    })
    return use
  }
  if (Object.keys(services).length === 0)
    out.report('PPPC031', 'Services is empty: the payload grants and denies nothing', {
      node: payload,
      key: servicesKey,
      path: servicesPath,
    })

  for (const [key, entries] of Object.entries(services)) {
    const entriesPath = childPath(servicesPath, key)
    const where = {node: services, key, path: entriesPath}
    let service = serviceByKey(key)
    if (!service) {
      const variant = SERVICES.find((s) => s.key.toLowerCase() === key.toLowerCase())
      if (variant) {
        out.report(
          'PPPC021',
          `service "${key}" must be written "${variant.key}"; macOS ignores the key as written`,
          where,
          `Write "${variant.key}" instead of "${key}": service keys are case-sensitive.`,
        )
        service = variant
      } else {
        const hint = notAServiceHint(key)
        out.report('PPPC032', `"${key}" is not a PPPC service${hint ? ` (${hint})` : ''}`, where)
        continue
      }
    }
    use.services.push({service, where})
    if (!Array.isArray(entries)) {
      out.report('PPPC033', `${key} is ${aTypeName(entries)}, not an array of identity dictionaries`, where)
      continue
    }
    const first = use.entries.length
    for (let index = 0; index < entries.length; index++)
      use.entries.push(checkIdentity(service, entries[index]!, childPath(entriesPath, index), out, entries, index))
    checkDecisions(service, use.entries, first, out)
  }
  return use
}

export function isPppcPayloadType(value: unknown): boolean {
  return value === PPPC_PAYLOAD_TYPE
}

/** How deep to look for a PPPC payload wrapped inside another payload (Custom Settings nests it four levels down). */
const WRAPPED_DEPTH = 8

/**
 * A PPPC payload hidden inside another payload: Custom Settings (com.apple.ManagedClient.preferences) holding the
 * PPPC domain or its Services, or a PPPC payload dictionary pasted into another payload's keys. macOS grants nothing
 * from it. Returns where it is, or undefined. The path is built only for a hit: most payloads hold none.
 */
export function findWrappedPppc(payload: Dict, path: string): Where | undefined {
  const trail: (string | number)[] = []
  const hit = (node: Dict, key: string): Where => ({
    node,
    key,
    path: [...trail, key].reduce<string>((p, k) => childPath(p, k), path),
  })
  const visit = (node: PlistValue, depth: number): Where | undefined => {
    if (depth > WRAPPED_DEPTH) return undefined
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const item = node[index]!
        if (typeof item !== 'object' || item === null) continue
        trail.push(index)
        const found = visit(item, depth + 1)
        trail.pop()
        if (found) return found
      }
      return undefined
    }
    if (!isDict(node)) return undefined
    for (const key in node) {
      const value = node[key]!
      if (depth > 0 && key === 'PayloadType' && typeof value === 'string' && isPppcType(value)) return hit(node, key)
      if (typeof value !== 'object' || value === null) continue
      if (isDict(value) && isPppcType(key)) return hit(node, key)
      if (key === 'Services' && depth > 0 && isDict(value) && Object.keys(value).some((k) => serviceByKey(k)))
        return hit(node, key)
      trail.push(key)
      const found = visit(value, depth + 1)
      trail.pop()
      if (found) return found
    }
    return undefined
  }
  return visit(payload, 0)
}

const PPPC_TYPE_LOWER = PPPC_PAYLOAD_TYPE.toLowerCase()

function isPppcType(text: string): boolean {
  return text.length === PPPC_TYPE_LOWER.length && text.toLowerCase() === PPPC_TYPE_LOWER
}
