import {PppcError} from '../errors.js'
import {guarded, type Connection, type Mdm} from '../deploy/connect.js'
import {showRequest, type Clock, type ShownRequest} from '../deploy/http.js'
import type {JamfClient} from '../deploy/jamf.js'

export type FleetPushMode = 'push' | 'plan' | 'dry-run'

/**
 * What `pppc fleet push` returns with --json (schemas/fleet-push.schema.json); the same keys for both MDMs, null where
 * one does not apply. Keys are only ever added.
 */
export interface FleetPushResult {
  mdm: Mdm
  /** Done (created, updated, unchanged), planned (create, update, unchanged with `plan`), or dry-run. */
  action: 'created' | 'updated' | 'unchanged' | 'create' | 'update' | 'dry-run'
  plan: boolean
  name: string
  /** Jamf Pro's extension attribute id or Kandji's library item id; null when there is none yet. */
  id: string | null
  /** Jamf Pro's console page of the extension attribute; null for Kandji. */
  url: string | null
  /** The script's size and first line, to see what was sent. */
  script: {bytes: number; shebang: string}
  /** Kandji: the Blueprints named with --blueprint, each assigned now or already holding it; null for Jamf Pro. */
  blueprints: {name: string; id: string; already: boolean}[] | null
  /** What changes besides a new script, in words (the script itself, input type, frequency, Blueprints). */
  changes: string[]
  notes: string[]
  requests: ShownRequest[]
}

export interface FleetPushOptions {
  name: string
  script: string
  mode: FleetPushMode
  env: NodeJS.ProcessEnv
  timeoutSeconds?: number | undefined
  clock?: Clock | undefined
}

/** A script an MDM runs starts with its interpreter; anything else would run under /bin/sh by chance, or not at all. */
export function requireScript(script: string, file: string): void {
  if (!script.startsWith('#!/'))
    throw new PppcError(`${file} is not a script: it does not start with #!/bin/sh or #!/bin/bash`, {
      hint: 'give the file pppc fleet script wrote (or leave FILE out: pppc generates it)',
    })
}

function scriptFacts(script: string): FleetPushResult['script'] {
  return {bytes: Buffer.byteLength(script), shebang: script.split('\n', 1)[0] ?? ''}
}

function resultOf(
  mdm: Mdm,
  options: FleetPushOptions,
  connection: Connection,
  decided: Pick<FleetPushResult, 'action' | 'id' | 'url' | 'blueprints' | 'changes' | 'notes'>,
): FleetPushResult {
  const dry = options.mode === 'dry-run'
  return {
    mdm,
    ...decided,
    action: dry ? 'dry-run' : decided.action,
    plan: options.mode === 'plan',
    name: options.name,
    id: dry ? null : decided.id,
    url: dry ? null : decided.url,
    script: scriptFacts(options.script),
    requests: connection.dry ? connection.dry.requests.map((r) => showRequest(r, connection.secrets)) : [],
  }
}

interface JamfAttribute {
  id: string
  name: string
  inputType?: string
  dataType?: string
  enabled?: boolean
  scriptContents?: string
  [key: string]: unknown
}

const EA_PATH = 'api/v1/computer-extension-attributes'
const EA_HINTS = {
  403: 'give the API role (or account) the privileges Create, Read and Update Computer Extension Attributes',
}

/** The extension attribute with exactly this name: GET …/computer-extension-attributes?filter=name=="NAME" (RSQL). */
async function findAttribute(client: JamfClient, name: string): Promise<JamfAttribute | undefined> {
  const filter = encodeURIComponent(`name=="${name.replace(/["\\]/g, '\\$&')}"`)
  const {request, response} = await client.api('GET', `${EA_PATH}?page=0&page-size=100&filter=${filter}`)
  const answer = client.json(request, response, [200], EA_HINTS) as {results?: unknown} | null
  if (!answer || !Array.isArray(answer.results))
    throw new PppcError(`Jamf Pro's answer to GET /${EA_PATH} has no results`, {
      hint: 'check that --url is the Jamf Pro server (Jamf Pro 11.5 or later has this API)',
      exitCode: 1,
      code: 'PPPC_HTTP',
    })
  return (answer.results as JamfAttribute[]).find((a) => a?.name === name && /^\d+$/.test(String(a.id)))
}

/**
 * The body of an extension attribute that runs the script (Jamf Pro API, POST/PUT /api/v1/computer-extension-attributes,
 * https://developer.jamf.com/jamf-pro/reference/post_v1-computer-extension-attributes): a string, shown in the Extension
 * Attributes inventory section, input type SCRIPT with scriptContents. An update keeps the fields an admin set (the
 * description, where inventory shows it, whether it is enabled).
 */
