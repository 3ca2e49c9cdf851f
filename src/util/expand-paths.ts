import {readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {PppcError} from '../errors.js'

const PROFILE_EXTENSIONS = /\.(mobileconfig|plist)$/i
const SKIPPED_FOLDERS = new Set(['node_modules', '.git'])
const GLOB_CHARS = /[*?[\]{}]/

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, {withFileTypes: true})
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) await walk(path, out)
    } else if (entry.isFile() && PROFILE_EXTENSIONS.test(entry.name)) {
      out.push(path)
    }
  }
}

/**
 * Files named on the command line: a file as given (whatever its name), a folder's .mobileconfig and .plist files
 * (recursively, skipping node_modules and .git), or a glob (quoted, so that CI configs work without a shell).
 */
export async function expandPaths(inputs: string[]): Promise<string[]> {
  if (inputs.length === 0)
    throw new PppcError('no files given', {hint: 'name profiles, folders or globs, e.g. pppc validate profiles/'})
  const files = new Set<string>()
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined)
    if (info?.isDirectory()) {
      const found: string[] = []
      await walk(input, found)
      for (const f of found) files.add(f)
    } else if (info) {
      // A FIFO, socket or device is named as given: the reader refuses it by its kind, on that file's report.
      files.add(input)
    } else if (GLOB_CHARS.test(input)) {
      const {glob} = await import('tinyglobby')
      const matches = await glob(input, {onlyFiles: true, expandDirectories: false})
      if (matches.length === 0)
        throw new PppcError(`no files match ${input}`, {
          hint: 'check the pattern and quote it so the shell passes it on',
        })
      for (const m of matches) files.add(m)
    } else {
      throw new PppcError(`no such file or folder: ${input}`)
    }
  }
  return [...files].sort()
}
