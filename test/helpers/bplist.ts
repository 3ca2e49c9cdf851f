/** A date given as seconds since 2001-01-01, as a binary plist stores it (so that values a JS Date cannot hold fit). */
export class BinaryDate {
  constructor(readonly seconds: number) {}
}

export type BinaryValue = string | number | boolean | BinaryDate | Buffer | BinaryValue[] | {[key: string]: BinaryValue}

/**
 * A bplist00 writer for tests: every object written once (no sharing), 2-byte offsets and references, ASCII strings,
 * 8-byte integers and reals. Enough to put values in a profile that no XML plist can carry.
 */
export function writeBinaryPlist(root: BinaryValue): Buffer {
  const objects: Buffer[] = []
  const add = (bytes: Buffer) => objects.push(bytes) - 1
  const marker = (type: number, size: number): Buffer =>
    size < 15 ? Buffer.from([(type << 4) | size]) : Buffer.from([(type << 4) | 0xf, 0x11, size >> 8, size & 0xff])

  function write(value: BinaryValue): number {
    if (typeof value === 'boolean') return add(Buffer.from([value ? 0x09 : 0x08]))
    if (typeof value === 'string') return add(Buffer.concat([marker(0x5, value.length), Buffer.from(value, 'ascii')]))
    if (typeof value === 'number') {
      const bytes = Buffer.alloc(9)
      if (Number.isInteger(value)) {
        bytes[0] = 0x13
        bytes.writeBigInt64BE(BigInt(value), 1)
      } else {
        bytes[0] = 0x23
        bytes.writeDoubleBE(value, 1)
      }
      return add(bytes)
    }
    if (value instanceof BinaryDate) {
      const bytes = Buffer.alloc(9)
      bytes[0] = 0x33
      bytes.writeDoubleBE(value.seconds, 1)
      return add(bytes)
    }
    if (Buffer.isBuffer(value)) return add(Buffer.concat([marker(0x4, value.length), value]))
    const index = add(Buffer.alloc(0))
    let refs: number[]
    let head: Buffer
    if (Array.isArray(value)) {
      refs = value.map(write)
      head = marker(0xa, value.length)
    } else {
      const keys = Object.keys(value)
      refs = [...keys.map((k) => write(k)), ...keys.map((k) => write(value[k]!))]
      head = marker(0xd, keys.length)
    }
    const body = Buffer.alloc(refs.length * 2)
    refs.forEach((ref, i) => body.writeUInt16BE(ref, i * 2))
    objects[index] = Buffer.concat([head, body])
    return index
  }

  const top = write(root)
  const offsets: number[] = []
  let at = 8
  for (const object of objects) {
    offsets.push(at)
    at += object.length
  }
  const table = Buffer.alloc(offsets.length * 2)
  offsets.forEach((offset, i) => table.writeUInt16BE(offset, i * 2))
  const trailer = Buffer.alloc(32)
  trailer[6] = 2
  trailer[7] = 2
  trailer.writeBigUInt64BE(BigInt(objects.length), 8)
  trailer.writeBigUInt64BE(BigInt(top), 16)
  trailer.writeBigUInt64BE(BigInt(at), 24)
  return Buffer.concat([Buffer.from('bplist00'), ...objects, table, trailer])
}
