import {PppcError} from '../errors.js'
import type {JamfClient} from '../deploy/jamf.js'
import type {KandjiClient} from '../deploy/kandji.js'
import {parseResultLine, type ResultLine} from './result-line.js'

/** One Mac as the MDM reports it: who it is, its macOS (from the MDM, else from the line), and the script's line. */
export interface FleetMac {
  id: string
  name: string
  macos: string | null
  result: ResultLine | undefined
}

/** Where a report's Macs come from; `macs()` yields them a page at a time, and nothing is kept between pages. */
export interface FleetSource {
  kind: 'jamf' | 'kandji' | 'csv'
  /** The server or file, for the report's header. */
  where: string
  /** The extension attribute or custom script (or CSV column) that holds the line. */
  item: string
  macs(): AsyncGenerator<FleetMac[]>
  /** Kandji: Macs in the tenant that the script does not reach (no status for it), counted after `macs()`. */
  unassigned?: () => Promise<number>
}

const str = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null

/** Jamf Pro API pages are read this size; at most this many pages (200,000 computers at 500). */
export const JAMF_PAGE_SIZE = 500
const JAMF_MAX_PAGES = 1000

interface JamfAttribute {
  name?: unknown
  values?: unknown
  value?: unknown
}

/** The extension attribute's value: the one named `item`, else the first whose value holds a result line. */
function attributeLine(computer: Record<string, unknown>, item: string): ResultLine | undefined {
  const general = computer.general as {extensionAttributes?: unknown} | undefined
  const all = [computer.extensionAttributes, general?.extensionAttributes].flatMap((list) =>
    Array.isArray(list) ? (list as JamfAttribute[]) : [],
  )
  const text = (a: JamfAttribute) =>
    (Array.isArray(a.values) ? a.values : [a.value]).filter((v) => typeof v === 'string').join('\n')
  const named = all.find((a) => a.name === item)
  if (named) return parseResultLine(text(named))
  for (const a of all) {
    const line = parseResultLine(text(a))
    if (line) return line
  }
  return undefined
}

/**
 * Every computer, a page at a time: GET /api/v1/computers-inventory with section=GENERAL (name),
 * OPERATING_SYSTEM (version) and EXTENSION_ATTRIBUTES, page (from 0) and page-size, sorted by id so that pages do not
 * overlap while inventory changes (https://developer.jamf.com/jamf-pro/reference/get_v1-computers-inventory; the
 * answer is {totalCount, results}, each result {id, general: {name, extensionAttributes}, operatingSystem: {version},
 * extensionAttributes: [{definitionId, name, values}]}; attributes shown in the General section come under general).
 */
export function jamfSource(client: JamfClient, where: string, item: string, pageSize = JAMF_PAGE_SIZE): FleetSource {
  return {
    kind: 'jamf',
    where,
    item,
    async *macs() {
      for (let page = 0; ; page++) {
        if (page >= JAMF_MAX_PAGES)
          throw new PppcError(`Jamf Pro's inventory does not end (${page} pages of ${pageSize})`, {
            hint: 'check that --url is the Jamf Pro server',
            exitCode: 1,
            code: 'PPPC_HTTP',
          })
        const query = [
          'section=GENERAL',
          'section=OPERATING_SYSTEM',
          'section=EXTENSION_ATTRIBUTES',
          `page=${page}`,
          `page-size=${pageSize}`,
          'sort=id%3Aasc',
        ].join('&')
        const {request, response} = await client.api('GET', `api/v1/computers-inventory?${query}`)
        const answer = client.json(request, response, [200], {
          403: 'give the API role (or account) the privilege Read Computers',
        }) as {totalCount?: unknown; results?: unknown} | null
        if (!answer || !Array.isArray(answer.results) || typeof answer.totalCount !== 'number')
          throw new PppcError(`Jamf Pro's answer to GET /api/v1/computers-inventory has no totalCount and results`, {
            hint: 'check that --url is the Jamf Pro server (Jamf Pro 10.46 or later)',
            exitCode: 1,
            code: 'PPPC_HTTP',
          })
        const macs: FleetMac[] = []
        for (const raw of answer.results as Record<string, unknown>[]) {
          if (typeof raw !== 'object' || raw === null) continue
          const general = (raw.general ?? {}) as {name?: unknown}
          const os = (raw.operatingSystem ?? {}) as {version?: unknown}
          const result = attributeLine(raw, item)
          macs.push({
            id: str(raw.id) ?? '?',
            name: str(general.name) ?? '',
            macos: str(os.version) ?? result?.macos ?? null,
            result,
          })
        }
        yield macs
        if (answer.results.length === 0 || (page + 1) * pageSize >= answer.totalCount) return
      }
    },
  }
}

