/**
 * Object identifiers as the compiled requirement stores them: the content octets of a DER OID (no tag, no length),
 * which is what Apple's `CssmOwnedData::fromOid` writes and `CssmData::toOid` reads (libsecurity_cdsa_utilities
 * cssmdata.cpp). Only the minimal encoding is accepted, so that decoding and encoding again gives the same bytes.
 */

const DOTTED = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/

/** The DER content octets of a dotted OID, or undefined when the text is not an OID the compiler can encode. */
export function oidToBytes(dotted: string): number[] | undefined {
  if (!DOTTED.test(dotted)) return undefined
  const arcs = dotted.split('.').map(Number)
  const [first, second, ...rest] = arcs as [number, number, ...number[]]
  if (first > 2 || (first < 2 && second >= 40)) return undefined
  if (arcs.some((arc) => !Number.isSafeInteger(arc))) return undefined
  const combined = 40 * first + second
  if (!Number.isSafeInteger(combined)) return undefined
  return [combined, ...rest].flatMap(base128)
}

function base128(value: number): number[] {
  const out = [value % 128]
  let rest = Math.floor(value / 128)
  while (rest > 0) {
    out.unshift((rest % 128) | 0x80)
    rest = Math.floor(rest / 128)
  }
  return out
}

/** The dotted form of DER content octets, or undefined when they are not a minimal, complete encoding. */
export function bytesToOid(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined
  const values: number[] = []
  let value = 0
  let fresh = true
  for (const byte of bytes) {
    if (fresh && byte === 0x80) return undefined
    if (value > Math.floor(Number.MAX_SAFE_INTEGER / 128)) return undefined
    value = value * 128 + (byte & 0x7f)
    fresh = (byte & 0x80) === 0
    if (fresh) {
      values.push(value)
      value = 0
    }
  }
  if (!fresh) return undefined
  const [combined, ...rest] = values as [number, ...number[]]
  const first = Math.min(Math.floor(combined / 40), 2)
  return [first, combined - 40 * first, ...rest].join('.')
}
