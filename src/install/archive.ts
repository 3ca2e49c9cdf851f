/**
 * Verdicts on a zip listing, before anything is extracted: is it one app bundle whose every entry and symlink stays
 * inside the folder it is extracted to? Pure: a listing in, an inspection out.
 */
import type {ListingProblemCode, ZipEntryInfo, ZipListing} from './zip-listing.js'
import {formatBytes} from '../profiles/limits.js'

export interface ArchiveLimits {
  maxEntries: number
  /** Total unpacked bytes. */
  maxTotalBytes: number
  /** Unpacked / packed bytes, for the whole archive and for any single entry, once they reach `ratioFloorBytes`. */
  maxRatio: number
  ratioFloorBytes: number
  maxLinkTargetBytes: number
}

/**
 * What a remote-support client download can sanely be. The BeyondTrust client is tens of megabytes; Mach-O code and
 * resources pack about 2-5 to 1, while a zip bomb packs near deflate's limit of about 1000 to 1.
 */
export const ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 2 * 1024 ** 3,
  maxRatio: 100,
  ratioFloorBytes: 1024 ** 2,
  maxLinkTargetBytes: 1024,
}

export type ArchiveProblemCode =
  | 'absolute-path'
  | 'dot-dot'
  | 'link-escapes'
  | 'link-unreadable'
  | 'through-link'
  | 'duplicate'
  | 'encrypted'
  | 'no-app'
  | 'several-apps'
  | 'too-many-entries'
  | 'too-large'
  | 'ratio'
  | 'entry-ratio'
  | ListingProblemCode

/** One kind of problem, with how many entries have it and the first one, so a hostile archive gives a short report. */
export interface ArchiveProblem {
  code: ArchiveProblemCode
  count: number
  entry?: string
  message: string
}

export interface ArchiveSymlink {
  path: string
  target: string
  /** Where it leads inside the extraction folder, or null when it leads out (or cannot be followed). */
  resolved: string | null
}

export interface ArchiveInspection {
  path: string
  /** The one top-level .app folder, when there is exactly one. */
  app: string | null
  apps: string[]
  /** Top-level items that are not the app (left in the temporary folder, never installed). */
  others: string[]
  counts: {entries: number; files: number; directories: number; symlinks: number}
  size: number
  compressedSize: number
  ratio: number
  symlinks: ArchiveSymlink[]
  problems: ArchiveProblem[]
  safe: boolean
}

/** Folders and files the Mac's archivers add that are not part of the content: AppleDouble data and Finder state. */
function isMacMetadata(topLevel: string): boolean {
  return topLevel === '__MACOSX' || topLevel.startsWith('._') || topLevel === '.DS_Store'
}

/** Path components the way the Mac will see them: backslashes count as separators, empty and `.` parts vanish. */
function components(name: string): string[] {
  return name.split(/[\\/]+/).filter((c) => c !== '' && c !== '.')
}

function isAbsolute(name: string): boolean {
  return /^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)
}

const MAX_LINK_HOPS = 40

/** macOS file systems ignore case and Unicode normalisation by default: "A/x" and "a/X" are the same file there. */
function fold(path: string): string {
  return path.normalize('NFC').toLowerCase()
}

/**
 * Follows a path inside the extraction folder as the file system would, through the archive's own symlinks: the
 * components it ends at, 'outside' when it is absolute or climbs above the folder, 'loop' when links go round.
 */
function follow(
  from: string[],
  target: string,
  links: Map<string, string>,
  hops: {left: number},
): string[] | 'outside' | 'loop' {
  if (isAbsolute(target)) return 'outside'
  const stack = [...from]
  for (const part of components(target)) {
    if (part === '..') {
      if (stack.length === 0) return 'outside'
      stack.pop()
      continue
    }
    stack.push(part)
    const inner = links.get(fold(stack.join('/')))
    if (inner !== undefined) {
      if (--hops.left < 0) return 'loop'
      const resolved = follow(stack.slice(0, -1), inner, links, hops)
      if (!Array.isArray(resolved)) return resolved
      stack.splice(0, stack.length, ...resolved)
    }
  }
  return stack
}

