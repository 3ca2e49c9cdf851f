import {randomUUID} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {createGzip} from 'node:zlib'
import {XMLBuilder, XMLParser} from 'fast-xml-parser'
import {build as buildPlist, parse as parsePlist} from 'plist'

/** One request as the server saw it. */
export interface SeenRequest {
  at: number
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: string
  form?: Record<string, string>
}

/** A failure to answer with instead of the real thing, `times` times, for requests that match. */
export interface Failure {
  method?: string
  path: RegExp
  status: number
  body?: string
  headers?: Record<string, string>
  times?: number
  /** Instead of `body`: zeros (1 GiB in all) until the client goes away, plain or gzip-compressed on the wire. */
  endless?: 'plain' | 'gzip'
}

export interface JamfGroup {
  id: number
  name: string
}

export interface JamfProfile {
  id: number
  name: string
  category?: string | undefined
  site?: string | undefined
  payloads: string
  /** general/redeploy_on_update as last sent ("All" or "Newly Assigned"). */
  redeploy?: string | undefined
  scope: {all: boolean; groups: JamfGroup[]}
}

export interface KandjiBlueprint {
  id: string
  name: string
  type: 'classic' | 'map'
  /** Library item ids assigned to it. */
  items: string[]
}

export interface KandjiProfile {
  id: string
  name: string
  active: boolean
  runs_on_mac: boolean
  profile: string
  mdm_identifier: string
}

/** One Mac of a made-up fleet, as the MDM knows it, with the line its script printed (null: no result yet). */
export interface FleetMacSpec {
  name: string
  macos: string
  line: string | null
}

/** A Jamf Pro computer extension attribute (Jamf Pro API, /api/v1/computer-extension-attributes). */
export interface JamfExtensionAttribute {
  id: string
  name: string
  description: string
  dataType: string
  enabled: boolean
  inventoryDisplayType: string
  inputType: string
  scriptContents?: string
  [key: string]: unknown
}

/** A Kandji custom script library item (/api/v1/library/custom-scripts). */
export interface KandjiScript {
  id: string
  name: string
  active: boolean
  execution_frequency: string
  restart: boolean
  script: string
  remediation_script: string
  show_in_self_service: boolean
  [key: string]: unknown
}

const htmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * A failure body with the request's credential echoed as careless servers do: `{auth}` the Authorization header as
 * sent; `{token}` the bearer token alone, `{token:html}` HTML-escaped, `{token:url}` URL-encoded, `{token:json}` with
 * JSON \\u escapes, `{token:b64}` in base64 inside a longer value.
 */
function echoInto(body: string, header: string): string {
  const token = header.replace(/^\S+\s+/, '')
  return body
    .replaceAll('{auth}', header)
    .replaceAll('{token:html}', htmlEscape(token).replace(/-/g, '&#45;'))
    .replaceAll('{token:url}', encodeURIComponent(token).replace(/-/g, '%2d'))
    .replaceAll('{token:json}', JSON.stringify(token).slice(1, -1).replace(/-/g, '\\u002d'))
    .replaceAll('{token:b64}', Buffer.from(`session:${token}:end`).toString('base64'))
    .replaceAll('{token}', token)
}

const xml = new XMLParser({parseTagValue: false, processEntities: true, htmlEntities: false})
const xmlOut = new XMLBuilder({})

/**
 * Jamf Pro's and Kandji's documented endpoints for profiles, with in-memory state, on 127.0.0.1 at a random port:
 * OAuth client credentials (v1 and older path), user bearer tokens; Classic API osxconfigurationprofiles (the list,
 * by name and id, with general/redeploy_on_update and scope: all_computers, computer_groups; a PUT changes the elements
 * it carries), categories, sites and computergroups by name, unknown references refused with 409; Kandji custom
 * profiles with `next` pages and multipart bodies, Blueprints (list with name filter and limit/offset pages, library
 * items, assign with its documented 400s). Failures are injected per request; error bodies echo the request's
 * Authorization header, as careless servers do, so redaction is tested against real echoes.
 */
