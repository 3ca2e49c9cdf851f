/**
 * A zip archive read the way an attacker cannot steer: the end-of-central-directory record, every central directory
 * entry and every local header, compared with each other, and every entry inflated (nothing written) to measure what
 * it really unpacks to. Any disagreement is a problem of the archive, because different unzippers believe different
 * parts: Info-ZIP and ditto may extract what a reader of the central directory alone never saw.
 */
import {lstat, open, type FileHandle} from 'node:fs/promises'
import {crc32, createInflateRaw} from 'node:zlib'
import {PppcError} from '../errors.js'

export type EntryKind = 'file' | 'directory' | 'symlink' | 'special'

/** One entry of a zip archive; nothing is extracted. */
export interface ZipEntryInfo {
  /** The stored name, decoded (UTF-8 when flagged, else CP437). Backslashes are kept. */
  name: string
  /** The Info-ZIP Unicode Path extra field (0x7075), when the entry has one: unzippers may use it instead. */
  unicodeName?: string
  kind: EntryKind
  /** For kind 'special': what the Unix mode says it is. */
  special?: 'fifo' | 'character device' | 'block device' | 'socket'
  /** Bytes it unpacks to: measured by inflating it when it could be, else as declared. */
  size: number
  /** Inflating stopped at a limit: it unpacks to more than `size`. */
  partly?: true
  declaredSize: number
  compressedSize: number
  encrypted: boolean
  /** The target a symlink entry stores, when it could be read (not encrypted, not oversized). */
  linkTarget?: string
}

export type ListingProblemCode =
  'structure' | 'local-mismatch' | 'name-mismatch' | 'hidden-data' | 'size-mismatch' | 'special' | 'method' | 'crc'

/** What the structure of the archive says about it, found while listing. */
export interface ListingProblem {
  code: ListingProblemCode
  entry?: string
  message: string
}

export interface ZipListing {
  path: string
  /** Entries the end-of-central-directory record declares; when above `maxEntries`, `entries` stays empty. */
  declaredEntries: number
  entries: ZipEntryInfo[]
  problems: ListingProblem[]
  /** Bytes the entries really unpack to, as far as they were inflated (inflating stops at the limits). */
  measuredSize: number
  /** True when inflating stopped at a limit, so `measuredSize` is a lower bound. */
  stopped: boolean
}

export interface ListingLimits {
  maxEntries: number
  /** Longest symlink target read (macOS PATH_MAX is 1024). */
  maxLinkTargetBytes: number
  /** Inflating stops past this many bytes in all. */
  maxTotalBytes: number
  /** ... or when an entry or the archive unpacks more than this ratio, once past `ratioFloorBytes`. */
  maxRatio: number
  ratioFloorBytes: number
}

// Unix file types in the high 16 bits of the external attributes.
const S_IFMT = 0o170000
const UNIX_TYPES: Readonly<Record<number, {kind: EntryKind; special?: ZipEntryInfo['special']}>> = {
  0o010000: {kind: 'special', special: 'fifo'},
  0o020000: {kind: 'special', special: 'character device'},
  0o040000: {kind: 'directory'},
  0o060000: {kind: 'special', special: 'block device'},
  0o100000: {kind: 'file'},
  0o120000: {kind: 'symlink'},
  0o140000: {kind: 'special', special: 'socket'},
}

const SIG_LOCAL = 0x04034b50
const SIG_CENTRAL = 0x02014b50
const SIG_EOCD = 0x06054b50
const SIG_EOCD64 = 0x06064b50
const SIG_LOCATOR64 = 0x07064b50
const SIG_DESCRIPTOR = 0x08074b50
const FLAG_ENCRYPTED = 0x0001
const FLAG_DESCRIPTOR = 0x0008
const FLAG_UTF8 = 0x0800
const FLAG_STRONG = 0x0040

/** Code page 437 above 0x7f, the names of zips written without the UTF-8 flag (APPNOTE appendix D). */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0'

function cp437(bytes: Buffer): string {
  let out = ''
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80]!
  return out
}

