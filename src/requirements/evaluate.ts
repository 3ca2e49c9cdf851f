import {PppcError} from '../errors.js'
import {type CertificateFacts, OID_NAMES} from './apple-certificates.js'
import {formatRequirement, slotName} from './format.js'
import {LEAF_SLOT, type Match, MAX_DEPTH, type Requirement} from './tree.js'

/**
 * Evaluates a requirement against what is known of an app's signature (as `codesign -dv --verbose=4`,
 * `codesign -dr -` and a pppc snapshot record it), the way Security's reqinterp.cpp would on the Mac. Facts are
 * often partial, so the answer has three values, and a condition the facts cannot decide is `unknown` rather than a
 * guess: and/or/! combine them as in Kleene's logic (a false operand decides an `and`, a true one an `or`).
 */

/** How the app's certificate chain is anchored. */
export type AnchorFact =
  /** Apple's own code (`Authority=Software Signing`, platform binaries): `anchor apple` holds. */
  | 'apple'
  /** A certificate Apple issued to a developer (Developer ID, Mac App Store, Apple Development). */
  | 'apple-generic'
  /** A chain that does not end at Apple's root. */
  | 'other'
  /** Ad-hoc signed or unsigned: no certificates at all. */
  | 'none'

export interface SigningFacts {
  /** The signing identifier (`Identifier=` of codesign -dv). */
  identifier: string
  /** `TeamIdentifier=`; for certificates Apple issues it is the leaf's subject OU. */
  teamId?: string
  anchor: AnchorFact
  /** The chain, leaf first, as the `Authority=` lines list it; leave out what is not known. */
  certificates?: CertificateFacts[]
  /** Info.plist values that are known; keys left out are unknown. */
  info?: Record<string, string>
  /** The whole entitlements dictionary; when given, a key left out is absent. */
  entitlements?: Record<string, unknown>
  /** The app's CDHashes (hex), any of which a `cdhash` condition may name. */
  cdhashes?: string[]
  platform?: number
  notarized?: boolean
}

export type Verdict = 'satisfied' | 'not-satisfied' | 'unknown'

export interface Evaluation {
  result: Verdict
  /** Why, in words: "requires Team ID B65TM49E24, the app is signed by XXXXXXXXXX". */
  reason: string
  /** The condition that decided it, as requirement text. */
  clause: string
}

export function evaluateRequirement(requirement: Requirement, facts: SigningFacts): Evaluation {
  return evaluate(requirement, facts, 0)
}

function verdict(result: Verdict, reason: string, node: Requirement): Evaluation {
  return {result, reason, clause: formatRequirement(node)}
}

function evaluate(node: Requirement, facts: SigningFacts, depth: number): Evaluation {
  if (depth > MAX_DEPTH)
    throw new PppcError(`the requirement nests more than ${MAX_DEPTH} levels`, {code: 'PPPC_REQUIREMENT'})
  switch (node.kind) {
    case 'and': {
      const parts = node.operands.map((o) => evaluate(o, facts, depth + 1))
      return (
        parts.find((p) => p.result === 'not-satisfied') ??
        parts.find((p) => p.result === 'unknown') ??
        verdict('satisfied', 'every condition holds', node)
      )
    }
    case 'or': {
      const parts = node.operands.map((o) => evaluate(o, facts, depth + 1))
      const decided = parts.find((p) => p.result === 'satisfied') ?? parts.find((p) => p.result === 'unknown')
      return decided ?? verdict('not-satisfied', `no alternative holds: ${parts.map((p) => p.reason).join('; ')}`, node)
    }
    case 'not': {
      const inner = evaluate(node.operand, facts, depth + 1)
      if (inner.result === 'unknown') return inner
      return inner.result === 'satisfied'
        ? verdict('not-satisfied', `the requirement rules this out: ${inner.reason}`, node)
        : verdict('satisfied', `the ruled-out condition does not hold: ${inner.reason}`, node)
    }
    case 'unknown-op':
      return node.next
        ? evaluate(node.next, facts, depth + 1)
        : verdict('not-satisfied', `opcode ${node.opcode} is unknown and counts as false`, node)
    default:
      return condition(node, facts)
  }
}

