/**
 * The tree of a code requirement: one node per construct of Apple's requirement language, the same tree whether it was
 * read from text (`parse.ts`) or from a compiled blob (`binary.ts`). Trees are plain JSON-safe data, so they can be
 * compared with `toEqual`, printed in `--json` and stored in snapshots.
 */

/**
 * A value a match compares against. Text when its bytes are UTF-8, otherwise the bytes as hex (what the requirement
 * language writes as `0x…`).
 */
export type RequirementData = string | {hex: string}

/** String comparisons of a match suffix; `less`…`greater-equal` compare numerically within strings ("1.10" > "1.9"). */
export type StringMatchOp =
  'equal' | 'contains' | 'begins-with' | 'ends-with' | 'less' | 'greater' | 'less-equal' | 'greater-equal'

/** Date comparisons (`= timestamp "…"`, `< timestamp "…"`, …). */
export type DateMatchOp = 'on' | 'before' | 'after' | 'on-or-before' | 'on-or-after'

/** The match suffix after `info[…]`, `entitlement[…]` and `certificate …[…]`. */
export type Match =
  | {op: 'exists'}
  | {op: 'absent'}
  | {op: StringMatchOp; value: RequirementData}
  /** `time` is seconds since 2001-01-01T00:00:00Z (Apple's CFAbsoluteTime), as the blob stores it. */
  | {op: DateMatchOp; time: number}

/**
 * Which certificate of the signing chain: 0 is the leaf, positive numbers count up from it (1 is the first
 * intermediate), -1 is the anchor (root) and negative numbers count down from it.
 */
export type CertificateSlot = number

export const LEAF_SLOT = 0
export const ROOT_SLOT = -1

export type Requirement =
  | {kind: 'always'}
  | {kind: 'never'}
  /** Two or more operands. `a and b and c` is one node; `a and (b and c)` keeps its nesting. */
  | {kind: 'and'; operands: Requirement[]}
  | {kind: 'or'; operands: Requirement[]}
  | {kind: 'not'; operand: Requirement}
  | {kind: 'identifier'; value: string}
  /** `anchor apple`: Apple's own code. */
  | {kind: 'anchor-apple'}
  /** `anchor apple generic`: any certificate Apple issued (Developer ID, Mac App Store, Apple Development…). */
  | {kind: 'anchor-apple-generic'}
  /** `anchor apple NAME`: a named anchor requirement that ships inside Security.framework. */
  | {kind: 'anchor-named'; name: string}
  /** `anchor trusted` (also `certificate trusted`): the chain is trusted by the Mac's trust settings. */
  | {kind: 'anchor-trusted'}
  /** `certificate N trusted`: that one certificate is trusted by the Mac's trust settings. */
  | {kind: 'certificate-trusted'; slot: CertificateSlot}
  /** `certificate N = H"…"` (`anchor = H"…"` is slot -1): the SHA-1 of the whole certificate, lower-case hex. */
  | {kind: 'certificate-hash'; slot: CertificateSlot; sha1: string}
  /**
   * `certificate N[key] match`. The key is written as in the language: `subject.OU` (and the other subject fields),
   * `field.<OID>` (`extension.<OID>` is read as the same thing), `policy.<OID>` or `timestamp.<OID>`.
   */
  | {kind: 'certificate-field'; slot: CertificateSlot; key: string; match: Match}
  | {kind: 'info'; key: string; match: Match}
  /** The pre-10.5 form of `info[key] = value`, found only in old compiled blobs. */
  | {kind: 'info-legacy'; key: string; value: RequirementData}
  | {kind: 'entitlement'; key: string; match: Match}
  /** `cdhash H"…"`, lower-case hex. */
  | {kind: 'cdhash'; hash: string}
  | {kind: 'platform'; value: number}
  | {kind: 'notarized'}
  /** `legacy`: meets Apple's pre-notarization Developer ID policy. */
  | {kind: 'legacy'}
  /** `(NAME)`: a named requirement that ships inside Security.framework. */
  | {kind: 'named-code'; name: string}
  /**
   * An opcode this module does not know, flagged by its author as safe to meet: with `skip`, evaluation skips its
   * payload and goes on with `next`; without, it counts as false. Only compiled blobs hold these.
   */
  | {kind: 'unknown-op'; opcode: number; skip: boolean; payload: string; next?: Requirement}

export type RequirementKind = Requirement['kind']

/** The words of the language (Apple's RequirementKeywords.h): a value spelled like one of them must be quoted. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'guest',
  'host',
  'designated',
  'library',
  'plugin',
  'or',
  'and',
  'always',
  'true',
  'never',
  'false',
  'identifier',
  'cdhash',
  'platform',
  'notarized',
  'legacy',
  'anchor',
  'apple',
  'generic',
  'certificate',
  'cert',
  'trusted',
  'info',
  'entitlement',
  'exists',
  'absent',
  'leaf',
  'root',
  'timestamp',
])

/** The certificate-field key prefixes the compiler accepts, and the form each is stored in. */
export const CERTIFICATE_KEY_PREFIXES = ['subject.', 'field.', 'extension.', 'policy.', 'timestamp.'] as const

/** Nesting deeper than this is refused everywhere (parser, decoder, formatter, evaluator): real requirements use 3–4. */
export const MAX_DEPTH = 64
