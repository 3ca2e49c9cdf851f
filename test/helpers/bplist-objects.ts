/**
 * A tiny binary plist (bplist00) writer for tests: objects are given already encoded, so a test can build what no
 * well-behaved writer makes (one object referenced thousands of times, shared containers).
 */
export type BObject =
  {ascii: string} | {data: Buffer} | {int: bigint} | {array: number[]} | {dict: [key: number, value: number][]}

function lengthMarker(type: number, size: number): Buffer {
  if (size < 15) return Buffer.from([(type << 4) | size])
  const n = size < 256 ? 0 : size < 65536 ? 1 : 2
  const out = Buffer.alloc(2 + (1 << n))
  out[0] = (type << 4) | 0x0f
  out[1] = 0x10 | n
  if (n === 0) out[2] = size
  else if (n === 1) out.writeUInt16BE(size, 2)
  else out.writeUInt32BE(size, 2)
  return out
}

export function buildBplist(objects: BObject[], top = 0): Buffer {
  const refSize = objects.length < 256 ? 1 : 2
  const ref = (r: number): Buffer => {
    const b = Buffer.alloc(refSize)
    if (refSize === 1) b[0] = r
    else b.writeUInt16BE(r)
    return b
  }
  const parts: Buffer[] = [Buffer.from('bplist00')]
  const offsets: number[] = []
  let at = 8
  for (const object of objects) {
    offsets.push(at)
    let encoded: Buffer
    if ('ascii' in object)
      encoded = Buffer.concat([lengthMarker(0x5, object.ascii.length), Buffer.from(object.ascii, 'latin1')])
    else if ('data' in object) encoded = Buffer.concat([lengthMarker(0x4, object.data.length), object.data])
    else if ('int' in object) {
      encoded = Buffer.alloc(9)
      encoded[0] = 0x13
      encoded.writeBigInt64BE(object.int, 1)
    } else if ('array' in object)
      encoded = Buffer.concat([lengthMarker(0xa, object.array.length), ...object.array.map(ref)])
    else
      encoded = Buffer.concat([
        lengthMarker(0xd, object.dict.length),
        ...object.dict.map(([k]) => ref(k)),
        ...object.dict.map(([, v]) => ref(v)),
      ])
    parts.push(encoded)
    at += encoded.length
  }
  const offsetSize = at < 256 ? 1 : at < 65536 ? 2 : 4
  const table = Buffer.alloc(offsets.length * offsetSize)
  offsets.forEach((o, i) => table.writeUIntBE(o, i * offsetSize, offsetSize))
  const trailer = Buffer.alloc(32)
  trailer[6] = offsetSize
  trailer[7] = refSize
  trailer.writeBigUInt64BE(BigInt(objects.length), 8)
  trailer.writeBigUInt64BE(BigInt(top), 16)
  trailer.writeBigUInt64BE(BigInt(at), 24)
  return Buffer.concat([...parts, table, trailer])
}
