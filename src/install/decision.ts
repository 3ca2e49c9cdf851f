/**
 * Whether to trust an app and lift its quarantine. The quarantine is removed only when the signature is valid,
 * Gatekeeper accepts the app and its Team ID is the one expected; otherwise it stays and the install is refused with
 * the reasons. Pure: the parsed tool outputs and the expectation in, the decision out.
 */
import type {QuarantineState} from '../system/quarantine.js'
import type {GatekeeperCheck, SignatureCheck, SigningInfo} from '../system/codesign.js'

export interface Verification {
  signature: SignatureCheck
  signing: SigningInfo
  gatekeeper: GatekeeperCheck
  quarantine: QuarantineState
}

/** Who the app should be signed by: a catalogue entry, or `--team-id`. */
export interface Expected {
  teamId: string | null
  bundleId: string | null
  /** Where the expectation comes from, for messages: "the catalogue entry beyondtrust-rs-customer-client" or "--team-id". */
  from: string
}

export type CheckName = 'signature' | 'gatekeeper' | 'team-id' | 'bundle-id'

export interface Check {
  name: CheckName
  ok: boolean
  detail: string
}

export interface Decision {
  trusted: boolean
  /** remove: lift it; keep: leave it (refused, or --keep-quarantine); absent: there is none; unknown: xattr could not tell. */
  quarantine: 'remove' | 'keep' | 'absent' | 'unknown'
  checks: Check[]
  /** Why the install is refused, each with what to do. Empty when trusted. */
  reasons: string[]
  warnings: string[]
}

function signatureCheck(s: SignatureCheck): {check: Check; reason?: string} {
  if (s.valid) return {check: {name: 'signature', ok: true, detail: s.detail}}
  if (s.unsigned)
    return {
      check: {name: 'signature', ok: false, detail: s.detail},
      reason: "the app is not signed: it cannot be from the vendor; download it again from the vendor's site",
    }
  const files =
    s.files.length > 0 ? ` (${s.files.length} file${s.files.length === 1 ? '' : 's'} changed, first ${s.files[0]})` : ''
  return {
    check: {name: 'signature', ok: false, detail: s.detail},
    reason: `the signature does not verify: ${s.detail}${files}; the app was changed after signing or extracted with a tool that broke it: download it again and let pppc extract it with ditto`,
  }
}

function gatekeeperCheck(g: GatekeeperCheck): {check: Check; reason?: string} {
  const detail = [g.verdict, g.source ? `source=${g.source}` : '', g.origin ? `origin=${g.origin}` : '']
    .filter(Boolean)
    .join('; ')
  if (g.accepted) return {check: {name: 'gatekeeper', ok: true, detail}}
  let why = `Gatekeeper rejects it (${detail})`
  if (g.source === 'Unnotarized Developer ID')
    why = `Gatekeeper rejects it: it is signed (${g.origin ?? 'Developer ID'}) but not notarized by Apple, so macOS will block it; ask the vendor for a notarized build`
  else if (g.source === 'no usable signature') why = 'Gatekeeper rejects it: no usable signature'
  return {check: {name: 'gatekeeper', ok: false, detail}, reason: why}
}

function teamCheck(
  signing: SigningInfo,
  gatekeeper: GatekeeperCheck,
  expected: Expected,
): {check: Check; reason?: string} {
  const found = signing.teamId ?? gatekeeper.originTeamId
  if (!expected.teamId) {
    return {
      check: {name: 'team-id', ok: false, detail: `${found ?? 'none'}; nothing to compare with`},
      reason:
        "no Team ID to compare with: pass --team-id TEAMID (or --app NAME from the catalogue) so pppc can tell the vendor's app from another",
    }
  }
  if (!found)
    return {
      check: {name: 'team-id', ok: false, detail: `none, expected ${expected.teamId}`},
      reason: `the app carries no Team ID; ${expected.from} expects ${expected.teamId}`,
    }
  // codesign and spctl read the same signature; if they disagree on the team, trust neither.
  const mismatch = [signing.teamId, gatekeeper.originTeamId].filter(
    (t): t is string => Boolean(t) && t !== expected.teamId,
  )
  if (mismatch.length > 0) {
    return {
      check: {name: 'team-id', ok: false, detail: `${mismatch[0]}, expected ${expected.teamId}`},
      reason: `it is signed by Team ID ${mismatch[0]}, not ${expected.teamId} as ${expected.from} expects: it is not the vendor's app; do not open it, and download the client again from your support portal`,
    }
  }
  return {check: {name: 'team-id', ok: true, detail: `${found}, as ${expected.from} expects`}}
}

export function decide(v: Verification, expected: Expected, options: {keepQuarantine: boolean}): Decision {
  const results = [
    signatureCheck(v.signature),
    gatekeeperCheck(v.gatekeeper),
    teamCheck(v.signing, v.gatekeeper, expected),
  ]
  const checks = results.map((r) => r.check)
  const reasons = results.flatMap((r) => (r.reason ? [r.reason] : []))
  const warnings: string[] = []

  if (expected.bundleId) {
    const ok = v.signing.identifier === expected.bundleId
    checks.push({
      name: 'bundle-id',
      ok,
      detail: ok
        ? `${expected.bundleId}, as ${expected.from} expects`
        : `${v.signing.identifier ?? 'none'}, expected ${expected.bundleId}`,
    })
    // The Team ID is what proves the vendor; another identifier from the same team is the vendor's too, but a PPPC
    // profile written for the expected bundle ID will not cover it.
    if (!ok && reasons.length === 0)
      warnings.push(
        `the app is signed as ${v.signing.identifier ?? 'no identifier'}, not ${expected.bundleId}: a PPPC profile for ${expected.bundleId} will not cover it`,
      )
  }

  const trusted = reasons.length === 0
  let quarantine: Decision['quarantine']
  if (v.quarantine.state === 'none') quarantine = 'absent'
  else if (v.quarantine.state === 'unknown') quarantine = 'unknown'
  else quarantine = trusted && !options.keepQuarantine ? 'remove' : 'keep'
  if (v.quarantine.state === 'unknown')
    warnings.push(`cannot read the quarantine attribute (${v.quarantine.reason}); it is left as it is`)
  return {trusted, quarantine, checks, reasons, warnings}
}
