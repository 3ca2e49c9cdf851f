import {XMLBuilder, XMLParser, XMLValidator} from 'fast-xml-parser'
import {PppcError} from '../errors.js'
import {malformed, parseJson, refusal, type RefusalHints} from './answers.js'
import {send, type HttpPolicy, type HttpRequest, type HttpResponse, type Transport} from './http.js'
import type {Secrets} from './secrets.js'

export const JAMF = 'Jamf Pro'

export type JamfCredentials =
  {kind: 'client'; clientId: string; clientSecret: string} | {kind: 'user'; user: string; password: string}

/** API client credentials (preferred) or a user and password, from the environment; every secret joins `secrets`. */
export function jamfCredentialsFromEnv(env: NodeJS.ProcessEnv, secrets: Secrets): JamfCredentials {
  const {JAMF_CLIENT_ID: clientId, JAMF_CLIENT_SECRET: clientSecret, JAMF_USER: user, JAMF_PASSWORD: password} = env
  if (clientId || clientSecret) {
    if (!clientId || !clientSecret)
      throw new PppcError(`${clientId ? 'JAMF_CLIENT_SECRET' : 'JAMF_CLIENT_ID'} is not set`, {
        hint: 'set both JAMF_CLIENT_ID and JAMF_CLIENT_SECRET (Jamf Pro › Settings › API roles and clients)',
      })
    secrets.add(clientSecret)
    return {kind: 'client', clientId, clientSecret}
  }
  if (user || password) {
    if (!user || !password)
      throw new PppcError(`${user ? 'JAMF_PASSWORD' : 'JAMF_USER'} is not set`, {
        hint: 'set both JAMF_USER and JAMF_PASSWORD, or use an API client (JAMF_CLIENT_ID, JAMF_CLIENT_SECRET)',
      })
    secrets.add(password)
    return {kind: 'user', user, password}
  }
  throw new PppcError('no Jamf Pro credentials in the environment', {
    hint: 'set JAMF_CLIENT_ID and JAMF_CLIENT_SECRET (an API client), or JAMF_USER and JAMF_PASSWORD',
  })
}

const HINTS: RefusalHints = {
  401: 'check the credentials in JAMF_CLIENT_ID/JAMF_CLIENT_SECRET (or JAMF_USER/JAMF_PASSWORD) and that the API client or account is enabled',
  403: 'give the API role (or account) the privileges Create, Read and Update macOS Configuration Profiles',
  409: 'Jamf Pro refused the name or a reference: check that --category and --site exist and that no other profile has this name',
}
const LOOKUP_HINTS: RefusalHints = {
  ...HINTS,
  403: 'give the API role (or account) the privileges Read Categories, Read Sites and Read Computer Groups as well',
}
const NOT_JAMF = 'check that --url is the Jamf Pro server, e.g. https://example.jamfcloud.com'

/** A named object Jamf Pro holds (a category, a site, a computer group), as the Classic API refers to one. */
export interface JamfRef {
  id: string
  name: string
}

/** Who a profile goes to: every computer, and/or computer groups. (Other scope targets are kept as Jamf has them.) */
export interface JamfScope {
  all: boolean
  groups: JamfRef[]
}

/** A profile as Jamf Pro holds it: what push needs to decide and to keep. */
export interface JamfStoredProfile {
  id: string
  name: string
  payloads: string
  category?: string
  site?: string
  scope: JamfScope
}

/** How a changed profile reaches Macs (general/redeploy_on_update): every Mac in scope, or newly scoped ones only. */
export type JamfRedeploy = 'all' | 'new'

/**
 * The Classic API's words for JamfRedeploy: general/redeploy_on_update in the sample bodies of
 * https://developer.jamf.com/jamf-pro/reference/updateosxconfigurationprofilebyid ("Newly Assigned" or "All").
 */
export const REDEPLOY_VALUES: Record<JamfRedeploy, string> = {all: 'All', new: 'Newly Assigned'}

const parser = new XMLParser({parseTagValue: false, processEntities: true, htmlEntities: false})
const builder = new XMLBuilder({format: true, indentBy: '  ', suppressEmptyNode: true})

/**
 * The scope element of a Classic API profile (https://developer.jamf.com/jamf-pro/reference/updateosxconfigurationprofilebyid;
 * the element list is in ../shared/research/anchors-pppc.md §4.2): all_computers and computer_groups. A PUT replaces the
 * elements it sends and keeps the others, so computers, buildings, departments, limitations and exclusions made in
 * the console stay; computer_groups is sent whole (the stored groups and the new ones).
 */
