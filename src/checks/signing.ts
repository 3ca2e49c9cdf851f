import {
  type AnchorFact,
  APPLE_OIDS,
  certificatesFromAuthorities,
  type CertificateFacts,
  decodeRequirementBlob,
  evaluateRequirement,
  formatRequirement,
  parseRequirement,
  type Requirement,
  sameRequirement,
  type SigningFacts,
  type Verdict,
} from '../requirements/index.js'
import type {AppFacts, ClientCopy} from './facts.js'

/**
 * Does a code requirement (a profile's CodeRequirement, or the csreq TCC.db kept with a decision) hold for the client
 * that will run? The facts come from what the Mac recorded of each copy's signature: `codesign -dv --verbose=4` (the
 * Authority chain, CDHash), `codesign -dr -` (its designated requirement), spctl and the bundle version. What they do
 * not say stays unknown: the evaluator answers satisfied, not-satisfied or unknown, never a guess.
 */

/** What is known of one signature: the facts, once per way the app might be anchored when the chain is unknown. */
export interface SignedCode {
  label: string
  /** Alternatives that differ only in what is unknown (the anchor); one entry when the chain is known. */
  alternatives: SigningFacts[]
  /** The app's own designated requirement, which it satisfies by definition. */
  designated?: Requirement
  /** Why the alternatives are several (what the facts do not say). */
  gap?: string
}

export interface RequirementJudgement {
  result: Verdict
  reason: string
  /** The condition that decided it, as requirement text; null when no single condition did. */
  clause: string | null
}

/** The requirement text, or why pppc cannot read it. */
export function requirementFromText(text: string): {ok: true; requirement: Requirement} | {ok: false; reason: string} {
  const parsed = parseRequirement(text)
  return parsed.ok
    ? {ok: true, requirement: parsed.requirement}
    : {ok: false, reason: `pppc cannot read the requirement: ${parsed.problem.message}`}
}

/** A csreq blob as sqlite's hex() printed it. */
export function requirementFromHex(hex: string): {ok: true; requirement: Requirement} | {ok: false; reason: string} {
  if (!/^([0-9A-F]{2})+$/i.test(hex)) return {ok: false, reason: 'the csreq value is not hexadecimal bytes'}
  const decoded = decodeRequirementBlob(Buffer.from(hex, 'hex'))
  return decoded.ok
    ? {ok: true, requirement: decoded.requirement}
    : {ok: false, reason: `the csreq blob cannot be read: ${decoded.problem.message}`}
}

const EVERY_ANCHOR: readonly AnchorFact[] = ['apple', 'apple-generic', 'other', 'none']

/** Developer ID certificates without a name pppc would have to guess: the markers and the leaf's Team ID only. */
function developerIdChain(teamId: string | undefined): CertificateFacts[] {
  const [leaf, intermediate] = certificatesFromAuthorities([
    'Developer ID Application: (unnamed)',
    'Developer ID Certification Authority',
  ])
  return [
    {...(leaf?.fields ? {fields: leaf.fields} : {}), ...(teamId ? {subject: {OU: teamId}} : {})},
    {...(intermediate?.fields ? {fields: intermediate.fields} : {})},
    {},
  ]
}

function isDeveloperIdSource(source: string | null | undefined): boolean {
  return /Developer ID/i.test(source ?? '')
}

