import {tccSchemaReleases} from '../macos/facts.js'
import type {TccSchemaId} from '../macos/releases.js'
import type {Mac, Unreadable} from '../system/mac.js'
import {sqlString} from '../system/sqlite.js'

/**
 * Reading TCC.db (macos-facts.md §2.2, §2.3). The `access` table changed with macOS versions; which one a file has is
 * found by its columns (PRAGMA table_info), never assumed from the version, so a database copied from another Mac,
 * or a macOS pppc does not know, is still read right or said to be unknown.
 */

export const SYSTEM_TCC_DB = '/Library/Application Support/com.apple.TCC/TCC.db'
export const userTccDb = (home: string) => `${home}/Library/Application Support/com.apple.TCC/TCC.db`

export type {TccSchemaId}

export interface TccSchema {
  id: TccSchemaId
  /** Columns that must all be present. */
  requires: string[]
  /** The SQL expressions read for auth_value and auth_reason. */
  authValue: string
  authReason: string
}

/** Newest first: the first whose columns are all present wins. Which releases write which is in the release table. */
export const TCC_SCHEMAS: readonly TccSchema[] = [
  // Reported (macos-facts.md §2.3, unverified): two more columns; the ones read are unchanged.
  {
    id: 'auth-value-reminders',
    requires: ['auth_value', 'auth_reason', 'one_time_reprompt_eligible', 'reminder_count'],
    authValue: 'auth_value',
    authReason: 'auth_reason',
  },
  {
    id: 'auth-value-pid',
    requires: ['auth_value', 'auth_reason', 'pid', 'pid_version', 'boot_uuid', 'last_reminded'],
    authValue: 'auth_value',
    authReason: 'auth_reason',
  },
  {
    id: 'auth-value',
    requires: ['auth_value', 'auth_reason', 'auth_version'],
    authValue: 'auth_value',
    authReason: 'auth_reason',
  },
  // allowed 1 or 0, no reason. Read as auth_value 2 or 0 so every schema answers alike.
  {
    id: 'allowed',
    requires: ['allowed', 'prompt_count'],
    authValue: 'CASE WHEN allowed = 1 THEN 2 ELSE 0 END',
    authReason: "''",
  },
]

/** auth_value (macos-facts.md §2.3, from rainforestqa and fox-it/dissect.target, which agree). */
export const AUTH_VALUES: Readonly<Record<number, string>> = {0: 'denied', 1: 'unknown', 2: 'allowed', 3: 'limited'}

/** auth_reason, same sources. */
export const AUTH_REASONS: Readonly<Record<number, string>> = {
  1: 'Error',
  2: 'User Consent',
  3: 'User Set',
  4: 'System Set',
  5: 'Service Policy',
  6: 'MDM Policy',
  7: 'Override Policy',
  8: 'Missing usage string',
  9: 'Prompt Timeout',
  10: 'Preflight Unknown',
  11: 'Entitled',
  12: 'App Type Policy',
}

export interface TccRow {
  /** PPPC key: ScreenCapture, Accessibility, ... (the table says kTCCServiceScreenCapture). */
  service: string
  client: string
  clientType: number
  authValue: number
  authReason?: number
  lastModified?: number
  /**
   * The compiled code requirement of the app the decision was made for (`csreq`, magic 0xfade0c00), as upper-case hex;
   * absent when the column is NULL or the table has none.
   */
  csreq?: string
  /** The layout stores `allowed` (1 or 0) rather than auth_value: evidence is quoted in the database's own words. */
  allowedColumn?: true
}

export interface TccRead {
  path: string
  /** ok, or the access table is one pppc does not know, or why the file could not be read. */
  status: 'ok' | 'unknown-schema' | Unreadable
  message?: string
  schema?: {id: TccSchemaId; macos: string}
  columns?: string[]
  rows: TccRow[]
}

export function detectSchema(columns: readonly string[]): TccSchema | undefined {
  const have = new Set(columns)
  return TCC_SCHEMAS.find((s) => s.requires.every((c) => have.has(c)))
}

