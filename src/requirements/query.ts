import {PppcError} from '../errors.js'
import {APPLE_OIDS} from './apple-certificates.js'
import {LEAF_SLOT, MAX_DEPTH, type Requirement} from './tree.js'

/**
 * Questions lint rules and doctor ask of a requirement tree. "Positive" below means under an even number of `!`:
 * a condition the requirement asks for rather than rules out.
 */

/** The identifiers that can satisfy a requirement: only those listed, or any but those listed. */
export type IdentifierConstraint = {kind: 'only'; identifiers: string[]} | {kind: 'any-except'; identifiers: string[]}

type IdSet = {only: true; ids: Set<string>} | {only: false; ids: Set<string>}

const ANY: IdSet = {only: false, ids: new Set()}
const NONE: IdSet = {only: true, ids: new Set()}

/**
 * Which identifiers could satisfy it. `identifier "A" or identifier "B"` → only A and B; `! identifier "A"` → any
 * but A; a requirement without `identifier` → any. The answer over-approximates: an identifier it allows may still
 * fail on other conditions, but one it rules out can never pass.
 */
export function identifierConstraint(requirement: Requirement): IdentifierConstraint {
  const set = identifiers(requirement, 0)
  const list = [...set.ids].sort()
  return set.only ? {kind: 'only', identifiers: list} : {kind: 'any-except', identifiers: list}
}

/** Could an app whose signing identifier is `identifier` satisfy the requirement? */
export function allowsIdentifier(requirement: Requirement, identifier: string): boolean {
  const set = identifiers(requirement, 0)
  return set.only ? set.ids.has(identifier) : !set.ids.has(identifier)
}

function identifiers(node: Requirement, depth: number): IdSet {
  guard(depth)
  switch (node.kind) {
    case 'identifier':
      return {only: true, ids: new Set([node.value])}
    case 'never':
      return NONE
    case 'and':
      return node.operands.map((o) => identifiers(o, depth + 1)).reduce(intersect)
    case 'or':
      return node.operands.map((o) => identifiers(o, depth + 1)).reduce(union)
    case 'not': {
      // Only a plain list of identifiers can be turned around; anything else under ! may pass for any identifier.
      const exact = exactIdentifiers(node.operand, depth + 1)
      return exact ? {only: false, ids: exact} : ANY
    }
    case 'unknown-op':
      return node.next ? identifiers(node.next, depth + 1) : NONE
    default:
      return ANY
  }
}

/** The identifiers for which the node is true and no others, when it is a disjunction of `identifier`s. */
function exactIdentifiers(node: Requirement, depth: number): Set<string> | undefined {
  guard(depth)
  if (node.kind === 'identifier') return new Set([node.value])
  if (node.kind === 'never') return new Set()
  if (node.kind !== 'or') return undefined
  const parts = node.operands.map((o) => exactIdentifiers(o, depth + 1))
  return parts.every((p) => p !== undefined) ? new Set(parts.flatMap((p) => [...p!])) : undefined
}

function intersect(a: IdSet, b: IdSet): IdSet {
  if (a.only && b.only) return {only: true, ids: new Set([...a.ids].filter((id) => b.ids.has(id)))}
  if (a.only) return {only: true, ids: new Set([...a.ids].filter((id) => !b.ids.has(id)))}
  if (b.only) return intersect(b, a)
  return {only: false, ids: new Set([...a.ids, ...b.ids])}
}

function union(a: IdSet, b: IdSet): IdSet {
  if (a.only && b.only) return {only: true, ids: new Set([...a.ids, ...b.ids])}
  if (a.only) return {only: false, ids: new Set([...b.ids].filter((id) => !a.ids.has(id)))}
  if (b.only) return union(b, a)
  return {only: false, ids: new Set([...a.ids].filter((id) => b.ids.has(id)))}
}

/** Conditions the requirement asks for (not the ones it rules out), in order of appearance. */
export function positiveConditions(requirement: Requirement): Requirement[] {
  const out: Requirement[] = []
  const walk = (node: Requirement, positive: boolean, depth: number): void => {
    guard(depth)
    switch (node.kind) {
      case 'and':
      case 'or':
        return node.operands.forEach((o) => walk(o, positive, depth + 1))
      case 'not':
        return walk(node.operand, !positive, depth + 1)
      case 'unknown-op':
        return node.next && walk(node.next, positive, depth + 1)
      default:
        if (positive) out.push(node)
    }
  }
  walk(requirement, true, 0)
  return out
}

/** Team IDs it asks for through `certificate leaf[subject.OU] = X`. */
export function pinnedTeamIds(requirement: Requirement): string[] {
  const ids = positiveConditions(requirement).flatMap((node) =>
    node.kind === 'certificate-field' &&
    node.slot === LEAF_SLOT &&
    node.key === 'subject.OU' &&
    node.match.op === 'equal' &&
    typeof node.match.value === 'string'
      ? [node.match.value]
      : [],
  )
  return [...new Set(ids)]
}

export type AnchorKind = 'apple' | 'apple-generic' | 'trusted' | 'certificate-hash' | 'named'

