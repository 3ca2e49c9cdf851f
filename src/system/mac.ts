/** What one macOS command printed. Recorded Macs store exactly this, keyed by argv. */
export interface CommandResult {
  argv: string[]
  exitCode: number
  stdout: string
  stderr: string
}

/**
 * Why a file or database could not be read: it is not there, the reading process lacks Full Disk Access (TCC) or
 * permission, the snapshot did not record it, or anything else (a garbage file, a missing sqlite3).
 */
export type Unreadable = 'missing' | 'denied' | 'not-recorded' | 'failed'

export type FileRead = {status: 'ok'; data: Buffer} | {status: Unreadable; message: string}

/** Rows of a query, each cell as sqlite3 prints it (NULL is the empty string). */
export type DbQuery = {status: 'ok'; rows: string[][]} | {status: Unreadable; message: string}

/**
 * The one boundary to a Mac. Every macOS command (sw_vers, profiles, codesign, spctl, xattr, ditto, sqlite3, open)
 * and every read of a system file goes through it, so the logic around it runs on Linux against recorded Macs.
 */
export interface Mac {
  readonly kind: 'live' | 'recorded'
  /** Where the facts come from, for reports: "this Mac" or the snapshot folder. */
  readonly source: string
  /**
   * The app this process runs under (Terminal, iTerm, ...), as a bundle ID when known: TCC asks Full Disk Access of
   * that app, not of pppc, before TCC.db can be read.
   */
  readonly hostApp: string | undefined
  /** A recorded Mac: the snapshot format its commands.json declares (1 when it declares none). */
  readonly formatVersion?: number | undefined
  /** A recorded Mac: when it was recorded (ISO 8601), if the snapshot says. */
  readonly collectedAt?: string | undefined
  run(argv: string[], options?: {timeoutMs?: number}): Promise<CommandResult>
  readFile(path: string): Promise<Buffer | undefined>
  /** Reads a file and says why not when it cannot. */
  tryReadFile(path: string): Promise<FileRead>
  /**
   * Runs one read-only query with the `sqlite3` command against a database of the Mac (TCC.db). A live Mac runs its
   * own /usr/bin/sqlite3 on the file; a recorded Mac runs this machine's sqlite3 on the copy in the snapshot.
   */
  queryDb(path: string, sql: string): Promise<DbQuery>
}

/** Exit code a recorded Mac gives for a command it has no recording of. */
export const NOT_RECORDED = 127
