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
  /**
   * Sending it twice does no harm. The default is true for GET, PUT and PATCH and false for POST, which creates:
   * a POST the server may have carried out is never sent again (see `send`). A POST that only asks for something,
   * such as a token, says true.
   */
  repeatable?: boolean
}

export type FormPart =
  {name: string; value: string} | {name: string; file: {fileName: string; type: string; content: Uint8Array}}

export interface HttpResponse {
  status: number
  headers: Headers
  text: string
}

/** What a transport needs to stay within bounds: when to give up, and how much of an answer to read. */
export interface SendLimits {
  signal: AbortSignal
  /** The most an answer may hold once decompressed; a longer one is refused with AnswerTooLarge. */
  maxBodyBytes: number
}

/** Sends one request once. `fetchTransport` in real use; `DryRunTransport` records instead. */
export interface Transport {
  send(request: HttpRequest, limits: SendLimits): Promise<HttpResponse>
}

/** Time as the HTTP policy sees it: the real clock, or a test's, so that no test waits for real time to pass. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  /** A signal that aborts with a TimeoutError after `ms`. */
  timeout(ms: number): AbortSignal
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  timeout: (ms) => AbortSignal.timeout(ms),
}

export interface HttpPolicy {
  /** Per try: a request whose answer (headers and body) takes longer is abandoned, and tried again if time allows. */
  timeoutMs: number
  /** The clock time by which the whole job (every request, retry and wait) must be done. */
  deadline: number
  /** The overall time allowed (--timeout), in seconds, for messages. */
  budgetSeconds: number
  /** Tries in all, the first included. */
  tries: number
  /** The floor: no retry comes sooner than this, whatever Retry-After says. Doubles with each retry. */
  backoffMs: number
  /** The most one backoff step grows to. */
  maxBackoffMs: number
  /** A Retry-After longer than this is not waited for: the push fails and says when to try again. */
  maxRetryAfterMs: number
  /** The most an answer may hold, decompressed. */
  maxBodyBytes: number
  clock: Clock
  random: () => number
}

export const DEFAULT_TIMEOUT_SECONDS = 120
/** Jamf's and Kandji's answers about profiles are kilobytes; a whole Kandji page of custom profiles a few megabytes. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024

function envMs(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0)
    throw new PppcError(`${name} is ${JSON.stringify(raw)}`, {hint: 'give a number of milliseconds'})
  return value
}

/**
 * The policy for one job, its deadline counted from now: `timeoutSeconds` overall (--timeout, 120 s), 30 s per try,
 * 4 tries, backoff from 500 ms. PPPC_HTTP_TIMEOUT_MS and PPPC_HTTP_BACKOFF_MS override the per-try timeout and the
 * backoff floor (the CLI tests make backoff fast).
 */
export function defaultPolicy(
  options: {timeoutSeconds?: number | undefined; clock?: Clock | undefined; random?: () => number} = {},
): HttpPolicy {
  const clock = options.clock ?? systemClock
  const budgetSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS
  return {
    timeoutMs: envMs('PPPC_HTTP_TIMEOUT_MS', 30_000),
    deadline: clock.now() + budgetSeconds * 1000,
    budgetSeconds,
    tries: 4,
    backoffMs: envMs('PPPC_HTTP_BACKOFF_MS', 500),
    maxBackoffMs: 30_000,
    maxRetryAfterMs: 120_000,
    maxBodyBytes: MAX_BODY_BYTES,
    clock,
    random: options.random ?? Math.random,
  }
}

/** --timeout as seconds: a positive number (fractions allowed), at most a day. */
export function parseTimeout(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(value > 0) || value > 86_400)
    throw new PppcError(`--timeout ${JSON.stringify(raw)} is not a number of seconds`, {
      hint: `give the seconds the whole job may take, e.g. --timeout ${DEFAULT_TIMEOUT_SECONDS}`,
    })
  return value
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

/** An answer longer than the limit: refused, never retried (a server that sends one sends it again). */
export class AnswerTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`an answer larger than ${limit} bytes`)
  }
}

/**
 * The body, read as a stream and given up as soon as it passes `max` bytes. fetch inflates gzip, deflate and br as
 * the stream is read, so the limit holds for the decompressed size: a small bomb is stopped at `max` too.
 */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<string> {
  if (!body) return ''
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const {done, value} = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > max) {
      await reader.cancel().catch(() => undefined)
      throw new AnswerTooLarge(max)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export const fetchTransport: Transport = {
  async send(request, {signal, maxBodyBytes}) {
    const body = toBody(request)
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(body === undefined ? {} : {body}),
      signal,
      redirect: 'manual',
    })
    // A declared length over the limit is refused before a byte of the body is read.
    if (Number(response.headers.get('content-length') ?? '0') > maxBodyBytes) {
      await response.body?.cancel().catch(() => undefined)
      throw new AnswerTooLarge(maxBodyBytes)
    }
    return {status: response.status, headers: response.headers, text: await readCapped(response.body, maxBodyBytes)}
  },
}

