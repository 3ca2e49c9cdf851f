/** Reading designated requirements (the `CodeRequirement` of a PPPC entry) as text. */
import {readRequirement} from './requirement-reading.js'

/** The requirement in `codesign -dr -` output: the text after `designated => `. */
export function designatedFromCodesign(output: string): string | undefined {
  const line = output.split(/\r?\n/).find((l) => l.startsWith('designated => '))
  return line?.slice('designated => '.length).trim() || undefined
}

/**
 * The one identifier a requirement lets through, if it names exactly one (`identifier "a" or identifier "b"` names
 * two, and gives undefined). Read with the requirement parser (src/requirements); malformed text gives undefined.
 * Kept for src/checks/requirement-check.ts: new code asks `allowsIdentifier` / `identifierConstraint` directly.
 */
export function requirementIdentifier(requirement: string): string | undefined {
  const reading = readRequirement(requirement)
  if (!reading.ok) return undefined
  const {kind, identifiers} = reading.summary.identifiers
  return kind === 'only' && identifiers.length === 1 ? identifiers[0] : undefined
}

/**
 * The one Team ID a requirement asks for through `certificate leaf[subject.OU] = X`, if it asks for exactly one.
 * Kept for src/checks/requirement-check.ts, like `requirementIdentifier`; new code asks `pinnedTeamIds`.
 */
export function requirementTeamId(requirement: string): string | undefined {
  const reading = readRequirement(requirement)
  if (!reading.ok) return undefined
  const {teamIds} = reading.summary
  return teamIds.length === 1 ? teamIds[0] : undefined
}

/** `key=value` lines of `codesign -dv` (Identifier, TeamIdentifier, Authority, ...); repeated keys keep the first. */
export function codesignFields(output: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of output.split(/\r?\n/)) {
    const eq = line.indexOf('=')
    if (eq <= 0) continue
    const key = line.slice(0, eq)
    if (!/^[A-Za-z][\w-]*$/.test(key) || key in fields) continue
    fields[key] = line.slice(eq + 1).trim()
  }
  return fields
}
