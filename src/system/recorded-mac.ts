import {execFile} from 'node:child_process'
import {readFile, stat} from 'node:fs/promises'
import {statSync} from 'node:fs'
import {join} from 'node:path'
import {PppcError} from '../errors.js'
import {fileError} from './file-error.js'
import {type CommandResult, type DbQuery, type FileRead, type Mac, NOT_RECORDED, type Unreadable} from './mac.js'
import {type FileRecord, isCommandResult, isFileRecord, SNAPSHOT_FILES, SNAPSHOT_INDEX} from './snapshot.js'
import {firstErrorLine, parseAsciiRows, sqliteArgv, sqliteFailure} from './sqlite.js'

/**
 * A snapshot folder, as `pppc collect` writes it on a Mac:
 *   commands.json   {"commands": [{"argv": [...], "exitCode": 0, "stdout": "...", "stderr": "..."}],
 *                    "files": [{"path": "/Library/...", "status": "copied" | "missing" | "denied" | "failed"}]}
 *   files/<absolute path>   copies of the files read (TCC.db, MDMOverrides.plist, ...)
 * Databases are queried with this machine's sqlite3 on the copies, so a snapshot answers any query, not only the
 * ones asked when it was recorded.
 */
export class RecordedMac implements Mac {
  readonly kind = 'recorded'
  private readonly byArgv: Map<string, CommandResult>
  private readonly byPath: Map<string, FileRecord>

  private constructor(
    readonly source: string,
    commands: CommandResult[],
    files: FileRecord[],
    readonly hostApp: string | undefined,
    readonly formatVersion: number,
    readonly collectedAt: string | undefined,
  ) {
    this.byArgv = new Map(commands.map((c) => [JSON.stringify(c.argv), c]))
    this.byPath = new Map(files.map((f) => [f.path, f]))
  }

  static async open(dir: string): Promise<RecordedMac> {
    const info = await stat(dir).catch(() => undefined)
    if (!info?.isDirectory())
      throw new PppcError(`snapshot "${dir}" is not a folder`, {
        hint: 'give the folder written by `pppc collect -o DIR`',
      })
    const text = await readFile(join(dir, SNAPSHOT_INDEX), 'utf8').catch(() => undefined)
    if (text === undefined)
      throw new PppcError(`snapshot "${dir}" has no commands.json`, {
        hint: 'give the folder written by `pppc collect -o DIR`',
      })
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new PppcError(`snapshot "${dir}": commands.json is not JSON`, {
        hint: 'collect the snapshot again with `pppc collect`',
      })
    }
    const {
      commands,
      files = [],
      hostApp,
      formatVersion,
      collectedAt,
    } = (parsed ?? {}) as {
      commands?: unknown
      files?: unknown
      hostApp?: unknown
      formatVersion?: unknown
      collectedAt?: unknown
    }
    if (!Array.isArray(commands) || !commands.every(isCommandResult)) {
      throw new PppcError(`snapshot "${dir}": commands.json has no valid "commands" list`, {
        hint: 'collect the snapshot again with `pppc collect`',
      })
    }
    if (!Array.isArray(files) || !files.every(isFileRecord)) {
      throw new PppcError(`snapshot "${dir}": the "files" list of commands.json is not valid`, {
        hint: 'collect the snapshot again with `pppc collect`',
      })
    }
    return new RecordedMac(
      dir,
      commands,
      files,
      typeof hostApp === 'string' ? hostApp : undefined,
      Number.isInteger(formatVersion) && (formatVersion as number) > 0 ? (formatVersion as number) : 1,
      typeof collectedAt === 'string' && !Number.isNaN(Date.parse(collectedAt)) ? collectedAt : undefined,
    )
  }

  async run(argv: string[]): Promise<CommandResult> {
    return (
      this.byArgv.get(JSON.stringify(argv)) ?? {
        argv,
        exitCode: NOT_RECORDED,
        stderr: `not recorded in snapshot ${this.source}: ${argv.join(' ')}`,
        stdout: '',
      }
    )
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    const read = await this.tryReadFile(path)
    return read.status === 'ok' ? read.data : undefined
  }

  async tryReadFile(path: string): Promise<FileRead> {
    try {
      return {status: 'ok', data: await readFile(this.copyOf(path))}
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return fileError(path, error as NodeJS.ErrnoException)
      return this.notCopied(path)
    }
  }

  async queryDb(path: string, sql: string): Promise<DbQuery> {
    const copy = this.copyOf(path)
    // Synchronously, so that sqlite3 starts before anything else the caller queued runs (doctor loads its judging
    // modules meanwhile).
    const present = statSync(copy, {throwIfNoEntry: false})?.isFile() ?? false
    if (!present) return this.notCopied(path)
    const [file, ...args] = sqliteArgv(copy, sql)
    const result = await runLocal(file!, args)
    if (result.exitCode === 0) return {status: 'ok', rows: parseAsciiRows(result.stdout)}
    if (result.notFound)
      return {status: 'failed', message: 'sqlite3 is not installed on this machine (apt-get install sqlite3)'}
    const stderr = result.stderr
    const status = sqliteFailure(stderr)
    return {
      status: status === 'missing' ? 'failed' : status,
      message: `${path} in the snapshot: ${firstErrorLine(stderr)}`,
    }
  }

  private copyOf(path: string): string {
    return join(this.source, SNAPSHOT_FILES, path)
  }

  /** What the recording says about a file that has no copy, or a "not recorded" answer. */
  private notCopied(path: string): {status: Unreadable; message: string} {
    const record = this.byPath.get(path)
    if (!record) return {status: 'not-recorded', message: `the snapshot has no copy of ${path}`}
    if (record.status === 'copied')
      return {status: 'failed', message: `the snapshot lists ${path} as copied, but files/ has no copy`}
    return {status: record.status, message: record.message ?? `${path}: ${record.status} on the Mac`}
  }
}

/**
 * This machine's sqlite3 on a copy. node:child_process rather than execa: a snapshot is read on every `doctor
 * --snapshot`, and execa's import costs more than the queries (npm run bench); nothing here needs more than exit
 * code and output.
 */
function runLocal(
  file: string,
  args: string[],
): Promise<{exitCode: number; stdout: string; stderr: string; notFound: boolean}> {
  return new Promise((resolve) => {
    execFile(file, args, {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
      const code = (error as (NodeJS.ErrnoException & {code?: unknown}) | null)?.code
      resolve({
        exitCode: error ? (typeof code === 'number' ? code : 1) : 0,
        stdout: String(stdout ?? ''),
        stderr: String(stderr ?? ''),
        notFound: code === 'ENOENT',
      })
    })
  })
}
