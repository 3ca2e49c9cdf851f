/**
 * `timestamp "…"` values: ASN.1 GeneralizedTime text, stored in the blob as whole seconds since 2001-01-01 UTC
 * (CFAbsoluteTime cut to an int64, as reqreader.cpp reads it back).
 */

/** Seconds between the Unix epoch and Apple's reference date, 2001-01-01T00:00:00Z. */
const APPLE_EPOCH_OFFSET = 978_307_200

const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?(Z|[+-]\d{4})$/

/** Seconds since 2001 for GeneralizedTime text (`20240131120000Z`), or undefined when it is not such a time. */
export function timestampToSeconds(text: string): number | undefined {
  const m = GENERALIZED_TIME.exec(text)
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined
  const zone = m[7]!
  const offsetMinutes =
    zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3)))
  const unix = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offsetMinutes * 60
  return unix - APPLE_EPOCH_OFFSET
}

/** GeneralizedTime text (UTC) for seconds since 2001; Apple's own printer writes a CFDate description instead. */
export function secondsToTimestamp(seconds: number): string {
  const date = new Date((seconds + APPLE_EPOCH_OFFSET) * 1000)
  if (Number.isNaN(date.getTime())) return String(seconds)
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:T]/g, '')
}
