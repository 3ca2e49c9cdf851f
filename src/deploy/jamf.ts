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
const NOT_JAMF = 'check that --url is the Jamf Pro server, e.g. https://example.jamfcloud.com'

/** A profile as Jamf Pro holds it: what push needs to decide and to keep. */
export interface JamfStoredProfile {
  id: string
  name: string
  payloads: string
  category?: string
  site?: string
}

const parser = new XMLParser({parseTagValue: false, processEntities: true, htmlEntities: false})
const builder = new XMLBuilder({format: true, indentBy: '  ', suppressEmptyNode: true})

/** The PUT body: only what push owns (name, payloads, and category and site when given), so Jamf keeps the scope,
 * distribution and other settings an admin made in the console. */
export function jamfUpdateXml(fields: {name: string; payloads: string; category?: string; site?: string}): string {
  const general: Record<string, unknown> = {name: fields.name}
  if (fields.site) general.site = {name: fields.site}
  if (fields.category) general.category = {name: fields.category}
  general.payloads = fields.payloads
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({os_x_configuration_profile: {general}})}`
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
    return {method, url: new URL(path, this.base), headers, ...(body === undefined ? {} : {body})}
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
  ): Promise<{request: HttpRequest; response: HttpResponse}> {
    for (let refreshed = false; ; refreshed = true) {
      const token = this.token ?? (await this.authenticate())
      const headers: Record<string, string> = {Authorization: `Bearer ${token}`, Accept: 'application/xml'}
      if (body !== undefined) headers['Content-Type'] = 'application/xml'
      const request = this.request(method, path, headers, body)
      const response = await this.send(request)
      if (response.status !== 401 || refreshed) return {request, response}
      this.token = undefined
    }
  }

  private parseXml(request: HttpRequest, response: HttpResponse): Record<string, unknown> {
    // A Classic API answer never declares entities; refusing them keeps a hostile server from expanding any.
    if (response.text.includes('<!ENTITY') || XMLValidator.validate(response.text) !== true) {
      throw malformed(JAMF, request, response, this.secrets, 'not well-formed XML', NOT_JAMF)
    }
    const doc = parser.parse(response.text) as {os_x_configuration_profile?: Record<string, unknown>}
    const profile = doc.os_x_configuration_profile
    if (typeof profile !== 'object' || profile === null)
      throw malformed(JAMF, request, response, this.secrets, 'XML without os_x_configuration_profile', NOT_JAMF)
    return profile
  }

  private idFrom(request: HttpRequest, response: HttpResponse, profile: Record<string, unknown>): string {
    const general = profile.general as Record<string, unknown> | undefined
    const id = String(profile.id ?? general?.id ?? '')
    if (!/^\d+$/.test(id)) throw malformed(JAMF, request, response, this.secrets, 'XML without a profile id', NOT_JAMF)
    return id
  }

  /** The profile with this exact name, or undefined when Jamf Pro has none. */
  async find(name: string): Promise<JamfStoredProfile | undefined> {
    const {request, response} = await this.authorized(
      'GET',
      `JSSResource/osxconfigurationprofiles/name/${encodeURIComponent(name)}`,
    )
    if (response.status === 404) return undefined
    if (response.status !== 200) throw refusal(JAMF, request, response, this.secrets, HINTS)
    const profile = this.parseXml(request, response)
    const general = (profile.general ?? {}) as Record<string, unknown>
    const nameOf = (v: unknown) =>
      typeof v === 'object' && v !== null && typeof (v as {name?: unknown}).name === 'string'
        ? (v as {name: string}).name
        : undefined
    const stored: JamfStoredProfile = {
      id: this.idFrom(request, response, profile),
      name: String(general.name ?? ''),
      payloads: typeof general.payloads === 'string' ? general.payloads : '',
    }
    const category = nameOf(general.category)
    const site = nameOf(general.site)
    if (category !== undefined) stored.category = category
    if (site !== undefined) stored.site = site
    return stored
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

/** How a Jamf Pro without the profile would answer, for --dry-run: a token, no profile by that name, id 0 created. */
export function jamfDryRunAnswer(request: HttpRequest): {status: number; text: string} {
  if (request.url.pathname.endsWith('/token'))
    return {status: 200, text: JSON.stringify({access_token: 'dry-run', token: 'dry-run', expires_in: 1200})}
  if (request.method === 'GET') return {status: 404, text: ''}
  return {status: 201, text: '<os_x_configuration_profile><id>0</id></os_x_configuration_profile>'}
}