interface KandjiStatus {
  computer?: {id?: unknown; name?: unknown}
  log?: unknown
  last_audit_log?: unknown
}

/** Kandji's device list is read this many at a time: its documented maximum. */
export const KANDJI_PAGE_SIZE = 300
const KANDJI_MAX_PAGES = 1000

/** The custom script's id: --library-item, or the one with exactly this name (GET /api/v1/library/custom-scripts). */
export async function kandjiScriptId(client: KandjiClient, name: string): Promise<string> {
  const found: string[] = []
  for await (const results of client.pages('api/v1/library/custom-scripts', 'custom scripts'))
    for (const item of results as {id?: unknown; name?: unknown}[])
      if (item?.name === name && typeof item.id === 'string') found.push(item.id)
  if (found.length === 0)
    throw new PppcError(`Kandji has no custom script named ${JSON.stringify(name)}`, {
      hint: 'push it first (pppc fleet push kandji), or give its name with --name',
    })
  if (found.length > 1)
    throw new PppcError(`Kandji has ${found.length} custom scripts named ${JSON.stringify(name)}`, {
      hint: 'rename all but one in Kandji',
      exitCode: 1,
      code: 'PPPC_HTTP',
    })
  return found[0]!
}

/**
 * The custom script's result on every Mac it is assigned to: GET /api/v1/library/library-items/{id}/status, pages of
 * up to 300 with limit and offset ({count, next, previous, results}; https://api-docs.kandji.io, Library Items › Get
 * Library Item Statuses; each result names its computer {id, name} and carries the run's `log` and the audit script's
 * output in `last_audit_log`). Then the Macs of the tenant are counted (GET /api/v1/devices, limit/offset, a JSON
 * array; Device Information › List Devices) to say how many the script does not reach. No Mac is kept: the two lists
 * are not joined, so macOS comes from the line.
 */
export function kandjiSource(client: KandjiClient, where: string, item: string, scriptId: () => Promise<string>) {
  let statuses = 0
  const source: FleetSource = {
    kind: 'kandji',
    where,
    item,
    async *macs() {
      const id = await scriptId()
      const path = `api/v1/library/library-items/${encodeURIComponent(id)}/status?limit=${KANDJI_PAGE_SIZE}`
      for await (const results of client.pages(path, `the statuses of "${item}"`)) {
        const macs: FleetMac[] = []
        for (const status of results as KandjiStatus[]) {
          if (typeof status !== 'object' || status === null) continue
          statuses++
          const result = parseResultLine(str(status.last_audit_log)) ?? parseResultLine(str(status.log)) ?? undefined
          macs.push({
            id: str(status.computer?.id) ?? '?',
            name: str(status.computer?.name) ?? '',
            macos: result?.macos ?? null,
            result,
          })
        }
        yield macs
      }
    },
    async unassigned() {
      let macs = 0
      for (let page = 0; ; page++) {
        if (page >= KANDJI_MAX_PAGES)
          throw new PppcError(`Kandji's device list does not end (${page} pages)`, {
            hint: 'check --subdomain and --region (or --api-url)',
            exitCode: 1,
            code: 'PPPC_HTTP',
          })
        const {request, response} = await client.api(
          'GET',
          `api/v1/devices?platform=Mac&limit=${KANDJI_PAGE_SIZE}&offset=${page * KANDJI_PAGE_SIZE}`,
        )
        const list = client.json(request, response, [200], {
          403: 'give the API token the Devices permission (list devices) as well',
        })
        if (!Array.isArray(list))
          throw new PppcError("Kandji's answer to GET /api/v1/devices is not a list", {
            hint: 'check --subdomain and --region (or --api-url) point at the Kandji API',
            exitCode: 1,
            code: 'PPPC_HTTP',
          })
        macs += list.filter((d) => (d as {platform?: unknown} | null)?.platform === 'Mac').length
        if (list.length < KANDJI_PAGE_SIZE) break
      }
      return Math.max(0, macs - statuses)
    },
  }
  return source
}