function attributeBody(name: string, script: string, stored?: JamfAttribute): Record<string, unknown> {
  return {
    description:
      "The pppc doctor verdict for this Mac: whether the app's permissions window will show, which sections and why (one line, see pppc fleet report).",
    inventoryDisplayType: 'EXTENSION_ATTRIBUTES',
    enabled: true,
    ...stored,
    name,
    dataType: 'STRING',
    inputType: 'SCRIPT',
    scriptContents: script,
  }
}

export interface FleetJamfOptions extends FleetPushOptions {
  url: string
}

/** Creates the extension attribute, or updates the one with this name; nothing is sent when it already holds the script. */
export async function pushFleetJamf(options: FleetJamfOptions): Promise<FleetPushResult> {
  const {connectJamf} = await import('../deploy/connect.js')
  const connection = connectJamf(options)
  return guarded(connection.secrets, async () => {
    const {client} = await connection.open()
    const plan = options.mode === 'plan'
    const console = (id: string) => new URL(`computerExtensionAttributes.html?id=${id}&o=r`, new URL(options.url)).href
    const notes = [
      "Jamf Pro runs it at each Mac's inventory update: results come in as Macs send inventory (sudo jamf recon sends it now)",
    ]
    const stored = await findAttribute(client, options.name)
    if (!stored) {
      const decided = {action: 'created' as const, id: null, url: null, blueprints: null, changes: [], notes}
      if (plan) return resultOf('jamf', options, connection, {...decided, action: 'create'})
      const {request, response} = await client.api('POST', EA_PATH, attributeBody(options.name, options.script))
      const made = client.json(request, response, [200, 201], EA_HINTS) as {id?: unknown} | null
      const id = String(made?.id ?? '')
      if (!/^\d+$/.test(id))
        throw new PppcError(`Jamf Pro's answer to POST /${EA_PATH} has no id`, {
          hint: 'check that --url is the Jamf Pro server',
          exitCode: 1,
          code: 'PPPC_HTTP',
        })
      return resultOf('jamf', options, connection, {...decided, id, url: console(id)})
    }
    const id = String(stored.id)
    const changes: string[] = []
    if (stored.scriptContents !== options.script) changes.push('script: replaced')
    if (stored.inputType !== 'SCRIPT') changes.push(`input type: ${stored.inputType ?? 'none'} → SCRIPT`)
    if (stored.dataType !== 'STRING') changes.push(`data type: ${stored.dataType ?? 'none'} → STRING`)
    if (stored.enabled === false)
      notes.push('the extension attribute is disabled in Jamf Pro: it runs on no Mac until enabled')
    const decided = {action: 'updated' as const, id, url: console(id), blueprints: null, changes, notes}
    if (changes.length === 0) return resultOf('jamf', options, connection, {...decided, action: 'unchanged'})
    if (plan) return resultOf('jamf', options, connection, {...decided, action: 'update'})
    const {request, response} = await client.api(
      'PUT',
      `${EA_PATH}/${encodeURIComponent(id)}`,
      attributeBody(options.name, options.script, stored),
    )
    client.json(request, response, [200, 201], EA_HINTS)
    return resultOf('jamf', options, connection, decided)
  })
}

interface KandjiScriptItem {
  id: string
  name: string
  script?: string
  execution_frequency?: string
  active?: boolean
}

/** How often Kandji runs a custom script (execution_frequency): the choices its API documents. */
export const KANDJI_FREQUENCIES = ['every_15_min', 'every_day', 'once', 'no_enforcement'] as const
export type KandjiFrequency = (typeof KANDJI_FREQUENCIES)[number]

const SCRIPTS_PATH = 'api/v1/library/custom-scripts'
const SCRIPT_HINTS = {403: 'give the API token the Library permissions (list, create and update custom scripts)'}

export interface FleetKandjiOptions extends FleetPushOptions {
  subdomain?: string | undefined
  region: 'us' | 'eu'
  apiUrl?: string | undefined
  frequency: KandjiFrequency
  blueprints?: string[] | undefined
}

/**
 * Creates the custom script, or updates the one with this name (Kandji API, Library › Custom Scripts: POST and PATCH
 * /api/v1/library/custom-scripts with JSON {name, script, remediation_script, execution_frequency, restart, active,
 * show_in_self_service}; https://api-docs.kandji.io, as the kandji-inc/iructl wiki's API Custom Scripts page
 * describes the fields), then assigns it to the Blueprints named. The script is the audit script: it exits 1 when
 * the window will show, so Kandji lists those Macs as failing; there is no remediation script.
 */
