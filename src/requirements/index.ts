/**
 * Apple's code-signing requirement language, whole: the `CodeRequirement` of a PPPC profile, the designated
 * requirement `codesign -dr -` prints, and the compiled blob TCC.db keeps in its `csreq` column.
 *
 * - `parseRequirement(text)`: text → tree (`tree.ts`), or a problem with its character offset, message and hint.
 * - `formatRequirement(tree)`: tree → the canonical text `codesign -dr -` / `csreq -t` print.
 * - `decodeRequirementBlob(bytes)` / `encodeRequirement(tree)`: blob ⇄ tree, byte for byte Apple's format;
 *   `encodeRequirementText(text)` for fixture builders (importable from `dist/requirements/index.js`).
 * - Queries (`query.ts`): which identifiers can pass, which Team IDs and anchors it asks for, whether it accepts the
 *   Mac App Store or Developer ID, whether every way through it pins a signer.
 * - `sameRequirement(a, b)`: equal up to how `and`/`or` chains nest (codesign nests right, the compiler left).
 * - `evaluateRequirement(tree, facts)`: satisfied / not-satisfied / unknown against an app's signing facts, with the
 *   deciding clause in words.
 *
 * Pure: no I/O, no processes; hostile text and blobs come back as problem values. The folder imports only
 * `../errors.js`, so both the profile rules and doctor can stand on it.
 */
export {APPLE_OIDS, type CertificateFacts, certificatesFromAuthorities} from './apple-certificates.js'
export {
  decodeRequirementBlob,
  decodeRequirementSet,
  type DecodeResult,
  type DecodeSetResult,
  encodeRequirement,
  encodeRequirementText,
  MAX_BLOB_BYTES,
  MAX_OPERATIONS,
  type RequirementSetEntry,
} from './binary.js'
export {
  type AnchorFact,
  compareNumerically,
  type Evaluation,
  evaluateRequirement,
  type SigningFacts,
  type Verdict,
} from './evaluate.js'
export {formatRequirement} from './format.js'
export {flattenRequirement, sameRequirement} from './normalize.js'
export {MAX_TEXT_LENGTH, parseRequirement, type ParseOptions, type ParseResult} from './parse.js'
export {requirementError, type RequirementProblem, type RequirementProblemKind} from './problem.js'
export {
  acceptsDeveloperId,
  acceptsMacAppStore,
  allowsIdentifier,
  type AnchorKind,
  anchorKinds,
  type IdentifierConstraint,
  identifierConstraint,
  pinnedTeamIds,
  pinsSigner,
  positiveConditions,
  requiresAppleSigned,
  type RequirementSummary,
  summarizeRequirement,
} from './query.js'
export {
  type CertificateSlot,
  type DateMatchOp,
  LEAF_SLOT,
  type Match,
  MAX_DEPTH,
  type Requirement,
  type RequirementData,
  type RequirementKind,
  ROOT_SLOT,
  type StringMatchOp,
} from './tree.js'