interface Central {
  madeBy: number
  flags: number
  method: number
  crc: number
  compressedSize: number
  size: number
  rawName: Buffer
  name: string
  unicodeName?: string
  external: number
  localOffset: number
}

/** An archive that is not a zip we can read: exit 2, as any unreadable input. */
function unreadable(path: string, why: string): PppcError {
  return new PppcError(`${path} is not a readable zip archive (${why})`, {
    hint: 'give the .zip the browser downloaded; download it again if it was cut short',
  })
}

class Reader {
  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  async bytes(at: number, length: number): Promise<Buffer> {
    if (at < 0 || length < 0 || at + length > this.size) throw new RangeError('past the end of the file')
    const buffer = Buffer.alloc(length)
    let done = 0
    while (done < length) {
      const {bytesRead} = await this.handle.read(buffer, done, length - done, at + done)
      if (bytesRead === 0) throw new RangeError('the file ended early')
      done += bytesRead
    }
    return buffer
  }
}

/** Extra fields: the ZIP64 sizes and offset (0x0001) and the Info-ZIP Unicode Path (0x7075). */
function readExtra(
  extra: Buffer,
  rawName: Buffer,
  needs: {size: boolean; compressedSize: boolean; offset: boolean},
): {zip64: {size?: number; compressedSize?: number; offset?: number}; unicodeName?: string; bad?: string} {
  const out: {zip64: {size?: number; compressedSize?: number; offset?: number}; unicodeName?: string; bad?: string} = {
    zip64: {},
  }
  let i = 0
  while (i + 4 <= extra.length) {
    const id = extra.readUInt16LE(i)
    const length = extra.readUInt16LE(i + 2)
    const data = extra.subarray(i + 4, i + 4 + length)
    if (data.length < length) return {...out, bad: 'an extra field runs past its entry'}
    if (id === 0x0001) {
      let j = 0
      const next = (): number | undefined => {
        if (j + 8 > data.length) return undefined
        const v = data.readBigUInt64LE(j)
        j += 8
        return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v)
      }
      const size = needs.size ? next() : undefined
      const compressedSize = needs.compressedSize ? next() : undefined
      const offset = needs.offset ? next() : undefined
      if (size !== undefined) out.zip64.size = size
      if (compressedSize !== undefined) out.zip64.compressedSize = compressedSize
      if (offset !== undefined) out.zip64.offset = offset
    } else if (id === 0x7075 && length >= 5 && data[0] === 1) {
      // Version 1, the CRC-32 of the header's own name, then the UTF-8 name. A stale CRC means unzippers ignore it,
      // but some do not check: it is kept either way, and both names are judged.
      out.unicodeName = data.subarray(5).toString('utf8')
      if (data.readUInt32LE(1) !== crc32(rawName)) out.bad = 'its Unicode Path field belongs to another name'
    }
    i += 4 + length
  }
  if (i !== extra.length) out.bad = 'its extra fields are malformed'
  return out
}

function kindOf(central: Central): {kind: EntryKind; special?: ZipEntryInfo['special']} {
  // The Unix type bits are read whatever the host byte says: some unzippers honour them from any host, so a symlink
  // stored with an MS-DOS host byte is still a symlink to the one that extracts it.
  const type = (central.external >>> 16) & S_IFMT
  if (type !== 0) {
    const known = UNIX_TYPES[type]
    if (known) return known
    return {kind: 'special'}
  }
  if ((central.external & 0x10) !== 0 || central.name.endsWith('/')) return {kind: 'directory'}
  return {kind: 'file'}
}

async function findEnd(reader: Reader, path: string): Promise<{at: number; record: Buffer}> {
  const tail = Math.min(reader.size, 22 + 0xffff)
  const buffer = await reader.bytes(reader.size - tail, tail)
  for (let i = buffer.length - 22; i >= 0; i--) {
    if (buffer.readUInt32LE(i) !== SIG_EOCD) continue
    // The record's comment must end exactly at the end of the file; anything after it is data nobody accounts for.
    if (i + 22 + buffer.readUInt16LE(i + 20) !== buffer.length) continue
    return {at: reader.size - tail + i, record: buffer.subarray(i, i + 22)}
  }
  throw unreadable(path, 'no end of central directory record')
}