export class MdmServer {
  readonly requests: SeenRequest[] = []
  readonly failures: Failure[] = []
  readonly jamf = {
    profiles: new Map<number, JamfProfile>(),
    nextId: 1,
    clients: new Map<string, string>(),
    users: new Map<string, string>(),
    v1OAuth: true,
    /** Authorized requests a token is good for (Infinity: until the test says otherwise). */
    tokenUses: Infinity,
    tokens: new Map<string, number>(),
    issued: [] as string[],
    /** Categories, sites and computer groups by name, with their ids. */
    categories: new Map<string, number>(),
    sites: new Map<string, number>(),
    groups: new Map<string, number>(),
  }
  readonly kandji = {
    profiles: [] as KandjiProfile[],
    token: '',
    pageSize: 2,
    blueprints: [] as KandjiBlueprint[],
    scripts: [] as KandjiScript[],
    /** Macs in the tenant besides the fleet's (not in the script's Blueprints: no status). */
    otherDevices: 0,
  }
  /**
   * A made-up fleet, made one Mac at a time by index (100,000 Macs take no memory): Jamf Pro's inventory, holding
   * each Mac's line in the extension attribute `attribute`, and Kandji's statuses of the custom script `scriptId`
   * (the line in last_audit_log). `inGeneral`: Jamf lists the attribute under general (inventory display General).
   */
  readonly fleet = {
    count: 0,
    mac: (i: number): FleetMacSpec => ({name: `Mac-${i}`, macos: '15.5', line: null}),
    attribute: '',
    inGeneral: false,
    scriptId: '',
  }
  readonly extensionAttributes = new Map<string, JamfExtensionAttribute>()
  private server: Server | undefined
  port = 0

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async start(): Promise<this> {
    this.server = createServer(
      (req, res) =>
        void this.handle(req, res).catch((error: Error) => this.send(res, 500, `test server: ${error.message}`)),
    )
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
    return this
  }

