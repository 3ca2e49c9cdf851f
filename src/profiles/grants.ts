import {PppcError} from '../errors.js'
import {didYouMean} from '../util/did-you-mean.js'
import {DDM_ONLY, type DdmPermission, findDdmOnly} from './ddm-permissions.js'
import {type Authorization, type Service, findService, notAServiceHint, serviceByKey, SERVICES} from './services.js'

/**
 * One permission for one app. `service` is a PPPC service key, or the key of a permission only a declaration can set
 * (LocalNetwork, Location). `receiver` is set only for AppleEvents.
 */
export interface Grant {
  service: string
  authorization: Authorization
  receiver?: Receiver
}

export interface Receiver {
  identifier: string
  identifierType: 'bundleID' | 'path'
  codeRequirement: string
}

/** What a grant's name resolves to: a PPPC service (which may also have a declarative default), or a DDM-only one. */
export type Permission =
  {kind: 'pppc'; key: string; service: Service} | {kind: 'ddm-only'; key: string; ddm: DdmPermission}

/** Words an admin may type for an Authorization value. `none` removes a catalogue default. */
export const AUTHORIZATION_WORDS: Readonly<Record<string, Authorization | 'none'>> = {
  allow: 'Allow',
  allowed: 'Allow',
  true: 'Allow',
  deny: 'Deny',
  denied: 'Deny',
  false: 'Deny',
  'allow-standard-user': 'AllowStandardUserToSetSystemService',
  allowstandardusertosetsystemservice: 'AllowStandardUserToSetSystemService',
  'standard-user': 'AllowStandardUserToSetSystemService',
  none: 'none',
  omit: 'none',
}

const FRIENDLY: Readonly<Record<Authorization, string>> = {
  Allow: 'allow',
  Deny: 'deny',
  AllowStandardUserToSetSystemService: 'allow-standard-user',
}

/** Every name a grant may use: PPPC keys and aliases, and the DDM-only keys and aliases. */
export function permissionNames(): string[] {
  return [...SERVICES.flatMap((s) => [s.key, ...s.aliases]), ...DDM_ONLY.flatMap((p) => [p.key, ...p.aliases])]
}

export function resolvePermission(name: string): Permission {
  const service = findService(name)
  if (service) return {kind: 'pppc', key: service.key, service}
  const ddm = findDdmOnly(name)
  if (ddm) return {kind: 'ddm-only', key: ddm.key, ddm}
  const known = notAServiceHint(name)
  const near = didYouMean(name, permissionNames())
  throw new PppcError(`unknown service "${name}"${known ? ` (${known})` : ''}`, {
    hint: known
      ? undefined
      : `${near ? `${near} ` : ''}use an Apple key or a name such as ${['full-disk-access', 'accessibility', 'screen-recording', 'input-monitoring'].join(', ')}; \`pppc apps --services\` lists all ${SERVICES.length} and the declarative ones`,
  })
}

/** A PPPC service, for callers that only deal in configuration profiles. */
export function resolveService(name: string): Service {
  const permission = resolvePermission(name)
  if (permission.kind === 'pppc') return permission.service
  throw new PppcError(`${permission.ddm.label} (${permission.key}) is not a PPPC service`, {
    hint: 'a configuration profile cannot set it; from macOS 27 it is a declarative default: use --format ddm',
  })
}

/** What System Settings calls a grant's permission, for PPPC and DDM-only keys alike. */
export function permissionLabel(key: string): string {
  return serviceByKey(key)?.label ?? DDM_ONLY.find((p) => p.key === key)?.label ?? key
}

export function resolveAuthorization(word: string): Authorization | 'none' {
  const value = AUTHORIZATION_WORDS[word.trim().toLowerCase()]
  if (value) return value
  const near = didYouMean(word.trim(), Object.keys(AUTHORIZATION_WORDS))
  throw new PppcError(`unknown value "${word}"`, {
    hint: `${near ? `${near} ` : ''}use allow, deny, allow-standard-user (or none to drop a default)`,
  })
}

/**
 * Refuses what Apple does not allow a configuration profile to do, with the value that would work. (What a
 * declaration may do is checked in format-rules.ts.)
 */
export function checkAuthorization(service: Service, authorization: Authorization): void {
  if (service.authorizations.includes(authorization)) return
  const allowed = service.authorizations.map((a) => FRIENDLY[a]).join(' or ')
  const label = service.renamed?.label ?? service.label
  if (authorization === 'Allow' && service.authorizations.includes('AllowStandardUserToSetSystemService')) {
    throw new PppcError(
      `a profile cannot grant ${service.label} (${service.key}); use allow-standard-user so a standard user can turn it on in System Settings › Privacy & Security › ${label}`,
    )
  }
  if (authorization === 'Allow') {
    throw new PppcError(`a profile cannot grant ${service.label} (${service.key}); it can only deny it`, {
      hint: `use ${allowed}, or leave it to the user's prompt${service.ddmKey ? '; from macOS 27 --format ddm writes a default the user accepts in a prompt' : ''}`,
    })
  }
  throw new PppcError(
    `${FRIENDLY[authorization]} is only valid for Screen Recording and Input Monitoring, not ${service.label} (${service.key})`,
    {hint: `use ${allowed}`},
  )
}

export interface ParsedGrantFlag {
  permission: Permission
  authorization: Authorization | 'none'
  receiverId?: string
}

/**
 * Parses `SERVICE=VALUE` (`full-disk-access=allow`, `ScreenCapture=allow-standard-user`) and, for Automation,
 * `automation:RECEIVER_BUNDLE_ID=allow`. Whether the value is allowed depends on the format being written, so it is
 * checked there (format-rules.ts), for flags and spec files alike.
 */
export function parseGrantFlag(text: string): ParsedGrantFlag {
  const eq = text.indexOf('=')
  if (eq <= 0 || eq === text.length - 1) {
    throw new PppcError(`--grant "${text}" is not SERVICE=VALUE`, {
      hint: 'for example --grant full-disk-access=allow or --grant screen-recording=allow-standard-user',
    })
  }
  let name = text.slice(0, eq).trim()
  let receiverId: string | undefined
  const colon = name.indexOf(':')
  if (colon > 0) {
    receiverId = name.slice(colon + 1).trim()
    name = name.slice(0, colon)
  }
  const permission = resolvePermission(name)
  const authorization = resolveAuthorization(text.slice(eq + 1))
  if (receiverId !== undefined && !(permission.kind === 'pppc' && permission.service.needsReceiver))
    throw new PppcError(`--grant "${text}": only Automation (AppleEvents) takes a receiver`)
  return receiverId ? {permission, authorization, receiverId} : {permission, authorization}
}

export function friendlyAuthorization(value: Authorization): string {
  return FRIENDLY[value]
}

/** The --grant flag that asks for this grant, as `pppc apps` suggests it. */
export function grantFlag(grant: Grant): string {
  const service = serviceByKey(grant.service)
  const name = service?.aliases[0] ?? DDM_ONLY.find((p) => p.key === grant.service)?.aliases[0] ?? grant.service
  const receiver = grant.receiver ? `:${grant.receiver.identifier}` : ''
  return `--grant ${name}${receiver}=${FRIENDLY[grant.authorization]}`
}
