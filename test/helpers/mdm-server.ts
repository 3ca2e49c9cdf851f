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

export interface JamfProfile {
  id: number
  name: string
  category?: string | undefined
  site?: string | undefined
  payloads: string
}

export interface KandjiProfile {
  id: string
  name: string
  active: boolean
  runs_on_mac: boolean
  profile: string
  mdm_identifier: string
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
 * OAuth client credentials (v1 and older path), user bearer tokens, Classic API osxconfigurationprofiles by name and
 * id, Kandji custom profiles with `next` pages and multipart bodies. Failures are injected per request; error bodies
 * echo the request's Authorization header, as careless servers do, so redaction is tested against real echoes.
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
  }
  readonly kandji = {profiles: [] as KandjiProfile[], token: '', pageSize: 2}
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
    await new Promise((resolve) => this.server?.close(resolve))
  }

  reset(): void {
    this.requests.length = 0
    this.failures.length = 0
    this.jamf.profiles.clear()
    this.jamf.nextId = 1
    this.jamf.v1OAuth = true
    this.jamf.tokenUses = Infinity
    this.jamf.tokens.clear()
    this.kandji.profiles.length = 0
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
    if (url.pathname.startsWith('/api/v1/library/')) return this.kandjiRoute(req.method ?? '', url, seen, res, echo)
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
    const match = /^\/JSSResource\/osxconfigurationprofiles\/(name|id)\/([^/]+)$/.exec(path)
    if (!match)
      return this.send(res, 404, '<html><body>The server has not found anything matching the request URI</body></html>')
    if (!this.authorized(seen.headers.authorization as string | undefined))
      return this.send(res, 401, `<html><body>Unauthorized: ${echo}</body></html>`)
    const key = decodeURIComponent(match[2]!)
    const found =
      match[1] === 'name'
        ? [...this.jamf.profiles.values()].find((p) => p.name === key)
        : this.jamf.profiles.get(Number(key))
    if (method === 'GET') {
      if (!found)
        return this.send(
          res,
          404,
          '<html><body>The server has not found anything matching the request URI</body></html>',
        )
      const general: Record<string, unknown> = {
        id: found.id,
        name: found.name,
        site: {id: -1, name: found.site ?? 'None'},
        category: {id: -1, name: found.category ?? 'No category assigned'},
        distribution_method: 'Install Automatically',
        payloads: found.payloads,
      }
      return this.send(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>${xmlOut.build({os_x_configuration_profile: {general}})}`,
      )
    }
    const general = (xml.parse(seen.body) as {os_x_configuration_profile?: {general?: Record<string, unknown>}})
      .os_x_configuration_profile?.general
    if (!general) return this.send(res, 400, '<html><body>Bad Request</body></html>')
    const name = (v: unknown) => (v as {name?: string} | undefined)?.name
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
      })
      return this.send(
        res,
        201,
        `<?xml version="1.0" encoding="UTF-8"?><os_x_configuration_profile><id>${id}</id></os_x_configuration_profile>`,
      )
    }
    if (method === 'PUT' && found) {
      if (general.name !== undefined) found.name = String(general.name)
      if (general.payloads !== undefined) found.payloads = String(general.payloads)
      if (general.category !== undefined) found.category = name(general.category)
      if (general.site !== undefined) found.site = name(general.site)
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
