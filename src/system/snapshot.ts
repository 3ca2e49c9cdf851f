import type {CommandResult, Unreadable} from './mac.js'

/**
 * What `pppc collect` did with each file it was asked for: copied under files/<absolute path>, or why not. A recorded
 * Mac answers "missing" or "denied" for a file from this list, and "not recorded" for a file it has never heard of.
 */
export interface FileRecord {
  path: string
  status: 'copied' | Exclude<Unreadable, 'not-recorded'>
  message?: string
}

/**
 * The snapshot format `pppc collect` writes. 1: the first format (no `formatVersion` key). 2: adds
 * `codesign -dv --verbose=4` (the certificate chain and CDHash), `ps -o pid=,ppid=,comm=` (which process started which),
 * each copy's CFBundleShortVersionString, the console user's admin membership and the screen-capture approvals file,
 * and asks `ls -1d` about every MDM agent of profiles/mdm.ts. A snapshot of an older format still loads: what it did
 * not record is unknown, never guessed.
 */
export const SNAPSHOT_FORMAT_VERSION = 2

/** The snapshot folder's index, commands.json. */
export interface SnapshotIndex {
  /** The format it was written in; absent in the first format. */
  formatVersion?: number
  recordedWith?: string
  collectedAt?: string
  /** The app pppc ran under on the Mac (the one that needs Full Disk Access to read TCC.db). */
  hostApp?: string
  commands: CommandResult[]
  files?: FileRecord[]
}

export const SNAPSHOT_INDEX = 'commands.json'
export const SNAPSHOT_FILES = 'files'

export function isCommandResult(value: unknown): value is CommandResult {
  const c = value as CommandResult
  return (
    Boolean(c) &&
    Array.isArray(c.argv) &&
    c.argv.every((a) => typeof a === 'string') &&
    typeof c.exitCode === 'number' &&
    typeof c.stdout === 'string' &&
    typeof c.stderr === 'string'
  )
}

const FILE_STATUSES = new Set(['copied', 'missing', 'denied', 'failed'])

export function isFileRecord(value: unknown): value is FileRecord {
  const f = value as FileRecord
  return (
    Boolean(f) &&
    typeof f.path === 'string' &&
    FILE_STATUSES.has(f.status) &&
    (f.message === undefined || typeof f.message === 'string')
  )
}
