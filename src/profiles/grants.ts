import {PppcError} from '../errors.js'
import {type Authorization, type Service, findService, notAServiceHint, SERVICES} from './services.js'

/** One permission for one app. `receiver` is set only for AppleEvents. */
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

/** Words an admin may type for an Authorization value. `none` removes a catalogue default. */
const AUTHORIZATION_WORDS: Readonly<Record<string, Authorization | 'none'>> = {
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

export function resolveService(name: string): Service {
  const service = findService(name)
  if (service) return service
  const hint = notAServiceHint(name)
  throw new PppcError(`unknown service "${name}"${hint ? ` (${hint})` : ''}`, {
    hint: hint
      ? undefined
      : `use an Apple key or a name such as ${['full-disk-access', 'accessibility', 'screen-recording', 'input-monitoring'].join(', ')}; \`pppc apps --services\` lists all ${SERVICES.length}`,
  })
}

export function resolveAuthorization(word: string): Authorization | 'none' {
  const value = AUTHORIZATION_WORDS[word.trim().toLowerCase()]
  if (value) return value
  throw new PppcError(`unknown value "${word}"`, {
    hint: 'use allow, deny, allow-standard-user (or none to drop a default)',
  })
}

/** Refuses what Apple does not allow a profile to do, with the value that would work. */
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
      hint: `use ${allowed}, or leave it to the user's prompt`,
    })
  }
  throw new PppcError(
    `${FRIENDLY[authorization]} is only valid for Screen Recording and Input Monitoring, not ${service.label} (${service.key})`,
    {hint: `use ${allowed}`},
  )
}

export interface ParsedGrantFlag {
  service: Service
  authorization: Authorization | 'none'
  receiverId?: string
}

/**
 * Parses `SERVICE=VALUE` (`full-disk-access=allow`, `ScreenCapture=allow-standard-user`) and, for Automation,
 * `automation:RECEIVER_BUNDLE_ID=allow`.
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
  const service = resolveService(name)
  const authorization = resolveAuthorization(text.slice(eq + 1))
  if (authorization !== 'none') checkAuthorization(service, authorization)
  if (receiverId && !service.needsReceiver)
    throw new PppcError(`--grant "${text}": only Automation (AppleEvents) takes a receiver`)
  return receiverId ? {service, authorization, receiverId} : {service, authorization}
}

export function friendlyAuthorization(value: Authorization): string {
  return FRIENDLY[value]
}