/**
 * Lists the zip archive `file` (reported as `path`). The file must be a regular file (checked with lstat before it is
 * opened: a FIFO named x.zip would block forever). Structural disagreements are returned as problems; only a file
 * that is not a zip at all is an error.
 */
export async function listZip(file: string, limits: ListingLimits, path = file): Promise<ZipListing> {
  const info = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    throw new PppcError(`cannot read ${path} (${error.code ?? error.message})`, {
      hint: 'give the path of the downloaded .zip',
    })
  })
  if (!info.isFile())
    throw new PppcError(
      `${path} is ${info.isSymbolicLink() ? 'a symlink' : info.isFIFO() ? 'a FIFO' : info.isDirectory() ? 'a folder' : 'a device or socket'}, not a file`,
      {hint: 'give the downloaded .zip itself'},
    )
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new PppcError(`cannot read ${path} (${error.code ?? error.message})`, {
      hint: 'give the path of the downloaded .zip',
    })
  })
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new PppcError(`${path} is not a regular file`, {hint: 'give the downloaded .zip itself'})
    return await list(new Reader(handle, stat.size), limits, path)
  } catch (error) {
    if (error instanceof PppcError) throw error
    throw unreadable(path, (error as Error).message)
  } finally {
    await handle.close()
  }
}

