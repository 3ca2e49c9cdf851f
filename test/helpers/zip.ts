/**
 * A small zip writer for tests: real archives (readable by unzip, zipinfo, ditto), including what a well-behaved
 * writer refuses to make: names with ".." or an absolute path, symlinks anywhere, traditional (ZipCrypto) encryption,
 * duplicate names.
 */
import {createDeflateRaw, deflateRawSync} from 'node:zlib'

export interface ZipItem {
  name: string
  kind?: 'file' | 'directory' | 'symlink'
  /** File content, or a symlink's target. */
  data?: string | Buffer
  /** Unix permission bits (default 0644 files, 0755 folders, 0777 links). */
  mode?: number
  deflate?: boolean
  /** Encrypts the entry with this password (traditional PKWARE encryption, general purpose bit 0). */
  password?: string
  /** Host byte of "version made by" (default 3, Unix; 0 is MS-DOS). */
  host?: number
  /** Unix file type bits to store instead of the kind's (e.g. 0o010000 for a FIFO, 0o020000 a character device). */
  unixType?: number
  /** An Info-ZIP Unicode Path extra field (0x7075) with this name, in both headers. */
  unicodePath?: string
  /** The name in the local header, when it should differ from the central directory's. */
  localName?: string
  /** General purpose flags in the local header, when they should differ. */
  localFlags?: number
  /** The uncompressed size both headers declare, when it should lie. */
  declaredSize?: number
  /** Deflated data made elsewhere (method 8), with the size and CRC of what it unpacks to. */
  deflated?: {data: Buffer; size: number; crc: number}
}

export interface ZipOptions {
  /** The entry count the end-of-central-directory record declares, when it should lie. */
  eocdCount?: number
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

function crcByte(crc: number, byte: number): number {
  return (CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)) >>> 0
}

export function crc32(data: Buffer): number {
  let crc = 0xffffffff
  for (const byte of data) crc = crcByte(crc, byte)
  return (crc ^ 0xffffffff) >>> 0
}

/** Traditional PKWARE encryption (APPNOTE 6.1): a 12-byte header whose last byte checks the password, then the data. */
function zipCrypto(data: Buffer, password: string, crc: number): Buffer {
  const keys = [0x12345678, 0x23456789, 0x34567890]
  const update = (byte: number): void => {
    keys[0] = crcByte(keys[0]!, byte)
    keys[1] = (Math.imul((keys[1]! + (keys[0]! & 0xff)) >>> 0, 134775813) + 1) >>> 0
    keys[2] = crcByte(keys[2]!, keys[1]! >>> 24)
  }
  const streamByte = (): number => {
    const temp = (keys[2]! | 2) & 0xffff
    return (Math.imul(temp, temp ^ 1) >>> 8) & 0xff
  }
  for (const byte of Buffer.from(password, 'utf8')) update(byte)
  const header = Buffer.alloc(12, 0x5a)
  header[11] = crc >>> 24
  const plain = Buffer.concat([header, data])
  const out = Buffer.alloc(plain.length)
  plain.forEach((byte, i) => {
    out[i] = byte ^ streamByte()
    update(byte)
  })
  return out
}

const S_IFREG = 0o100000
const S_IFDIR = 0o040000
const S_IFLNK = 0o120000
const DOS_TIME = 0x6000 // 12:00:00
const DOS_DATE = ((2024 - 1980) << 9) | (7 << 5) | 24 // 2024-07-24

function unicodePathField(name: Buffer, unicode: string): Buffer {
  const text = Buffer.from(unicode, 'utf8')
  const field = Buffer.alloc(9 + text.length)
  field.writeUInt16LE(0x7075, 0)
  field.writeUInt16LE(5 + text.length, 2)
  field[4] = 1
  field.writeUInt32LE(crc32(name), 5)
  text.copy(field, 9)
  return field
}