function int(cell: string | undefined): number | undefined {
  if (cell === undefined || cell === '') return undefined
  const n = Number(cell)
  return Number.isInteger(n) ? n : undefined
}

function rowsQuery(
  schema: Pick<TccSchema, 'authValue' | 'authReason'>,
  columns: readonly string[],
  client: string,
  services: readonly string[],
): string {
  const lastModified = columns.includes('last_modified') ? 'last_modified' : "''"
  // hex(): a blob printed raw could hold the separators of sqlite3's -ascii output.
  const csreq = columns.includes('csreq') ? 'hex(csreq)' : "''"
  const wanted = services.map((s) => sqlString(`kTCCService${s}`)).join(', ')
  return `SELECT service, client, client_type, ${schema.authValue}, ${schema.authReason}, ${lastModified}, ${csreq} FROM access WHERE client = ${sqlString(client)} AND service IN (${wanted}) ORDER BY service;`
}

/** The columns every auth_value layout (macOS 11 and later) has: the query for them can be asked before the PRAGMA answers. */
const AUTH_VALUE_COLUMNS = ['auth_value', 'auth_reason', 'last_modified', 'csreq']

const PRAGMA = 'PRAGMA table_info(access);'
/** PRAGMA table_info prints six cells a column; the rows query seven a row: one output holds both, told apart. */
const PRAGMA_CELLS = 6

/** The rows about one client for the given services (PPPC keys), from one TCC.db, through the Mac's sqlite3. */
export async function readTcc(mac: Mac, path: string, client: string, services: readonly string[]): Promise<TccRead> {
  // One sqlite3 run asks for the columns and, in the layout of macOS 11 and later, the rows: start-up is most of a
  // doctor run. The rows are used only if the columns confirm the layout; another layout (10.15, an unknown one) makes
  // that run fail, and the columns are asked alone, then the rows in its own words.
  const likely = rowsQuery({authValue: 'auth_value', authReason: 'auth_reason'}, AUTH_VALUE_COLUMNS, client, services)
  const both = await mac.queryDb(path, `${PRAGMA} ${likely}`)
  if (both.status !== 'ok' && both.status !== 'failed')
    return {path, status: both.status, message: both.message, rows: []}
  const info = both.status === 'ok' ? both : await mac.queryDb(path, PRAGMA)
  if (info.status !== 'ok') return {path, status: info.status, message: info.message, rows: []}
  const columns = info.rows
    .filter((r) => r.length === PRAGMA_CELLS)
    .map((r) => r[1] ?? '')
    .filter(Boolean)
  const schema = detectSchema(columns)
  if (!schema) {
    const message =
      columns.length === 0
        ? 'it has no access table'
        : `its access table has columns pppc does not know (${columns.join(', ')})`
    return {path, status: 'unknown-schema', message, columns, rows: []}
  }
  const sql = rowsQuery(schema, columns, client, services)
  const result =
    both.status === 'ok' && sql === likely
      ? {status: 'ok' as const, rows: both.rows.filter((r) => r.length !== PRAGMA_CELLS)}
      : await mac.queryDb(path, sql)
  if (result.status !== 'ok')
    return {
      path,
      status: result.status,
      message: result.message,
      schema: {id: schema.id, macos: tccSchemaReleases(schema.id)},
      columns,
      rows: [],
    }
  const rows: TccRow[] = []
  for (const [service = '', rowClient = '', clientType, authValue, authReason, modified, blob] of result.rows) {
    const value = int(authValue)
    if (value === undefined) continue
    const reason = int(authReason)
    const when = int(modified)
    rows.push({
      service: service.replace(/^kTCCService/, ''),
      client: rowClient,
      clientType: int(clientType) ?? 0,
      authValue: value,
      ...(reason === undefined ? {} : {authReason: reason}),
      ...(when === undefined ? {} : {lastModified: when}),
      ...(blob && /^[0-9A-F]+$/i.test(blob) ? {csreq: blob.toUpperCase()} : {}),
      ...(schema.id === 'allowed' ? {allowedColumn: true as const} : {}),
    })
  }
  return {path, status: 'ok', schema: {id: schema.id, macos: tccSchemaReleases(schema.id)}, columns, rows}
}
