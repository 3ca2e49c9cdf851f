import {describe, expect, it} from 'vitest'
import {PppcError} from '../../src/errors.js'
import {
  backoffMs,
  requireSafeUrl,
  retryAfterMs,
  send,
  showRequest,
  type HttpRequest,
  type Transport,
} from '../../src/deploy/http.js'
import {keepIdentity} from '../../src/deploy/identity.js'
import {Secrets} from '../../src/deploy/secrets.js'
import type {PlistValue} from '../../src/profiles/model.js'

const policy = {timeoutMs: 50, tries: 3, backoffMs: 1, maxRetryAfterMs: 5_000}
const request: HttpRequest = {method: 'GET', url: new URL('https://jamf.example.com/x'), headers: {}}

/** Answers with the given statuses in turn (or hangs on 0), counting the tries. */
function scripted(statuses: number[], headers: Record<string, string> = {}): Transport & {tries: number} {
  return {
    tries: 0,
    async send(_request, signal) {
      const status = statuses[this.tries++] ?? 200
      if (status === 0)
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
      return {status, headers: new Headers(headers), text: ''}
    },
  }
}

describe('the HTTP policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000)
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000)
    expect(retryAfterMs('soon')).toBeUndefined()
    expect(retryAfterMs(null)).toBeUndefined()
  })

  it('backs off exponentially, with jitter within half of each step', () => {
    const p = {...policy, backoffMs: 100}
    expect([0, 1, 2].map((n) => backoffMs(p, n, () => 0))).toEqual([50, 100, 200])
    expect([0, 1, 2].map((n) => backoffMs(p, n, () => 1))).toEqual([100, 200, 400])
  })

  it('retries 5xx and timeouts a bounded number of times, and never another 4xx', async () => {
    const flaky = scripted([503, 0, 200])
    expect((await send(flaky, request, policy, new Secrets(), 'Jamf Pro')).status).toBe(200)
    expect(flaky.tries).toBe(3)
    const down = scripted([500, 500, 500, 500])
    await expect(send(down, request, policy, new Secrets(), 'Jamf Pro')).rejects.toThrow(
      /kept failing \(500\) GET \/x after 3 tries/,
    )
    expect(down.tries).toBe(3)
    const missing = scripted([404])
    expect((await send(missing, request, policy, new Secrets(), 'Jamf Pro')).status).toBe(404)
    expect(missing.tries).toBe(1)
    const hung = scripted([0, 0, 0])
    await expect(send(hung, request, policy, new Secrets(), 'Jamf Pro')).rejects.toThrow(
      /cannot reach Jamf Pro at jamf\.example\.com \(no answer in time\) after 3 tries/,
    )
  })

  it('does not wait out a Retry-After longer than its limit', async () => {
    const limited = scripted([429], {'Retry-After': '3600'})
    await expect(send(limited, request, policy, new Secrets(), 'Kandji')).rejects.toThrow(
      /Kandji is rate limiting GET \/x \(429\) for 3600 s; try again later/,
    )
    expect(limited.tries).toBe(1)
  })

  it('takes https anywhere and http only on this machine', () => {
    expect(requireSafeUrl('https://example.jamfcloud.com', '--url').href).toBe('https://example.jamfcloud.com/')
    expect(requireSafeUrl('https://example.com/jamf', '--url').href).toBe('https://example.com/jamf/')
    for (const local of ['http://localhost:8080', 'http://127.0.0.1:9', 'http://[::1]:9'])
      expect(requireSafeUrl(local, '--url').protocol).toBe('http:')
    for (const bad of [
      'http://example.com',
      'http://127.0.0.2',
      'ftp://example.com',
      'https://user:pw@example.com',
      'example.com',
    ]) {
      expect(() => requireSafeUrl(bad, '--url')).toThrow(PppcError)
    }
  })
})

describe('secrets', () => {
  it('are redacted in every spelling that can reach text', () => {
    const secrets = new Secrets()
    secrets.add('p@ss word/+1')
    const basic = secrets.addBasic('admin', 'hunter2-long')
    const text = `raw p@ss word/+1, url p%40ss%20word%2F%2B1, form p%40ss+word%2F%2B1, basic ${basic}, header Bearer eyJ.abc.def`
    expect(secrets.redact(text)).toBe(
      'raw [redacted], url [redacted], form [redacted], basic [redacted], header Bearer [redacted]',
    )
  })

  it('are masked in a shown request: credential headers and form fields, whatever their length', () => {
    const shown = showRequest(
      {
        method: 'POST',
        url: new URL('https://j.example.com/api/oauth/token'),
        headers: {'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Basic YTpi'},
        body: 'grant_type=client_credentials&client_id=ci&client_secret=abc',
      },
      new Secrets(),
    )
    expect(shown.headers.Authorization).toBe('Basic [redacted]')
    expect(shown.body).toBe('grant_type=client_credentials&client_id=ci&client_secret=[redacted]')
  })
})

describe('keepIdentity', () => {
  const stored: PlistValue = {
    PayloadUUID: 'JAMF-TOP',
    PayloadIdentifier: 'JAMF-TOP',
    PayloadType: 'Configuration',
    PayloadContent: [
      {PayloadType: 'com.apple.TCC.configuration-profile-policy', PayloadUUID: 'OLD-TCC', PayloadIdentifier: 'old.tcc'},
      {PayloadType: 'com.apple.notificationsettings', PayloadUUID: 'OLD-N', PayloadIdentifier: 'old.n'},
    ],
  }

  it('keeps the stored identity at the top and on payloads paired by identifier, then by a type found once', () => {
    const next: PlistValue = {
      PayloadUUID: 'NEW-TOP',
      PayloadIdentifier: 'new',
      PayloadType: 'Configuration',
      PayloadContent: [
        {PayloadType: 'com.apple.notificationsettings', PayloadUUID: 'NEW-N', PayloadIdentifier: 'old.n', Extra: 1},
        {
          PayloadType: 'com.apple.TCC.configuration-profile-policy',
          PayloadUUID: 'NEW-TCC',
          PayloadIdentifier: 'new.tcc',
        },
        {PayloadType: 'com.apple.applicationaccess', PayloadUUID: 'NEW-R', PayloadIdentifier: 'new.r'},
      ],
    }
    expect(keepIdentity(next, stored)).toEqual({
      PayloadUUID: 'JAMF-TOP',
      PayloadIdentifier: 'JAMF-TOP',
      PayloadType: 'Configuration',
      PayloadContent: [
        {PayloadType: 'com.apple.notificationsettings', PayloadUUID: 'OLD-N', PayloadIdentifier: 'old.n', Extra: 1},
        {
          PayloadType: 'com.apple.TCC.configuration-profile-policy',
          PayloadUUID: 'OLD-TCC',
          PayloadIdentifier: 'old.tcc',
        },
        {PayloadType: 'com.apple.applicationaccess', PayloadUUID: 'NEW-R', PayloadIdentifier: 'new.r'},
      ],
    })
  })

  it('does not guess between two payloads of the same type', () => {
    const next = {
      PayloadContent: [
        {PayloadType: 'com.apple.TCC.configuration-profile-policy', PayloadUUID: 'A', PayloadIdentifier: 'a'},
        {PayloadType: 'com.apple.TCC.configuration-profile-policy', PayloadUUID: 'B', PayloadIdentifier: 'b'},
      ],
    }
    expect(
      (keepIdentity(next, stored) as {PayloadContent: {PayloadUUID: string}[]}).PayloadContent.map(
        (p) => p.PayloadUUID,
      ),
    ).toEqual(['A', 'B'])
  })
})
