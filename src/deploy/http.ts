import {PppcError} from '../errors.js'
import {REDACTED, type Secrets} from './secrets.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH'

/** One request as the clients describe it; `form` is sent as multipart/form-data. */
export interface HttpRequest {
  method: Method
  url: URL
  headers: Record<string, string>
  body?: string
  form?: FormPart[]
}

export type FormPart =
  {name: string; value: string} | {name: string; file: {fileName: string; type: string; content: Uint8Array}}

export interface HttpResponse {
  status: number
  headers: Headers
  text: string
}

/** Sends one request once. `fetchTransport` in real use; `DryRunTransport` records instead. */
export interface Transport {
  send(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse>
}

export interface HttpPolicy {
  /** Per try. */
  timeoutMs: number
  /** Tries in all, the first included. */
  tries: number
  /** First retry waits about this long, then twice as long each time (with jitter). */
  backoffMs: number
  /** A Retry-After longer than this is not waited for: the push fails and says when to try again. */
  maxRetryAfterMs: number
}

function envMs(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0)
    throw new PppcError(`${name} is ${JSON.stringify(raw)}`, {hint: 'give a number of milliseconds'})
  return value
}

/** The policy, with PPPC_HTTP_TIMEOUT_MS and PPPC_HTTP_BACKOFF_MS as overrides (tests make backoff fast). */
export function defaultPolicy(): HttpPolicy {
  return {
    timeoutMs: envMs('PPPC_HTTP_TIMEOUT_MS', 30_000),
    tries: 4,
    backoffMs: envMs('PPPC_HTTP_BACKOFF_MS', 500),
    maxRetryAfterMs: 120_000,
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** A URL as it may be shown: without a user, password, query or fragment (any of which can hold a credential). */
export function showableUrl(text: string): string {
  return text.replace(/[?#].*$/s, '?...').replace(/\/\/[^/@]*@/, '//...@')
}

/**
 * https, or http to this machine only; no credentials, query or fragment in the URL: pppc sends credentials in
 * headers only, and anything in the command line is printed by shells, process lists and oclif's DEBUG log.
 */
export function requireSafeUrl(text: string, flag: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new PppcError(`${flag} ${JSON.stringify(showableUrl(text))} is not a URL`, {hint: 'give it as https://host'})
  }
  if (url.username || url.password)
    throw new PppcError(`${flag} must not carry a user or password`, {
      hint: 'give credentials in the environment variables instead',
    })
  if (url.search || url.hash || text.includes('?') || text.includes('#'))
    throw new PppcError(`${flag} must not carry a query or fragment (${url.origin}${url.pathname}?...)`, {
      hint: 'give only the server address, e.g. https://example.jamfcloud.com; credentials go in environment variables',
    })
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    throw new PppcError(`${flag} ${url.origin} is plain http`, {
      hint: 'use https:// (http is accepted only for localhost, to test)',
    })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new PppcError(`${flag} ${url.origin} is not https`, {hint: 'use https://'})
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url
}

function toBody(request: HttpRequest): string | FormData | undefined {
  if (!request.form) return request.body
  const form = new FormData()
  for (const part of request.form) {
    if ('file' in part)
      form.append(part.name, new Blob([Buffer.from(part.file.content)], {type: part.file.type}), part.file.fileName)
    else form.append(part.name, part.value)
  }
  return form
}

export const fetchTransport: Transport = {
  async send(request, signal) {
    const body = toBody(request)
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(body === undefined ? {} : {body}),
      signal,
      redirect: 'manual',
    })
    return {status: response.status, headers: response.headers, text: await response.text()}
  },
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Exponential, with "equal jitter": half the step fixed, half random, so clients that failed together spread out. */
export function backoffMs(policy: HttpPolicy, retry: number, random = Math.random): number {
  const step = policy.backoffMs * 2 ** retry
  return step / 2 + random() * (step / 2)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Where a request goes, for messages: method and path, never the query or headers. */
export function describeTarget(request: HttpRequest): string {
  return `${request.method} ${request.url.pathname}`
}

function networkReason(error: unknown): string {
  const e = error as Error & {cause?: {code?: string; message?: string}}
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer in time'
  return e.cause?.code ?? e.cause?.message ?? e.message
}

/**
 * Sends with the policy: each try has a timeout; 429 (waiting as long as Retry-After says), 5xx, timeouts and network
 * failures are retried with backoff, a bounded number of times; any other status is returned to the caller at once.
 */
export async function send(
  transport: Transport,
  request: HttpRequest,
  policy: HttpPolicy,
  secrets: Secrets,
  service: string,
): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    const last = attempt + 1 >= policy.tries
    let wait: number
    try {
      const response = await transport.send(request, AbortSignal.timeout(policy.timeoutMs))
      if (response.status !== 429 && response.status < 500) return response
      const after = response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined
      if (after !== undefined && after > policy.maxRetryAfterMs) {
        throw new PppcError(
          `${service} is rate limiting ${describeTarget(request)} (429) for ${Math.ceil(after / 1000)} s`,
          {hint: 'try again later', exitCode: 1, code: 'PPPC_HTTP'},
        )
      }
      if (last) {
        const what = response.status === 429 ? 'kept rate limiting (429)' : `kept failing (${response.status})`
        throw new PppcError(
          `${service} ${what} ${describeTarget(request)} after ${policy.tries} tries${excerpt(response.text, secrets)}`,
          {hint: "try again later, or check the server's status", exitCode: 1, code: 'PPPC_HTTP'},
        )
      }
      wait = after ?? backoffMs(policy, attempt)
    } catch (error) {
      if (error instanceof PppcError) throw error
      if (last) {
        throw new PppcError(
          `cannot reach ${service} at ${request.url.host} (${secrets.redact(networkReason(error))}) after ${policy.tries} tries`,
          {hint: 'check the URL and the network', exitCode: 1, code: 'PPPC_NETWORK'},
        )
      }
      wait = backoffMs(policy, attempt)
    }
    await sleep(wait)
  }
}

/**
 * A short, single-line, redacted piece of what the server said, for an error message (markup stripped). The whole
 * answer is redacted first and cut afterwards: cut first, half a secret would no longer be recognised and would show.
 */
export function excerpt(text: string, secrets: Secrets): string {
  const plain = secrets
    .redact(text)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (plain === '') return ''
  const short = plain.length > 160 ? `${plain.slice(0, 157)}...` : plain
  return `: "${short}"`
}

/** A request as text or data for --dry-run, with every credential replaced. */
export interface ShownRequest {
  method: Method
  url: string
  headers: Record<string, string>
  body?: string
  form?: Record<string, string>
}

const SECRET_FIELDS = /secret|password|token/i

function isForm(request: HttpRequest): boolean {
  return Object.entries(request.headers).some(
    ([name, value]) => name.toLowerCase() === 'content-type' && value.startsWith('application/x-www-form-urlencoded'),
  )
}

/** Form fields named like credentials are masked whatever their value (a short secret is not searched for). */
function maskFormSecrets(body: string): string {
  const params = new URLSearchParams(body)
  return [...params]
    .map(
      ([key, value]) => `${encodeURIComponent(key)}=${SECRET_FIELDS.test(key) ? REDACTED : encodeURIComponent(value)}`,
    )
    .join('&')
}

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'x-api-key'])

export function showRequest(request: HttpRequest, secrets: Secrets): ShownRequest {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = SECRET_HEADERS.has(name.toLowerCase())
      ? `${value.split(' ')[0]} ${REDACTED}`
      : secrets.redact(value)
  }
  const shown: ShownRequest = {method: request.method, url: secrets.redact(request.url.href), headers}
  if (request.body !== undefined)
    shown.body = secrets.redact(isForm(request) ? maskFormSecrets(request.body) : request.body)
  if (request.form) {
    shown.form = {}
    for (const part of request.form) {
      shown.form[part.name] =
        'file' in part
          ? `${part.file.fileName} (${part.file.type}, ${part.file.content.byteLength} bytes)`
          : secrets.redact(part.value)
    }
  }
  return shown
}

/** Sends nothing: remembers each request and answers as `answer` says a server would. */
export class DryRunTransport implements Transport {
  readonly requests: HttpRequest[] = []

  constructor(private readonly answer: (request: HttpRequest) => {status: number; text: string}) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    this.requests.push(request)
    const {status, text} = this.answer(request)
    return {status, text, headers: new Headers()}
  }
}
