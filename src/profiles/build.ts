import {PppcError} from '../errors.js'
import {PPPC_PAYLOAD_TYPE} from './payload-types.js'
import {checkAuthorization, type Grant} from './grants.js'
import type {AppGrants, GrantSpec, PlistDict} from './model.js'
import {serviceByKey} from './services.js'
import {uuidV5, UUID_PATTERN} from './uuid.js'

export const REVERSE_DNS = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/

/** Payload identifiers and UUIDs are derived from the profile identifier and the payload's role, so they are stable. */
export function payloadIds(identifier: string, role: string): {PayloadIdentifier: string; PayloadUUID: string} {
  return {PayloadIdentifier: `${identifier}.${role}`, PayloadUUID: uuidV5(`${identifier}/${role}`)}
}

export function checkIdentity(spec: GrantSpec): void {
  const {identifier, uuid} = spec.identity
  if (!REVERSE_DNS.test(identifier)) {
    throw new PppcError(`--identifier "${identifier}" is not reverse DNS`, {
      hint: 'use letters, digits and hyphens in dot-separated parts, e.g. edu.example.pppc.beyondtrust',
    })
  }
  if (uuid !== undefined && !UUID_PATTERN.test(uuid))
    throw new PppcError(`--uuid "${uuid}" is not a UUID`, {
      hint: 'use the form 8-4-4-4-12 hex digits, or leave it out for a stable derived one',
    })
  // The payloads' UUIDs derive from the identifier; the profile's own must differ from all of them.
  const payloadUuid = payloadIds(identifier, 'tcc').PayloadUUID
  if (uuid !== undefined && uuid.toUpperCase() === payloadUuid)
    throw new PppcError(`--uuid ${uuid} is the PayloadUUID pppc derives for the PPPC payload of ${identifier}`, {
      hint: 'every PayloadUUID in a profile must differ: leave --uuid out (a stable one derives from --identifier), or give another (uuidgen)',
    })
  for (const [field, text] of Object.entries(spec.identity)) {
    // XML 1.0 cannot carry C0 control characters other than tab and line breaks.
    if (typeof text === 'string' && /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text))
      throw new PppcError(`the profile's ${field} contains a control character`, {
        hint: 'remove it: a property list cannot hold it',
      })
  }
  if (spec.apps.length === 0)
    throw new PppcError('no app given', {
      hint: 'use --app NAME, --bundle-id ID or --path PATH with --code-requirement, --from-app, or --spec FILE',
    })
  const seen = new Set<string>()
  for (const app of spec.apps) {
    if (seen.has(app.identifier))
      throw new PppcError(`${app.identifier} is listed twice`, {
        hint: 'list each app once and give all its grants together',
      })
    seen.add(app.identifier)
    if (app.grants.length === 0)
      throw new PppcError(`no grants for ${app.identifier}`, {
        hint: 'add --grant SERVICE=VALUE, e.g. --grant full-disk-access=allow',
      })
    if (!app.codeRequirement.trim())
      throw new PppcError(`no code requirement for ${app.identifier}`, {
        hint: 'give --code-requirement (from `codesign -dr - APP`), or use --from-app on a Mac',
      })
  }
}

function identityDict(app: AppGrants, grant: Grant): PlistDict {
  const entry: PlistDict = {
    Authorization: grant.authorization,
    CodeRequirement: app.codeRequirement,
    Identifier: app.identifier,
    IdentifierType: app.identifierType,
  }
  if (app.verification && app.verification !== 'verified') {
    entry.Comment = `pppc catalogue: ${app.verification.replace('_', ' ')}; confirm the requirement with codesign -dr - on the installed app`
  }
  if (grant.receiver) {
    entry.AEReceiverCodeRequirement = grant.receiver.codeRequirement
    entry.AEReceiverIdentifier = grant.receiver.identifier
    entry.AEReceiverIdentifierType = grant.receiver.identifierType
  }
  return entry
}

/** The Services dictionary: one array per service, entries in the order the apps were given. */
export function buildServices(apps: AppGrants[]): PlistDict {
  const services: Record<string, PlistDict[]> = {}
  for (const app of apps) {
    for (const grant of app.grants) {
      const service = serviceByKey(grant.service)
      if (!service) throw new PppcError(`unknown service "${grant.service}" for ${app.identifier}`)
      checkAuthorization(service, grant.authorization)
      if (service.needsReceiver && !grant.receiver) {
        throw new PppcError(`Automation (AppleEvents) for ${app.identifier} needs a receiving app`, {
          hint: 'write --grant automation:com.apple.systemevents=allow, or give receiver in a --spec file',
        })
      }
      ;(services[service.key] ??= []).push(identityDict(app, grant))
    }
  }
  return services
}

/** The whole configuration profile as a plist value: one PPPC payload, device scope. */
export function buildProfile(spec: GrantSpec): PlistDict {
  checkIdentity(spec)
  const {identity} = spec
  const payload: PlistDict = {
    ...payloadIds(identity.identifier, 'tcc'),
    PayloadDisplayName: 'Privacy Preferences Policy Control',
    PayloadType: PPPC_PAYLOAD_TYPE,
    PayloadVersion: 1,
    Services: buildServices(spec.apps),
  }
  if (identity.organization) payload.PayloadOrganization = identity.organization
  if (identity.description) payload.PayloadDescription = identity.description

  const profile: PlistDict = {
    PayloadContent: [payload],
    PayloadDisplayName: identity.displayName,
    PayloadIdentifier: identity.identifier,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: identity.uuid ?? uuidV5(`${identity.identifier}/profile`),
    PayloadVersion: 1,
  }
  if (identity.organization) profile.PayloadOrganization = identity.organization
  if (identity.description) profile.PayloadDescription = identity.description
  return profile
}
