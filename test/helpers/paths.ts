import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(REPO, 'bin', 'run.js')
export const FIXTURES = join(REPO, 'fixtures')

/** The shared reference folder sits beside the clone (CI clones with shared/ beside it); PPPC_SHARED overrides. */
export function sharedDir(): string {
  const dir = process.env.PPPC_SHARED ?? resolve(REPO, '..', 'shared')
  if (!existsSync(join(dir, 'reference')))
    throw new Error(
      `the shared reference folder is missing at ${dir}: clone the project beside shared/ or set PPPC_SHARED`,
    )
  return dir
}
