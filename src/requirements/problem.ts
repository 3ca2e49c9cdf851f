import {PppcError} from '../errors.js'

/**
 * What can be wrong with a requirement's text or blob. The kinds are stable so that callers (lint rules, doctor) can
 * turn a kind into their own advice; `message` and `hint` are ready to print as they are.
 */
export type RequirementProblemKind =
  | 'empty'
  | 'too-long'
  | 'too-deep'
  /** The text starts with `designated => ` (or another requirement type), pasted from `codesign -dr -`. */
  | 'designated-prefix'
  | 'unterminated-string'
  | 'unterminated-comment'
  | 'bad-escape'
  | 'bad-character'
  | 'bad-hash'
  | 'bad-hex'
  | 'bad-integer'
  | 'bad-timestamp'
  | 'bad-oid'
  | 'bad-slot'
  | 'bad-team-id'
  /** A value that must be quoted: it holds characters other than letters, digits and dots, or starts with a digit. */
  | 'unquoted-value'
  /** `not`, `&&`, `||`: words from other languages. */
  | 'foreign-operator'
  | 'unknown-word'
  | 'unknown-certificate-field'
  | 'certificate-path'
  | 'unexpected-token'
  | 'unexpected-end'
  // Blob problems
  | 'truncated'
  | 'bad-magic'
  | 'bad-length'
  | 'unsupported-kind'
  | 'unknown-opcode'
  | 'unknown-match'
  | 'too-many-operations'
  | 'trailing-bytes'
  | 'not-text'

export interface RequirementProblem {
  kind: RequirementProblemKind
  /** Where: a 0-based character offset into the text, or a byte offset into the blob. */
  offset: number
  /** What is wrong, in one line. */
  message: string
  /** What to do about it, in one line. */
  hint: string
}

/** A problem as the core's error, for callers that stop at the first one. */
export function requirementError(problem: RequirementProblem, subject = 'the code requirement'): PppcError {
  return new PppcError(`${subject}: ${problem.message} (at ${problem.offset})`, {
    hint: problem.hint,
    exitCode: 2,
    code: 'PPPC_REQUIREMENT',
  })
}

/** Thrown inside the parser and decoder and caught at their edge: never escapes this module. */
export class ProblemSignal {
  constructor(readonly problem: RequirementProblem) {}
}

export function fail(kind: RequirementProblemKind, offset: number, message: string, hint: string): never {
  throw new ProblemSignal({kind, offset, message, hint})
}
