import {PppcError} from '../errors.js'
import type {AppEntry} from './app-entry.js'
import {findApp, requireApp} from './catalogue.js'
import {type Grant, parseGrantFlag, type Receiver, resolveAuthorization, resolveService} from './grants.js'
import type {AppGrants, IdentifierType} from './model.js'
import type {Authorization} from './services.js'

/** A grant as a person wrote it: in a --grant flag or a spec file. */
export interface GrantInput {
  service: string
  value: string
  /** For Automation: the receiving app's bundle ID, or the whole receiver. */
  receiver?: string | Receiver
}

/** An app as a person named it, before the catalogue and the grants are applied. */
export type AppRequest =
  | {kind: 'catalogue'; name: string; grants?: GrantInput[]}
  | {kind: 'bundleID' | 'path'; identifier: string; codeRequirement?: string; name?: string; grants?: GrantInput[]}

export function grantInputFromFlag(text: string): GrantInput {
  const parsed = parseGrantFlag(text)
  const value = parsed.authorization === 'none' ? 'none' : parsed.authorization
  return parsed.receiverId
    ? {service: parsed.service.key, value, receiver: parsed.receiverId}
    : {service: parsed.service.key, value}
}

/**
 * A receiver named only by bundle ID gets a requirement we can stand behind: the catalogue's, or `anchor apple` for
 * Apple's own apps. Anything else must be spelled out, because a wrong receiver requirement silently matches nothing.
 */
export function resolveReceiver(receiver: string | Receiver): Receiver {
  if (typeof receiver !== 'string') return receiver
  const known = findApp(receiver)
  if (known && known.bundleId === receiver)
    return {identifier: receiver, identifierType: 'bundleID', codeRequirement: known.codeRequirement}
  if (receiver.startsWith('com.apple.'))
    return {
      identifier: receiver,
      identifierType: 'bundleID',
      codeRequirement: `identifier "${receiver}" and anchor apple`,
    }
  throw new PppcError(`no code requirement known for the receiver ${receiver}`, {
    hint: 'give receiver: {identifier, identifierType, codeRequirement} in a --spec file',
  })
}

function sameSlot(a: Grant, service: string, receiverId: string | undefined): boolean {
  return a.service === service && (receiverId === undefined || a.receiver?.identifier === receiverId)
}

/** Applies grant inputs in order: a later one for the same service (and receiver) replaces an earlier one; `none` removes. */
export function applyGrants(base: Grant[], inputs: GrantInput[]): Grant[] {
  const grants = [...base]
  for (const input of inputs) {
    const service = resolveService(input.service)
    const value = resolveAuthorization(input.value)
    const receiver = input.receiver === undefined ? undefined : resolveReceiver(input.receiver)
    const receiverId = receiver?.identifier
    for (let i = grants.length - 1; i >= 0; i--) if (sameSlot(grants[i]!, service.key, receiverId)) grants.splice(i, 1)
    if (value === 'none') continue
    grants.push(
      receiver
        ? {service: service.key, authorization: value as Authorization, receiver}
        : {service: service.key, authorization: value as Authorization},
    )
  }
  return grants
}

export function shortName(app: AppEntry): string {
  return app.name.replace(/\s*\(.*\)\s*$/, '')
}

function fromCatalogue(app: AppEntry, inputs: GrantInput[], codeRequirement?: string): AppGrants {
  const defaults = app.grants
    .filter((g) => !g.optional)
    .map(({service, authorization, receiver}) =>
      receiver ? {service, authorization, receiver} : {service, authorization},
    )
  return {
    name: shortName(app),
    identifier: app.bundleId,
    identifierType: 'bundleID',
    codeRequirement: codeRequirement ?? app.codeRequirement,
    grants: applyGrants(defaults, inputs),
    catalogueKey: app.key,
    // A requirement read from the installed app is what the Mac will check, whatever the catalogue's verification.
    verification: codeRequirement ? 'verified' : app.verification,
  }
}

function checkIdentifier(kind: IdentifierType, identifier: string): void {
  if (kind === 'path' && !identifier.startsWith('/'))
    throw new PppcError(`--path "${identifier}" is not an absolute path`, {
      hint: 'give the full installation path, e.g. /usr/local/bin/tool',
    })
  if (kind === 'path' && /\.app\/?$/i.test(identifier))
    throw new PppcError(`--path "${identifier}" names an app bundle, not an executable`, {
      hint: 'use --bundle-id with its bundle ID, or --from-app to read it from the app',
    })
  if (kind === 'bundleID' && (identifier.includes('/') || !identifier.includes('.'))) {
    throw new PppcError(`--bundle-id "${identifier}" is not a bundle ID`, {
      hint: identifier.includes('/')
        ? 'use --path for a binary, or --from-app for an .app bundle'
        : 'a bundle ID looks like com.vendor.app',
    })
  }
}

/** Turns what the admin asked for into the apps of a profile. `common` grants (the --grant flags) apply to every app. */
export function assembleApps(requests: AppRequest[], common: GrantInput[]): AppGrants[] {
  return requests.map((request) => {
    const inputs = [...(request.grants ?? []), ...common]
    if (request.kind === 'catalogue') return fromCatalogue(requireApp(request.name), inputs)
    checkIdentifier(request.kind, request.identifier)
    const known = request.kind === 'bundleID' ? findApp(request.identifier) : undefined
    // A catalogue app named by bundle ID keeps its documented grants; a requirement given (or read from the app) wins.
    if (known && known.bundleId === request.identifier) return fromCatalogue(known, inputs, request.codeRequirement)
    return {
      name: request.name ?? (request.kind === 'path' ? request.identifier.split('/').pop()! : request.identifier),
      identifier: request.identifier,
      identifierType: request.kind,
      codeRequirement: request.codeRequirement ?? '',
      grants: applyGrants([], inputs),
    }
  })
}
