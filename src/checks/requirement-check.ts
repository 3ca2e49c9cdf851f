import type {Verdict} from '../requirements/index.js'
import {judgeAgainst, requirementFromText, type SignedCode} from './signing.js'
import {sameRequirement} from '../requirements/index.js'

/**
 * Does a profile's CodeRequirement hold for the app? TCC evaluates it against the app's signature and, when it does
 * not hold, ignores the entry without a word. pppc evaluates it too, with Apple's requirement language (requirements/),
 * against what the Mac recorded of the client's signature: satisfied, not satisfied (a certain mismatch), or unknown
 * when the facts do not decide it.
 */
export type RequirementMatch =
  /** The client's own designated requirement (or the published one), up to how and/or chains nest. */
  | 'same'
  /** A different text that the client satisfies. */
  | 'satisfied'
  /** The client does not satisfy it: macOS ignores the entry. */
  | 'mismatch'
  /** pppc cannot tell from the facts it has. */
  | 'differs'

export interface RequirementCheck {
  match: RequirementMatch
  /** What the profile was compared with. */
  against: 'installed client' | 'installed copies' | 'published requirement'
  detail: string
  result: Verdict
  /** The condition that decided it, as requirement text. */
  clause: string | null
}

export function checkRequirement(
  text: string,
  codes: readonly SignedCode[],
  against: RequirementCheck['against'],
  reference: string | undefined,
): RequirementCheck {
  const parsed = requirementFromText(text)
  if (!parsed.ok) return {match: 'differs', against, detail: parsed.reason, result: 'unknown', clause: null}
  const judgement = judgeAgainst(parsed.requirement, codes)
  const same = (() => {
    if (!reference) return false
    const ref = requirementFromText(reference)
    return ref.ok && sameRequirement(parsed.requirement, ref.requirement)
  })()
  const match: RequirementMatch =
    judgement.result === 'not-satisfied'
      ? 'mismatch'
      : same
        ? 'same'
        : judgement.result === 'satisfied'
          ? 'satisfied'
          : 'differs'
  const detail =
    match === 'same'
      ? `the same requirement as the ${against}`
      : match === 'satisfied'
        ? `it differs in text from the ${against}'s, and the ${against} satisfies it (${judgement.reason})`
        : judgement.reason
  return {match, against, detail, result: match === 'same' ? 'satisfied' : judgement.result, clause: judgement.clause}
}