/** The anchors it asks for: `anchor apple`, `anchor apple generic`, `anchor trusted`, a certificate hash, a named anchor. */
export function anchorKinds(requirement: Requirement): AnchorKind[] {
  const kinds = positiveConditions(requirement).flatMap((node): AnchorKind[] => {
    switch (node.kind) {
      case 'anchor-apple':
        return ['apple']
      case 'anchor-apple-generic':
        return ['apple-generic']
      case 'anchor-trusted':
      case 'certificate-trusted':
        return ['trusted']
      case 'certificate-hash':
        return ['certificate-hash']
      case 'anchor-named':
        return ['named']
      default:
        return []
    }
  })
  return [...new Set(kinds)]
}

function asksForField(requirement: Requirement, slot: number, oid: string): boolean {
  return positiveConditions(requirement).some(
    (node) =>
      node.kind === 'certificate-field' &&
      node.slot === slot &&
      node.key === `field.${oid}` &&
      node.match.op === 'exists',
  )
}

/** Does it accept Mac App Store signing (`certificate leaf[field.1.2.840.113635.100.6.1.9]`)? */
export function acceptsMacAppStore(requirement: Requirement): boolean {
  return asksForField(requirement, LEAF_SLOT, APPLE_OIDS.macAppStoreLeaf)
}

/** Does it accept Developer ID signing (`certificate 1[field…6.2.6]` and `certificate leaf[field…6.1.13]`)? */
export function acceptsDeveloperId(requirement: Requirement): boolean {
  return (
    asksForField(requirement, 1, APPLE_OIDS.developerIdIntermediate) &&
    asksForField(requirement, LEAF_SLOT, APPLE_OIDS.developerIdLeaf)
  )
}

// Whole-path questions: what holds on every way of satisfying the requirement. Each way is reduced to a few feature
// bits (an and joins its operands' bits, an or keeps each alternative), so the sets stay tiny whatever the tree.

const APPLE = 1
/** A certificate hash or a cdhash: pins the signer or the code itself, whoever issued the certificate. */
const EXACT = 2
const GENERIC = 4
/** Team ID, Mac App Store marker or leaf subject: names a signer, but only within Apple's chain. */
const SIGNER_FIELD = 8

function features(node: Requirement): number {
  switch (node.kind) {
    case 'anchor-apple':
      return APPLE
    case 'anchor-apple-generic':
      return GENERIC
    case 'certificate-hash':
    case 'cdhash':
      return EXACT
    case 'certificate-field':
      if (node.slot !== LEAF_SLOT) return 0
      if (node.key === `field.${APPLE_OIDS.macAppStoreLeaf}` && node.match.op === 'exists') return SIGNER_FIELD
      if (/^subject\.(OU|CN|O)$/.test(node.key) && node.match.op === 'equal') return SIGNER_FIELD
      return 0
    default:
      return 0
  }
}

/** The feature sets of each way to satisfy the node; an empty set means nothing satisfies it. */
function paths(node: Requirement, depth: number): Set<number> {
  guard(depth)
  switch (node.kind) {
    case 'never':
      return new Set()
    case 'and':
      return node.operands
        .map((o) => paths(o, depth + 1))
        .reduce((acc, next) => new Set([...acc].flatMap((a) => [...next].map((b) => a | b))))
    case 'or':
      return new Set(node.operands.flatMap((o) => [...paths(o, depth + 1)]))
    case 'not':
      // What a negation lets through is not pinned by anything it names.
      return new Set([0])
    case 'unknown-op':
      return node.next ? paths(node.next, depth + 1) : new Set()
    default:
      return new Set([features(node)])
  }
}

function pins(mask: number): boolean {
  return (mask & (APPLE | EXACT)) !== 0 || ((mask & GENERIC) !== 0 && (mask & SIGNER_FIELD) !== 0)
}

/**
 * Does every way of satisfying it pin a signer: Apple itself, a certificate or code hash, or a Team ID / Mac App
 * Store / subject name inside Apple's chain (`anchor apple generic`)? A Team ID without `anchor apple generic` does
 * not count: anyone can make a certificate with that OU.
 */
export function pinsSigner(requirement: Requirement): boolean {
  return [...paths(requirement, 0)].every(pins)
}

/** Does every way of satisfying it require Apple's own signature (`anchor apple`)? */
export function requiresAppleSigned(requirement: Requirement): boolean {
  const ways = paths(requirement, 0)
  return ways.size > 0 && [...ways].every((mask) => (mask & APPLE) !== 0)
}

export interface RequirementSummary {
  identifiers: IdentifierConstraint
  teamIds: string[]
  anchors: AnchorKind[]
  macAppStore: boolean
  developerId: boolean
  appleSigned: boolean
  pinsSigner: boolean
}

/** All of the above at once, as lint rules and `--json` want it. */
export function summarizeRequirement(requirement: Requirement): RequirementSummary {
  return {
    identifiers: identifierConstraint(requirement),
    teamIds: pinnedTeamIds(requirement),
    anchors: anchorKinds(requirement),
    macAppStore: acceptsMacAppStore(requirement),
    developerId: acceptsDeveloperId(requirement),
    appleSigned: requiresAppleSigned(requirement),
    pinsSigner: pinsSigner(requirement),
  }
}

function guard(depth: number): void {
  if (depth > MAX_DEPTH)
    throw new PppcError(`the requirement nests more than ${MAX_DEPTH} levels`, {code: 'PPPC_REQUIREMENT'})
}
