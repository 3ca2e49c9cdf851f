import {PppcError} from '../errors.js'
import {malformed, parseJson, refusal, type RefusalHints} from './answers.js'
import {
  requireSafeUrl,
  send,
  type FormPart,
  type HttpPolicy,
  type HttpRequest,
  type HttpResponse,
  type Transport,
} from './http.js'
import type {Secrets} from './secrets.js'

export const KANDJI = 'Kandji'

export const KANDJI_REGIONS = {us: 'api.kandji.io', eu: 'api.eu.kandji.io'} as const
export type KandjiRegion = keyof typeof KANDJI_REGIONS

/** The API host: --api-url as given, or the tenant's host for its region. */
export function kandjiApiUrl(options: {subdomain?: string; region: KandjiRegion; apiUrl?: string}): URL {
  if (options.apiUrl) return requireSafeUrl(options.apiUrl, '--api-url')
  if (!options.subdomain)
    throw new PppcError('pppc needs --subdomain NAME or --api-url URL to reach Kandji', {
      hint: 'the subdomain is the first part of your Kandji address (NAME.kandji.io)',
    })
  if (!/^[A-Za-z0-9-]+$/.test(options.subdomain))
    throw new PppcError(`--subdomain ${JSON.stringify(options.subdomain)} is not a subdomain`, {
      hint: 'give only the first part of your Kandji address, e.g. accuhive for accuhive.kandji.io',
    })
  return new URL(`https://${options.subdomain}.${KANDJI_REGIONS[options.region]}/`)
}

export function kandjiTokenFromEnv(env: NodeJS.ProcessEnv, secrets: Secrets): string {
  const token = env.KANDJI_API_TOKEN
  if (!token)
    throw new PppcError('KANDJI_API_TOKEN is not set', {
      hint: 'create an API token in Kandji (Settings › Access › API Token) with Library permissions and put it in KANDJI_API_TOKEN',
    })
  secrets.add(token)
  return token
}

/** A custom profile as Kandji returns it (the fields push reads). */
export interface KandjiProfile {
  id: string
  name: string
  active?: boolean
  runs_on_mac?: boolean
  mdm_identifier?: string
  /** The stored .mobileconfig text. */
  profile?: string
}

const HINTS: RefusalHints = {
  401: 'check KANDJI_API_TOKEN: it may be revoked or belong to another tenant (--subdomain, --region)',
  403: 'give the API token the Library permissions (list, create and update custom profiles)',
  404: 'check --subdomain and --region (or --api-url)',
  409: 'Kandji refused the name: another library item may have it; rename one',
}
const NOT_KANDJI = 'check --subdomain and --region (or --api-url) point at the Kandji API'
const MAX_PAGES = 1000
const PATH = 'api/v1/library/custom-profiles'
const BLUEPRINTS = 'api/v1/blueprints'

/** A Blueprint as GET /api/v1/blueprints lists it (the fields push reads). */
export interface KandjiBlueprint {
  id: string
  name: string
  /** classic or map */
  type?: string
}

function isBlueprint(value: unknown): value is KandjiBlueprint {
  const v = value as KandjiBlueprint | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    /^[A-Za-z0-9-]+$/.test(v.id) &&
    typeof v.name === 'string'
  )
}

function isProfile(value: unknown): value is KandjiProfile {
  const v = value as KandjiProfile | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    /^[A-Za-z0-9-]+$/.test(v.id) &&
    typeof v.name === 'string'
  )
}

/** Kandji's custom-profiles library API with an API token. */
export class KandjiClient {
  constructor(
    private readonly base: URL,
    private readonly token: string,
    private readonly transport: Transport,
    private readonly policy: HttpPolicy,
    private readonly secrets: Secrets,
  ) {}

  /** Judges an answer: the refusal of a status other than `ok`, else the JSON (or a one-line error). */
  json(request: HttpRequest, response: HttpResponse, ok: number[], hints: Partial<RefusalHints> = {}): unknown {
    if (!ok.includes(response.status)) throw refusal(KANDJI, request, response, this.secrets, {...HINTS, ...hints})
    return parseJson(KANDJI, request, response, this.secrets, NOT_KANDJI)
  }

  /** One request to a path of the API (pppc fleet: custom scripts, devices, library item statuses). */
  api(
    method: HttpRequest['method'],
    path: string,
    json?: unknown,
  ): Promise<{request: HttpRequest; response: HttpResponse}> {
    return this.call(method, new URL(path, this.base), json === undefined ? undefined : {json})
  }