class ProblemList {
  private readonly byCode = new Map<ArchiveProblemCode, ArchiveProblem>()

  add(code: ArchiveProblemCode, entry: string | undefined, message: string): void {
    const known = this.byCode.get(code)
    if (known) known.count++
    else this.byCode.set(code, {code, count: 1, ...(entry === undefined ? {} : {entry}), message})
  }

  list(): ArchiveProblem[] {
    return [...this.byCode.values()].map((p) =>
      p.count > 1
        ? {...p, message: `${p.message}; ${p.count - 1} more ${p.count === 2 ? 'entry' : 'entries'} like it`}
        : p,
    )
  }
}

export function inspectArchive(listing: ZipListing, limits: ArchiveLimits = ARCHIVE_LIMITS): ArchiveInspection {
  const problems = new ProblemList()
  const entries = listing.entries
  const counts = {entries: listing.declaredEntries, files: 0, directories: 0, symlinks: 0}
  if (listing.declaredEntries > limits.maxEntries) {
    problems.add(
      'too-many-entries',
      undefined,
      `it declares ${listing.declaredEntries} entries, more than the ${limits.maxEntries} an app download can sanely have`,
    )
  }

  const links = new Map<string, string>() // folded path -> target
  const linkNames = new Map<string, string>() // folded path -> path as stored
  const seen = new Map<string, ZipEntryInfo>()
  const topLevel = new Map<string, boolean>() // name -> is a folder (has children or is a directory entry)
  let size = 0
  let compressedSize = 0

  // What the structure says (local headers against the central directory, hidden bytes, special files, sizes that
  // lie), before what the names say.
  for (const p of listing.problems) problems.add(p.code, p.entry, p.message)

  for (const entry of entries) {
    counts[entry.kind === 'directory' ? 'directories' : entry.kind === 'symlink' ? 'symlinks' : 'files']++
    size += entry.size
    compressedSize += entry.compressedSize
    const parts = components(entry.name)
    // Both names are judged: some unzippers write the stored name, others the Unicode Path field's.
    for (const name of entry.unicodeName === undefined ? [entry.name] : [entry.name, entry.unicodeName]) {
      if (isAbsolute(name))
        problems.add(
          'absolute-path',
          name,
          `entry "${name}" has an absolute path and would be written outside the folder it is extracted to`,
        )
      if (components(name).includes('..'))
        problems.add(
          'dot-dot',
          name,
          `entry "${name}" climbs out with ".." and could be written outside the folder it is extracted to`,
        )
    }
    if (entry.encrypted)
      problems.add('encrypted', entry.name, `entry "${entry.name}" is encrypted; an app download never is`)
    if (entry.size >= limits.ratioFloorBytes && entry.size / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
      const more = entry.partly ? 'more than ' : ''
      problems.add(
        'entry-ratio',
        entry.name,
        `entry "${entry.name}" unpacks ${formatBytes(entry.compressedSize)} to ${more}${formatBytes(entry.size)} (ratio ${more ? 'over ' : ''}${Math.round(entry.size / Math.max(entry.compressedSize, 1))} to 1, limit ${limits.maxRatio}), like a zip bomb${entry.declaredSize !== entry.size && entry.partly ? `; it declares ${formatBytes(entry.declaredSize)}` : ''}`,
      )
    }
    if (parts.length === 0) continue

    const key = fold(parts.join('/'))
    const earlier = seen.get(key)
    if (earlier && !(earlier.kind === 'directory' && entry.kind === 'directory')) {
      problems.add(
        'duplicate',
        entry.name,
        `entry "${entry.name}" is stored twice; the second copy would replace the first after it was inspected`,
      )
    }
    seen.set(key, entry)

    const first = parts[0]!
    if (!isMacMetadata(first))
      topLevel.set(first, (topLevel.get(first) ?? false) || parts.length > 1 || entry.kind === 'directory')
    if (entry.kind === 'symlink') {
      if (entry.linkTarget === undefined) {
        problems.add(
          'link-unreadable',
          entry.name,
          `symlink "${entry.name}" has a target that cannot be read (encrypted or longer than ${limits.maxLinkTargetBytes} bytes)`,
        )
      } else {
        links.set(key, entry.linkTarget)
        linkNames.set(key, parts.join('/'))
      }
    }
  }

  // An entry stored below a symlink is written wherever the link points: the classic way to escape after a link.
  for (const entry of entries) {
    const parts = components(entry.name)
    for (let i = 1; i < parts.length; i++) {
      const prefix = fold(parts.slice(0, i).join('/'))
      if (links.has(prefix)) {
        problems.add(
          'through-link',
          entry.name,
          `entry "${entry.name}" is stored below the symlink "${linkNames.get(prefix)}" and would be written wherever it points`,
        )
        break
      }
    }
  }

  const apps = [...topLevel.entries()]
    .filter(([name, isFolder]) => isFolder && /\.app$/i.test(name))
    .map(([name]) => name)
  const others = [...topLevel.keys()].filter((name) => !apps.includes(name))
  if (apps.length === 0) problems.add('no-app', undefined, 'it holds no .app folder at its top level')
  if (apps.length > 1)
    problems.add(
      'several-apps',
      undefined,
      `it holds ${apps.length} apps at its top level (${apps.join(', ')}); a vendor download holds one`,
    )

  const symlinks: ArchiveSymlink[] = []
  for (const [key, target] of links) {
    const path = linkNames.get(key)!
    const parts = path.split('/')
    const resolved = follow(parts.slice(0, -1), target, links, {left: MAX_LINK_HOPS})
    // A link inside an app must stay inside that app: only the app is moved to its destination.
    const scope = /\.app$/i.test(parts[0]!) && parts.length > 1 ? parts[0]! : undefined
    const inside =
      Array.isArray(resolved) &&
      (scope === undefined || (resolved[0] !== undefined && fold(resolved[0]) === fold(scope)))
    symlinks.push({path, target, resolved: inside ? resolved.join('/') : null})
    if (resolved === 'loop')
      problems.add('link-escapes', path, `symlink "${path}" points to "${target}" and goes round in a loop of links`)
    else if (!inside)
      problems.add(
        'link-escapes',
        path,
        `symlink "${path}" points to "${target}", outside ${scope ? `the bundle ${scope}` : 'the folder it is extracted to'}`,
      )
  }

  if (
    size > limits.maxTotalBytes ||
    (listing.stopped && !entries.some((e) => e.partly && e.size / Math.max(e.compressedSize, 1) > limits.maxRatio))
  )
    problems.add(
      'too-large',
      undefined,
      `it unpacks to ${listing.stopped ? 'at least ' : ''}${formatBytes(size)}, more than the ${formatBytes(limits.maxTotalBytes)} limit`,
    )
  const ratio = size / Math.max(compressedSize, 1)
  if (size >= limits.ratioFloorBytes && ratio > limits.maxRatio) {
    problems.add(
      'ratio',
      undefined,
      `it unpacks ${formatBytes(compressedSize)} to ${formatBytes(size)} (ratio ${Math.round(ratio)} to 1, limit ${limits.maxRatio}), like a zip bomb`,
    )
  }

  const list = problems.list()
  return {
    path: listing.path,
    app: apps.length === 1 ? apps[0]! : null,
    apps,
    others,
    counts,
    size,
    compressedSize,
    ratio: Math.round(ratio * 10) / 10,
    symlinks,
    problems: list,
    safe: list.length === 0,
  }
}
