import {LIMITS, LimitExceeded} from './limits.js'
import type {PlistValue} from './model.js'

const EPOCH_2001_MS = 978_307_200_000

export class BinaryPlistError extends Error {}

/** The budgets one file gets: proportional to its size, with a ceiling (see limits.ts). */
function budgetsFor(length: number): {bytes: number; values: number} {
  return {
    bytes: Math.min(LIMITS.binaryBytesCeiling, LIMITS.binaryBytesFloor + LIMITS.binaryBytesPerInputByte * length),
    values: Math.min(LIMITS.binaryValuesCeiling, LIMITS.binaryValuesFloor + length),
  }
}

/**
 * A reader for binary property lists (bplist00) that refuses what would hang or exhaust a linter: object counts
 * larger than the file, offsets outside it, reference cycles, nesting deeper than the limit, and shared references
 * that would expand past the file's budget of values or decoded bytes (checked before anything is allocated).
 * Integers beyond 2^53 are bigints, exact. Written here because validation reads untrusted files by the thousand.
 */
export function parseBinaryPlist(bytes: Uint8Array): PlistValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const length = bytes.byteLength
  if (length < 40 || String.fromCharCode(...bytes.subarray(0, 8)) !== 'bplist00')
    throw new BinaryPlistError('not a bplist00 file, or too short')
  const trailer = length - 32
  const offsetSize = view.getUint8(trailer + 6)
  const refSize = view.getUint8(trailer + 7)
  const count = uint(view, trailer + 8, 8)
  const top = uint(view, trailer + 16, 8)
  const tableAt = uint(view, trailer + 24, 8)
  if (![1, 2, 4, 8].includes(offsetSize) || ![1, 2, 4, 8].includes(refSize))
    throw new BinaryPlistError('the trailer gives an impossible offset or reference size')
  if (count === 0 || count > length || top >= count || tableAt + count * offsetSize > trailer)
    throw new BinaryPlistError('the trailer does not fit the file (object count, top object or offset table)')

  const offsets = new Array<number>(count)
  for (let i = 0; i < count; i++) {
    const offset = uint(view, tableAt + i * offsetSize, offsetSize)
    if (offset < 8 || offset >= tableAt) throw new BinaryPlistError(`object ${i} starts outside the object area`)
    offsets[i] = offset
  }

  const budget = budgetsFor(length)
  let values = 0
  let decoded = 0
  const active = new Set<number>()
  // Scalars read once and handed out again at every reference: a shared string costs its bytes once in memory. Its
  // bytes still count against the budget at every reference, because every consumer (rules, output) sees them again.
  const scalars = new Map<number, {value: PlistValue; bytes: number}>()

  function need(at: number, size: number): void {
    if (at + size > tableAt) throw new BinaryPlistError('an object runs past the object area')
  }

  /** Checked before a string or data is made, so the budget holds before the memory is taken. */
  function afford(size: number): void {
    if (decoded + size > budget.bytes)
      throw new LimitExceeded(
        `its strings and data decode to more than ${budget.bytes} bytes (shared references expanding a ${length}-byte file)`,
      )
  }

  function spend(size: number): void {
    afford(size)
    decoded += size
  }

  function read(index: number, depth: number): PlistValue {
    if (index >= count) throw new BinaryPlistError(`a reference to object ${index}, beyond the ${count} objects`)
    if (depth > LIMITS.maxPlistDepth) throw new LimitExceeded(`nesting deeper than ${LIMITS.maxPlistDepth} levels`)
    if (++values > budget.values)
      throw new LimitExceeded(
        `more than ${budget.values} values in a ${length}-byte file (shared references expanding?)`,
      )
    const known = scalars.get(index)
    if (known) {
      spend(known.bytes)
      return known.value
    }
    if (active.has(index)) throw new BinaryPlistError(`object ${index} contains itself`)
    let at = offsets[index]!
    const marker = view.getUint8(at++)
    const type = marker >> 4
    let size = marker & 0x0f
    if (size === 0x0f && type !== 0x0 && type !== 0x1 && type !== 0x2 && type !== 0x3) {
      need(at, 1)
      const ext = view.getUint8(at++)
      if (ext >> 4 !== 0x1) throw new BinaryPlistError('a length that is not an integer')
      const bytesOfSize = 1 << (ext & 0x0f)
      need(at, bytesOfSize)
      size = uint(view, at, bytesOfSize)
      at += bytesOfSize
    }
    const scalar = (value: PlistValue, cost: number): PlistValue => {
      spend(cost)
      scalars.set(index, {value, bytes: cost})
      return value
    }
    switch (type) {
      case 0x0:
        if (marker === 0x08) return false
        if (marker === 0x09) return true
        throw new BinaryPlistError(`an unsupported singleton 0x${marker.toString(16)}`)
      case 0x1: {
        const n = 1 << size
        need(at, n)
        if (n <= 4) return uint(view, at, n)
        if (n === 8) return exact(view.getBigInt64(at))
        if (n === 16) return exact((view.getBigInt64(at) << 64n) | view.getBigUint64(at + 8))
        throw new BinaryPlistError(`an integer of ${n} bytes`)
      }
      case 0x2: {
        const n = 1 << size
        need(at, n)
        if (n === 4) return view.getFloat32(at)
        if (n === 8) return view.getFloat64(at)
        throw new BinaryPlistError(`a real of ${n} bytes`)
      }
      case 0x3:
        need(at, 8)
        return new Date(view.getFloat64(at) * 1000 + EPOCH_2001_MS)
      case 0x4:
        need(at, size)
        afford(size)
        return scalar(Buffer.from(bytes.subarray(at, at + size)), size)
      case 0x5:
        need(at, size)
        afford(size)
        return scalar(Buffer.from(bytes.subarray(at, at + size)).toString('latin1'), size)
      case 0x6:
        need(at, size * 2)
        afford(size * 2)
        return scalar(
          Buffer.from(bytes.subarray(at, at + size * 2))
            .swap16()
            .toString('utf16le'),
          size * 2,
        )
      case 0x7:
        need(at, size)
        afford(size)
        return scalar(Buffer.from(bytes.subarray(at, at + size)).toString('utf8'), size)
      case 0xa:
      case 0xd: {
        const refs = type === 0xa ? size : size * 2
        need(at, refs * refSize)
        active.add(index)
        let result: PlistValue
        if (type === 0xa) {
          const array: PlistValue[] = []
          for (let i = 0; i < size; i++) array.push(read(uint(view, at + i * refSize, refSize), depth + 1))
          result = array
        } else {
          const dict: {[key: string]: PlistValue} = {}
          for (let i = 0; i < size; i++) {
            const key = read(uint(view, at + i * refSize, refSize), depth + 1)
            if (typeof key !== 'string') throw new BinaryPlistError('a dictionary key that is not a string')
            Object.defineProperty(dict, key, {
              value: read(uint(view, at + (size + i) * refSize, refSize), depth + 1),
              enumerable: true,
              writable: true,
              configurable: true,
            })
          }
          result = dict
        }
        active.delete(index)
        return result
      }
      default:
        throw new BinaryPlistError(`an unsupported object type 0x${type.toString(16)}`)
    }
  }

  return read(top, 0)
}

/** A number while it is exact as one, a bigint beyond 2^53. */
function exact(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
}

function uint(view: DataView, at: number, size: number): number {
  if (at < 0 || at + size > view.byteLength) throw new BinaryPlistError('a number runs past the end of the file')
  switch (size) {
    case 1:
      return view.getUint8(at)
    case 2:
      return view.getUint16(at)
    case 4:
      return view.getUint32(at)
    case 8: {
      const n = view.getBigUint64(at)
      return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n)
    }
    default: {
      if (size > 8) throw new BinaryPlistError(`a ${size}-byte integer`)
      let n = 0
      for (let i = 0; i < size; i++) n = n * 256 + view.getUint8(at + i)
      return n
    }
  }
}