async function list(reader: Reader, limits: ListingLimits, path: string): Promise<ZipListing> {
  const problems: ListingProblem[] = []
  const problem = (code: ListingProblemCode, message: string, entry?: string): void => {
    problems.push({code, message, ...(entry === undefined ? {} : {entry})})
  }
  if (reader.size < 22) throw unreadable(path, 'too short to be a zip')
  const end = await findEnd(reader, path)
  let declared = end.record.readUInt16LE(10)
  let directorySize = end.record.readUInt32LE(12)
  let directoryAt = end.record.readUInt32LE(16)
  let directoryEnd = end.at
  const disk = end.record.readUInt16LE(4)
  const directoryDisk = end.record.readUInt16LE(6)
  if (disk !== 0 || directoryDisk !== 0 || end.record.readUInt16LE(8) !== declared)
    throw unreadable(path, 'a multi-part (spanned) archive')
  if (declared === 0xffff || directorySize === 0xffffffff || directoryAt === 0xffffffff) {
    // ZIP64: the locator sits just before the record and points at the ZIP64 end of central directory.
    const locatorAt = end.at - 20
    const locator = await reader.bytes(locatorAt, 20)
    if (locator.readUInt32LE(0) !== SIG_LOCATOR64) throw unreadable(path, 'a ZIP64 archive without its locator')
    const recordAt = Number(locator.readBigUInt64LE(8))
    const record = await reader.bytes(recordAt, 56)
    if (record.readUInt32LE(0) !== SIG_EOCD64) throw unreadable(path, 'a ZIP64 locator pointing nowhere')
    declared = Number(record.readBigUInt64LE(32))
    directorySize = Number(record.readBigUInt64LE(40))
    directoryAt = Number(record.readBigUInt64LE(48))
    directoryEnd = recordAt
  }
  const listing: ZipListing = {path, declaredEntries: declared, entries: [], problems, measuredSize: 0, stopped: false}
  if (declared > limits.maxEntries) return listing
  if (directoryAt + directorySize !== directoryEnd)
    problem(
      'structure',
      `its central directory (${directorySize} bytes at ${directoryAt}) does not end where the end record starts (${directoryEnd}): bytes nobody accounts for`,
    )
  if (directoryAt + directorySize > directoryEnd || directorySize > 64 * 1024 ** 2)
    throw unreadable(path, 'its central directory does not fit the file')

  // Every central directory entry in the region, not just as many as the end record declares: a count that lies
  // hides the entries after it from readers that trust it, but not from unzip.
  const directory = await reader.bytes(directoryAt, directorySize)
  const centrals: Central[] = []
  let i = 0
  while (i < directory.length) {
    if (i + 46 > directory.length || directory.readUInt32LE(i) !== SIG_CENTRAL) {
      problem('structure', `its central directory holds ${directory.length - i} bytes that are not an entry`)
      break
    }
    const nameLength = directory.readUInt16LE(i + 28)
    const extraLength = directory.readUInt16LE(i + 30)
    const commentLength = directory.readUInt16LE(i + 32)
    const rawName = directory.subarray(i + 46, i + 46 + nameLength)
    const extra = directory.subarray(i + 46 + nameLength, i + 46 + nameLength + extraLength)
    const flags = directory.readUInt16LE(i + 8)
    const c: Central = {
      madeBy: directory.readUInt16LE(i + 4),
      flags,
      method: directory.readUInt16LE(i + 10),
      crc: directory.readUInt32LE(i + 16),
      compressedSize: directory.readUInt32LE(i + 20),
      size: directory.readUInt32LE(i + 24),
      rawName: Buffer.from(rawName),
      name: flags & FLAG_UTF8 ? rawName.toString('utf8') : cp437(rawName),
      external: directory.readUInt32LE(i + 38),
      localOffset: directory.readUInt32LE(i + 42),
    }
    const fields = readExtra(extra, rawName, {
      size: c.size === 0xffffffff,
      compressedSize: c.compressedSize === 0xffffffff,
      offset: c.localOffset === 0xffffffff,
    })
    if (fields.zip64.size !== undefined) c.size = fields.zip64.size
    if (fields.zip64.compressedSize !== undefined) c.compressedSize = fields.zip64.compressedSize
    if (fields.zip64.offset !== undefined) c.localOffset = fields.zip64.offset
    if (fields.unicodeName !== undefined) c.unicodeName = fields.unicodeName
    if (fields.bad) problem('name-mismatch', `entry "${c.name}": ${fields.bad}`, c.name)
    if (c.unicodeName !== undefined && c.unicodeName.normalize('NFC') !== c.name.normalize('NFC'))
      problem(
        'name-mismatch',
        `entry "${c.name}" carries another name in its Unicode Path field ("${c.unicodeName}"): unzippers disagree on which one they write`,
        c.name,
      )
    centrals.push(c)
    i += 46 + nameLength + extraLength + commentLength
    if (centrals.length > limits.maxEntries) break
  }
  if (centrals.length !== declared)
    problem(
      'structure',
      `its end record declares ${declared} entries but the central directory holds ${centrals.length}: readers that trust the count miss some`,
    )
  listing.declaredEntries = Math.max(declared, centrals.length)
  if (centrals.length > limits.maxEntries) return listing

  // Local headers: each must agree with its central entry, and together with their data they must tile the file
  // from its first byte to the central directory, with nothing between them and no two sharing bytes.
  const byOffset = [...centrals].sort((a, b) => a.localOffset - b.localOffset)
  let expected = 0
  const dataOf = new Map<Central, number>()
  for (const c of byOffset) {
    if (c.localOffset !== expected) {
      problem(
        c.localOffset < expected ? 'structure' : 'hidden-data',
        c.localOffset < expected
          ? `entry "${c.name}" shares bytes with the entry before it (overlapping entries, a zip bomb's trick)`
          : `${c.localOffset - expected} bytes before entry "${c.name}" belong to no entry of the central directory (a hidden entry?)`,
        c.name,
      )
    }
    const header = await reader.bytes(c.localOffset, 30).catch(() => undefined)
    if (!header || header.readUInt32LE(0) !== SIG_LOCAL) {
      problem('local-mismatch', `entry "${c.name}" has no local header where the central directory says`, c.name)
      expected = Math.max(expected, c.localOffset)
      continue
    }
    const flags = header.readUInt16LE(6)
    const method = header.readUInt16LE(8)
    const nameLength = header.readUInt16LE(26)
    const extraLength = header.readUInt16LE(28)
    const localName = await reader.bytes(c.localOffset + 30, nameLength)
    const localExtra = await reader.bytes(c.localOffset + 30 + nameLength, extraLength)
    const differs: string[] = []
    if (!localName.equals(c.rawName)) differs.push(`name "${cp437(localName)}"`)
    if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG)) !== (c.flags & (FLAG_ENCRYPTED | FLAG_STRONG)))
      differs.push('encryption flag')
    if ((flags & FLAG_UTF8) !== (c.flags & FLAG_UTF8)) differs.push('name encoding flag')
    if (method !== c.method) differs.push(`compression method ${method}`)
    const local = readExtra(localExtra, localName, {
      size: header.readUInt32LE(22) === 0xffffffff,
      compressedSize: header.readUInt32LE(18) === 0xffffffff,
      offset: false,
    })
    if (
      local.unicodeName !== undefined &&
      local.unicodeName.normalize('NFC') !== (c.unicodeName ?? c.name).normalize('NFC')
    )
      differs.push(`Unicode Path "${local.unicodeName}"`)
    if (!(flags & FLAG_DESCRIPTOR)) {
      const localCompressed = local.zip64.compressedSize ?? header.readUInt32LE(18)
      const localSize = local.zip64.size ?? header.readUInt32LE(22)
      if (localCompressed !== c.compressedSize || localSize !== c.size) differs.push('sizes')
      if (header.readUInt32LE(14) !== c.crc) differs.push('CRC')
    }
    if (differs.length > 0)
      problem(
        'local-mismatch',
        `entry "${c.name}": its local header gives another ${differs.join(', ')} than the central directory; unzippers disagree on what it is`,
        c.name,
      )
    const dataAt = c.localOffset + 30 + nameLength + extraLength
    dataOf.set(c, dataAt)
    expected = dataAt + c.compressedSize
    if (flags & FLAG_DESCRIPTOR) expected += await descriptorLength(reader, expected, c)
  }
  if (expected !== directoryAt && centrals.length > 0)
    problem(
      expected < directoryAt ? 'hidden-data' : 'structure',
      expected < directoryAt
        ? `${directoryAt - expected} bytes before the central directory belong to no entry (a hidden entry?)`
        : 'the last entry runs into the central directory',
    )

  // Kinds, names and the real unpacked sizes.
  let total = 0
  for (const c of centrals) {
    const {kind, special} = kindOf(c)
    const entry: ZipEntryInfo = {
      name: c.name,
      ...(c.unicodeName !== undefined ? {unicodeName: c.unicodeName} : {}),
      kind,
      ...(special ? {special} : {}),
      size: c.size,
      declaredSize: c.size,
      compressedSize: c.compressedSize,
      encrypted: (c.flags & (FLAG_ENCRYPTED | FLAG_STRONG)) !== 0,
    }
    listing.entries.push(entry)
    if (kind === 'special')
      problem(
        'special',
        `entry "${c.name}" is ${special ? `a ${special}` : `a file of unknown type (mode ${(c.external >>> 16).toString(8)})`}; an app download holds files, folders and symlinks only`,
        c.name,
      )
    const dataAt = dataOf.get(c)
    if (entry.encrypted || dataAt === undefined || listing.stopped) continue
    if (c.method !== 0 && c.method !== 8) {
      problem('method', `entry "${c.name}" uses compression method ${c.method}; app downloads use deflate`, c.name)
      continue
    }
    const keep = kind === 'symlink' ? limits.maxLinkTargetBytes : 0
    const measured = await inflate(reader, dataAt, c, {
      keep,
      stopAt: Math.max(0, limits.maxTotalBytes - total),
      maxRatio: limits.maxRatio,
      ratioFloor: limits.ratioFloorBytes,
    })
    total += measured.size
    entry.size = measured.size
    if (measured.error) {
      problem('structure', `entry "${c.name}" does not unpack: ${measured.error}`, c.name)
      continue
    }
    if (measured.stopped) {
      // What it unpacks to is more than this: archive.ts reports the ratio or the size, on the measured bytes.
      listing.stopped = true
      entry.partly = true
      continue
    }
    if (measured.size !== c.size)
      problem(
        'size-mismatch',
        `entry "${c.name}" declares ${c.size} bytes but unpacks to ${measured.size}: the declared sizes lie`,
        c.name,
      )
    else if (measured.crc !== c.crc)
      problem('crc', `entry "${c.name}" does not match its CRC-32: the archive is damaged or was changed`, c.name)
    if (kind === 'symlink' && measured.kept && measured.size <= limits.maxLinkTargetBytes)
      entry.linkTarget = measured.kept.toString('utf8')
  }
  listing.measuredSize = total
  return listing
}

