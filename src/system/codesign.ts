/**
 * What codesign and spctl say about an app, read from their real output (../shared/research/macos-facts.md §4.4):
 * both write to stderr, each line prefixed with the path where it concerns the whole app. Pure.
 */
import {basename} from 'node:path'
import {codesignFields} from '../profiles/code-requirement.js'
import type {CommandResult} from './mac.js'

/** `codesign --verify --deep --strict --verbose=2 APP`. */
export interface SignatureCheck {
  valid: boolean
  unsigned: boolean
  /** What codesign said, without the path prefix: "valid on disk; satisfies its Designated Requirement", or the error. */
  detail: string
  /** Files codesign names as added, modified or missing. */
  files: string[]
}

/** `codesign -dv APP`: the signing identifier and Team ID. */
export interface SigningInfo {
  identifier: string | null
  teamId: string | null
  adhoc: boolean
  hardenedRuntime: boolean
}

/**
 * `codesign -dv --verbose=4 APP`: the signing info plus the certificate chain, leaf first (`Authority=` lines; none for
 * an ad-hoc signature, and none at verbosity 1), the CDHashes and when it was signed. Empty lists and nulls where the
 * output does not say (a first-format snapshot recorded `codesign -dv` only).
 */
export interface SignatureDetails extends SigningInfo {
  authorities: string[]
  /** `CDHash=` and the `CandidateCDHash` values (20 bytes: what a `cdhash H"…"` requirement names), lower-case hex. */
  cdhashes: string[]
  /** The secure timestamp (`Timestamp=`) or, without one, the signing time the signer claims (`Signed Time=`). */
  signedAt: string | null
  /** Whether the output came from a verbosity that lists the chain (so no `Authority=` line means none). */
  verbose: boolean
}

/** `spctl -a -vv -t exec APP`: Gatekeeper's assessment. */
export interface GatekeeperCheck {
  accepted: boolean
  /** "accepted", "rejected", or the signature error spctl prints instead. */
  verdict: string
  source: string | null
  origin: string | null
  /** The Team ID in parentheses at the end of origin=. */
  originTeamId: string | null
}

function output(result: CommandResult): string {
  return `${result.stderr}\n${result.stdout}`
}

/**
 * Lines with the "PATH: " prefix removed, so messages read the same wherever the app is. The tools may print the path
 * resolved (/private/var/... for /var/...), so a prefix ending in the app's name counts too.
 */
function messages(result: CommandResult, path: string): string[] {
  const name = `${basename(path)}: `
  return output(result)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      if (line.startsWith(`${path}: `)) return line.slice(path.length + 2)
      const at = line.indexOf(name)
      return line.startsWith('/') && at >= 0 && !line.slice(0, at).includes(': ') ? line.slice(at + name.length) : line
    })
}

function notRun(result: CommandResult): string | undefined {
  return result.exitCode === 127
    ? `could not run ${result.argv[0]}: ${output(result).trim().split('\n')[0] || 'not found'}`
    : undefined
}

export function parseCodesignVerify(result: CommandResult, path: string): SignatureCheck {
  const lines = messages(result, path)
  const files = lines.filter((l) => /^file (added|modified|missing):/.test(l)).map((l) => l.replace(/^file \w+: /, ''))
  const said = lines.filter((l) => !/^file (added|modified|missing):/.test(l) && !/^In architecture:/.test(l))
  const unsigned = said.some((l) => /not signed at all/.test(l))
  const valid = result.exitCode === 0
  const detail = notRun(result) ?? (said.join('; ') || (valid ? 'valid' : `codesign exited ${result.exitCode}`))
  return {valid, unsigned, detail, files}
}

export function parseCodesignDisplay(result: CommandResult): SigningInfo {
  const text = result.exitCode === 0 ? output(result) : ''
  const fields = codesignFields(text)
  const team = fields.TeamIdentifier
  return {
    identifier: fields.Identifier ?? null,
    teamId: team && team !== 'not set' ? team : null,
    adhoc: fields.Signature === 'adhoc',
    // "CodeDirectory v=20500 size=... flags=0x10000(runtime) ...": the runtime flag is the hardened runtime.
    hardenedRuntime: /^CodeDirectory .*\bflags=0x[0-9a-f]+\([^)]*\bruntime\b[^)]*\)/m.test(text),
  }
}

export function parseCodesignDetails(result: CommandResult): SignatureDetails {
  const base = parseCodesignDisplay(result)
  const text = result.exitCode === 0 ? output(result) : ''
  const lines = text.split(/\r?\n/).map((l) => l.trim())
  const valuesOf = (key: string) =>
    lines.filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1).trim())
  const candidates = lines
    .map((l) => /^CandidateCDHash \w+=([0-9a-f]+)$/i.exec(l)?.[1])
    .filter((h): h is string => Boolean(h))
  const cdhashes = [...new Set([...valuesOf('CDHash'), ...candidates].map((h) => h.toLowerCase()))].filter((h) =>
    /^[0-9a-f]{40}$/.test(h),
  )
  return {
    ...base,
    authorities: valuesOf('Authority'),
    cdhashes,
    signedAt: valuesOf('Timestamp')[0] ?? valuesOf('Signed Time')[0] ?? null,
    // Verbosity 2 and up print `Hash type=` or `CandidateCDHash`; verbosity 1 prints neither.
    verbose: lines.some((l) => /^(Hash type=|CandidateCDHash|CDHash=|Authority=)/.test(l)),
  }
}

export function parseSpctl(result: CommandResult, path: string): GatekeeperCheck {
  const lines = messages(result, path)
  const fields = codesignFields(lines.join('\n'))
  const verdict = notRun(result) ?? lines.find((l) => !/^[a-z]+=/.test(l)) ?? `spctl exited ${result.exitCode}`
  const origin = fields.origin ?? null
  return {
    accepted: result.exitCode === 0 && verdict === 'accepted',
    verdict,
    source: fields.source ?? null,
    origin,
    originTeamId: origin ? (/\(([A-Z0-9]{10})\)\s*$/.exec(origin)?.[1] ?? null) : null,
  }
}
