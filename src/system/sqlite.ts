import type {Unreadable} from './mac.js'

/**
 * How both Macs run sqlite3: read-only, no prompts, and `-ascii` output (0x1F between cells, 0x1E after each row),
 * which every sqlite3 Apple ships since 10.15 prints and which no TCC value contains.
 */
export function sqliteArgv(path: string, sql: string): string[] {
  return ['sqlite3', '-readonly', '-batch', '-ascii', path, sql]
}

export function parseAsciiRows(stdout: string): string[][] {
  return stdout
    .split('\u001E')
    .filter((row, i, all) => row !== '' || i < all.length - 1)
    .map((row) => row.replace(/^\n/, '').split('\u001F'))
}

/** What sqlite3's error says: TCC refusing the file (no Full Disk Access), no such file, or anything else. */
export function sqliteFailure(stderr: string): Exclude<Unreadable, 'not-recorded'> {
  if (/authorization denied|operation not permitted|permission denied/i.test(stderr)) return 'denied'
  if (/unable to open database file/i.test(stderr)) return 'missing'
  return 'failed'
}

/** The first meaningful line of an error, without sqlite3's "Error: in prepare, " prefix. */
export function firstErrorLine(stderr: string): string {
  const line =
    stderr
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find(Boolean) ?? 'no output'
  return line.replace(/^(Parse error|Runtime error|Error):\s*(in prepare,\s*)?/i, '')
}

/** Quotes a value for an SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}
