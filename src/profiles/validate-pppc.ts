import {PPPC_PAYLOAD_TYPE} from './payload-types.js'
import {childPath, type FindingCollector, aTypeName} from './findings.js'
import {isDict} from './plist.js'
import type {PlistValue} from './model.js'
import {COMMON_PAYLOAD_KEYS, TOLERATED_KEYS, TOP_LEVEL_KEYS} from './payload-keys.js'
import {SERVICES, serviceByKey, notAServiceHint, type Service} from './services.js'
import {checkIdentity, type IdentityDecision} from './validate-identity.js'

type Dict = {[key: string]: PlistValue}

/** Services a PPPC payload uses, and whether any entry uses Authorization (for the version rules). */
export interface PppcUse {
  services: Set<string>
  usesAuthorization: boolean
  grantsAccessibility: boolean
}

function checkDecisions(
  service: Service,
  decisions: {decision: IdentityDecision; index: number}[],
  array: PlistValue[],
  path: string,
  out: FindingCollector,
): void {
  const seen = new Map<string, {decision: IdentityDecision; index: number}>()
  for (const item of decisions) {
    const key = `${item.decision.identifier}\u0000${item.decision.receiver ?? ''}`
    const first = seen.get(key)
    if (!first) {
      seen.set(key, item)
      continue
    }
    const who = `${item.decision.identifier}${item.decision.receiver ? ` → ${item.decision.receiver}` : ''}`
    if (first.decision.value === item.decision.value) {
      out.report('PPPC055', `${service.key} lists ${who} twice (entries ${first.index} and ${item.index})`, {
        node: array,
        key: item.index,
        path: childPath(path, item.index),
      })
    } else {
      out.report(
        'PPPC054',
        `${service.key} says ${first.decision.value} and ${item.decision.value} for ${who}; macOS applies Deny`,
        {node: array, key: item.index, path: childPath(path, item.index)},
      )
    }
  }
}

/** Checks the Services of a PPPC payload (or of an old export that put them on the outer dictionary). */
export function checkPppcPayload(payload: Dict, path: string, out: FindingCollector): PppcUse {
  const use: PppcUse = {services: new Set(), usesAuthorization: false, grantsAccessibility: false}
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
  if (!Object.hasOwn(payload, servicesKey)) {
    out.report('PPPC030', 'the PPPC payload has no Services dictionary', {
      node: payload,
      key: 'PayloadType',
      path: childPath(path, 'PayloadType'),
    })
    return use
  }
  const services = payload[servicesKey]
  const servicesPath = childPath(path, servicesKey)
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
    let service = serviceByKey(key)
    if (!service) {
      const variant = SERVICES.find((s) => s.key.toLowerCase() === key.toLowerCase())
      if (variant) {
        out.report('PPPC021', `service "${key}" must be written "${variant.key}"; macOS ignores the key as written`, {
          node: services,
          key,
          path: entriesPath,
        })
        service = variant
      } else {
        const hint = notAServiceHint(key)
        out.report('PPPC032', `"${key}" is not a PPPC service${hint ? ` (${hint})` : ''}`, {
          node: services,
          key,
          path: entriesPath,
        })
        continue
      }
    }
    use.services.add(service.key)
    if (!Array.isArray(entries)) {
      out.report('PPPC033', `${key} is ${aTypeName(entries)}, not an array of identity dictionaries`, {
        node: services,
        key,
        path: entriesPath,
      })
      continue
    }
    const decisions: {decision: IdentityDecision; index: number}[] = []
    entries.forEach((entry, index) => {
      if (isDict(entry)) {
        if (Object.hasOwn(entry, 'Authorization')) use.usesAuthorization = true
        if (service!.key === 'Accessibility' && (entry.Authorization === 'Allow' || entry.Allowed === true))
          use.grantsAccessibility = true
      }
      const decision = checkIdentity(service!, entry, childPath(entriesPath, index), out, {node: entries, index})
      if (decision) decisions.push({decision, index})
    })
    checkDecisions(service, decisions, entries, entriesPath, out)
  }
  return use
}

export function isPppcPayloadType(value: unknown): boolean {
  return value === PPPC_PAYLOAD_TYPE
}
