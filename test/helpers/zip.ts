/**
 * A small zip writer for tests: real archives (readable by unzip, zipinfo, ditto), including what a well-behaved
 * writer refuses to make: names with ".." or an absolute path, symlinks anywhere, traditional (ZipCrypto) encryption,
 * duplicate names.
 */
import {deflateRawSync} from 'node:zlib'

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

export function buildZip(items: ZipItem[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const item of items) {
    const kind = item.kind ?? (item.name.endsWith('/') ? 'directory' : 'file')
    const name = Buffer.from(item.name, 'utf8')
    const plain = Buffer.isBuffer(item.data) ? item.data : Buffer.from(item.data ?? '', 'utf8')
    const crc = crc32(plain)
    const method = item.deflate ? 8 : 0
    let stored = item.deflate ? deflateRawSync(plain, {level: 9}) : plain
    let flags = 0x0800 // names are UTF-8
    if (item.password !== undefined) {
      stored = zipCrypto(stored, item.password, crc)
      flags |= 0x0001
    }
    const type = kind === 'directory' ? S_IFDIR : kind === 'symlink' ? S_IFLNK : S_IFREG
    const mode = item.mode ?? (kind === 'directory' ? 0o755 : kind === 'symlink' ? 0o777 : 0o644)
    const external = (((type | mode) << 16) | (kind === 'directory' ? 0x10 : 0)) >>> 0

    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(flags, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(DOS_TIME, 10)
    local.writeUInt16LE(DOS_DATE, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(stored.length, 18)
    local.writeUInt32LE(plain.length, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    locals.push(local, name, stored)

    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 30, 4) // made by Unix, spec 3.0: external attributes carry the Unix mode
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt16LE(DOS_TIME, 12)
    central.writeUInt16LE(DOS_DATE, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(stored.length, 20)
    central.writeUInt32LE(plain.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(external, 38)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += local.length + name.length + stored.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(items.length, 8)
  end.writeUInt16LE(items.length, 10)
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