/**
 * Retry-After as seconds or an HTTP date, in milliseconds from `now`; a date in the past is 0. Undefined when absent
 * or unreadable (a negative number, a fraction, words): the backoff alone decides then.
 */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? ''
  if (text === '') return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // An HTTP date names its day and month in letters; Date.parse alone would also take "-5" or "2" as a year.
  if (!/[A-Za-z]{3}/.test(text)) return undefined
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * How long to wait before retry number `retry` (0 for the first): a step that starts at the floor (`backoffMs`) and
 * doubles up to `maxBackoffMs`, or what Retry-After says when that is longer, plus up to half a step of jitter, so that
 * clients that failed together spread out whatever Retry-After says. Never shorter than the floor.
 */
export function backoffMs(policy: HttpPolicy, retry: number, retryAfter?: number): number {
  const step = Math.min(policy.backoffMs * 2 ** retry, policy.maxBackoffMs)
  return Math.max(step, retryAfter ?? 0) + policy.random() * (step / 2)
}

/** Where a request goes, for messages: method and path, never the query or headers. */
export function describeTarget(request: HttpRequest): string {
  return `${request.method} ${request.url.pathname}`
}

/** Codes of TLS and certificate failures (Node's and OpenSSL's): no retry can fix them. */
const TLS_CODES = /^(CERT_|ERR_TLS_|ERR_SSL_|ERR_OSSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH$|EPROTO$)/

type Failure = {kind: 'timeout'} | {kind: 'tls'; code: string} | {kind: 'network'; reason: string}

function classify(error: unknown): Failure {
  const e = error as Error & {code?: string; cause?: {code?: string; message?: string}}
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return {kind: 'timeout'}
  const code = e.cause?.code ?? e.code
  if (code && TLS_CODES.test(code)) return {kind: 'tls', code}
  return {kind: 'network', reason: code ?? e.cause?.message ?? e.message}
}

/** Network failures that happen before a request reaches the server: it cannot have carried anything out. */
const NOT_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)$/

function isRepeatable(request: HttpRequest): boolean {
  return request.repeatable ?? request.method !== 'POST'
}

/**
 * Sends with the policy. Each try has a timeout: the per-try one, or what is left before the deadline when that is
 * less. 429 and 503 (waiting as long as Retry-After says, never less than the backoff), other 5xx, timeouts and
 * network failures are retried with backoff, a bounded number of times and never past the deadline. Any other status
 * is returned to the caller at once. Never retried: TLS and certificate failures, and an answer over the size limit.
 * A request that is not repeatable (a POST that creates) is retried only when the server cannot have carried it out:
 * 429 and 503, or a connection that never reached it. After another 5xx or a timeout the item may exist, and a second
 * POST would make a second one; the error says so, and to look before pushing again.
 */