  async stop(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve))
    // pppc run in the test's process (pppcInProcess) leaves fetch's idle keep-alive connections open: close() alone
    // would wait for them to time out.
    this.server?.closeAllConnections()
    await closed
  }

  reset(): void {
    this.requests.length = 0
    this.failures.length = 0
    this.jamf.profiles.clear()
    this.jamf.nextId = 1
    this.jamf.v1OAuth = true
    this.jamf.tokenUses = Infinity
    this.jamf.tokens.clear()
    this.jamf.categories.clear()
    this.jamf.sites.clear()
    this.jamf.groups.clear()
    this.kandji.profiles.length = 0
    this.kandji.blueprints.length = 0
    this.kandji.scripts.length = 0
    this.kandji.otherDevices = 0
    this.fleet.count = 0
    this.extensionAttributes.clear()
  }

  inject(failure: Failure): void {
    this.failures.push({times: 1, ...failure})
  }

  seen(method: string, path: RegExp): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path))
  }

  private send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': body.startsWith('{')
        ? 'application/json'
        : body.startsWith('<')
          ? 'application/xml'
          : 'text/plain',
      ...headers,
    })
    res.end(body)
  }

  /** 1 GiB of zeros, written as fast as the client reads, until it stops reading and goes away. */
  private endless(res: ServerResponse, status: number, encoding: 'plain' | 'gzip'): void {
    res.writeHead(status, {
      'Content-Type': 'application/xml',
      ...(encoding === 'gzip' ? {'Content-Encoding': 'gzip'} : {}),
    })
    const gzip = encoding === 'gzip' ? createGzip({level: 1}) : undefined
    gzip?.pipe(res)
    const out: NodeJS.WritableStream = gzip ?? res
    const chunk = Buffer.alloc(64 * 1024)
    let sent = 0
    const more = () => {
      while (sent < 1024 ** 3 && !res.destroyed) {
        sent += chunk.length
        if (!out.write(chunk)) return void out.once('drain', more)
      }
      out.end()
    }
    res.on('close', () => out.end())
    more()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks)
    const url = new URL(req.url ?? '/', this.url)
    const seen: SeenRequest = {
      at: Date.now(),
      method: req.method ?? '',
      path: url.pathname + url.search,
      headers: req.headers,
      body: raw.toString('utf8'),
    }
    if (String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
      const form = await new Request(url, {
        ...(req.method ? {method: req.method} : {}),
        headers: req.headers as Record<string, string>,
        body: raw,
      }).formData()
      seen.form = {}
      for (const [key, value] of form) seen.form[key] = typeof value === 'string' ? value : await value.text()
    }
    this.requests.push(seen)
    const echo = String(req.headers.authorization ?? '')

    const failure = this.failures.find(
      (f) => f.times! > 0 && (!f.method || f.method === req.method) && f.path.test(url.pathname),
    )
    if (failure) {
      failure.times!--
      if (failure.endless) return this.endless(res, failure.status, failure.endless)
      return this.send(res, failure.status, echoInto(failure.body ?? '', echo), failure.headers)
    }
    if (
      url.pathname.startsWith('/api/v1/library/') ||
      url.pathname.startsWith('/api/v1/blueprints') ||
      url.pathname.startsWith('/api/v1/devices')
    )
      return this.kandjiRoute(req.method ?? '', url, seen, res, echo)
    return this.jamfRoute(req.method ?? '', url, seen, res, echo)
  }

  private issue(res: ServerResponse, field: 'access_token' | 'token'): void {
    const token = `jamf-issued-token-${randomUUID()}`
    this.jamf.issued.push(token)
    this.jamf.tokens.set(token, this.jamf.tokenUses)
    this.send(
      res,
      200,
      JSON.stringify(
        field === 'access_token'
          ? {access_token: token, expires_in: 1199, token_type: 'Bearer', scope: 'api-role:1'}
          : {token, expires: '2030-01-01T00:00:00.000Z'},
      ),
    )
  }

  /** A bearer token still good for one more request; spends one use. */
  private authorized(header: string | undefined): boolean {
    const token = header?.startsWith('Bearer ') ? header.slice(7) : ''
    const left = this.jamf.tokens.get(token)
    if (left === undefined || left <= 0) return false
    this.jamf.tokens.set(token, left - 1)
    return true
  }

  private jamfRoute(method: string, url: URL, seen: SeenRequest, res: ServerResponse, echo: string): void {
    const path = url.pathname
    if (method === 'POST' && (path === '/api/v1/oauth/token' || path === '/api/oauth/token')) {
      if (path === '/api/v1/oauth/token' && !this.jamf.v1OAuth)
        return this.send(res, 404, '<html><body>Not Found</body></html>')
      const form = new URLSearchParams(seen.body)
      const secret = this.jamf.clients.get(form.get('client_id') ?? '')
      if (form.get('grant_type') !== 'client_credentials' || !secret || secret !== form.get('client_secret'))
        return this.send(
          res,
          401,
          JSON.stringify({
            error: 'invalid_client',
            error_description: `bad client_secret ${form.get('client_secret')}`,
          }),
        )
      return this.issue(res, 'access_token')
    }
    if (method === 'POST' && path === '/api/v1/auth/token') {
      const [user, password] = Buffer.from(String(seen.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':')
      if (!user || this.jamf.users.get(user) !== password)
        return this.send(
          res,
          401,
          JSON.stringify({httpStatus: 401, errors: [{description: `bad credentials in ${echo}`}]}),
        )
      return this.issue(res, 'token')
    }
    if (path === '/api/v1/computers-inventory' || path.startsWith('/api/v1/computer-extension-attributes')) {
      if (!this.authorized(seen.headers.authorization as string | undefined))
        return this.send(
          res,
          401,
          JSON.stringify({httpStatus: 401, errors: [{code: 'INVALID_TOKEN', description: echo}]}),
        )
      return path === '/api/v1/computers-inventory'
        ? this.inventory(url, res)
        : this.extensionAttributeRoute(method, url, seen, res)
    }
    const notFound = '<html><body>The server has not found anything matching the request URI</body></html>'
    const lookup = /^\/JSSResource\/(categories|sites|computergroups)\/name\/([^/]+)$/.exec(path)
    const match = /^\/JSSResource\/osxconfigurationprofiles\/(name|id)\/([^/]+)$/.exec(path)
    const list = path === '/JSSResource/osxconfigurationprofiles'
    if (!match && !lookup && !list) return this.send(res, 404, notFound)
    if (!this.authorized(seen.headers.authorization as string | undefined))
      return this.send(res, 401, `<html><body>Unauthorized: ${echo}</body></html>`)
    if (lookup && method === 'GET') {
      // GET /JSSResource/{categories|sites|computergroups}/name/{name} (Classic API): the object, or 404.
      const name = decodeURIComponent(lookup[2]!)
      const table = {categories: this.jamf.categories, sites: this.jamf.sites, computergroups: this.jamf.groups}[
        lookup[1] as 'categories' | 'sites' | 'computergroups'
      ]
      const id = table.get(name)
      if (id === undefined) return this.send(res, 404, notFound)
      const root = {categories: 'category', sites: 'site', computergroups: 'computer_group'}[lookup[1]!]!
      const extra = root === 'category' ? {priority: 9} : root === 'computer_group' ? {is_smart: false} : {}
      return this.send(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>${xmlOut.build({[root]: {id, name, ...extra}})}`,
      )
    }
    if (list && method === 'GET') {
      const all = [...this.jamf.profiles.values()].map((p) => ({id: p.id, name: p.name}))
      return this.send(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>${xmlOut.build({os_x_configuration_profiles: {size: all.length, os_x_configuration_profile: all}})}`,
      )
    }
    if (!match) return this.send(res, 404, notFound)
    const key = decodeURIComponent(match[2]!)
    const found =
      match[1] === 'name'
        ? [...this.jamf.profiles.values()].find((p) => p.name === key)
        : this.jamf.profiles.get(Number(key))
    if (method === 'GET') {
      if (!found) return this.send(res, 404, notFound)
      const general: Record<string, unknown> = {
        id: found.id,
        name: found.name,
        site: {id: -1, name: found.site ?? 'None'},
        category: {id: -1, name: found.category ?? 'No category assigned'},
        distribution_method: 'Install Automatically',
        redeploy_on_update: found.redeploy ?? 'Newly Assigned',
        payloads: found.payloads,
      }
      const scope = {
        all_computers: found.scope.all,
        all_jss_users: false,
        computers: '',
        computer_groups: {computer_group: found.scope.groups.map((g) => ({id: g.id, name: g.name}))},
        buildings: '',
        departments: '',
        jss_users: '',
        jss_user_groups: '',
        limitations: '',
        exclusions: '',
      }
      return this.send(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>${xmlOut.build({os_x_configuration_profile: {general, scope}})}`,
      )
    }
    const body = (
      xml.parse(seen.body) as {
        os_x_configuration_profile?: {general?: Record<string, unknown>; scope?: Record<string, unknown>}
      }
    ).os_x_configuration_profile
    const general = body?.general
    if (!general) return this.send(res, 400, '<html><body>Bad Request</body></html>')
    const name = (v: unknown) => (v as {name?: string} | undefined)?.name
    // A reference Jamf Pro does not know is a 409 with what it could not find (as the Classic API answers).
    const conflict = (what: string) =>
      this.send(res, 409, `<html><body><p>Error: Problem with ${what}</p></body></html>`)
    if (general.category !== undefined && !this.jamf.categories.has(name(general.category) ?? ''))
      return conflict('category')
    if (general.site !== undefined && !this.jamf.sites.has(name(general.site) ?? '')) return conflict('site')
    let groups: JamfGroup[] | undefined
    const scope = body?.scope
    if (scope?.computer_groups !== undefined) {
      const listed = (scope.computer_groups as {computer_group?: unknown} | '') || {}
      const raw = (listed as {computer_group?: unknown}).computer_group
      groups = []
      for (const g of (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as {id?: string; name?: string}[]) {
        const byId = [...this.jamf.groups].find(([, id]) => String(id) === g.id)
        const known =
          byId ??
          (g.name !== undefined && this.jamf.groups.has(g.name) ? [g.name, this.jamf.groups.get(g.name)!] : undefined)
        if (!known) return conflict('computer group in scope')
        groups.push({id: known[1] as number, name: known[0] as string})
      }
    }
    const all = scope?.all_computers === undefined ? undefined : String(scope.all_computers) === 'true'
    if (method === 'POST' && match[1] === 'id' && key === '0') {
      if ([...this.jamf.profiles.values()].some((p) => p.name === general.name))
        return this.send(res, 409, `<html><body><p>Error: Duplicate name</p><p>${echo}</p></body></html>`)
      const id = this.jamf.nextId++
      // Jamf Pro gives an uploaded profile its own top-level identity; a replacement must keep it.
      const parsed = parsePlist(String(general.payloads)) as Record<string, unknown>
      const uuid = randomUUID().toUpperCase()
      Object.assign(parsed, {PayloadUUID: uuid, PayloadIdentifier: uuid})
      this.jamf.profiles.set(id, {
        id,
        name: String(general.name),
        category: name(general.category),
        site: name(general.site),
        payloads: buildPlist(parsed as never),
        redeploy: general.redeploy_on_update === undefined ? undefined : String(general.redeploy_on_update),
        scope: {all: all ?? false, groups: groups ?? []},
      })
      return this.send(
        res,
        201,
        `<?xml version="1.0" encoding="UTF-8"?><os_x_configuration_profile><id>${id}</id></os_x_configuration_profile>`,
      )
    }
    if (method === 'PUT' && found) {
      // A Classic API PUT changes the elements it carries and keeps the others.
      if (general.name !== undefined) found.name = String(general.name)
      if (general.payloads !== undefined) found.payloads = String(general.payloads)
      if (general.category !== undefined) found.category = name(general.category)
      if (general.site !== undefined) found.site = name(general.site)
      found.redeploy = general.redeploy_on_update === undefined ? undefined : String(general.redeploy_on_update)
      if (all !== undefined) found.scope.all = all
      if (groups) found.scope.groups = groups
      return this.send(
        res,
        201,
        `<?xml version="1.0" encoding="UTF-8"?><os_x_configuration_profile><id>${found.id}</id></os_x_configuration_profile>`,
      )
    }
    return this.send(res, 404, '<html><body>Not Found</body></html>')
  }

  private kandjiRoute(method: string, url: URL, seen: SeenRequest, res: ServerResponse, echo: string): void {
    if (seen.headers.authorization !== `Bearer ${this.kandji.token}`)
      return this.send(res, 401, JSON.stringify({detail: `Invalid token: ${echo}`}))
    const base = '/api/v1/library/custom-profiles'
    if (method === 'GET' && url.pathname === base) {
      const page = Number(url.searchParams.get('page') ?? '1')
      const size = this.kandji.pageSize
      const results = this.kandji.profiles.slice((page - 1) * size, page * size)
      const next = page * size < this.kandji.profiles.length ? `${this.url}${base}?page=${page + 1}` : null
      return this.send(
        res,
        200,
        JSON.stringify({
          count: this.kandji.profiles.length,
          next,
          previous: page > 1 ? `${this.url}${base}?page=${page - 1}` : null,
          results,
        }),
      )
    }
    if (url.pathname.startsWith('/api/v1/library/custom-scripts')) return this.scriptRoute(method, url, seen, res)
    const status = /^\/api\/v1\/library\/library-items\/([^/]+)\/status$/.exec(url.pathname)
    if (status && method === 'GET') return this.statusRoute(url, decodeURIComponent(status[1]!), res)
    if (url.pathname === '/api/v1/devices' && method === 'GET') return this.devicesRoute(url, res)
    const blueprints = /^\/api\/v1\/blueprints(?:\/([^/]+)\/(list-library-items|assign-library-item))?$/.exec(
      url.pathname,
    )
    if (blueprints) return this.blueprintRoute(method, url, seen, res, blueprints[1], blueprints[2])
    const form = seen.form ?? {}
    if (method === 'POST' && url.pathname === base) {
      if (!form.name || !form.file) return this.send(res, 400, JSON.stringify({detail: 'name and file are required'}))
      const id = randomUUID()
      const item: KandjiProfile = {
        id,
        name: form.name,
        active: form.active === 'true',
        runs_on_mac: form.runs_on_mac === 'true',
        profile: '',
        mdm_identifier: `com.kandji.profile.custom.${id}`,
      }
      item.profile = this.kandjiStore(form.file, item)
      this.kandji.profiles.push(item)
      return this.send(res, 201, JSON.stringify(item))
    }
    const item = this.kandji.profiles.find((p) => `${base}/${p.id}` === url.pathname)
    if (method === 'PATCH' && item) {
      if (form.name) item.name = form.name
      if (form.active) item.active = form.active === 'true'
      if (form.runs_on_mac) item.runs_on_mac = form.runs_on_mac === 'true'
      if (form.file) item.profile = this.kandjiStore(form.file, item)
      return this.send(res, 200, JSON.stringify(item))
    }
    return this.send(res, 404, JSON.stringify({detail: 'Not found.'}))
  }

  /**
   * GET /api/v1/computers-inventory (Jamf Pro API, https://developer.jamf.com/jamf-pro/reference/get_v1-computers-inventory):
   * page from 0, page-size (default 100, at most 2000), section (repeatable; a section not asked for is null),
   * sort; answers {totalCount, results}.
   */
  private inventory(url: URL, res: ServerResponse): void {
    const page = Number(url.searchParams.get('page') ?? '0')
    const size = Number(url.searchParams.get('page-size') ?? '100')
    if (!Number.isInteger(page) || page < 0 || !Number.isInteger(size) || size < 1 || size > 2000)
      return this.send(
        res,
        400,
        JSON.stringify({httpStatus: 400, errors: [{code: 'INVALID_FIELD', field: 'page-size'}]}),
      )
    const sections = new Set(url.searchParams.getAll('section'))
    const results: unknown[] = []
    for (let i = page * size; i < Math.min(this.fleet.count, (page + 1) * size); i++) {
      const mac = this.fleet.mac(i)
      // Jamf Pro keeps what the script put inside <result>; a Mac that has not run it has no value, or no attribute at
      // all when it sent no inventory since the attribute was made.
      const attributes =
        mac.line === null && i % 2 === 0
          ? []
          : [
              {
                definitionId: '12',
                name: 'Last Check-in Script',
                enabled: true,
                multiValue: false,
                values: ['ok'],
                dataType: 'STRING',
                options: [],
                inputType: 'SCRIPT',
              },
              {
                definitionId: '7',
                name: this.fleet.attribute,
                description: '',
                enabled: true,
                multiValue: false,
                values: mac.line === null ? [] : [mac.line],
                dataType: 'STRING',
                options: [],
                inputType: 'SCRIPT',
              },
            ]
      results.push({
        id: String(i + 1),
        udid: `0000${String(i).padStart(8, '0')}-0000-0000-0000-000000000000`,
        general: sections.has('GENERAL')
          ? {name: mac.name, platform: 'Mac', extensionAttributes: this.fleet.inGeneral ? attributes : []}
          : null,
        operatingSystem: sections.has('OPERATING_SYSTEM')
          ? {name: 'macOS', version: mac.macos, build: '24F74', extensionAttributes: []}
          : null,
        extensionAttributes: sections.has('EXTENSION_ATTRIBUTES') ? (this.fleet.inGeneral ? [] : attributes) : null,
        hardware: null,
      })
    }
    this.send(res, 200, JSON.stringify({totalCount: this.fleet.count, results}))
  }

  /**
   * /api/v1/computer-extension-attributes (Jamf Pro API): GET with page, page-size and an RSQL filter on name
   * (name=="X"), GET/PUT /{id}, POST (201 {id, href}); name, dataType, inventoryDisplayType and inputType required,
   * scriptContents with inputType SCRIPT; a name taken is a 400 as Jamf Pro answers it.
   */
  private extensionAttributeRoute(method: string, url: URL, seen: SeenRequest, res: ServerResponse): void {
    const byId = /^\/api\/v1\/computer-extension-attributes\/([^/]+)$/.exec(url.pathname)
    const bad = (description: string) =>
      this.send(res, 400, JSON.stringify({httpStatus: 400, errors: [{code: 'INVALID_FIELD', description}]}))
    if (method === 'GET' && !byId) {
      const filter = url.searchParams.get('filter') ?? ''
      const wanted = /^name=="((?:[^"\\]|\\.)*)"$/.exec(filter)
      if (filter && !wanted) return bad(`unsupported filter ${filter}`)
      const name = wanted?.[1]?.replace(/\\(.)/g, '$1')
      const all = [...this.extensionAttributes.values()].filter((a) => name === undefined || a.name === name)
      return this.send(res, 200, JSON.stringify({totalCount: all.length, results: all}))
    }
    let body: Partial<JamfExtensionAttribute>
    if (method === 'POST' || method === 'PUT') {
      try {
        body = JSON.parse(seen.body) as Partial<JamfExtensionAttribute>
      } catch {
        return bad('the body is not JSON')
      }
      for (const field of ['name', 'dataType', 'inventoryDisplayType', 'inputType'] as const)
        if (typeof body[field] !== 'string') return bad(`${field} is required`)
      if (body.inputType === 'SCRIPT' && typeof body.scriptContents !== 'string')
        return bad('scriptContents is required for inputType SCRIPT')
      const taken = [...this.extensionAttributes.values()].find((a) => a.name === body.name && a.id !== byId?.[1])
      if (taken) return bad('DUPLICATE_FIELD name')
    } else body = {}
    if (method === 'POST' && !byId) {
      const id = String(this.extensionAttributes.size + 1)
      this.extensionAttributes.set(id, {enabled: true, description: '', ...body, id} as JamfExtensionAttribute)
      return this.send(res, 201, JSON.stringify({id, href: `${this.url}/api/v1/computer-extension-attributes/${id}`}))
    }
    const found = byId ? this.extensionAttributes.get(decodeURIComponent(byId[1]!)) : undefined
    if (!found) return this.send(res, 404, JSON.stringify({httpStatus: 404, errors: [{code: 'NOT_FOUND'}]}))
    if (method === 'GET') return this.send(res, 200, JSON.stringify(found))
    if (method === 'PUT') {
      Object.assign(found, body, {id: found.id})
      return this.send(res, 200, JSON.stringify(found))
    }
    return this.send(res, 405, '')
  }

  /**
   * /api/v1/library/custom-scripts (Kandji, api-docs.kandji.io Library › Custom Scripts): GET pages ({count, next,
   * previous, results}), POST and PATCH /{id} with JSON (name and script required on create; execution_frequency one
   * of once, every_15_min, every_day, no_enforcement), GET /{id}.
   */
  private scriptRoute(method: string, url: URL, seen: SeenRequest, res: ServerResponse): void {
    const base = '/api/v1/library/custom-scripts'
    const bad = (detail: string) => this.send(res, 400, JSON.stringify({detail}))
    if (method === 'GET' && url.pathname === base) {
      const page = Number(url.searchParams.get('page') ?? '1')
      const size = this.kandji.pageSize
      const results = this.kandji.scripts.slice((page - 1) * size, page * size)
      const next = page * size < this.kandji.scripts.length ? `${this.url}${base}?page=${page + 1}` : null
      return this.send(res, 200, JSON.stringify({count: this.kandji.scripts.length, next, previous: null, results}))
    }
    let body: Partial<KandjiScript> = {}
    if (method === 'POST' || method === 'PATCH') {
      if (!String(seen.headers['content-type'] ?? '').startsWith('application/json'))
        return this.send(res, 415, JSON.stringify({detail: 'Unsupported media type'}))
      try {
        body = JSON.parse(seen.body) as Partial<KandjiScript>
      } catch {
        return bad('JSON parse error')
      }
      const frequencies = ['once', 'every_15_min', 'every_day', 'no_enforcement']
      if (body.execution_frequency !== undefined && !frequencies.includes(body.execution_frequency))
        return bad(`"${body.execution_frequency}" is not a valid choice.`)
    }
    if (method === 'POST' && url.pathname === base) {
      if (typeof body.name !== 'string' || typeof body.script !== 'string') return bad('name and script are required')
      if (this.kandji.scripts.some((s) => s.name === body.name)) return bad('A library item with this name exists')
      const item: KandjiScript = {
        active: false,
        execution_frequency: 'once',
        restart: false,
        remediation_script: '',
        show_in_self_service: false,
        ...body,
        name: body.name,
        script: body.script,
        id: randomUUID(),
      }
      this.kandji.scripts.push(item)
      return this.send(res, 201, JSON.stringify(item))
    }
    const item = this.kandji.scripts.find((s) => `${base}/${s.id}` === url.pathname)
    if (!item) return this.send(res, 404, JSON.stringify({detail: 'Not found.'}))
    if (method === 'GET') return this.send(res, 200, JSON.stringify(item))
    if (method === 'PATCH') {
      Object.assign(item, body, {id: item.id})
      return this.send(res, 200, JSON.stringify(item))
    }
    return this.send(res, 405, JSON.stringify({detail: 'Method not allowed.'}))
  }

  /** A limit/offset page of `count` items made by index, Kandji's hard limit of 300 applied. */
  private indexPage(
    url: URL,
    count: number,
    item: (i: number) => unknown,
  ): {results: unknown[]; next: string | null; previous: string | null} {
    const limit = Math.min(300, Number(url.searchParams.get('limit') ?? '300'))
    const offset = Number(url.searchParams.get('offset') ?? '0')
    const at = (n: number) => {
      const next = new URL(url)
      next.searchParams.set('limit', String(limit))
      next.searchParams.set('offset', String(n))
      return next.href
    }
    const results: unknown[] = []
    for (let i = offset; i < Math.min(count, offset + limit); i++) results.push(item(i))
    return {
      results,
      next: offset + limit < count ? at(offset + limit) : null,
      previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
    }
  }

  /**
   * GET /api/v1/library/library-items/{id}/status (Kandji, Library Items › Get Library Item Statuses): limit (at most
   * 300) and offset, {count, next, previous, results}, a status per Mac the item is assigned to: the audit script's
   * output in last_audit_log, PENDING with no log when it has not run.
   */
  private statusRoute(url: URL, id: string, res: ServerResponse): void {
    if (id !== this.fleet.scriptId) return this.send(res, 404, JSON.stringify({detail: 'Not found.'}))
    const page = this.indexPage(url, this.fleet.count, (i) => {
      const mac = this.fleet.mac(i)
      return {
        id: 1000 + i,
        item_id: id,
        name: 'pppc fleet',
        type: 'custom-script',
        status: mac.line === null ? 'PENDING' : mac.line.includes('window=does-not-show') ? 'PASS' : 'FAIL',
        reported_at: mac.line === null ? null : '2026-11-30T08:00:00Z',
        log: mac.line === null ? null : 'Executing audit script...\nScript exited with non-zero status.',
        last_audit_run: mac.line === null ? null : '2026-11-30T08:00:00Z',
        last_audit_log: mac.line,
        computer: {id: `device-${i}`, name: mac.name},
        blueprint: {id: 'b1', name: 'Lab Macs'},
        rules_present: false,
      }
    })
    this.send(res, 200, JSON.stringify({count: this.fleet.count, ...page}))
  }

  /** GET /api/v1/devices (Kandji, Device Information › List Devices): limit (at most 300) and offset; a JSON array. */
  private devicesRoute(url: URL, res: ServerResponse): void {
    const count = this.fleet.count + this.kandji.otherDevices
    const page = this.indexPage(url, count, (i) => ({
      device_id: `device-${i}`,
      device_name: i < this.fleet.count ? this.fleet.mac(i).name : `Other-${i}`,
      platform: 'Mac',
      os_version: i < this.fleet.count ? this.fleet.mac(i).macos : '14.6',
      serial_number: `C02${String(i).padStart(9, '0')}`,
    }))
    this.send(res, 200, JSON.stringify(page.results))
  }

  /** A page of `items` as Kandji's limit/offset lists answer: {count, next, previous, results}. */
  private page(url: URL, items: unknown[]): string {
    const limit = Number(url.searchParams.get('limit') ?? this.kandji.pageSize)
    const offset = Number(url.searchParams.get('offset') ?? '0')
    const at = (n: number) => {
      const next = new URL(url)
      next.searchParams.set('limit', String(limit))
      next.searchParams.set('offset', String(n))
      return next.href
    }
    return JSON.stringify({
      count: items.length,
      next: offset + limit < items.length ? at(offset + limit) : null,
      previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
      results: items.slice(offset, offset + limit),
    })
  }

  /**
   * Kandji's Blueprints API (api-docs.kandji.io, Blueprints): List Blueprints (GET /api/v1/blueprints, `name` matches
   * names containing it), List Library Items (GET .../{id}/list-library-items) and Assign Library Item (POST
   * .../{id}/assign-library-item, JSON {library_item_id, assignment_node_id}, with its documented 400s).
   */
  private blueprintRoute(
    method: string,
    url: URL,
    seen: SeenRequest,
    res: ServerResponse,
    id: string | undefined,
    action: string | undefined,
  ): void {
    if (!id && method === 'GET') {
      const name = (url.searchParams.get('name') ?? '').toLowerCase()
      const found = this.kandji.blueprints
        .filter((b) => b.name.toLowerCase().includes(name))
        .map((b) => ({id: b.id, name: b.name, type: b.type, enrollment_code: {code: '1234', is_active: true}}))
      return this.send(res, 200, this.page(url, found))
    }
    const blueprint = this.kandji.blueprints.find((b) => b.id === id)
    if (!blueprint) return this.send(res, 404, JSON.stringify({detail: 'Not found.'}))
    if (action === 'list-library-items' && method === 'GET') {
      const items = blueprint.items.map((item) => ({
        id: item,
        name: [...this.kandji.profiles, ...this.kandji.scripts].find((p) => p.id === item)?.name,
      }))
      return this.send(res, 200, this.page(url, items))
    }
    if (action === 'assign-library-item' && method === 'POST') {
      let body: {library_item_id?: unknown; assignment_node_id?: unknown}
      try {
        body = JSON.parse(seen.body) as typeof body
      } catch {
        return this.send(res, 400, JSON.stringify({detail: 'JSON parse error'}))
      }
      const bad = (detail: string) => this.send(res, 400, JSON.stringify({detail}))
      if (typeof body.library_item_id !== 'string') return bad('library_item_id is required')
      if (blueprint.type === 'classic' && body.assignment_node_id !== undefined)
        return bad('assignment_node_id cannot be provided for Classic Blueprint')
      if (blueprint.type === 'map' && body.assignment_node_id === undefined)
        return bad('Must provide assignment_node_id for Assignment Map Blueprint')
      const items = [...this.kandji.profiles, ...this.kandji.scripts]
      if (!items.some((p) => p.id === body.library_item_id)) return bad('Library Item does not exist')
      if (blueprint.items.includes(body.library_item_id)) return bad('Library Item already exists on Blueprint')
      blueprint.items.push(body.library_item_id)
      return this.send(res, 200, JSON.stringify({library_items: blueprint.items}))
    }
    return this.send(res, 404, JSON.stringify({detail: 'Not found.'}))
  }

  /** Adds a Blueprint, as if made in the console. */
  seedBlueprint(name: string, type: 'classic' | 'map' = 'classic'): KandjiBlueprint {
    const blueprint = {id: randomUUID(), name, type, items: []}
    this.kandji.blueprints.push(blueprint)
    return blueprint
  }

  /** Kandji stores the file with its own top-level PayloadIdentifier (and UUID). */
  private kandjiStore(file: string, item: KandjiProfile): string {
    const parsed = parsePlist(file) as Record<string, unknown>
    Object.assign(parsed, {PayloadIdentifier: item.mdm_identifier, PayloadUUID: item.id.toUpperCase()})
    return buildPlist(parsed as never)
  }

  /** Adds a Kandji custom profile directly, as if made in the console. */
  seedKandji(name: string, profile = ''): KandjiProfile {
    const id = randomUUID()
    const item = {id, name, active: true, runs_on_mac: true, profile, mdm_identifier: `com.kandji.profile.custom.${id}`}
    this.kandji.profiles.push(item)
    return item
  }
}
