import type {Receiver} from './grants.js'
import type {IdentifierType, PlistValue} from './model.js'
import {PPPC_PAYLOAD_TYPE} from './payload-types.js'
import {isDict} from './plist.js'
import {type Authorization, SERVICES} from './services.js'

type Dict = {[key: string]: PlistValue}

/**
 * What a profile grants, as decisions rather than XML: each app (identifier, type and requirement) with the services
 * and values the profile sets for it. `pppc import` writes it as a spec file, `pppc diff` compares two of them. Keys
 * are read whatever their case and the legacy `Allowed` is read as Allow or Deny, as PPPC Utility's importer and
 * macOS do; an entry that decides nothing is listed in `skipped`, with why.
 */
export interface ProfileGrant {
  /** The Apple service key. */
  service: string
  authorization: Authorization
  receiver?: Receiver
}

export interface ProfileApp {
  identifier: string
  identifierType: IdentifierType
  codeRequirement: string
  grants: ProfileGrant[]
}

export interface ProfileIdentityFields {
  identifier?: string
  uuid?: string
  displayName?: string
  organization?: string
  description?: string
  scope?: string
}

export interface ProfileGrants {
  identity: ProfileIdentityFields
  apps: ProfileApp[]
  /** Entries that could not be read as a grant. */
  skipped: {service: string; identifier: string; reason: string}[]
}

function get(dict: Dict, key: string): PlistValue | undefined {
  if (Object.hasOwn(dict, key)) return dict[key]
  const lower = key.toLowerCase()
  const found = Object.keys(dict).find((k) => k.toLowerCase() === lower)
  return found === undefined ? undefined : dict[found]
}

function text(dict: Dict, key: string): string | undefined {
  const value = get(dict, key)
  return typeof value === 'string' ? value : undefined
}

function isPppc(dict: Dict): boolean {
  return text(dict, 'PayloadType')?.toLowerCase() === PPPC_PAYLOAD_TYPE.toLowerCase()
}

const AUTHORIZATIONS: readonly Authorization[] = ['Allow', 'Deny', 'AllowStandardUserToSetSystemService']

function decision(entry: Dict): Authorization | undefined {
  const authorization = get(entry, 'Authorization')
  if (authorization !== undefined)
    return AUTHORIZATIONS.find(
      (a) => typeof authorization === 'string' && a.toLowerCase() === authorization.toLowerCase(),
    )
  const allowed = get(entry, 'Allowed')
  if (allowed === true || allowed === 1) return 'Allow'
  if (allowed === false || allowed === 0) return 'Deny'
  return undefined
}

function identifierType(value: string | undefined, identifier: string): IdentifierType {
  const lower = value?.toLowerCase()
  if (lower === 'path') return 'path'
  if (lower === 'bundleid') return 'bundleID'
  return identifier.startsWith('/') ? 'path' : 'bundleID'
}

/** The PPPC payloads of a profile: in PayloadContent, or (old exports) the outer dictionary itself. */
export function pppcPayloads(profile: PlistValue): Dict[] {
  if (!isDict(profile)) return []
  const content = get(profile, 'PayloadContent')
  return [
    ...(isPppc(profile) && get(profile, 'Services') !== undefined ? [profile] : []),
    ...(Array.isArray(content) ? content.filter(isDict).filter(isPppc) : []),
  ]
}

function identityOf(profile: PlistValue): ProfileIdentityFields {
  if (!isDict(profile)) return {}
  const fields: ProfileIdentityFields = {}
  const keys = {
    identifier: 'PayloadIdentifier',
    uuid: 'PayloadUUID',
    displayName: 'PayloadDisplayName',
    organization: 'PayloadOrganization',
    description: 'PayloadDescription',
    scope: 'PayloadScope',
  } as const
  for (const [field, key] of Object.entries(keys) as [keyof ProfileIdentityFields, string][]) {
    const value = text(profile, key)
    if (value !== undefined) fields[field] = value
  }
  return fields
}

function sameReceiver(a: Receiver | undefined, b: Receiver | undefined): boolean {
  return a?.identifier === b?.identifier
}

export function readGrants(profile: PlistValue): ProfileGrants {
  const apps: ProfileApp[] = []
  const skipped: ProfileGrants['skipped'] = []
  for (const payload of pppcPayloads(profile)) {
    const services = get(payload, 'Services')
    if (!isDict(services)) continue
    for (const [key, entries] of Object.entries(services)) {
      const service = SERVICES.find((s) => s.key.toLowerCase() === key.toLowerCase())
      if (!Array.isArray(entries)) continue
      for (const entry of entries.filter(isDict)) {
        const identifier = text(entry, 'Identifier') ?? ''
        const authorization = decision(entry)
        const skip = (reason: string) => skipped.push({service: key, identifier, reason})
        if (!service) {
          skip('not a PPPC service')
          continue
        }
        if (identifier === '') {
          skip('no Identifier')
          continue
        }
        if (!authorization) {
          skip('neither Authorization nor Allowed decides it')
          continue
        }
        const grant: ProfileGrant = {service: service.key, authorization}
        const receiverId = text(entry, 'AEReceiverIdentifier')
        if (receiverId !== undefined) {
          grant.receiver = {
            identifier: receiverId,
            identifierType: identifierType(text(entry, 'AEReceiverIdentifierType'), receiverId),
            codeRequirement: text(entry, 'AEReceiverCodeRequirement') ?? '',
          }
        }
        const type = identifierType(text(entry, 'IdentifierType'), identifier)
        const requirement = text(entry, 'CodeRequirement') ?? ''
        let app = apps.find(
          (a) => a.identifier === identifier && a.identifierType === type && a.codeRequirement === requirement,
        )
        if (!app) apps.push((app = {identifier, identifierType: type, codeRequirement: requirement, grants: []}))
        // A later entry for the same service (and receiver) is what macOS ends up with; duplicates collapse.
        const same = app.grants.findIndex(
          (g) => g.service === grant.service && sameReceiver(g.receiver, grant.receiver),
        )
        if (same >= 0) app.grants.splice(same, 1)
        app.grants.push(grant)
      }
    }
  }
  return {identity: identityOf(profile), apps, skipped}
}

/** One line per grant, the same for the same decision: what "the same grants" means in tests and diffs. */
export function grantKeys(apps: readonly ProfileApp[]): string[] {
  return apps
    .flatMap((app) =>
      app.grants.map((g) =>
        [
          app.identifierType,
          app.identifier,
          app.codeRequirement,
          g.service,
          g.authorization,
          ...(g.receiver ? [g.receiver.identifierType, g.receiver.identifier, g.receiver.codeRequirement] : []),
        ].join(' | '),
      ),
    )
    .sort()
}
