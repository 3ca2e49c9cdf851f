import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(REPO, 'bin', 'run.js')
export const FIXTURES = join(REPO, 'fixtures')
/** Apple's schema files the project keeps (data/apple/SOURCE.md): the conformance tests read them here. */
export const APPLE_SCHEMA = join(REPO, 'data', 'apple')

/** Where the shared reference folder is expected: beside the clone (as CI clones it), or PPPC_SHARED. */
export function sharedLocation(): string {
  return process.env.PPPC_SHARED ?? resolve(REPO, '..', 'shared')
}

/** Whether the shared reference folder is there, so the second tier of tests (test/**\/*.shared.test.ts) can run. */
export function hasShared(): boolean {
  return existsSync(join(sharedLocation(), 'reference'))
}

/**
 * The shared reference folder, for second-tier tests only (files named *.shared.test.ts, which vitest leaves out when
 * the folder is missing; see vitest.config.ts).
 */
export function sharedDir(): string {
  const dir = sharedLocation()
  if (!hasShared())
    throw new Error(
      `the shared reference folder is missing at ${dir}: clone the project beside shared/ or set PPPC_SHARED`,
    )
  return dir
}
