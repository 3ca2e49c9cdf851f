import {requirementIdentifier, requirementTeamId} from '../profiles/code-requirement.js'

/**
 * Does a profile's CodeRequirement fit the app? TCC checks it against the app's signature and, when it does not hold,
 * ignores the entry without a word. pppc compares texts: the same requirement; one that pins another identifier or
 * Team ID (certain mismatch); or one that differs in text only (it may still hold: `codesign --verify -R` tells).
 */
export type RequirementMatch = 'same' | 'mismatch' | 'differs'

export interface RequirementCheck {
  match: RequirementMatch
  /** What the profile was compared with. */
  against: 'installed client' | 'published requirement'
  detail: string
}

export function normaliseRequirement(requirement: string): string {
  return requirement
    .replace(/\/\*.*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

export function checkRequirement(
  profile: string,
  actual: {requirement: string; identifier: string; teamId?: string},
  against: RequirementCheck['against'],
): RequirementCheck {
  if (normaliseRequirement(profile) === normaliseRequirement(actual.requirement))
    return {match: 'same', against, detail: `the same requirement as the ${against}`}
  const identifier = requirementIdentifier(profile)
  const teamId = requirementTeamId(profile)
  if (identifier !== undefined && identifier !== actual.identifier) {
    return {
      match: 'mismatch',
      against,
      detail: `it requires identifier "${identifier}", the ${against} is "${actual.identifier}"`,
    }
  }
  if (teamId !== undefined && actual.teamId !== undefined && teamId !== actual.teamId) {
    return {
      match: 'mismatch',
      against,
      detail: `it requires Team ID ${teamId}, the ${against} is signed by ${actual.teamId}`,
    }
  }
  return {
    match: 'differs',
    against,
    detail: `it differs in text from the ${against}'s designated requirement; check it with codesign --verify -R='=<requirement>' <app>`,
  }
}