const APPLE_ISSUED = new Set<AnchorFact>(['apple', 'apple-generic'])
const UNSIGNED = 'the app is ad-hoc signed or unsigned, so it has no certificates'

function condition(node: Requirement, facts: SigningFacts): Evaluation {
  const yes = (reason: string): Evaluation => verdict('satisfied', reason, node)
  const no = (reason: string): Evaluation => verdict('not-satisfied', reason, node)
  const unknown = (reason: string): Evaluation => verdict('unknown', reason, node)
  switch (node.kind) {
    case 'always':
      return yes('always holds')
    case 'never':
      return no('never holds')
    case 'identifier':
      return node.value === facts.identifier
        ? yes(`the identifier is ${node.value}`)
        : no(`requires identifier ${node.value}, the app's is ${facts.identifier}`)
    case 'anchor-apple':
      if (facts.anchor === 'apple') return yes("the app is signed by Apple as Apple's own code")
      return no(`requires Apple's own signature (anchor apple), ${anchorWords(facts.anchor)}`)
    case 'anchor-apple-generic':
      if (APPLE_ISSUED.has(facts.anchor)) return yes('the app is signed with a certificate Apple issued')
      return no(`requires a certificate Apple issued (anchor apple generic), ${anchorWords(facts.anchor)}`)
    case 'anchor-trusted':
    case 'certificate-trusted':
      return facts.anchor === 'none' ? no(UNSIGNED) : unknown("depends on this Mac's certificate trust settings")
    case 'anchor-named':
    case 'named-code':
      return unknown(`refers to ${node.name}, a requirement that ships inside macOS and is not evaluated here`)
    case 'legacy':
      return unknown("depends on Apple's legacy Developer ID policy, which is not evaluated here")
    case 'notarized':
      if (facts.notarized === undefined) return unknown('the facts do not say whether the app is notarized')
      return facts.notarized ? yes('the app is notarized') : no('requires a notarized app, and it is not notarized')
    case 'platform':
      if (facts.platform === undefined) return unknown("the facts do not include the app's platform")
      return facts.platform === node.value
        ? yes(`the platform is ${node.value}`)
        : no(`requires platform ${node.value}, the app's is ${facts.platform}`)
    case 'cdhash': {
      if (!facts.cdhashes?.length) return unknown("the facts do not include the app's CDHash")
      return facts.cdhashes.some((h) => h.toLowerCase() === node.hash)
        ? yes(`the CDHash is ${node.hash}`)
        : no(`requires CDHash ${node.hash}, the app's is ${facts.cdhashes.join(' or ')}`)
    }
    case 'certificate-hash':
      return certificateHash(node.slot, node.sha1, facts, yes, no, unknown)
    case 'certificate-field':
      return certificateField(node.slot, node.key, node.match, facts, yes, no, unknown)
    case 'info': {
      const value = facts.info?.[node.key]
      if (value === undefined) return unknown(`the facts do not include Info.plist ${node.key}`)
      const matched = matches(node.match, value)
      if (matched === undefined) return unknown(`cannot compare Info.plist ${node.key} here`)
      return matched
        ? yes(`Info.plist ${node.key} is "${value}"`)
        : no(`requires Info.plist ${node.key}${expectation(node.match)}, it is "${value}"`)
    }
    case 'info-legacy': {
      const value = facts.info?.[node.key]
      if (value === undefined) return unknown(`the facts do not include Info.plist ${node.key}`)
      if (typeof node.value !== 'string') return unknown(`cannot compare Info.plist ${node.key} with binary data here`)
      return value === node.value
        ? yes(`Info.plist ${node.key} is "${value}"`)
        : no(`requires Info.plist ${node.key} = "${node.value}", it is "${value}"`)
    }
    case 'entitlement': {
      if (!facts.entitlements) return unknown("the facts do not include the app's entitlements")
      const value = Object.hasOwn(facts.entitlements, node.key) ? facts.entitlements[node.key] : null
      const matched = matches(node.match, value)
      if (matched === undefined) return unknown(`cannot compare entitlement ${node.key} here`)
      return matched
        ? yes(`entitlement ${node.key}${expectation(node.match)} holds`)
        : no(`requires entitlement ${node.key}${expectation(node.match)}, the app's is ${shown(value)}`)
    }
    default:
      return unknown(`${node.kind} is not evaluated here`)
  }
}

