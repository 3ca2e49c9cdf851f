import {closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats} from 'node:fs'
import {PppcError} from '../errors.js'
import {FindingCollector, type ValidateOptions} from './findings.js'
import {formatBytes, LIMITS, LimitExceeded} from './limits.js'
import {releaseAfterDecoding} from './read.js'
import type {FileReport} from './validate.js'
import {validateBytes} from './validate.js'

export type InputRead = {ok: true; bytes: Buffer} | {ok: false; tooLarge: string}

/** A file that cannot be read: why (an errno code, or what the path is instead of a file) is kept for its finding. */
export class UnreadableFile extends PppcError {
  constructor(
    path: string,
    readonly why: string,
  ) {
    super(`cannot read ${path} (${why})`, {hint: 'give the path of a profile file'})
  }
}

/**
 * An input file's bytes, or why it is too large to read. Only regular files are read: a FIFO or a device would block
 * or never end, and opening some devices does something. A path named by the user is looked at (stat) before it is
 * opened; one that a folder's listing gave as a regular file (`listed`) is opened without waiting (O_NONBLOCK), in case
 * it was replaced since, and looked at once open. Unreadable files are a PppcError (exit 2).
 */
export function readInputFile(path: string, maxBytes: number = LIMITS.maxInputBytes, listed = false): InputRead {
  if (!listed) {
    const info = orUnreadable(path, () => statSync(path))
    if (!info.isFile()) throw new UnreadableFile(path, kind(info))
    if (info.size > maxBytes) return {ok: false, tooLarge: tooLarge(info.size, maxBytes)}
  }
  const fd = orUnreadable(path, () => openSync(path, listed ? constants.O_RDONLY | constants.O_NONBLOCK : 'r'))
  try {
    // The file may have changed since it was listed or looked at: read what the open file is and holds, never past
    // the limit.
    const info = orUnreadable(path, () => fstatSync(fd))
    if (!info.isFile()) throw new UnreadableFile(path, kind(info))
    const size = info.size
    if (size > maxBytes) return {ok: false, tooLarge: tooLarge(size, maxBytes)}
    // Not zero-filled (a cost per file): only what the read fills is ever used, the rest cut off below.
    const bytes = Buffer.allocUnsafeSlow(size)
    const at = orUnreadable(path, () => {
      let read = 0
      while (read < size) {
        const n = readSync(fd, bytes, read, size - read, read)
        if (n === 0) break
        read += n
      }
      return read
    })
    return {ok: true, bytes: at === size ? bytes : bytes.subarray(0, at)}
  } finally {
    closeSync(fd)
  }
}

/** What `work` returns; a failure of the file system becomes the one-line error for this path. */
function orUnreadable<T>(path: string, work: () => T): T {
  try {
    return work()
  } catch (error) {
    throw new UnreadableFile(path, (error as NodeJS.ErrnoException).code ?? (error as Error).message)
  }
}

function kind(info: Stats): string {
  return info.isDirectory() ? 'a folder' : 'not a regular file: a FIFO, socket or device'
}

function tooLarge(size: number, maxBytes: number): string {
  return new LimitExceeded(
    `the file is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} maximum (--max-size)`,
  ).message
}

/** A file that got no further than reading, a limit or a failure; .pppc.yaml applies (PPPC009 cannot be configured). */
function failureReport(
  path: string,
  rule: 'PPPC008' | 'PPPC009' | 'PPPC084',
  message: string,
  rules: ValidateOptions['rules'],
): FileReport {
  const out = new FindingCollector()
  out.report(rule, message)
  const setting = rules?.[rule]
  const findings =
    setting === 'off' ? [] : setting ? out.findings.map((f) => ({...f, severity: setting})) : out.findings
  return {path, encoding: 'unreadable', findings}
}

/**
 * Reads and validates one file. Whatever happens inside (a limit passed, a bug in a rule), the file gets a report
 * with a finding and the run goes on to the next file: PPPC008 for a limit, PPPC009 for a failure of pppc's own.
 */
export async function validateFile(
  path: string,
  options: ValidateOptions & {
    maxBytes?: number
    version?: string
    listed?: boolean
    unreadableAsFinding?: boolean
  } = {},
): Promise<FileReport> {
  let read: InputRead
  try {
    read = readInputFile(path, options.maxBytes, options.listed)
  } catch (error) {
    // In a run of several files, one that cannot be read is reported on its own line and the others still get theirs.
    if (!(options.unreadableAsFinding && error instanceof UnreadableFile)) throw error
    return failureReport(path, 'PPPC084', `pppc cannot read this file (${error.why})`, options.rules)
  }
  if (!read.ok) return failureReport(path, 'PPPC008', read.tooLarge, options.rules)
  try {
    return await validateBytes(path, releaseAfterDecoding(read.bytes), options)
  } catch (error) {
    if (error instanceof LimitExceeded) return failureReport(path, 'PPPC008', error.message, options.rules)
    const e = error as Error
    const what = `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${String(e?.message ?? e).split('\n')[0]}`
    if (process.env.PPPC_DEBUG) process.stderr.write(`${path}: ${e?.stack ?? e}\n`)
    return failureReport(
      path,
      'PPPC009',
      `pppc could not check this file: unexpected error (${what.slice(0, 200)}); please report this with pppc ${options.version ?? ''}`.trim(),
      undefined,
    )
  }
}
