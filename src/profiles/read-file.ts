import {openSync, closeSync, fstatSync, readSync, statSync} from 'node:fs'
import {PppcError} from '../errors.js'
import {FindingCollector, type ValidateOptions} from './findings.js'
import {formatBytes, LIMITS, LimitExceeded} from './limits.js'
import {releaseAfterDecoding} from './read.js'
import type {FileReport} from './validate.js'
import {validateBytes} from './validate.js'

export type InputRead = {ok: true; bytes: Buffer} | {ok: false; tooLarge: string}

function unreadable(path: string, why: string): PppcError {
  return new PppcError(`cannot read ${path} (${why})`, {hint: 'give the path of a profile file'})
}

/**
 * An input file's bytes, or why it is too large to read. The size comes from stat before anything is read, and only
 * regular files are opened: a FIFO or a device would block or never end. Unreadable files are a PppcError (exit 2).
 */
export function readInputFile(path: string, maxBytes: number = LIMITS.maxInputBytes): InputRead {
  let info
  try {
    info = statSync(path)
  } catch (error) {
    throw unreadable(path, (error as NodeJS.ErrnoException).code ?? (error as Error).message)
  }
  if (info.isDirectory()) throw unreadable(path, 'a folder')
  if (!info.isFile()) throw unreadable(path, 'not a regular file: a FIFO, socket or device')
  if (info.size > maxBytes) return {ok: false, tooLarge: tooLarge(info.size, maxBytes)}
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    throw unreadable(path, (error as NodeJS.ErrnoException).code ?? (error as Error).message)
  }
  try {
    // The file may have changed between stat and open: read what the open file holds, never past the limit.
    const size = fstatSync(fd).size
    if (size > maxBytes) return {ok: false, tooLarge: tooLarge(size, maxBytes)}
    const bytes = Buffer.alloc(size)
    let at = 0
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at)
      if (n === 0) break
      at += n
    }
    return {ok: true, bytes: at === size ? bytes : bytes.subarray(0, at)}
  } catch (error) {
    throw unreadable(path, (error as NodeJS.ErrnoException).code ?? (error as Error).message)
  } finally {
    closeSync(fd)
  }
}

function tooLarge(size: number, maxBytes: number): string {
  return new LimitExceeded(
    `the file is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} maximum (--max-size)`,
  ).message
}

/** A file that got no further than a limit or a failure; .pppc.yaml applies (PPPC009 cannot be configured). */
function failureReport(
  path: string,
  rule: 'PPPC008' | 'PPPC009',
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
  options: ValidateOptions & {maxBytes?: number; version?: string} = {},
): Promise<FileReport> {
  const read = readInputFile(path, options.maxBytes)
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
