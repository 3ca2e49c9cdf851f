import {PppcError} from '../errors.js'
import {MAX_TEXT_LENGTH} from '../requirements/parse.js'
import {MAX_DEPTH} from '../requirements/tree.js'

/**
 * How much pppc reads from one input, and how deep. Every reader checks its budget before it allocates, so a hostile
 * file becomes a finding ("exceeds pppc's limits: ...", rule PPPC008) on that file instead of exhausting the memory
 * or the stack of the whole run. The numbers are generous for real profiles (a few kilobytes; a large fleet profile
 * is a few megabytes).
 */
export const LIMITS = {
  /** Largest input file read (validate and inspect: --max-size). Checked with stat, before reading. */
  maxInputBytes: 64 * 1024 ** 2,
  /** Nesting of arrays and dictionaries in a plist (XML or binary); real profiles nest about 6 deep. */
  maxPlistDepth: 256,
  /**
   * Bytes a binary plist may decode to (strings and data, counted at every reference): proportional to the file, so
   * shared references cannot make a few kilobytes expand to gigabytes, with a ceiling.
   */
  binaryBytesPerInputByte: 16,
  binaryBytesFloor: 1024 ** 2,
  binaryBytesCeiling: 256 * 1024 ** 2,
  /**
   * Values a binary plist may expand to. CoreFoundation's writer shares only scalars (strings, numbers, data, dates),
   * so a real file expands to at most about one value per reference it holds; shared containers are what a bomb uses.
   */
  binaryValuesFloor: 10_000,
  binaryValuesCeiling: 4_000_000,
  /**
   * Nesting of parentheses and negations in a code requirement; codesign prints them a few levels deep. The parser
   * (src/requirements, shared with the doctor) holds the number: 64.
   */
  maxRequirementDepth: MAX_DEPTH,
  /** Length of a code requirement; designated requirements are a few hundred characters (the parser's 64 KiB). */
  maxRequirementLength: MAX_TEXT_LENGTH,
} as const

/** An input beyond one of the limits above; its message starts "exceeds pppc's limits: ". */
export class LimitExceeded extends Error {
  constructor(what: string) {
    super(`exceeds pppc's limits: ${what}`)
    this.name = 'LimitExceeded'
  }
}

/** "64 MiB", "1.5 KiB", "512 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = -1
  do {
    value /= 1024
    unit++
  } while (value >= 1024 && unit < units.length - 1)
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`
}

/** The --max-size flag, checked: bytes, or a one-line usage error. */
export function maxSizeFlag(text: string | undefined): number {
  if (text === undefined) return LIMITS.maxInputBytes
  const bytes = parseSize(text)
  if (bytes === undefined)
    throw new PppcError(`--max-size ${text} is not a size`, {hint: 'give bytes or a size such as 64MiB or 500KB'})
  return bytes
}

/** --max-size as written: a number of bytes, or with a unit (K, KB, KiB, M, MB, MiB, G, GB, GiB; powers of 1024). */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(text)
  if (!m) return undefined
  const scale = {'': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3}[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g']
  const bytes = Math.floor(Number(m[1]) * scale)
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined
}