type Say = (reason: string) => Evaluation

function anchorWords(anchor: AnchorFact): string {
  switch (anchor) {
    case 'apple':
      return "the app is Apple's own code"
    case 'apple-generic':
      return 'the app is signed with a certificate Apple issued to a developer'
    case 'other':
      return "the app's certificate chain does not end at Apple's root"
    case 'none':
      return 'the app is ad-hoc signed or unsigned'
  }
}

type Located =
  {state: 'none'} | {state: 'unknown'} | {state: 'missing'; count: number} | {state: 'found'; cert: CertificateFacts}

/** The certificate at a slot: leaf is 0, 1 its issuer, -1 the root. */
function certificateAt(slot: number, facts: SigningFacts): Located {
  if (facts.anchor === 'none') return {state: 'none'}
  const chain = facts.certificates
  if (!chain?.length) return {state: 'unknown'}
  const index = slot >= 0 ? slot : chain.length + slot
  const cert = chain[index]
  return cert ? {state: 'found', cert} : {state: 'missing', count: chain.length}
}

function slotWords(slot: number): string {
  if (slot === LEAF_SLOT) return 'the leaf certificate'
  if (slot === -1) return 'the root certificate'
  return slot === 1 ? "certificate 1 (the leaf's issuer)" : `certificate ${slotName(slot)}`
}

function certificateHash(slot: number, sha1: string, facts: SigningFacts, yes: Say, no: Say, unknown: Say): Evaluation {
  const at = certificateAt(slot, facts)
  if (at.state === 'none') return no(UNSIGNED)
  if (at.state === 'missing') return no(`requires ${slotWords(slot)}, but the chain has ${at.count} certificates`)
  const have = at.state === 'found' ? at.cert.sha1?.toLowerCase() : undefined
  if (have === undefined) return unknown(`the facts do not include the SHA-1 of ${slotWords(slot)}`)
  return have === sha1
    ? yes(`${slotWords(slot)} has SHA-1 ${sha1}`)
    : no(`requires ${slotWords(slot)} with SHA-1 ${sha1}, the app's has ${have}`)
}

function certificateField(
  slot: number,
  key: string,
  match: Match,
  facts: SigningFacts,
  yes: Say,
  no: Say,
  unknown: Say,
): Evaluation {
  const at = certificateAt(slot, facts)
  if (at.state === 'none') return no(UNSIGNED)
  if (at.state === 'missing') return no(`requires ${slotWords(slot)}, but the chain has ${at.count} certificates`)
  const cert = at.state === 'found' ? at.cert : undefined
  if (key.startsWith('subject.')) {
    const name = key.slice('subject.'.length)
    const value = subjectValue(slot, name, cert, facts)
    if (value === undefined) return unknown(`the facts do not include ${key} of ${slotWords(slot)}`)
    const matched = matches(match, value)
    if (matched === undefined) return unknown(`cannot compare ${key} of ${slotWords(slot)} here`)
    if (slot === LEAF_SLOT && name === 'OU' && match.op === 'equal')
      return matched
        ? yes(`the app is signed by Team ID ${value}`)
        : no(`requires Team ID ${String(match.value)}, the app is signed by ${value}`)
    return matched
      ? yes(`${key} of ${slotWords(slot)} is "${value}"`)
      : no(`requires ${key}${expectation(match)} on ${slotWords(slot)}, it is "${value}"`)
  }
  if (key.startsWith('field.')) {
    const oid = key.slice('field.'.length)
    const present = fieldPresent(cert, oid)
    const named = OID_NAMES[oid] ? `${oid} (${OID_NAMES[oid]})` : oid
    if (present === undefined) return unknown(`the facts do not say whether ${slotWords(slot)} carries ${named}`)
    // The interpreter offers a present extension as true and a missing one as null.
    const matched = matches(match, present ? true : null)
    if (matched) return yes(`${slotWords(slot)} ${present ? 'carries' : 'lacks'} ${named}`)
    return no(
      present
        ? `requires ${slotWords(slot)} to lack ${named}${match.op === 'absent' ? '' : ` (${expectation(match).trim()})`}, it carries it`
        : `requires ${slotWords(slot)} to carry ${named}, it does not`,
    )
  }
  return unknown(`certificate ${key} conditions are not evaluated here`)
}

