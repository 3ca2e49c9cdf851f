import type {PlistDict, PlistValue} from './model.js'
import {parseBinaryPlist} from './plist-binary.js'
import {parseXmlPlist} from './plist-xml.js'

/**
 * The one plist stack for everything pppc reads that is not a profile file given by the user (those go through
 * read.ts for positions and signatures): snapshot files such as MDMOverrides.plist, and the `profiles` listing. Both
 * readers are the project's own, with their budgets (nesting, expansion, offsets), so a hostile file is refused at once.
 */
export function parsePlist(data: Uint8Array | string): PlistValue | undefined {
  try {
    if (typeof data !== 'string' && isBinaryPlist(data)) return parseBinaryPlist(data)
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8')
    return parseXmlPlist(text).value
  } catch {
    return undefined
  }
}

export function isBinaryPlist(data: Uint8Array): boolean {
  return data.length >= 8 && Buffer.from(data.subarray(0, 8)).toString('latin1') === 'bplist00'
}

/** A plist dictionary (not an array, date, data or scalar). */
export function isDict(value: unknown): value is PlistDict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  )
}
