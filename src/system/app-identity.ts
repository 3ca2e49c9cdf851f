import {basename} from 'node:path'
import {PppcError} from '../errors.js'
import {codesignFields, designatedFromCodesign} from '../profiles/code-requirement.js'
import type {IdentifierType} from '../profiles/model.js'
import type {CommandResult, Mac} from './mac.js'
import {codesignDisplayArgv, codesignRequirementArgv} from './mac-commands.js'

/** What the Mac says about an installed app's signature: what a PPPC entry for it must name. */
export interface AppIdentity {
  path: string
  name: string
  identifier: string
  identifierType: IdentifierType
  codeRequirement: string
  teamId?: string
}

function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('Executable=')) ?? 'no output'
  )
}

/**
 * Reads the identifier and designated requirement with `codesign -dv` and `codesign -dr -`. An .app bundle is named
 * by bundle ID; any other binary by its path, as Apple's schema requires.
 */
export async function readAppIdentity(mac: Mac, path: string): Promise<AppIdentity> {
  const requirement = await mac.run(codesignRequirementArgv(path))
  const details = await mac.run(codesignDisplayArgv(path))
  return identityFromCodesign(path, requirement, details)
}

/**
 * The identity from the outputs of `codesign -dr -` and `codesign -dv` (at any verbosity); throws a PppcError saying
 * what codesign said when they do not give one. Pure.
 */
export function identityFromCodesign(path: string, requirement: CommandResult, details: CommandResult): AppIdentity {
  const output = `${requirement.stdout}\n${requirement.stderr}`
  if (requirement.exitCode !== 0 || details.exitCode !== 0) {
    const why = firstLine(requirement.exitCode === 0 ? details.stderr : requirement.stderr)
    if (/not signed at all/.test(why))
      throw new PppcError(`${path} is not signed`, {
        hint: 'PPPC matches apps by code signature: sign it, or give --code-requirement yourself',
      })
    throw new PppcError(`codesign cannot read ${path}: ${why}`, {
      hint: 'check the path points to an installed .app or binary',
    })
  }
  const codeRequirement = designatedFromCodesign(output)
  if (!codeRequirement)
    throw new PppcError(`codesign printed no designated requirement for ${path}`, {
      hint: 'give --code-requirement yourself',
    })
  const fields = codesignFields(`${details.stdout}\n${details.stderr}`)
  const isBundle = /\.app\/?$/.test(path)
  const identifier = isBundle ? fields.Identifier : path
  if (!identifier)
    throw new PppcError(`codesign printed no Identifier for ${path}`, {
      hint: 'give --bundle-id and --code-requirement yourself',
    })
  const teamId = fields.TeamIdentifier && fields.TeamIdentifier !== 'not set' ? fields.TeamIdentifier : undefined
  return {
    path,
    name: basename(path).replace(/\.app\/?$/, ''),
    identifier,
    identifierType: isBundle ? 'bundleID' : 'path',
    codeRequirement,
    ...(teamId ? {teamId} : {}),
  }
}