/** The OU of an Apple-issued leaf is the Team ID, which codesign prints even when the chain is not recorded. */
function subjectValue(
  slot: number,
  name: string,
  cert: CertificateFacts | undefined,
  facts: SigningFacts,
): string | undefined {
  const own = cert?.subject?.[name]
  if (own !== undefined) return own
  if (slot === LEAF_SLOT && name === 'OU' && facts.teamId && APPLE_ISSUED.has(facts.anchor)) return facts.teamId
  return undefined
}

function fieldPresent(cert: CertificateFacts | undefined, oid: string): boolean | undefined {
  const fields = cert?.fields
  if (fields === undefined) return undefined
  if (isList(fields)) return fields.includes(oid)
  return Object.hasOwn(fields, oid) ? fields[oid] : undefined
}

function isList(fields: CertificateFacts['fields']): fields is readonly string[] {
  return Array.isArray(fields)
}

/**
 * Match semantics of reqinterp.cpp `Match::operator()`: null (missing) passes only `absent`; an array passes when an
 * element does; `exists` passes anything but false; `=` compares strings exactly; `~`, wildcards and the order
 * comparisons apply to strings only (the order ones numerically). Undefined: the value cannot be compared here.
 */
export function matches(match: Match, candidate: unknown): boolean | undefined {
  if (candidate === null) return match.op === 'absent'
  if (match.op === 'absent') return false
  if (match.op === 'exists') return candidate !== false
  if (!('value' in match)) return undefined
  if (typeof match.value !== 'string') return undefined
  const want = match.value
  if (Array.isArray(candidate)) {
    const results = candidate.map((element) => (element === null ? false : matches(match, element)))
    if (results.some((r) => r === true)) return true
    return results.some((r) => r === undefined) ? undefined : false
  }
  // CFEqual of a string and a number, boolean or dictionary is false; so is every string test.
  if (typeof candidate !== 'string') return false
  switch (match.op) {
    case 'equal':
      return candidate === want
    case 'contains':
      return candidate.includes(want)
    case 'begins-with':
      return candidate.startsWith(want)
    case 'ends-with':
      return candidate.endsWith(want)
    case 'less':
      return compareNumerically(candidate, want) < 0
    case 'greater':
      return compareNumerically(candidate, want) > 0
    case 'less-equal':
      return compareNumerically(candidate, want) <= 0
    case 'greater-equal':
      return compareNumerically(candidate, want) >= 0
  }
}

/** CFStringCompare with kCFCompareNumerically: runs of digits compare by value, so "1.10" > "1.9". */
export function compareNumerically(a: string, b: string): number {
  const runs = (s: string): string[] => s.match(/\d+|\D/g) ?? []
  const x = runs(a)
  const y = runs(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!
    const q = y[i]!
    const digits = /^\d/.test(p) && /^\d/.test(q)
    const order = digits ? compareDigits(p, q) : p < q ? -1 : p > q ? 1 : 0
    if (order !== 0) return order
  }
  return Math.sign(x.length - y.length)
}

function compareDigits(p: string, q: string): number {
  const a = p.replace(/^0+(?=\d)/, '')
  const b = q.replace(/^0+(?=\d)/, '')
  if (a.length !== b.length) return Math.sign(a.length - b.length)
  return a < b ? -1 : a > b ? 1 : 0
}

function expectation(match: Match): string {
  const text = formatRequirement({kind: 'info', key: 'k', match})
  return text.slice('info[k]'.length).replace(' /* exists */', ' to exist')
}

function shown(value: unknown): string {
  if (value === null) return 'absent'
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value))
}
