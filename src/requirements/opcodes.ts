import {type DateMatchOp, type StringMatchOp} from './tree.js'

/**
 * The numbers of Apple's compiled requirement format, from the Security framework source:
 * github.com/apple-oss-distributions/Security at commit db15acbe6a7f257a859ad9a3bb86097bfe0679d9
 * (Security-61901.0.87.0.1), files OSX/libsecurity_codesigning/lib/requirement.h (magic, kinds, `enum ExprOp`,
 * `enum MatchOperation`, flag bits, leaf = 0 / anchor = -1), reqmaker.cpp (4-byte big-endian words, data as a length
 * word and the bytes padded to 4, `and`/`or` chains built left-nested), reqreader.cpp and reqinterp.cpp (how each
 * operand is read back), and requirements.grammar (which text compiles to which opcode).
 */

/** `Blob<Requirement, 0xfade0c00>`: one requirement, as TCC.db stores it in `csreq`. */
export const REQUIREMENT_MAGIC = 0xfade0c00
/** `SuperBlob<0xfade0c01>`: a set of requirements by type, as a code signature stores them. */
export const REQUIREMENT_SET_MAGIC = 0xfade0c01
/** `Requirement::exprForm`; `lwcrForm` (2) holds a DER "lightweight code requirement" instead. */
export const EXPRESSION_KIND = 1
export const LIGHTWEIGHT_KIND = 2
/** magic, length, kind */
export const HEADER_BYTES = 12

/** `enum ExprOp`, in order from 0. */
export const OP = {
  false: 0,
  true: 1,
  ident: 2,
  appleAnchor: 3,
  anchorHash: 4,
  infoKeyValue: 5,
  and: 6,
  or: 7,
  cdHash: 8,
  not: 9,
  infoKeyField: 10,
  certField: 11,
  trustedCert: 12,
  trustedCerts: 13,
  certGeneric: 14,
  appleGenericAnchor: 15,
  entitlementField: 16,
  certPolicy: 17,
  namedAnchor: 18,
  namedCode: 19,
  platform: 20,
  notarized: 21,
  certFieldDate: 22,
  legacyDevID: 23,
} as const

/** High-byte flags: an unknown opcode carrying one of these has a length word and may be passed over. */
export const OP_FLAG_MASK = 0xff000000
export const OP_GENERIC_FALSE = 0x80000000
export const OP_GENERIC_SKIP = 0x40000000

/** `enum MatchOperation`, in order from 0. */
export const MATCH = {
  exists: 0,
  equal: 1,
  contains: 2,
  beginsWith: 3,
  endsWith: 4,
  lessThan: 5,
  greaterThan: 6,
  lessEqual: 7,
  greaterEqual: 8,
  on: 9,
  before: 10,
  after: 11,
  onOrBefore: 12,
  onOrAfter: 13,
  absent: 14,
} as const

export const STRING_MATCH_CODES: Record<StringMatchOp, number> = {
  equal: MATCH.equal,
  contains: MATCH.contains,
  'begins-with': MATCH.beginsWith,
  'ends-with': MATCH.endsWith,
  less: MATCH.lessThan,
  greater: MATCH.greaterThan,
  'less-equal': MATCH.lessEqual,
  'greater-equal': MATCH.greaterEqual,
}

export const DATE_MATCH_CODES: Record<DateMatchOp, number> = {
  on: MATCH.on,
  before: MATCH.before,
  after: MATCH.after,
  'on-or-before': MATCH.onOrBefore,
  'on-or-after': MATCH.onOrAfter,
}

/** `SecRequirementType` (CSCommon.h), the slots of a requirement set; names as `Requirement::typeNames` prints them. */
export const REQUIREMENT_TYPES: Record<number, string> = {
  1: 'host',
  2: 'guest',
  3: 'designated',
  4: 'library',
  5: 'plugin',
}
