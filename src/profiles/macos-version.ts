import {PppcError} from '../errors.js'

/** A macOS version as numbers, "10.15.7" → [10, 15, 7]; missing parts are 0. */
export type MacosVersion = readonly [number, number, number]

export function parseVersion(text: string): MacosVersion | undefined {
  const m = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(text)
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined
}

export function compareVersions(a: MacosVersion, b: MacosVersion): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}

/** For flags: "11", "10.15", "14.6.1", "26.2". */
export function requireVersion(text: string, flag: string): string {
  const version = parseVersion(text)
  if (!version) throw new PppcError(`${flag} "${text}" is not a macOS version`, {hint: 'write it like 11, 13.0 or 14.6.1'})
  return version.join('.').replace(/(\.0)+$/, '')
}

/** a >= b, for version strings the table and flags hold. */
export function atLeast(a: string, b: string): boolean {
  return compareVersions(parseVersion(a)!, parseVersion(b)!) >= 0
}
