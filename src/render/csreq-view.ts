import {PppcError} from '../errors.js'
import {
  decodeRequirementBlob,
  formatRequirement,
  type RequirementSummary,
  summarizeRequirement,
} from '../requirements/index.js'

/**
 * `pppc inspect --csreq`: a compiled code requirement, as TCC.db keeps it in its `csreq` column (sqlite3 prints it with
 * `SELECT hex(csreq) …`), shown as the text `codesign -dr -` would print, with what it pins.
 */
export interface CsreqView {
  /** Where the blob came from: "hex" or the file's path. */
  source: string
  bytes: number
  requirement: string
  summary: RequirementSummary
}

/** Hex as sqlite3 prints a blob (`FADE0C00…`), or as SQL writes it (`X'FADE…'`); spaces and a 0x prefix are allowed. */
export function hexBytes(text: string): Buffer | undefined {
  const bare = text
    .trim()
    .replace(/^[xX]'(.*)'$/s, '$1')
    .replace(/^0x/i, '')
    .replace(/\s+/g, '')
  return /^([0-9a-fA-F]{2})+$/.test(bare) ? Buffer.from(bare, 'hex') : undefined
}

export function csreqView(blob: Uint8Array, source: string): CsreqView {
  const decoded = decodeRequirementBlob(blob)
  if (!decoded.ok)
    throw new PppcError(
      `${source === 'hex' ? 'the hex given' : source} is not a compiled code requirement: ${decoded.problem.message}`,
      {
        hint: decoded.problem.hint,
      },
    )
  return {
    source,
    bytes: blob.length,
    requirement: formatRequirement(decoded.requirement),
    summary: summarizeRequirement(decoded.requirement),
  }
}

export function renderCsreq(view: CsreqView): string {
  const s = view.summary
  const identifiers =
    s.identifiers.kind === 'only'
      ? s.identifiers.identifiers.join(', ') || 'none can pass'
      : `any${s.identifiers.identifiers.length > 0 ? ` but ${s.identifiers.identifiers.join(', ')}` : ''}`
  const lines = [
    `Code requirement (${view.bytes} bytes, ${view.source === 'hex' ? 'from hex' : view.source})`,
    view.requirement,
    '',
    `identifier   ${identifiers}`,
    `Team ID      ${s.teamIds.join(', ') || 'not pinned'}`,
    `anchor       ${s.anchors.join(', ') || 'none'}`,
    `signer       ${[s.appleSigned ? "Apple's own code only" : undefined, s.developerId ? 'Developer ID' : undefined, s.macAppStore ? 'Mac App Store' : undefined].filter(Boolean).join(', ') || 'other'}${s.pinsSigner ? '' : ' (does not pin a signer on every path)'}`,
  ]
  return `${lines.join('\n')}\n`
}