export async function send(
  transport: Transport,
  request: HttpRequest,
  policy: HttpPolicy,
  secrets: Secrets,
  service: string,
): Promise<HttpResponse> {
  const {clock} = policy
  const target = describeTarget(request)
  const budget = `the --timeout of ${policy.budgetSeconds} s`
  const timeHint = {
    hint: "try again later, check the server's status, or allow more time with --timeout SECONDS",
    exitCode: 1,
    code: 'PPPC_NETWORK' as const,
  }
  const timedOut = () => new PppcError(`${service} did not answer ${target} within ${budget}`, timeHint)
  const mayHaveCreated = (what: string) =>
    new PppcError(
      `${service} ${what} to ${target}: it may have created the item all the same, so pppc does not send it again (a second one could be created)`,
      {
        hint: 'run the same command with --plan to see whether it exists now, then push again',
        exitCode: 1,
        code: 'PPPC_HTTP',
      },
    )
  const noTimeLeft = (what: string) =>
    new PppcError(`${service} ${what} ${target}, and ${budget} leaves no time to try again`, timeHint)
  for (let attempt = 0; ; attempt++) {
    const last = attempt + 1 >= policy.tries
    const left = policy.deadline - clock.now()
    if (left <= 0) throw timedOut()
    let wait: number
    let what: string
    try {
      const response = await transport.send(request, {
        signal: clock.timeout(Math.min(policy.timeoutMs, left)),
        maxBodyBytes: policy.maxBodyBytes,
      })
      if (response.status !== 429 && response.status < 500) return response
      const limited = response.status === 429
      // RFC 9110 §10.2.3: Retry-After comes with 503 and with 429 (RFC 6585 §4).
      const after =
        limited || response.status === 503 ? retryAfterMs(response.headers.get('retry-after'), clock.now()) : undefined
      if (after !== undefined && after > policy.maxRetryAfterMs) {
        throw new PppcError(
          `${service} is ${limited ? 'rate limiting' : 'unavailable for'} ${target} (${response.status}) for ${Math.ceil(after / 1000)} s`,
          {hint: 'try again later', exitCode: 1, code: 'PPPC_HTTP'},
        )
      }
      if (!limited && response.status !== 503 && !isRepeatable(request))
        throw mayHaveCreated(`answered ${response.status}`)
      what = limited ? 'kept rate limiting (429)' : `kept failing (${response.status})`
      if (last) {
        throw new PppcError(
          `${service} ${what} ${target} after ${policy.tries} tries${excerpt(response.text, secrets)}`,
          {
            hint: "try again later, or check the server's status",
            exitCode: 1,
            code: 'PPPC_HTTP',
          },
        )
      }
      wait = backoffMs(policy, attempt, after)
    } catch (error) {
      if (error instanceof PppcError) throw error
      if (error instanceof AnswerTooLarge) {
        throw new PppcError(
          `${service}'s answer to ${target} is larger than ${error.limit / 1024 / 1024} MiB, far more than an answer about profiles holds; nothing more was read`,
          {hint: `check that the URL is the ${service} server`, exitCode: 1, code: 'PPPC_HTTP'},
        )
      }
      const failure = classify(error)
      if (failure.kind === 'tls') {
        throw new PppcError(
          `cannot make a trusted TLS connection to ${service} at ${request.url.host} (${secrets.redact(failure.code)})`,
          {
            hint: "check the server's certificate (name, dates, chain); for a private CA set NODE_EXTRA_CA_CERTS to its PEM file (pppc never skips verification)",
            exitCode: 1,
            code: 'PPPC_TLS',
          },
        )
      }
      if (failure.kind === 'timeout' && left <= policy.timeoutMs) throw timedOut()
      if (!isRepeatable(request) && !(failure.kind === 'network' && NOT_SENT.test(failure.reason)))
        throw mayHaveCreated(
          failure.kind === 'timeout'
            ? 'did not answer in time'
            : `dropped the connection (${secrets.redact(failure.reason)})`,
        )
      const reason = failure.kind === 'timeout' ? 'no answer in time' : secrets.redact(failure.reason)
      what = failure.kind === 'timeout' ? 'did not answer' : `could not be reached (${reason}) for`
      if (last) {
        throw new PppcError(`cannot reach ${service} at ${request.url.host} (${reason}) after ${policy.tries} tries`, {
          hint: 'check the URL and the network',
          exitCode: 1,
          code: 'PPPC_NETWORK',
        })
      }
      wait = backoffMs(policy, attempt)
    }
    if (clock.now() + wait >= policy.deadline) throw noTimeLeft(what)
    await clock.sleep(wait)
  }
}

const EXCERPT_LENGTH = 160
/** Room left after the excerpt when only a prefix was redacted: a secret cut by the prefix's end shows only there. */
const SPELLING_MARGIN = 4096

const visibleText = (text: string) =>
  text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * A short, single-line, redacted piece of what the server said, for an error message (markup stripped). The text is
 * redacted first and cut afterwards: cut first, half a secret would no longer be recognised and would show. Only as
 * much of a long answer is redacted as the excerpt needs, with a margin: a secret cut by the end of that prefix can
 * only show at the prefix's end, far past the excerpt (an 8 MiB answer is not redacted whole to quote 160 characters).
 */
export function excerpt(text: string, secrets: Secrets): string {
  let plain: string
  for (let end = Math.min(text.length, 16 * 1024); ; end = Math.min(text.length, end * 4)) {
    plain = visibleText(secrets.redact(text.slice(0, end)))
    if (end >= text.length || plain.length >= EXCERPT_LENGTH + SPELLING_MARGIN) break
  }
  if (plain === '') return ''
  const short = plain.length > EXCERPT_LENGTH ? `${plain.slice(0, EXCERPT_LENGTH - 3)}...` : plain
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