  private async call(
    method: HttpRequest['method'],
    url: URL,
    body?: {form: FormPart[]} | {json: unknown},
  ): Promise<{request: HttpRequest; response: HttpResponse}> {
    // A form's boundary is fetch's to choose, so no Content-Type for one.
    const request: HttpRequest = {
      method,
      url,
      headers: {Authorization: `Bearer ${this.token}`, Accept: 'application/json'},
    }
    if (body && 'form' in body) request.form = body.form
    if (body && 'json' in body) {
      request.headers['Content-Type'] = 'application/json'
      request.body = JSON.stringify(body.json)
    }
    const response = await send(this.transport, request, this.policy, this.secrets, KANDJI)
    return {request, response}
  }

  /**
   * The results of a list, page after page as `next` says, one page at a time (a page is parsed, handed over and
   * dropped; nothing is spread into a call, so a page of any length fits). `next` must stay on the API host, which
   * gets the token; at most MAX_PAGES pages, and a page seen twice ends it as a loop.
   */
  async *pages(path: string, what: string): AsyncGenerator<unknown[]> {
    const seen = new Set<string>()
    let url: URL | undefined = new URL(path, this.base)
    for (let page = 0; url; page++) {
      if (page >= MAX_PAGES || seen.has(url.href))
        throw new PppcError(`Kandji's list of ${what} does not end (${page} pages)`, {
          hint: NOT_KANDJI,
          exitCode: 1,
          code: 'PPPC_HTTP',
        })
      seen.add(url.href)
      const {request, response} = await this.call('GET', url)
      if (response.status !== 200) throw refusal(KANDJI, request, response, this.secrets, HINTS)
      const answer = parseJson(KANDJI, request, response, this.secrets, NOT_KANDJI) as {
        results?: unknown
        next?: unknown
      } | null
      if (!answer || !Array.isArray(answer.results))
        throw malformed(KANDJI, request, response, this.secrets, 'JSON without results', NOT_KANDJI)
      url = undefined
      if (typeof answer.next === 'string' && answer.next !== '') {
        const next = new URL(answer.next, this.base)
        if (next.origin !== this.base.origin)
          throw malformed(
            KANDJI,
            request,
            response,
            this.secrets,
            `a next page on another host (${next.host})`,
            'pppc sends the token only to the API host; check --api-url',
          )
        url = next
      }
      yield answer.results
    }
  }

  /** The custom profiles `keep` says yes to, from every page. */
  async list(keep: (profile: KandjiProfile) => boolean = () => true): Promise<KandjiProfile[]> {
    const kept: KandjiProfile[] = []
    for await (const results of this.pages(PATH, 'custom profiles'))
      for (const item of results) if (isProfile(item) && keep(item)) kept.push(item)
    return kept
  }

  /**
   * The classic Blueprint with exactly this name. GET /api/v1/blueprints?name= returns the Blueprints whose names
   * contain it (https://api-docs.kandji.io, Blueprints › List Blueprints; as the Kandji SDKs generated from it,
   * e.g. MScottBlake/kandji-python-sdk docs/BlueprintsApi.md, and https://github.com/kandji-inc/iructl/wiki/API-Blueprints
   * describe it), so the exact one is picked here. An Assignment Map is refused: assigning to one needs a node id
   * (Assign Library Item: "assignment_node_id ... required for maps").
   */
  async blueprint(name: string): Promise<KandjiBlueprint> {
    const matches: KandjiBlueprint[] = []
    for await (const results of this.pages(`${BLUEPRINTS}?name=${encodeURIComponent(name)}`, 'Blueprints'))
      for (const item of results) if (isBlueprint(item) && item.name === name) matches.push(item)
    const [blueprint, ...others] = matches
    if (!blueprint)
      throw new PppcError(`--blueprint ${JSON.stringify(name)}: Kandji has no Blueprint by that name`, {
        hint: 'check the name, letter case included (Kandji › Blueprints)',
      })
    if (others.length > 0)
      throw new PppcError(
        `--blueprint ${JSON.stringify(name)}: Kandji has ${matches.length} Blueprints by that name (${matches.map((b) => b.id).join(', ')})`,
        {hint: 'rename all but one in Kandji, then push again', exitCode: 1, code: 'PPPC_HTTP'},
      )
    if (blueprint.type === 'map')
      throw new PppcError(`--blueprint ${JSON.stringify(name)} is an Assignment Map`, {
        hint: 'pppc assigns to classic Blueprints only (a map needs the node to assign at): assign it in Kandji',
      })
    return blueprint
  }

