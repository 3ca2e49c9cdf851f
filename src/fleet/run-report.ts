import {PppcError} from '../errors.js'
import {guarded} from '../deploy/connect.js'
import type {Clock} from '../deploy/http.js'
import type {AppEntry} from '../profiles/app-entry.js'
import {fleetItemName, sectionLabel} from './names.js'
import {buildReport, type FleetReport} from './report.js'
import type {FleetSource} from './sources.js'

export interface FleetReportOptions {
  from: 'jamf' | 'kandji' | 'csv'
  app: AppEntry
  /** The extension attribute or custom script; fleetItemName(app) by default. */
  name?: string | undefined
  url?: string | undefined
  subdomain?: string | undefined
  region?: 'us' | 'eu' | undefined
  apiUrl?: string | undefined
  /** Kandji: the custom script's library item id, instead of finding it by name. */
  libraryItem?: string | undefined
  csv?: string | undefined
  column?: string | undefined
  env: NodeJS.ProcessEnv
  timeoutSeconds?: number | undefined
  clock?: Clock | undefined
  /** Jamf Pro's page size (tests make it small). */
  pageSize?: number | undefined
}

/**
 * The whole job may take this long by default: a fleet of 100,000 Macs is 200 pages from Jamf Pro and 334 from
 * Kandji, and Kandji allows 10,000 requests an hour.
 */
export const REPORT_TIMEOUT_SECONDS = 3600

/** Reads the fleet from the MDM (or the CSV) and counts it; the caller renders the report, then disposes of it. */
export async function readFleet(options: FleetReportOptions): Promise<FleetReport> {
  const item = options.name ?? fleetItemName(options.app)
  const label = sectionLabel(options.app)
  const timeoutSeconds = options.timeoutSeconds ?? REPORT_TIMEOUT_SECONDS
  if (options.from === 'csv') {
    if (!options.csv) throw new PppcError('pppc fleet report --csv needs a FILE')
    const {csvSource} = await import('./csv.js')
    return buildReport(csvSource(options.csv, {column: options.column, item}), label)
  }
  if (options.from === 'jamf') {
    if (!options.url)
      throw new PppcError('pppc fleet report --mdm jamf needs --url', {
        hint: 'give the Jamf Pro server, e.g. --url https://example.jamfcloud.com',
      })
    const {connectJamf} = await import('../deploy/connect.js')
    const connection = connectJamf({url: options.url, env: options.env, timeoutSeconds, clock: options.clock})
    return guarded(connection.secrets, async () => {
      const {client} = await connection.open()
      const {jamfSource} = await import('./sources.js')
      const source: FleetSource = jamfSource(client, new URL(options.url!).origin, item, options.pageSize)
      return buildReport(source, label)
    })
  }
  const {connectKandji} = await import('../deploy/connect.js')
  const connection = connectKandji({
    region: options.region ?? 'us',
    subdomain: options.subdomain,
    apiUrl: options.apiUrl,
    env: options.env,
    timeoutSeconds,
    clock: options.clock,
  })
  return guarded(connection.secrets, async () => {
    const {client} = await connection.open()
    const {kandjiScriptId, kandjiSource} = await import('./sources.js')
    const where = options.apiUrl
      ? new URL(options.apiUrl).origin
      : `${options.subdomain ?? ''} (${options.region ?? 'us'})`
    const id = options.libraryItem
    return buildReport(
      kandjiSource(client, where, item, () => (id ? Promise.resolve(id) : kandjiScriptId(client, item))),
      label,
    )
  })
}
