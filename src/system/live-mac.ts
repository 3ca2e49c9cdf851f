import {readFile, stat} from 'node:fs/promises'
import {execa} from 'execa'
import {fileError} from './file-error.js'
import type {CommandResult, DbQuery, FileRead, Mac} from './mac.js'
import {firstErrorLine, parseAsciiRows, sqliteArgv, sqliteFailure} from './sqlite.js'

const DEFAULT_TIMEOUT_MS = 30_000

/** This Mac: commands run without a shell, with a timeout, never throwing on a non-zero exit. */
export class LiveMac implements Mac {
  readonly kind = 'live'
  readonly source = 'this Mac'
  // macOS sets __CFBundleIdentifier for processes started from an app (com.apple.Terminal, com.googlecode.iterm2);
  // TERM_PROGRAM is the fallback terminals set themselves.
  readonly hostApp = process.env.__CFBundleIdentifier || process.env.TERM_PROGRAM || undefined

  async run(argv: string[], options: {timeoutMs?: number} = {}): Promise<CommandResult> {
    const [file, ...args] = argv
    const result = await execa(file!, args, {
      reject: false,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      stripFinalNewline: false,
      encoding: 'utf8',
    })
    const exitCode = result.exitCode ?? (result.timedOut ? 124 : 1)
    const stderr =
      String(result.stderr ?? '') ||
      (result.failed && result.exitCode === undefined ? `${result.shortMessage ?? 'failed to run'}\n` : '')
    return {argv, exitCode, stdout: String(result.stdout ?? ''), stderr}
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    const read = await this.tryReadFile(path)
    return read.status === 'ok' ? read.data : undefined
  }

  async tryReadFile(path: string): Promise<FileRead> {
    try {
      return {status: 'ok', data: await readFile(path)}
    } catch (error) {
      return fileError(path, error as NodeJS.ErrnoException)
    }
  }

  async queryDb(path: string, sql: string): Promise<DbQuery> {
    // stat is not guarded by TCC, so it tells a missing database from one this process may not open.
    const exists = await stat(path).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
    )
    if (!exists) return {status: 'missing', message: `${path} does not exist`}
    const result = await this.run(sqliteArgv(path, sql))
    if (result.exitCode === 0) return {status: 'ok', rows: parseAsciiRows(result.stdout)}
    return {status: sqliteFailure(result.stderr), message: firstErrorLine(result.stderr)}
  }
}
