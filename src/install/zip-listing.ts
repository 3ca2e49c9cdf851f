import yauzl from 'yauzl'
import {PppcError} from '../errors.js'

export type EntryKind = 'file' | 'directory' | 'symlink'

/** One entry of a zip archive as its central directory describes it; nothing is extracted. */
export interface ZipEntryInfo {
  /** The stored name, decoded (UTF-8 flag, Info-ZIP Unicode path field, else CP437). Backslashes are kept. */
  name: string
  kind: EntryKind
  size: number
  compressedSize: number
  encrypted: boolean
  /** The target a symlink entry stores, when it could be read (not encrypted, not oversized). */
  linkTarget?: string
}

export interface ZipListing {
  path: string
  /** Entries the central directory declares; when above `maxEntries`, `entries` stays empty. */
  declaredEntries: number
  entries: ZipEntryInfo[]
}

export interface ListingLimits {
  maxEntries: number
  /** Longest symlink target read (macOS PATH_MAX is 1024). */
  maxLinkTargetBytes: number
}

// Unix file type bits in the high 16 bits of the external attributes, when the entry was made on Unix (3) or macOS (19).
const S_IFMT = 0o170000
const S_IFLNK = 0o120000
const S_IFDIR = 0o040000
const UNIX_HOSTS = new Set([3, 19])

function kindOf(entry: yauzl.Entry, name: string): EntryKind {
  if (UNIX_HOSTS.has(entry.versionMadeBy >> 8)) {
    const type = (entry.externalFileAttributes >>> 16) & S_IFMT
    if (type === S_IFLNK) return 'symlink'
    if (type === S_IFDIR) return 'directory'
  }
  return name.endsWith('/') ? 'directory' : 'file'
}

async function readLinkTarget(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<string | undefined> {
  if (entry.isEncrypted() || entry.uncompressedSize > limit || entry.compressedSize > limit + 64) return undefined
  const stream = await zip.openReadStreamPromise(entry)
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of stream) {
    length += (chunk as Buffer).length
    if (length > limit) {
      stream.destroy()
      return undefined
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Lists the zip archive `file` (reported as `path`) in-process with yauzl, reading only its central directory (and the few bytes of each symlink's
 * target). Names are decoded without yauzl's own validation, which would stop at the first bad name: the verdicts in
 * archive.ts report every problem instead.
 */
export async function listZip(file: string, limits: ListingLimits, path = file): Promise<ZipListing> {
  // autoClose off: the file stays open while symlink targets are read; close() below releases it.
  const zip = await yauzl
    .openPromise(file, {lazyEntries: true, decodeStrings: false, autoClose: false})
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code)
        throw new PppcError(`cannot read ${path} (${error.code})`, {hint: 'give the path of the downloaded .zip'})
      throw unreadable(path, error)
    })
  try {
    const listing: ZipListing = {path, declaredEntries: zip.entryCount, entries: []}
    if (zip.entryCount > limits.maxEntries) return listing
    for await (const entry of zip.eachEntry()) {
      const raw = entry.fileName as unknown as Buffer
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true)
      const kind = kindOf(entry, name)
      const info: ZipEntryInfo = {
        name,
        kind,
        size: entry.uncompressedSize,
        compressedSize: entry.compressedSize,
        encrypted: entry.isEncrypted(),
      }
      if (kind === 'symlink') {
        const target = await readLinkTarget(zip, entry, limits.maxLinkTargetBytes)
        if (target !== undefined) info.linkTarget = target
      }
      listing.entries.push(info)
    }
    return listing
  } catch (error) {
    throw unreadable(path, error)
  } finally {
    zip.close()
  }
}

function unreadable(path: string, error: unknown): PppcError {
  const why = (error as Error).message ?? String(error)
  if (/strong encryption/.test(why))
    return new PppcError(`${path} uses strong encryption`, {
      exitCode: 1,
      code: 'PPPC_UNSAFE_ARCHIVE',
      hint: 'an app download is never encrypted: download it again from the vendor',
    })
  return new PppcError(`${path} is not a readable zip archive (${why})`, {
    hint: 'give the .zip the browser downloaded; download it again if it was cut short',
  })
}
