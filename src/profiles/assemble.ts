import {PppcError} from '../errors.js'
import type {AppEntry} from './app-entry.js'
import {findApp, requireApp} from './catalogue.js'
import {type Grant, type Receiver, resolveAuthorization, resolvePermission} from './grants.js'
import type {AppGrants, IdentifierType} from './model.js'
import {findReceiver, allReceivers} from './receivers.js'
import {checkRequirementInput} from './requirement-input.js'
import type {Authorization} from './services.js'

/** A receiver spelt out in a spec file: the receiving app and its requirement. */
export interface ReceiverInput {
  identifier: string
  identifierType?: IdentifierType
  codeRequirement: string
}

/** A grant as a person wrote it: in a --grant flag or a spec file. */
export interface GrantInput {
  service: string
  value: string
  /** For Automation: the receiving app's bundle ID (looked up), or the whole receiver. */
  receiver?: string | ReceiverInput
  /** Where it was written, for messages: `pppc.yaml apps[0].grants[1].receiver`. */
  origin?: string
}

interface RequestCommon {
  grants?: GrantInput[]
  /** The DDM OrganizationJustification for this app. */
  justification?: string
  /** Where the app was named, for messages: `--bundle-id com.example.tool`, `pppc.yaml apps[1]`. */
  origin?: string
}

/** An app as a person named it, before the catalogue and the grants are applied. */
export type AppRequest =
  | ({kind: 'catalogue'; name: string} & RequestCommon)
  | ({kind: 'bundleID' | 'path'; identifier: string; codeRequirement?: string; name?: string} & RequestCommon)

export interface AssembleOptions {
  /** `--receiver-requirement BUNDLE_ID=REQUIREMENT`: receivers the admin spelt out, by identifier. */
  receiverRequirements?: ReadonlyMap<string, string>
}

/** What was said about an app while assembling it: notes (what pppc changed) and warnings (what to check). */
interface Advice {
  notes: string[]
  warnings: string[]
}

const BUNDLE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

function identifierTypeOf(identifier: string): IdentifierType {
  return identifier.startsWith('/') ? 'path' : 'bundleID'
}

function checkIdentifier(kind: IdentifierType, identifier: string, what: string): void {
  if (kind === 'path' && !identifier.startsWith('/'))
    throw new PppcError(`${what} "${identifier}" is not an absolute path`, {
      hint: 'give the full installation path, e.g. /usr/local/bin/tool',
    })
  if (kind === 'path' && /\.app\/?$/i.test(identifier))
    throw new PppcError(`${what} "${identifier}" names an app bundle, not an executable`, {
      hint: 'use --bundle-id with its bundle ID, or --from-app to read it from the app',
    })
  if (kind === 'bundleID' && (!identifier.includes('.') || !BUNDLE_ID.test(identifier))) {
    throw new PppcError(`${what} "${identifier}" is not a bundle ID`, {
      hint: identifier.includes('/')
        ? 'use --path for a binary, or --from-app for an .app bundle'
        : 'a bundle ID is letters, digits, hyphens and dots, like com.vendor.app',
    })
  }
}

/**
 * The receiver of an AppleEvents grant. A bundle ID is looked up: a requirement the admin gave, then the receivers
 * table (data/receivers.json), then the app catalogue. An app of Apple's that is in neither gets the requirement of
 * code built into macOS, with a warning, because App Store apps of Apple's (Keynote, Pages) are not signed that way.
 * Anything else must be spelt out: a wrong receiver requirement silently matches nothing.
 */
export function resolveReceiver(
  receiver: string | ReceiverInput,
  options: AssembleOptions,
  advice: Advice,
  origin?: string,
): Receiver {
  if (typeof receiver !== 'string') {
    const identifierType = receiver.identifierType ?? identifierTypeOf(receiver.identifier)
    checkIdentifier(identifierType, receiver.identifier, 'receiver')
    const checked = checkRequirementInput(
      receiver.codeRequirement,
      origin ? `${origin}.codeRequirement` : `the requirement of receiver ${receiver.identifier}`,
      {identifier: receiver.identifier, identifierType},
    )
    advice.notes.push(...checked.notes)
    return {identifier: receiver.identifier, identifierType, codeRequirement: checked.text}
  }
  const id = receiver
  const identifierType = identifierTypeOf(id)
  checkIdentifier(identifierType, id, 'receiver')
  const given = options.receiverRequirements?.get(id)
  if (given !== undefined) {
    const checked = checkRequirementInput(given, `--receiver-requirement of ${id}`, {identifier: id, identifierType})
    advice.notes.push(...checked.notes)
    return {identifier: id, identifierType, codeRequirement: checked.text}
  }
  const known = findReceiver(id)
  if (known?.codeRequirement) return {identifier: id, identifierType, codeRequirement: known.codeRequirement}
  if (known) {
    throw new PppcError(
      `${known.name} (${id}) is ${known.signing === 'mac-app-store' ? 'an App Store app' : 'not signed as Apple code'}, and pppc has no published requirement for it`,
      {
        hint: `read it on a Mac with \`codesign -dr - "${known.path}"\` and pass --receiver-requirement '${id}=REQUIREMENT'`,
      },
    )
  }
  const app = findApp(id)
  if (app && app.bundleId === id) return {identifier: id, identifierType, codeRequirement: app.codeRequirement}
  const otherCase = allReceivers().find((r) => r.bundleId.toLowerCase() === id.toLowerCase())
  if (otherCase)
    throw new PppcError(`no receiver ${id}`, {
      hint: `did you mean ${otherCase.bundleId}? Identifiers are compared with their case`,
    })
  if (id.startsWith('com.apple.')) {
    advice.warnings.push(
      `receiver ${id} is not in pppc's receiver table: its requirement is written as identifier "${id}" and anchor apple, which only code built into macOS has; an App Store app of Apple's never matches it. Check with \`codesign -dr -\` on the app and pass --receiver-requirement '${id}=REQUIREMENT' if it differs`,
    )
    return {identifier: id, identifierType, codeRequirement: `identifier "${id}" and anchor apple`}
  }
  throw new PppcError(`no code requirement known for the receiver ${id}`, {
    hint: `copy it with \`codesign -dr - /path/to/App.app\` and pass --receiver-requirement '${id}=REQUIREMENT', or give receiver: {identifier, codeRequirement} in a --spec file; \`pppc apps --receivers\` lists the receivers pppc knows`,
  })
}

