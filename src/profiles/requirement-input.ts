import {PppcError} from '../errors.js'
import {allowsIdentifier, identifierConstraint, parseRequirement, requirementError} from '../requirements/index.js'
import type {IdentifierType} from './model.js'

/**
 * A code requirement an admin gave us (a flag, a spec file, --from-app, an AEReceiver), checked before it goes into a
 * profile: what macOS would refuse or never match is the admin's input error (exit 2, with what to change), not
 * something for the validator to find afterwards. The text is kept as written; only a pasted `designated => ` label
 * is taken off, with a note.
 */
export interface CheckedRequirement {
  text: string
  notes: string[]
}

const DESIGNATED_LABEL = /^\s*designated\s*=>\s*/

/**
 * `subject` names where the text came from, e.g. `--code-requirement of com.example.tool` or
 * `pppc.yaml apps[1].codeRequirement`. `target` is the identifier it must let through: a bundle ID is the signing
 * identifier of a bundle (a path's is not known here, so paths are not compared).
 */
export function checkRequirementInput(
  text: string,
  subject: string,
  target?: {identifier: string; identifierType: IdentifierType},
): CheckedRequirement {
  const notes: string[] = []
  let requirement = text.trim()
  let parsed = parseRequirement(requirement)
  if (!parsed.ok && parsed.problem.kind === 'designated-prefix' && DESIGNATED_LABEL.test(requirement)) {
    requirement = requirement.replace(DESIGNATED_LABEL, '')
    notes.push(`${subject}: removed "designated => " (the label codesign prints before the requirement).`)
    parsed = parseRequirement(requirement)
  }
  if (!parsed.ok) throw requirementError(parsed.problem, subject)
  if (target?.identifierType === 'bundleID' && !allowsIdentifier(parsed.requirement, target.identifier)) {
    const constraint = identifierConstraint(parsed.requirement)
    const named = constraint.identifiers.map((id) => `"${id}"`).join(' or ')
    throw new PppcError(
      constraint.kind === 'only'
        ? `${subject} allows only identifier ${named}, not ${target.identifier}: macOS would never match it`
        : `${subject} rules out identifier ${target.identifier}: macOS would never match it`,
      {
        hint: `copy the requirement of ${target.identifier} with \`codesign -dr - /path/to/App.app\`${constraint.kind === 'only' && constraint.identifiers.length === 1 ? `, or give the bundle ID ${constraint.identifiers[0]} if that is the app` : ''}`,
        code: 'PPPC_REQUIREMENT',
      },
    )
  }
  return {text: requirement, notes}
}
