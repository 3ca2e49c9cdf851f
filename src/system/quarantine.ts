/**
 * The `com.apple.quarantine` extended attribute, as `xattr -p com.apple.quarantine PATH` prints it:
 * `flags;hex_unix_time;agent;event_uuid` (../shared/research/macos-facts.md §4.1). Pure.
 */
import type {CommandResult} from './mac.js'

export interface QuarantineFlag {
  bit: number
  name: string
  meaning: string
}

/** Bits of the first field, from Apple's quarantine.h; TRANSLOCATE's value is the commonly cited one, not confirmed. */
export const QUARANTINE_FLAGS: readonly QuarantineFlag[] = [
  {bit: 0x0001, name: 'QTN_FLAG_DOWNLOAD', meaning: 'downloaded from the internet'},
  {bit: 0x0002, name: 'QTN_FLAG_SANDBOX', meaning: 'written by a sandboxed app'},
  {bit: 0x0004, name: 'QTN_FLAG_HARD', meaning: 'hard quarantine'},
  {
    bit: 0x0020,
    name: 'QTN_FLAG_TRANSLOCATE',
    meaning: 'marked to run translocated (bit value commonly cited, unverified)',
  },
  {bit: 0x0040, name: 'QTN_FLAG_USER_APPROVED', meaning: 'the user already clicked Open in the Gatekeeper dialog'},
  {
    bit: 0x0100,
    name: 'QTN_FLAG_DO_NOT_TRANSLOCATE',
    meaning: 'runs where it is, never translocated (set when Finder moves it)',
  },
]

const DO_NOT_TRANSLOCATE = 0x0100
const USER_APPROVED = 0x0040

export interface Quarantine {
  raw: string
  flags: number
  /** Each bit set, with its meaning; undocumented bits are named by value. */
  bits: {bit: string; name: string | null; meaning: string}[]
  /** When the quarantine was set, UTC ISO 8601. */
  time: string | null
  agent: string
  eventId: string | null
  userApproved: boolean
  /**
   * App Translocation: macOS runs a quarantined app from a random read-only folder unless DO_NOT_TRANSLOCATE is set.
   * Whether the TRANSLOCATE bit is needed too is unverified, so any quarantined app without DO_NOT_TRANSLOCATE counts.
   */
  mayTranslocate: boolean
}

export type QuarantineState =
  {state: 'quarantined'; quarantine: Quarantine} | {state: 'none'} | {state: 'unknown'; reason: string}

function hex4(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`
}

/** Parses the attribute's value; undefined when it is not in the `flags;time;agent;uuid` form. */
export function parseQuarantine(value: string): Quarantine | undefined {
  const raw = value.trim()
  const [flagField, timeField, agent = '', eventId = ''] = raw.split(';')
  if (!flagField || !/^[0-9a-f]{1,8}$/i.test(flagField)) return undefined
  if (timeField !== undefined && timeField !== '' && !/^[0-9a-f]{1,16}$/i.test(timeField)) return undefined
  // Bits are tested one by one, never compared as a string: agents set different combinations (0083, 00C1, 01e3).
  const flags = Number.parseInt(flagField, 16)
  const bits: Quarantine['bits'] = []
  for (let bit = 1; bit <= flags && bit <= 0x8000_0000; bit *= 2) {
    if ((flags & bit) === 0) continue
    const known = QUARANTINE_FLAGS.find((f) => f.bit === bit)
    bits.push({bit: hex4(bit), name: known?.name ?? null, meaning: known?.meaning ?? 'not documented'})
  }
  const seconds = timeField ? Number.parseInt(timeField, 16) : Number.NaN
  return {
    raw,
    flags,
    bits,
    time: Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z') : null,
    agent,
    eventId: eventId || null,
    userApproved: (flags & USER_APPROVED) !== 0,
    mayTranslocate: (flags & DO_NOT_TRANSLOCATE) === 0,
  }
}

/** What `xattr -p com.apple.quarantine PATH` says: quarantined, not quarantined ("No such xattr"), or unknown. */
export function quarantineFromXattr(result: CommandResult): QuarantineState {
  if (result.exitCode === 0) {
    const quarantine = parseQuarantine(result.stdout)
    return quarantine
      ? {state: 'quarantined', quarantine}
      : {state: 'unknown', reason: `xattr printed "${result.stdout.trim()}", not flags;time;agent;id`}
  }
  if (/No such xattr/i.test(result.stderr)) return {state: 'none'}
  return {state: 'unknown', reason: result.stderr.trim().split('\n')[0] || `xattr exited ${result.exitCode}`}
}

/** One sentence on what the attribute says, for a help-desk technician. */
export function describeQuarantine(q: Quarantine): string {
  const parts = [
    `set${q.time ? ` on ${q.time.replace('T', ' ').replace('Z', ' UTC')}` : ''}${q.agent ? ` by ${q.agent}` : ''}`,
  ]
  parts.push(
    q.userApproved
      ? 'the user has already approved it in the Gatekeeper dialog'
      : 'Gatekeeper will ask the user before it first opens',
  )
  parts.push(
    q.mayTranslocate
      ? 'macOS may run it translocated, from a random read-only folder'
      : 'it runs where it is (not translocated)',
  )
  return parts.join('; ')
}

/**
 * xattr's answer about a file that may not be there (a download the user may have deleted): absent ("No such file"),
 * or present with what its quarantine says. Undefined when xattr's answer reads as neither.
 */
export function quarantineOfOptionalFile(
  result: CommandResult,
): {present: boolean; quarantine?: Quarantine} | undefined {
  if (result.exitCode !== 0 && /No such file/i.test(result.stderr)) return {present: false}
  const state = quarantineFromXattr(result)
  if (state.state === 'quarantined') return {present: true, quarantine: state.quarantine}
  if (state.state === 'none') return {present: true}
  return undefined
}
