import {readdir, stat} from 'node:fs/promises'
import {join, sep} from 'node:path'
import {PppcError} from '../errors.js'

const PROFILE_EXTENSIONS = /\.(mobileconfig|plist)$/i
const SKIPPED_FOLDERS = new Set(['node_modules', '.git'])
const GLOB_CHARS = /[*?[\]{}]/

/**
 * A folder's profiles, recursively. A symlink named like a profile is followed when it is read (a link whose target is
 * gone, or is a folder, becomes a finding on it, not a silent gap); a symlink to a folder is not walked into (links can
 * loop): name it to validate what it holds.
 */
async function walk(dir: string, out: Map<string, boolean>): Promise<void> {
  const entries = await readdir(dir, {withFileTypes: true})
  // `dir` is normalised once (as join would), then each name appended: a join per entry cost more than the listing.
  const base = join(dir)
  const prefix = base === '.' ? '' : base.endsWith(sep) ? base : `${base}${sep}`
  for (const entry of entries) {
    const path = prefix + entry.name
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) await walk(path, out)
    } else if (PROFILE_EXTENSIONS.test(entry.name) && !out.has(path)) {
      if (entry.isFile()) out.set(path, true)
      else if (entry.isSymbolicLink()) out.set(path, false)
    }
  }
}

/**
 * A file to read, and whether a folder's listing gave it as a regular file (it is then opened without a stat first);
 * a path named, matched by a glob or listed as a symlink is looked at first.
 */
export interface InputPath {
  path: string
  listed: boolean
}

/**
 * Files named on the command line: a file as given (whatever its name), a folder's .mobileconfig and .plist files
 * (recursively, skipping node_modules and .git; see `walk` for symlinks), or a glob (quoted, so that CI configs work
 * without a shell).
 */
export async function expandPaths(inputs: string[]): Promise<InputPath[]> {
  if (inputs.length === 0)
    throw new PppcError('no files given', {hint: 'name profiles, folders or globs, e.g. pppc validate profiles/'})
  // Path → listed; a path both named and found in a folder is read as named.
  const files = new Map<string, boolean>()
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined)
    if (info?.isDirectory()) {
      await walk(input, files)
    } else if (info) {
      // A FIFO, socket or device is named as given: the reader refuses it by its kind, on that file's report.
      files.set(input, false)
    } else if (GLOB_CHARS.test(input)) {
      const {glob} = await import('tinyglobby')
      const matches = await glob(input, {onlyFiles: true, expandDirectories: false})
      if (matches.length === 0)
        throw new PppcError(`no files match ${input}`, {
          hint: 'check the pattern and quote it so the shell passes it on',
        })
      for (const m of matches) files.set(m, false)
    } else {
      throw new PppcError(`no such file or folder: ${input}`)
    }
  }
  return [...files.keys()].sort().map((path) => ({path, listed: files.get(path)!}))
}