function scopeElement(scope: JamfScope): Record<string, unknown> {
  return {
    all_computers: scope.all,
    computer_groups: {
      // A dry run does not know ids (-1): Jamf Pro also finds a group by name.
      computer_group: scope.groups.map((g) => (/^\d+$/.test(g.id) ? {id: g.id, name: g.name} : {name: g.name})),
    },
  }
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

/**
 * The POST body: the body `pppc generate --format jamf-xml` writes (Install Automatically, level computer, redeploy
 * to newly assigned), with the scope when one is given.
 */
export function jamfCreateXml(generated: string, scope: JamfScope | undefined): string {
  if (!scope) return generated
  const general = (parser.parse(generated) as {os_x_configuration_profile: {general: unknown}})
    .os_x_configuration_profile.general
  return `${DECLARATION}${builder.build({os_x_configuration_profile: {general, scope: scopeElement(scope)}})}`
}

/**
 * The PUT body: only what push owns and what changes (the name; the payloads, with how to redeploy them; category,
 * site and scope when given), so Jamf keeps the distribution and other settings an admin made in the console.
 */
export function jamfUpdateXml(fields: {
  name: string
  payloads?: string | undefined
  redeploy?: JamfRedeploy | undefined
  category?: string | undefined
  site?: string | undefined
  scope?: JamfScope | undefined
}): string {
  const general: Record<string, unknown> = {name: fields.name}
  if (fields.site) general.site = {name: fields.site}
  if (fields.category) general.category = {name: fields.category}
  if (fields.redeploy) general.redeploy_on_update = REDEPLOY_VALUES[fields.redeploy]
  if (fields.payloads !== undefined) general.payloads = fields.payloads
  const profile: Record<string, unknown> = {general}
  if (fields.scope) profile.scope = scopeElement(fields.scope)
  return `${DECLARATION}${builder.build({os_x_configuration_profile: profile})}`
}

/** The Classic API collections pppc looks names up in, with the element each answer holds. */
const LOOKUPS = {
  category: {path: 'categories', root: 'category', flag: '--category', where: 'Settings › Global › Categories'},
  site: {path: 'sites', root: 'site', flag: '--site', where: 'Settings › Global › Sites'},
  group: {
    path: 'computergroups',
    root: 'computer_group',
    flag: '--scope-group',
    where: 'Computers › Smart Computer Groups or Static Computer Groups',
  },
} as const

export type JamfLookup = keyof typeof LOOKUPS

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]

function refOf(value: unknown): JamfRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const {id, name} = value as {id?: unknown; name?: unknown}
  if (typeof name !== 'string') return undefined
  return {id: typeof id === 'string' || typeof id === 'number' ? String(id) : '', name}
}

/** The scope of a Classic API answer: all_computers, and each computer_group (one or many; none is an empty tag). */
function scopeOf(value: unknown): JamfScope {
  const scope = (typeof value === 'object' && value !== null ? value : {}) as {
    all_computers?: unknown
    computer_groups?: unknown
  }
  const groups = (scope.computer_groups ?? {}) as {computer_group?: unknown}
  return {
    all: String(scope.all_computers) === 'true',
    groups: asList(typeof groups === 'object' ? groups.computer_group : undefined)
      .map(refOf)
      .filter((g): g is JamfRef => g !== undefined),
  }
}

/** Jamf Pro's Classic API for macOS configuration profiles, with a bearer token refreshed once on 401. */
export class JamfClient {
  private token: string | undefined

  constructor(
    private readonly base: URL,
    private readonly credentials: JamfCredentials,
    private readonly transport: Transport,
    private readonly policy: HttpPolicy,
    private readonly secrets: Secrets,
  ) {}

  /** The console page of a profile. */
  profileUrl(id: string): string {
    return new URL(`OSXConfigurationProfiles.html?id=${encodeURIComponent(id)}`, this.base).href
  }

  private request(
    method: HttpRequest['method'],
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): HttpRequest {
    // A token request creates nothing that matters twice: it may be sent again like a GET.
    const repeatable = path.endsWith('/token') ? {repeatable: true} : {}
    return {method, url: new URL(path, this.base), headers, ...(body === undefined ? {} : {body}), ...repeatable}
  }

  private send(request: HttpRequest): Promise<HttpResponse> {
    return send(this.transport, request, this.policy, this.secrets, JAMF)
  }