  /** Whether the Blueprint already holds the library item (GET /api/v1/blueprints/{id}/list-library-items). */
  async holds(blueprint: KandjiBlueprint, itemId: string): Promise<boolean> {
    const path = `${BLUEPRINTS}/${encodeURIComponent(blueprint.id)}/list-library-items`
    for await (const results of this.pages(path, `the library items of Blueprint "${blueprint.name}"`))
      if (results.some((item) => (item as {id?: unknown} | null)?.id === itemId)) return true
    return false
  }

  /**
   * Assigns the library item to the Blueprint, at its root: POST /api/v1/blueprints/{id}/assign-library-item with
   * {"library_item_id"} (https://api-docs.kandji.io, Blueprints › Assign Library Item). Kandji answers 400 "Library
   * Item already exists on Blueprint" when it is there already: that is the state wanted, not a failure. The answer
   * (the ids on the Blueprint) is not read: its exact shape is not documented.
   */
  async assign(blueprint: KandjiBlueprint, itemId: string): Promise<'assigned' | 'already'> {
    const url = new URL(`${BLUEPRINTS}/${encodeURIComponent(blueprint.id)}/assign-library-item`, this.base)
    const {request, response} = await this.call('POST', url, {json: {library_item_id: itemId}})
    if (response.status === 200 || response.status === 201) return 'assigned'
    if (response.status === 400 && /already exists/i.test(response.text)) return 'already'
    throw refusal(KANDJI, request, response, this.secrets, {
      ...HINTS,
      403: 'give the API token the Blueprints permissions (list Blueprints, assign library items) as well',
    })
  }

  private async save(method: 'POST' | 'PATCH', path: string, form: FormPart[]): Promise<KandjiProfile> {
    const {request, response} = await this.call(method, new URL(path, this.base), {form})
    if (response.status !== 200 && response.status !== 201)
      throw refusal(KANDJI, request, response, this.secrets, HINTS)
    const answer = parseJson(KANDJI, request, response, this.secrets, NOT_KANDJI)
    if (!isProfile(answer))
      throw malformed(KANDJI, request, response, this.secrets, 'JSON without a profile id and name', NOT_KANDJI)
    return answer
  }

  /** A new custom profile, active and set to run on Mac (PPPC payloads are macOS only). */
  create(name: string, file: {fileName: string; content: Uint8Array}): Promise<KandjiProfile> {
    return this.save('POST', PATH, profileForm(name, file, true))
  }

  /** Replaces the file of an existing one; its activity and assignments stay as they are. */
  update(id: string, name: string, file: {fileName: string; content: Uint8Array}): Promise<KandjiProfile> {
    return this.save('PATCH', `${PATH}/${encodeURIComponent(id)}`, profileForm(name, file, false))
  }
}

function profileForm(name: string, file: {fileName: string; content: Uint8Array}, create: boolean): FormPart[] {
  const form: FormPart[] = [
    {name: 'name', value: name},
    {name: 'file', file: {fileName: file.fileName, type: 'application/octet-stream', content: file.content}},
  ]
  if (create) form.push({name: 'active', value: 'true'})
  form.push({name: 'runs_on_mac', value: 'true'})
  return form
}

/** The id a dry run gives what it cannot know: the item it would create, a Blueprint it would look up. */
export const DRY_RUN_ID = '00000000-0000-0000-0000-000000000000'

/**
 * How a Kandji without the profile would answer, for --dry-run: an empty library, every Blueprint asked for found
 * (classic, holding nothing), then the created item and its assignment.
 */
export function kandjiDryRunAnswer(request: HttpRequest): {status: number; text: string} {
  const path = request.url.pathname
  const empty = JSON.stringify({count: 0, next: null, previous: null, results: []})
  if (request.method === 'GET' && path.endsWith(`/${BLUEPRINTS}`)) {
    const name = request.url.searchParams.get('name') ?? ''
    const results = [{id: DRY_RUN_ID, name, type: 'classic'}]
    return {status: 200, text: JSON.stringify({count: 1, next: null, previous: null, results})}
  }
  if (request.method === 'GET') return {status: 200, text: empty}
  if (path.endsWith('/assign-library-item')) return {status: 200, text: JSON.stringify({library_items: [DRY_RUN_ID]})}
  return {status: 201, text: JSON.stringify({id: DRY_RUN_ID, name: 'dry-run'})}
}