async function descriptorLength(reader: Reader, at: number, c: Central): Promise<number> {
  const probe = await reader.bytes(at, Math.min(24, reader.size - at)).catch(() => Buffer.alloc(0))
  const signed = probe.length >= 4 && probe.readUInt32LE(0) === SIG_DESCRIPTOR ? 4 : 0
  // CRC, then sizes of 4 bytes (or 8 in ZIP64 archives: the one whose sizes match is taken).
  if (probe.length >= signed + 12 && probe.readUInt32LE(signed) === c.crc) {
    if (probe.length >= signed + 12 && probe.readUInt32LE(signed + 4) === c.compressedSize) return signed + 12
    if (probe.length >= signed + 20 && Number(probe.readBigUInt64LE(signed + 4)) === c.compressedSize)
      return signed + 20
  }
  return signed + 12
}

interface Inflated {
  size: number
  crc: number
  kept?: Buffer
  stopped?: 'ratio' | 'total'
  error?: string
}

/**
 * Inflates one entry from the file, chunk by chunk, counting what comes out and keeping none of it (but the first
 * `keep` bytes, for a symlink's target). Stops as soon as the entry passes the total left or the ratio ceiling.
 */
async function inflate(
  reader: Reader,
  at: number,
  c: Central,
  options: {keep: number; stopAt: number; maxRatio: number; ratioFloor: number},
): Promise<Inflated> {
  const out: Inflated = {size: 0, crc: 0}
  const kept: Buffer[] = []
  let keptLength = 0
  const take = (chunk: Buffer): 'ratio' | 'total' | undefined => {
    out.size += chunk.length
    out.crc = crc32(chunk, out.crc)
    if (keptLength < options.keep) {
      kept.push(chunk.subarray(0, options.keep - keptLength + 1))
      keptLength += Math.min(chunk.length, options.keep - keptLength + 1)
    }
    if (out.size > options.stopAt) return 'total'
    if (out.size >= options.ratioFloor && out.size / Math.max(c.compressedSize, 1) > options.maxRatio) return 'ratio'
    return undefined
  }
  const CHUNK = 256 * 1024
  if (c.method === 0) {
    for (let done = 0; done < c.compressedSize; done += CHUNK) {
      const chunk = await reader.bytes(at + done, Math.min(CHUNK, c.compressedSize - done))
      const stop = take(chunk)
      if (stop) return {...out, stopped: stop}
    }
  } else {
    const result = await new Promise<Inflated>((resolve) => {
      const inflater = createInflateRaw({chunkSize: 64 * 1024})
      let settled = false
      const finish = (value: Inflated): void => {
        if (settled) return
        settled = true
        inflater.destroy()
        resolve(value)
      }
      inflater.on('data', (chunk: Buffer) => {
        const stop = take(chunk)
        if (stop) finish({...out, stopped: stop})
      })
      inflater.on('error', (error) => finish({...out, error: error.message}))
      inflater.on('end', () => finish({...out}))
      void (async () => {
        try {
          for (let done = 0; done < c.compressedSize && !settled; done += CHUNK) {
            const chunk = await reader.bytes(at + done, Math.min(CHUNK, c.compressedSize - done))
            if (!inflater.write(chunk)) await new Promise((r) => inflater.once('drain', r))
          }
          if (!settled) inflater.end()
        } catch (error) {
          finish({...out, error: (error as Error).message})
        }
      })()
    })
    if (result.stopped || result.error) return result
  }
  if (kept.length > 0) out.kept = Buffer.concat(kept)
  return out
}
