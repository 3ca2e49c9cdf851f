import {PppcError} from '../errors.js'
import type {AppRequest} from './assemble.js'

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
    ...bundleIds.map((id) => ({kind: 'bundleID' as const, identifier: id})),
    ...paths.map((p) => ({kind: 'path' as const, identifier: p})),
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
  const requests: AppRequest[] = (flags.app ?? []).map((name) => ({kind: 'catalogue', name}))
  described.forEach((d, i) =>
    requests.push(requirements[i] === undefined ? d : {...d, codeRequirement: requirements[i]}),
  )
  return requests
}
