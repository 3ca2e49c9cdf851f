import {type CommandResult, type DbQuery, type FileRead, type Mac, NOT_RECORDED} from './mac.js'
import type {FileRecord} from './snapshot.js'

/** Rewrites a command's output before it is kept (and before the caller sees it), to leave secrets out. */
export type Redactor = (result: CommandResult) => CommandResult

/**
 * A Mac that remembers what it was asked: every command (after redaction), every file read and every database
 * queried. `pppc collect` runs the doctor's gathering through it on the live Mac, so a snapshot holds exactly what
 * `pppc doctor --snapshot` will ask for.
 */
export class RecordingMac implements Mac {
  readonly kind
  readonly source
  readonly hostApp
  readonly formatVersion
  readonly collectedAt
  readonly commands = new Map<string, CommandResult>()
  /** Files read, with their content when they could be read. */
  readonly files = new Map<string, FileRead>()
  /** Databases queried, and whether they could be opened. */
  readonly databases = new Map<string, DbQuery['status']>()
  private readonly dbMessages = new Map<string, string>()

  constructor(
    private readonly inner: Mac,
    private readonly redact: Redactor = (r) => r,
  ) {
    this.kind = inner.kind
    this.source = inner.source
    this.hostApp = inner.hostApp
    this.formatVersion = inner.formatVersion
    this.collectedAt = inner.collectedAt
  }

  async run(argv: string[], options?: {timeoutMs?: number}): Promise<CommandResult> {
    const key = JSON.stringify(argv)
    const known = this.commands.get(key)
    if (known) return known
    const result = this.redact(await this.inner.run(argv, options))
    // A re-recorded snapshot does not record, as answers, the questions its source never recorded.
    if (!(this.inner.kind === 'recorded' && result.exitCode === NOT_RECORDED)) this.commands.set(key, result)
    return result
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    const read = await this.tryReadFile(path)
    return read.status === 'ok' ? read.data : undefined
  }

  async tryReadFile(path: string): Promise<FileRead> {
    const read = await this.inner.tryReadFile(path)
    this.files.set(path, read)
    return read
  }

  async queryDb(path: string, sql: string): Promise<DbQuery> {
    const result = await this.inner.queryDb(path, sql)
    // A database that answered once is copied, even if a later query of it failed (a column it does not have): the
    // copy is what lets doctor, or a person, look again. Otherwise the first failure says why it was not copied.
    const known = this.databases.get(path)
    if (known === undefined || (known !== 'ok' && result.status === 'ok')) this.databases.set(path, result.status)
    if (result.status !== 'ok' && !this.dbMessages.has(path)) this.dbMessages.set(path, result.message)
    return result
  }

  /** What became of every file and database asked for; `copied` ones still have to be written by the caller. */
  fileRecords(): FileRecord[] {
    const records: FileRecord[] = []
    for (const [path, read] of this.files) {
      // A re-recorded snapshot keeps saying "not recorded" about what its source never recorded.
      if (this.databases.has(path) || read.status === 'not-recorded') continue
      records.push(read.status === 'ok' ? {path, status: 'copied'} : {path, status: read.status, message: read.message})
    }
    for (const [path, status] of this.databases) {
      if (status === 'not-recorded') continue
      const message = status === 'ok' ? undefined : this.dbMessages.get(path)
      records.push(status === 'ok' ? {path, status: 'copied'} : {path, status, ...(message ? {message} : {})})
    }
    return records.sort((a, b) => a.path.localeCompare(b.path))
  }
}
