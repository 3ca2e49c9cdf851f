import {
  acceptsDeveloperId,
  acceptsMacAppStore,
  type AnchorKind,
  anchorKinds,
  type IdentifierConstraint,
  identifierConstraint,
  parseRequirement,
  pinnedTeamIds,
  pinsSigner,
  positiveConditions,
  type Requirement,
  type RequirementProblem,
  type RequirementSummary,
  requiresAppleSigned,
} from '../requirements/index.js'
import {LIMITS} from './limits.js'

/**
 * `summarizeRequirement`, asked one question at a time: each answer is computed when first asked and kept. The rules
 * need two or three of the seven answers for most requirements, and a profile's requirements are read cold.
 */
class LazySummary implements RequirementSummary {
  private answers: Partial<RequirementSummary> = {}

  constructor(private readonly tree: Requirement) {}

  private answer<K extends keyof RequirementSummary>(
    key: K,
    compute: (tree: Requirement) => RequirementSummary[K],
  ): RequirementSummary[K] {
    if (!(key in this.answers)) this.answers[key] = compute(this.tree)
    return this.answers[key] as RequirementSummary[K]
  }

  get identifiers(): IdentifierConstraint {
    return this.answer('identifiers', identifierConstraint)
  }
  get teamIds(): string[] {
    return this.answer('teamIds', pinnedTeamIds)
  }
  get anchors(): AnchorKind[] {
    return this.answer('anchors', anchorKinds)
  }
  get macAppStore(): boolean {
    return this.answer('macAppStore', acceptsMacAppStore)
  }
  get developerId(): boolean {
    return this.answer('developerId', acceptsDeveloperId)
  }
  get appleSigned(): boolean {
    return this.answer('appleSigned', requiresAppleSigned)
  }
  get pinsSigner(): boolean {
    return this.answer('pinsSigner', pinsSigner)
  }
}

/**
 * A profile's requirement text, read once: the tree and what it pins (src/requirements), or the problem with its
 * offset. Profiles repeat one requirement per service of an app, so recent answers are kept (they are never mutated).
 */
export type RequirementReading =
  | {
      ok: true
      tree: Requirement
      summary: RequirementSummary
      /** A certificate subject field it asks for that macOS does not know (so that condition never holds). */
      unknownSubjectField: string | undefined
    }
  | {ok: false; problem: RequirementProblem}

const recent = new Map<string, RequirementReading>()
const RECENT_LIMIT = 512

export function readRequirement(text: string): RequirementReading {
  let reading = recent.get(text)
  if (!reading) {
    reading = read(text)
    if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!)
    recent.set(text, reading)
  }
  return reading
}

function read(text: string): RequirementReading {
  const parsed = parseRequirement(text)
  if (!parsed.ok) return {ok: false, problem: asLimit(parsed.problem, text)}
  try {
    const tree = parsed.requirement
    const summary = new LazySummary(tree)
    // Asked here so that a tree the queries refuse is a problem of the reading, not an exception in a rule.
    void summary.identifiers
    return {ok: true, tree, summary, unknownSubjectField: unknownSubjectField(tree)}
  } catch {
    // The queries refuse trees deeper than the parser lets through only if the two limits ever drift apart.
    return {
      ok: false,
      problem: {
        kind: 'too-deep',
        offset: 0,
        message: `exceeds pppc's limits: parentheses and negations nested deeper than ${LIMITS.maxRequirementDepth} levels`,
        hint: 'a real requirement nests a few levels at most: simplify it',
      },
    }
  }
}

/**
 * The parser's depth and length limits (src/requirements, shared with the doctor) worded as pppc's other limits are,
 * "exceeds pppc's limits: ...", so that a hostile requirement reads as the PPPC008 of a file does.
 */
function asLimit(problem: RequirementProblem, text: string): RequirementProblem {
  if (problem.kind === 'too-deep')
    return {
      ...problem,
      message: `exceeds pppc's limits: parentheses and negations nested deeper than ${LIMITS.maxRequirementDepth} levels`,
    }
  if (problem.kind === 'too-long')
    return {
      ...problem,
      message: `exceeds pppc's limits: ${text.length} characters, more than ${LIMITS.maxRequirementLength}`,
    }
  return problem
}

/**
 * Could an app signed with this identifier satisfy the requirement? The answer of `allowsIdentifier`, from the summary
 * read once per text instead of a walk of the tree per entry.
 */
export function allowsIdentifierOf(summary: RequirementSummary, identifier: string): boolean {
  const {kind, identifiers} = summary.identifiers
  return kind === 'only' ? identifiers.includes(identifier) : !identifiers.includes(identifier)
}

/** The identifiers a requirement lets through, in words: `"a" or "b"`, `any but "a"`, or undefined for any. */
export function describeIdentifiers(summary: RequirementSummary): string | undefined {
  const {kind, identifiers} = summary.identifiers
  const quoted = identifiers.map((id) => `"${id}"`)
  if (kind === 'only') return quoted.length === 0 ? 'no identifier at all' : quoted.join(' or ')
  return quoted.length === 0 ? undefined : `any identifier but ${quoted.join(', ')}`
}

/**
 * The subject fields macOS looks certificates up by, exactly as written (Security's reqinterp.cpp, certFieldValue):
 * any other `subject.` key, `subject.ou` among them, is accepted by the compiler but never holds.
 */
const SUBJECT_FIELDS: ReadonlySet<string> = new Set(
  ['C', 'CN', 'D', 'L', 'O', 'C-O', 'OU', 'C-OU', 'ST', 'C-ST', 'STREET', 'C-STREET', 'UID'].map((f) => `subject.${f}`),
)

function unknownSubjectField(tree: Requirement): string | undefined {
  for (const node of positiveConditions(tree))
    if (node.kind === 'certificate-field' && node.key.startsWith('subject.') && !SUBJECT_FIELDS.has(node.key))
      return node.key
  return undefined
}

/** A build-system variable left in text that should hold its value: $(PRODUCT_BUNDLE_IDENTIFIER), ${TEAM_ID}. */
const BUILD_VARIABLE = /\$\([A-Za-z_][A-Za-z0-9_:]*\)|\$\{[A-Za-z_][A-Za-z0-9_:]*\}/

export function buildVariableIn(text: string): string | undefined {
  return text.includes('$') ? BUILD_VARIABLE.exec(text)?.[0] : undefined
}