  private async authenticate(): Promise<string> {
    const c = this.credentials
    let request: HttpRequest
    let response: HttpResponse
    if (c.kind === 'client') {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret,
      }).toString()
      const headers = {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'}
      request = this.request('POST', 'api/v1/oauth/token', headers, form)
      response = await this.send(request)
      // Servers before the v1 path (added in 2025) answer 404 there; the unversioned path is the older name.
      if (response.status === 404) {
        request = this.request('POST', 'api/oauth/token', headers, form)
        response = await this.send(request)
      }
    } else {
      const basic = this.secrets.addBasic(c.user, c.password)
      request = this.request('POST', 'api/v1/auth/token', {Authorization: `Basic ${basic}`, Accept: 'application/json'})
      response = await this.send(request)
    }
    if (response.status === 400 && c.kind === 'client') response = {...response, status: 401}
    if (response.status !== 200) throw refusal(JAMF, request, response, this.secrets, HINTS)
    // A token answer is never quoted in an error: see Quote.
    const answer = parseJson(JAMF, request, response, this.secrets, NOT_JAMF, 'none') as {
      access_token?: unknown
      token?: unknown
    } | null
    const token = c.kind === 'client' ? answer?.access_token : answer?.token
    if (typeof token !== 'string' || token === '')
      throw malformed(
        JAMF,
        request,
        response,
        this.secrets,
        `JSON without ${c.kind === 'client' ? 'access_token' : 'token'}`,
        NOT_JAMF,
        'none',
      )
    this.secrets.add(token)
    this.token = token
    return token
  }

  /** Sends with the bearer token; a 401 gets one new token and one more try (tokens expire, 20 minutes by default). */
  private async authorized(
    method: HttpRequest['method'],
    path: string,
    body?: string,
    type: 'application/xml' | 'application/json' = 'application/xml',
  ): Promise<{request: HttpRequest; response: HttpResponse}> {
    for (let refreshed = false; ; refreshed = true) {
      const token = this.token ?? (await this.authenticate())
      const headers: Record<string, string> = {Authorization: `Bearer ${token}`, Accept: type}
      if (body !== undefined) headers['Content-Type'] = type
      const request = this.request(method, path, headers, body)
      const response = await this.send(request)
      if (response.status !== 401 || refreshed) return {request, response}
      this.token = undefined
    }
  }

  /**
   * One request to the Jamf Pro API (JSON, under api/), with the same token, retries and bounds as the Classic API
   * calls; `json` is sent as the body. The caller reads the status (pppc fleet: computers-inventory, extension
   * attributes).
   */
  api(
    method: HttpRequest['method'],
    path: string,
    json?: unknown,
  ): Promise<{request: HttpRequest; response: HttpResponse}> {
    return this.authorized(method, path, json === undefined ? undefined : JSON.stringify(json), 'application/json')
  }

  /** Judges a Jamf Pro API answer: the refusal of a status other than `ok`, else the JSON (or a one-line error). */
  json(request: HttpRequest, response: HttpResponse, ok: number[], hints: Partial<RefusalHints> = {}): unknown {
    if (!ok.includes(response.status)) throw refusal(JAMF, request, response, this.secrets, {...HINTS, ...hints})
    return parseJson(JAMF, request, response, this.secrets, NOT_JAMF)
  }

  private parseXml(request: HttpRequest, response: HttpResponse, root = 'os_x_configuration_profile') {
    // A Classic API answer never declares entities; refusing them keeps a hostile server from expanding any.
    if (response.text.includes('<!ENTITY') || XMLValidator.validate(response.text) !== true) {
      throw malformed(JAMF, request, response, this.secrets, 'not well-formed XML', NOT_JAMF)
    }
    const element = (parser.parse(response.text) as Record<string, unknown>)[root]
    if (typeof element !== 'object' || element === null)
      throw malformed(JAMF, request, response, this.secrets, `XML without ${root}`, NOT_JAMF)
    return element as Record<string, unknown>
  }

  private idFrom(request: HttpRequest, response: HttpResponse, profile: Record<string, unknown>): string {
    const general = profile.general as Record<string, unknown> | undefined
    const id = String(profile.id ?? general?.id ?? '')
    if (!/^\d+$/.test(id)) throw malformed(JAMF, request, response, this.secrets, 'XML without a profile id', NOT_JAMF)
    return id
  }

  private async read(path: string): Promise<JamfStoredProfile | undefined> {
    const {request, response} = await this.authorized('GET', path)
    if (response.status === 404) return undefined
    if (response.status !== 200) throw refusal(JAMF, request, response, this.secrets, HINTS)
    const profile = this.parseXml(request, response)
    const general = (profile.general ?? {}) as Record<string, unknown>
    const stored: JamfStoredProfile = {
      id: this.idFrom(request, response, profile),
      name: String(general.name ?? ''),
      payloads: typeof general.payloads === 'string' ? general.payloads : '',
      scope: scopeOf(profile.scope),
    }
    const category = refOf(general.category)?.name
    const site = refOf(general.site)?.name
    if (category !== undefined) stored.category = category
    if (site !== undefined) stored.site = site
    return stored
  }

  /** The profile with this exact name, or undefined when Jamf Pro has none. */
  find(name: string): Promise<JamfStoredProfile | undefined> {
    return this.read(`JSSResource/osxconfigurationprofiles/name/${encodeURIComponent(name)}`)
  }

  /** The profile with this id (it may have gone since it was listed: undefined then). */
  byId(id: string): Promise<JamfStoredProfile | undefined> {
    return this.read(`JSSResource/osxconfigurationprofiles/id/${encodeURIComponent(id)}`)
  }

  /**
   * Every macOS configuration profile's id and name: GET /JSSResource/osxconfigurationprofiles
   * (https://developer.jamf.com/jamf-pro/reference/findosxconfigurationprofiles).
   */
  async list(): Promise<JamfRef[]> {
    const {request, response} = await this.authorized('GET', 'JSSResource/osxconfigurationprofiles')
    if (response.status !== 200) throw refusal(JAMF, request, response, this.secrets, HINTS)
    const all = this.parseXml(request, response, 'os_x_configuration_profiles')
    return asList(all.os_x_configuration_profile)
      .map(refOf)
      .filter((p): p is JamfRef => p !== undefined && /^\d+$/.test(p.id))
  }

  /**
   * A category, site or computer group by its exact name: GET /JSSResource/{categories|sites|computergroups}/name/
   * {name} (https://developer.jamf.com/jamf-pro/reference/findcategoriesbyname, .../findsitesbyname,
   * .../findcomputergroupsbyname). The id Jamf knows it by, or a one-line error saying where to look when Jamf Pro
   * has none (exit 2: the name is wrong).
   */
  async lookup(kind: JamfLookup, name: string): Promise<JamfRef> {
    const {path, root, flag, where} = LOOKUPS[kind]
    const {request, response} = await this.authorized('GET', `JSSResource/${path}/name/${encodeURIComponent(name)}`)
    if (response.status === 404)
      throw new PppcError(
        `${flag} ${JSON.stringify(name)}: Jamf Pro has no ${kind === 'group' ? 'computer group' : kind} by that name`,
        {
          hint: `check the name, letter case included (Jamf Pro › ${where}), or create it there first`,
        },
      )
    if (response.status !== 200) throw refusal(JAMF, request, response, this.secrets, LOOKUP_HINTS)
    const ref = refOf(this.parseXml(request, response, root))
    if (!ref || !/^-?\d+$/.test(ref.id))
      throw malformed(JAMF, request, response, this.secrets, `XML without the ${kind}'s id and name`, NOT_JAMF)
    return ref
  }

  async create(xml: string): Promise<string> {
    const {request, response} = await this.authorized('POST', 'JSSResource/osxconfigurationprofiles/id/0', xml)
    if (response.status !== 201 && response.status !== 200) throw refusal(JAMF, request, response, this.secrets, HINTS)
    return this.idFrom(request, response, this.parseXml(request, response))
  }

  async update(id: string, xml: string): Promise<string> {
    const {request, response} = await this.authorized(
      'PUT',
      `JSSResource/osxconfigurationprofiles/id/${encodeURIComponent(id)}`,
      xml,
    )
    if (response.status !== 201 && response.status !== 200) throw refusal(JAMF, request, response, this.secrets, HINTS)
    return this.idFrom(request, response, this.parseXml(request, response))
  }
}

/**
 * How a Jamf Pro without the profile would answer, for --dry-run: a token, no profile by that name, every category,
 * site and group named as asked (id unknown: -1), id 0 created.
 */
export function jamfDryRunAnswer(request: HttpRequest): {status: number; text: string} {
  const path = request.url.pathname
  if (path.endsWith('/token'))
    return {status: 200, text: JSON.stringify({access_token: 'dry-run', token: 'dry-run', expires_in: 1200})}
  const lookup = Object.values(LOOKUPS).find((l) => path.includes(`/JSSResource/${l.path}/name/`))
  if (lookup && request.method === 'GET') {
    const name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1))
    return {status: 200, text: builder.build({[lookup.root]: {id: -1, name}})}
  }
  // The Jamf Pro API (pppc fleet push): no extension attribute by that name; one created with id 0.
  if (path.includes('/api/v1/') && request.method === 'GET')
    return {status: 200, text: JSON.stringify({totalCount: 0, results: []})}
  if (path.includes('/api/v1/')) return {status: 201, text: JSON.stringify({id: '0', href: `${path}/0`})}
  if (request.method === 'GET') return {status: 404, text: ''}
  return {status: 201, text: '<os_x_configuration_profile><id>0</id></os_x_configuration_profile>'}
}