function sameSlot(a: Grant, service: string, receiverId: string | undefined): boolean {
  return a.service === service && (receiverId === undefined || a.receiver?.identifier === receiverId)
}

/** Applies grant inputs in order: a later one for the same service (and receiver) replaces an earlier one; `none` removes. */
export function applyGrants(
  base: Grant[],
  inputs: GrantInput[],
  options: AssembleOptions = {},
  advice: Advice = {notes: [], warnings: []},
): Grant[] {
  const grants = [...base]
  for (const input of inputs) {
    const permission = resolvePermission(input.service)
    const value = resolveAuthorization(input.value)
    if (input.receiver !== undefined && !(permission.kind === 'pppc' && permission.service.needsReceiver))
      throw new PppcError(
        `${input.origin ?? `the grant ${input.service}`}: only Automation (AppleEvents) takes a receiver`,
      )
    const receiver =
      input.receiver === undefined
        ? undefined
        : resolveReceiver(input.receiver, options, advice, input.origin && `${input.origin}.receiver`)
    const receiverId = receiver?.identifier
    for (let i = grants.length - 1; i >= 0; i--)
      if (sameSlot(grants[i]!, permission.key, receiverId)) grants.splice(i, 1)
    if (value === 'none') continue
    grants.push(
      receiver
        ? {service: permission.key, authorization: value as Authorization, receiver}
        : {service: permission.key, authorization: value as Authorization},
    )
  }
  return grants
}

export function shortName(app: AppEntry): string {
  return app.name.replace(/\s*\(.*\)\s*$/, '')
}

function withAdvice(app: AppGrants, advice: Advice, justification: string | undefined): AppGrants {
  if (justification !== undefined) app.justification = justification
  if (advice.notes.length > 0) app.notes = advice.notes
  if (advice.warnings.length > 0) app.warnings = advice.warnings
  return app
}

function fromCatalogue(
  app: AppEntry,
  inputs: GrantInput[],
  options: AssembleOptions,
  advice: Advice,
  codeRequirement?: string,
): AppGrants {
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
    grants: applyGrants(defaults, inputs, options, advice),
    catalogueKey: app.key,
    // A requirement read from the installed app is what the Mac will check, whatever the catalogue's verification.
    verification: codeRequirement ? 'verified' : app.verification,
  }
}

/** How the admin named the app, for messages: `--bundle-id`, or `pppc.yaml apps[1].bundleId`. */
function identifierLabel(request: AppRequest & {kind: 'bundleID' | 'path'}): string {
  const flag = request.kind === 'path' ? '--path' : '--bundle-id'
  if (!request.origin || request.origin.startsWith('--')) return flag
  return `${request.origin}.${request.kind === 'path' ? 'path' : 'bundleId'}`
}

/** Where a request's requirement came from, for messages. */
function requirementSubject(request: AppRequest & {kind: 'bundleID' | 'path'}): string {
  if (request.origin?.startsWith('--from-app')) return `the requirement codesign read (${request.origin})`
  if (request.origin && !request.origin.startsWith('--')) return `${request.origin}.codeRequirement`
  return `--code-requirement of ${request.identifier}`
}

/**
 * Turns what the admin asked for into the apps of a profile. `common` grants (the --grant flags) apply to every app.
 * What the admin wrote is checked here (identifiers, requirements, receivers), so a mistake is an input error that
 * names what to change.
 */
export function assembleApps(requests: AppRequest[], common: GrantInput[], options: AssembleOptions = {}): AppGrants[] {
  return requests.map((request) => {
    const advice: Advice = {notes: [], warnings: []}
    const inputs = [...(request.grants ?? []), ...common]
    if (request.kind === 'catalogue')
      return withAdvice(fromCatalogue(requireApp(request.name), inputs, options, advice), advice, request.justification)
    checkIdentifier(request.kind, request.identifier, identifierLabel(request))
    let codeRequirement = request.codeRequirement
    if (codeRequirement !== undefined && codeRequirement.trim() !== '') {
      const checked = checkRequirementInput(codeRequirement, requirementSubject(request), {
        identifier: request.identifier,
        identifierType: request.kind,
      })
      advice.notes.push(...checked.notes)
      codeRequirement = checked.text
    }
    const known = request.kind === 'bundleID' ? findApp(request.identifier) : undefined
    // A catalogue app named by bundle ID keeps its documented grants; a requirement given (or read from the app) wins.
    if (known && known.bundleId === request.identifier)
      return withAdvice(fromCatalogue(known, inputs, options, advice, codeRequirement), advice, request.justification)
    const app: AppGrants = {
      name: request.name ?? (request.kind === 'path' ? request.identifier.split('/').pop()! : request.identifier),
      identifier: request.identifier,
      identifierType: request.kind,
      codeRequirement: codeRequirement ?? '',
      grants: applyGrants([], inputs, options, advice),
    }
    return withAdvice(app, advice, request.justification)
  })
}
