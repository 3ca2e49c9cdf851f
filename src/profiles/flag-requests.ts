import {PppcError} from '../errors.js'
import type {AppRequest, GrantInput} from './assemble.js'
import {parseGrantFlag} from './grants.js'

export interface AppFlags {
  app?: string[] | undefined
  bundleId?: string[] | undefined
  path?: string[] | undefined
  codeRequirement?: string[] | undefined
}

/**
 * The apps named on the command line. Code requirements pair with --bundle-id values first, then --path values, in the
 * order given; a catalogue bundle ID may go without one.
 */
export function requestsFromFlags(flags: AppFlags): AppRequest[] {
  const bundleIds = flags.bundleId ?? []
  const paths = flags.path ?? []
  const requirements = flags.codeRequirement ?? []
  const described = [
    ...bundleIds.map((id) => ({kind: 'bundleID' as const, identifier: id, origin: `--bundle-id ${id}`})),
    ...paths.map((p) => ({kind: 'path' as const, identifier: p, origin: `--path ${p}`})),
  ]
  if (requirements.length > described.length) {
    throw new PppcError(`${requirements.length} --code-requirement for ${described.length} --bundle-id/--path`, {
      hint: 'give one requirement per --bundle-id or --path, in the same order',
    })
  }
  if (requirements.length > 0 && requirements.length < described.length) {
    throw new PppcError(`${requirements.length} --code-requirement for ${described.length} --bundle-id/--path`, {
      hint: 'give one requirement per app, or use --spec FILE for several apps',
    })
  }
  const requests: AppRequest[] = (flags.app ?? []).map((name) => ({kind: 'catalogue', name, origin: `--app ${name}`}))
  described.forEach((d, i) =>
    requests.push(requirements[i] === undefined ? d : {...d, codeRequirement: requirements[i]}),
  )
  return requests
}

/** A --grant flag as a grant input (its value is checked against the output format later, as a spec file's is). */
export function grantInputFromFlag(text: string): GrantInput {
  const parsed = parseGrantFlag(text)
  const value = parsed.authorization === 'none' ? 'none' : parsed.authorization
  return parsed.receiverId
    ? {service: parsed.permission.key, value, receiver: parsed.receiverId, origin: `--grant ${text}`}
    : {service: parsed.permission.key, value, origin: `--grant ${text}`}
}

/** `--receiver-requirement BUNDLE_ID=REQUIREMENT` (repeatable): the requirement of an Apple Events receiver. */
export function receiverRequirementsFromFlags(values: readonly string[] | undefined): Map<string, string> {
  const map = new Map<string, string>()
  for (const text of values ?? []) {
    const eq = text.indexOf('=')
    const id = eq > 0 ? text.slice(0, eq).trim() : ''
    const requirement = eq > 0 ? text.slice(eq + 1).trim() : ''
    if (!id || !requirement || /\s/.test(id))
      throw new PppcError(`--receiver-requirement "${text.slice(0, 60)}" is not BUNDLE_ID=REQUIREMENT`, {
        hint: `for example --receiver-requirement 'com.example.app=identifier "com.example.app" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345'`,
      })
    if (map.has(id)) throw new PppcError(`--receiver-requirement gives ${id} twice`, {hint: 'give each receiver once'})
    map.set(id, requirement)
  }
  return map
}