export async function pushFleetKandji(options: FleetKandjiOptions): Promise<FleetPushResult> {
  const {connectKandji} = await import('../deploy/connect.js')
  const connection = connectKandji(options)
  return guarded(connection.secrets, async () => {
    const {client} = await connection.open()
    const plan = options.mode === 'plan'
    const found: KandjiScriptItem[] = []
    for await (const results of client.pages(SCRIPTS_PATH, 'custom scripts'))
      for (const item of results as KandjiScriptItem[])
        if (item?.name === options.name && typeof item.id === 'string') found.push(item)
    if (found.length > 1)
      throw new PppcError(`Kandji has ${found.length} custom scripts named ${JSON.stringify(options.name)}`, {
        hint: 'rename all but one in Kandji, then push again',
        exitCode: 1,
        code: 'PPPC_HTTP',
      })
    const blueprints = []
    for (const name of options.blueprints ?? []) blueprints.push(await client.blueprint(name))
    const stored = found[0]
    const changes: string[] = []
    const notes: string[] = []
    if (blueprints.length === 0)
      notes.push(
        `"${options.name}" is in no Blueprint pppc was told of: it runs on no Mac until assigned (--blueprint NAME)`,
      )
    let id = stored?.id ?? null
    let action: FleetPushResult['action'] = stored ? 'unchanged' : plan ? 'create' : 'created'
    if (stored) {
      if (stored.script !== options.script) changes.push('script: replaced')
      if (stored.execution_frequency !== options.frequency)
        changes.push(`frequency: ${stored.execution_frequency ?? 'none'} → ${options.frequency}`)
      if (stored.active === false)
        notes.push('the custom script is inactive in Kandji: it runs on no Mac until made active')
      if (changes.length > 0) action = plan ? 'update' : 'updated'
    }
    if (!plan && action !== 'unchanged') {
      const body = {
        name: options.name,
        script: options.script,
        remediation_script: '',
        execution_frequency: options.frequency,
        restart: false,
        show_in_self_service: false,
        ...(stored ? {} : {active: true}),
      }
      const {request, response} = stored
        ? await client.api('PATCH', `${SCRIPTS_PATH}/${encodeURIComponent(stored.id)}`, body)
        : await client.api('POST', SCRIPTS_PATH, body)
      const saved = client.json(request, response, [200, 201], SCRIPT_HINTS) as {id?: unknown} | null
      if (typeof saved?.id !== 'string' || !/^[A-Za-z0-9-]+$/.test(saved.id))
        throw new PppcError(`Kandji's answer to ${request.method} /${SCRIPTS_PATH} has no library item id`, {
          hint: 'check --subdomain and --region (or --api-url) point at the Kandji API',
          exitCode: 1,
          code: 'PPPC_HTTP',
        })
      id = saved.id
    }
    const assigned: NonNullable<FleetPushResult['blueprints']> = []
    for (const blueprint of blueprints) {
      const already = id !== null && stored !== undefined && (await client.holds(blueprint, id))
      if (!already) changes.push(`Blueprint: + "${blueprint.name}"`)
      if (!already && !plan && id !== null) await client.assign(blueprint, id)
      assigned.push({name: blueprint.name, id: blueprint.id, already})
    }
    if (action === 'unchanged' && changes.length > 0) action = plan ? 'update' : 'updated'
    return resultOf('kandji', options, connection, {action, id, url: null, blueprints: assigned, changes, notes})
  })
}

const WHERE: Record<Mdm, string> = {jamf: 'Jamf Pro', kandji: 'Kandji'}
const WHAT: Record<Mdm, string> = {jamf: 'extension attribute', kandji: 'custom script'}

/** The result for a terminal: what was (or would be) done, the changes, the console page. */
export function describeFleetPush(result: FleetPushResult): string {
  if (result.action === 'dry-run') {
    return result.requests
      .map((r) => {
        const lines = [`${r.method} ${r.url}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)]
        if (r.body !== undefined) {
          // The script is long: its size stands in for it.
          const body = r.body.replace(
            /("(?:scriptContents|script)":)"(?:[^"\\]|\\.)*"/g,
            `$1"(${result.script.bytes} bytes)"`,
          )
          lines.push('', body)
        }
        return `${lines.join('\n')}\n`
      })
      .join('\n')
  }
  const plan = result.plan ? 'plan: ' : ''
  const at = result.id === null ? '' : `: id ${result.id}`
  const lines = [`${plan}${result.action} ${WHAT[result.mdm]} "${result.name}" in ${WHERE[result.mdm]}${at}`]
  for (const change of result.changes) lines.push(`  ${change}`)
  if (result.url) lines.push(result.url)
  return `${lines.join('\n')}\n`
}
