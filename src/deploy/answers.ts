import {PppcError} from '../errors.js'
import {describeTarget, excerpt, type HttpRequest, type HttpResponse} from './http.js'
import type {Secrets} from './secrets.js'

/** What to do about a refusal, per status, in the words of one MDM. */
export interface RefusalHints {
  401: string
  403: string
  404?: string
  409: string
}

/** A status the client did not expect, as one line that says what happened and what to do; exit 1. */
export function refusal(
  service: string,
  request: HttpRequest,
  response: HttpResponse,
  secrets: Secrets,
  hints: RefusalHints,
): PppcError {
  const target = describeTarget(request)
  const said = excerpt(response.text, secrets)
  const status = response.status
  const fail = (problem: string, hint: string) =>
    new PppcError(secrets.redact(problem), {hint: secrets.redact(hint), exitCode: 1, code: 'PPPC_HTTP'})
  if (status === 401) return fail(`${service} refused the credentials for ${target} (401)${said}`, hints[401])
  if (status === 403) return fail(`${service} denied ${target} (403)${said}`, hints[403])
  if (status === 404 && hints[404]) return fail(`${service} has no ${target} (404)`, hints[404])
  if (status === 409) return fail(`${service} refused ${target} with a conflict (409)${said}`, hints[409])
  if (status >= 300 && status < 400)
    return fail(
      `${service} redirected ${target} (${status}) to ${response.headers.get('location') ?? 'elsewhere'}`,
      "give the server's own address (pppc does not follow redirects with credentials)",
    )
  return fail(`${service} answered ${target} with ${status}${said}`, "check the URL and the server's status")
}

/**
 * How much of an answer an error may quote: `excerpt` (redacted, shortened) or `none`, for answers that carry a
 * credential (a token answer is never quoted, whatever shape it has: cut short or with an unexpected field name, its
 * token is not known yet and could not be redacted by value).
 */
export type Quote = 'excerpt' | 'none'

function said(response: HttpResponse, secrets: Secrets, quote: Quote): string {
  return quote === 'none' ? '' : excerpt(response.text, secrets)
}

/** The body as JSON, or a one-line error saying the server did not answer as this MDM would. */
export function parseJson(
  service: string,
  request: HttpRequest,
  response: HttpResponse,
  secrets: Secrets,
  hint: string,
  quote: Quote = 'excerpt',
): unknown {
  try {
    return JSON.parse(response.text)
  } catch {
    throw new PppcError(
      `${service}'s answer to ${describeTarget(request)} is not JSON${said(response, secrets, quote)}`,
      {hint, exitCode: 1, code: 'PPPC_HTTP'},
    )
  }
}

export function malformed(
  service: string,
  request: HttpRequest,
  response: HttpResponse,
  secrets: Secrets,
  what: string,
  hint: string,
  quote: Quote = 'excerpt',
): PppcError {
  return new PppcError(
    `${service}'s answer to ${describeTarget(request)} is ${what}${said(response, secrets, quote)}`,
    {hint, exitCode: 1, code: 'PPPC_HTTP'},
  )
}