/** The signing facts of one installed copy. */
export function signedCopy(copy: ClientCopy): SignedCode | undefined {
  const signature = copy.signature
  const identifier = signature?.identifier ?? copy.identity?.identifier
  if (!identifier) return undefined
  const gatekeeper = copy.gatekeeper
  const teamId = signature?.teamId ?? copy.identity?.teamId ?? gatekeeper?.originTeamId ?? undefined
  const base: SigningFacts = {
    identifier,
    anchor: 'apple-generic',
    ...(teamId ? {teamId} : {}),
    ...(signature?.cdhashes.length ? {cdhashes: signature.cdhashes} : {}),
    ...(copy.version.status === 'ok' ? {info: {CFBundleShortVersionString: copy.version.value}} : {}),
    ...(gatekeeper?.accepted && /^Notarized/i.test(gatekeeper.source ?? '') ? {notarized: true} : {}),
    ...(gatekeeper && /^Unnotarized/i.test(gatekeeper.source ?? '') ? {notarized: false} : {}),
  }
  const designated = copy.identity ? requirementFromText(copy.identity.codeRequirement) : undefined
  const known = {
    label: copy.path,
    ...(designated?.ok ? {designated: designated.requirement} : {}),
  }
  const one = (anchor: AnchorFact, certificates?: CertificateFacts[]): SignedCode => ({
    ...known,
    alternatives: [{...base, anchor, ...(certificates ? {certificates} : {})}],
  })
  if (signature?.adhoc) return one('none')
  const chain = signature?.authorities ?? []
  if (chain.length > 0) {
    const anchor: AnchorFact =
      chain[chain.length - 1] !== 'Apple Root CA'
        ? 'other'
        : chain[0] === 'Software Signing'
          ? 'apple'
          : 'apple-generic'
    return one(anchor, certificatesFromAuthorities(chain))
  }
  // No chain recorded (a first-format snapshot): Gatekeeper's accepted Developer ID verdict says what it would have.
  if (gatekeeper?.accepted && isDeveloperIdSource(gatekeeper.source))
    return one('apple-generic', developerIdChain(teamId))
  if (gatekeeper?.accepted && /^Apple System$/i.test(gatekeeper.source ?? '')) return one('apple')
  return {
    ...known,
    alternatives: EVERY_ANCHOR.map((anchor) => ({...base, anchor})),
    gap: 'the snapshot does not record who signed the app (no `codesign -dv --verbose=4` output)',
  }
}

/**
 * The client as its vendor publishes it, for when none is installed: its bundle ID and Team ID, and a Developer ID
 * signature when the published requirement asks for one (the genuine client satisfies its published requirement).
 */
export function publishedClient(app: AppFacts): SignedCode {
  const published = requirementFromText(app.codeRequirement)
  const developerId =
    published.ok &&
    /anchor apple generic/.test(app.codeRequirement) &&
    app.codeRequirement.includes(APPLE_OIDS.developerIdLeaf)
  return {
    label: 'the published client',
    alternatives: [
      {
        identifier: app.bundleId,
        teamId: app.teamId,
        anchor: 'apple-generic',
        ...(developerId ? {certificates: developerIdChain(app.teamId)} : {}),
      },
    ],
    ...(published.ok ? {designated: published.requirement} : {}),
  }
}

/** A copy codesign could not read: whatever requirement it is judged against, the answer is unknown. */
export function unreadCopy(copy: ClientCopy): SignedCode {
  return {
    label: copy.path,
    alternatives: [],
    gap: `codesign could not read it${copy.identityError ? ` (${copy.identityError})` : ''}`,
  }
}

/** Judges a requirement against one signature, over the alternatives its facts leave open. */
export function judge(requirement: Requirement, code: SignedCode): RequirementJudgement {
  if (code.alternatives.length === 0)
    return {result: 'unknown', reason: `nothing is known of who signed ${code.label}: ${code.gap}`, clause: null}
  if (code.designated && sameRequirement(requirement, code.designated))
    return {
      result: 'satisfied',
      reason: `it is the designated requirement of ${code.label}, which the app satisfies by definition`,
      clause: null,
    }
  const evaluations = code.alternatives.map((facts) => evaluateRequirement(requirement, facts))
  const first = evaluations[0]!
  if (evaluations.every((e) => e.result === first.result)) return {...first}
  return {
    result: 'unknown',
    reason: `it depends on who signed ${code.label}: ${code.gap ?? 'the facts do not say'}`,
    clause: formatRequirement(requirement),
  }
}

/**
 * Judges a requirement against the client that will run: one signature, or several copies of which pppc cannot tell
 * which runs (then the answer holds only if it is the same for every copy).
 */
export function judgeAgainst(requirement: Requirement, codes: readonly SignedCode[]): RequirementJudgement {
  if (codes.length === 0)
    return {result: 'unknown', reason: 'nothing is known of the signature of the client that will run', clause: null}
  const judgements = codes.map((code) => judge(requirement, code))
  const first = judgements[0]!
  if (judgements.every((j) => j.result === first.result)) return first
  return {
    result: 'unknown',
    reason: `the installed copies differ: ${codes.map((c, i) => `${c.label} ${judgements[i]!.result === 'satisfied' ? 'satisfies it' : judgements[i]!.result === 'not-satisfied' ? `does not (${judgements[i]!.reason})` : 'may or may not'}`).join('; ')}`,
    clause: null,
  }
}