export function buildZip(items: ZipItem[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const item of items) {
    const kind = item.kind ?? (item.name.endsWith('/') ? 'directory' : 'file')
    const name = Buffer.from(item.name, 'utf8')
    const plain = Buffer.isBuffer(item.data) ? item.data : Buffer.from(item.data ?? '', 'utf8')
    const crc = item.deflated?.crc ?? crc32(plain)
    const method = item.deflate || item.deflated ? 8 : 0
    let stored = item.deflated?.data ?? (item.deflate ? deflateRawSync(plain, {level: 9}) : plain)
    const plainSize = item.declaredSize ?? item.deflated?.size ?? plain.length
    let flags = 0x0800 // names are UTF-8
    if (item.password !== undefined) {
      stored = zipCrypto(stored, item.password, crc)
      flags |= 0x0001
    }
    const type = item.unixType ?? (kind === 'directory' ? S_IFDIR : kind === 'symlink' ? S_IFLNK : S_IFREG)
    const mode = item.mode ?? (kind === 'directory' ? 0o755 : kind === 'symlink' ? 0o777 : 0o644)
    const external = (((type | mode) << 16) | (kind === 'directory' ? 0x10 : 0)) >>> 0
    const localName = item.localName === undefined ? name : Buffer.from(item.localName, 'utf8')
    const extra = item.unicodePath === undefined ? Buffer.alloc(0) : unicodePathField(name, item.unicodePath)

    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(item.localFlags ?? flags, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(DOS_TIME, 10)
    local.writeUInt16LE(DOS_DATE, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(stored.length, 18)
    local.writeUInt32LE(plainSize, 22)
    local.writeUInt16LE(localName.length, 26)
    local.writeUInt16LE(extra.length, 28)
    locals.push(local, localName, extra, stored)

    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    // made by Unix (or the host given), spec 3.0: external attributes carry the Unix mode
    central.writeUInt16LE(((item.host ?? 3) << 8) | 30, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt16LE(DOS_TIME, 12)
    central.writeUInt16LE(DOS_DATE, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(stored.length, 20)
    central.writeUInt32LE(plainSize, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt16LE(extra.length, 30)
    central.writeUInt32LE(external, 38)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name, extra)
    offset += local.length + localName.length + extra.length + stored.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(options.eocdCount ?? items.length, 8)
  end.writeUInt16LE(options.eocdCount ?? items.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/**
 * An app bundle as a vendor ships it: Info.plist, executable, code signature, and a framework whose Versions/Current,
 * top-level binary and Resources are symlinks (as every macOS framework has).
 */
export function appBundle(app: string, options: {executable?: string} = {}): ZipItem[] {
  const exe = options.executable ?? 'sdcust'
  const fw = `${app}/Contents/Frameworks/Support.framework`
  return [
    {name: `${app}/`},
    {name: `${app}/Contents/`},
    {
      name: `${app}/Contents/Info.plist`,
      data: `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>CFBundleExecutable</key><string>${exe}</string><key>CFBundleIdentifier</key><string>com.bomgar.bomgar-scc</string></dict></plist>\n`,
      deflate: true,
    },
    {name: `${app}/Contents/MacOS/`},
    {
      name: `${app}/Contents/MacOS/${exe}`,
      data: Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.from('executable code '.repeat(200))]),
      mode: 0o755,
      deflate: true,
    },
    {name: `${app}/Contents/_CodeSignature/`},
    {
      name: `${app}/Contents/_CodeSignature/CodeResources`,
      data: '<plist version="1.0"><dict><key>files</key><dict/></dict></plist>\n',
      deflate: true,
    },
    {name: `${app}/Contents/Frameworks/`},
    {name: `${fw}/`},
    {name: `${fw}/Versions/`},
    {name: `${fw}/Versions/A/`},
    {name: `${fw}/Versions/A/Support`, data: 'framework code '.repeat(100), mode: 0o755, deflate: true},
    {name: `${fw}/Versions/A/Resources/`},
    {name: `${fw}/Versions/A/Resources/Info.plist`, data: '<plist version="1.0"><dict/></plist>\n'},
    {name: `${fw}/Versions/Current`, kind: 'symlink', data: 'A'},
    {name: `${fw}/Support`, kind: 'symlink', data: 'Versions/Current/Support'},
    {name: `${fw}/Resources`, kind: 'symlink', data: 'Versions/Current/Resources'},
  ]
}

export const CLIENT_APP = 'Open To Start Support Session.app'

/** `bytes` zero bytes deflated, made in chunks (a gibibyte never sits in memory): a zip bomb's payload. */
export async function deflatedZeros(bytes: number): Promise<{data: Buffer; size: number; crc: number}> {
  const chunk = Buffer.alloc(Math.min(bytes, 16 * 1024 ** 2))
  const deflater = createDeflateRaw({level: 1})
  const out: Buffer[] = []
  deflater.on('data', (c: Buffer) => out.push(c))
  const done = new Promise((resolve) => deflater.on('end', resolve))
  let crc = 0
  const {crc32: zcrc} = await import('node:zlib')
  for (let left = bytes; left > 0; left -= chunk.length) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left)
    crc = zcrc(part, crc)
    if (!deflater.write(part)) await new Promise((r) => deflater.once('drain', r))
  }
  deflater.end()
  await done
  return {data: Buffer.concat(out), size: bytes, crc}
}
