import {describe, expect, it} from 'vitest'
import {excerpt} from '../../src/deploy/http.js'
import {REDACTED, Secrets} from '../../src/deploy/secrets.js'

const SECRET = 'jamf-s3cret&<"value">/+Q'

function withSecret(...values: string[]): Secrets {
  const secrets = new Secrets()
  secrets.add(...values)
  return secrets
}

const html = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

describe('redaction', () => {
  it('happens before the server text is cut short, so no piece of a secret survives the cut', () => {
    // The secret straddles character 160, where excerpt() cuts.
    const text = `${'x'.repeat(150)} ${SECRET} trailing words`
    const shown = excerpt(text, withSecret(SECRET))
    expect(shown).not.toContain('jamf-s3')
    expect(shown).not.toContain('s3cret')
    expect(shown).toContain(REDACTED.slice(0, 5))
  })

  it('redacts as much of a long answer as the excerpt shows, however much markup comes first', () => {
    const secrets = withSecret(SECRET)
    // 40,000 characters of markup and whitespace, then the secret, then a megabyte of text.
    const text = `${'<td class="x"></td>\n'.repeat(2000)}${SECRET} ${'more words '.repeat(100_000)}`
    const shown = excerpt(text, secrets)
    expect(shown.startsWith(`: "${REDACTED} more words`)).toBe(true)
    expect(shown.length).toBeLessThan(170)
    // The secret straddling where a first prefix would end: never in the excerpt, whole or in part.
    const straddling = `${'w '.repeat(8190)}${SECRET}`
    expect(excerpt(straddling, secrets)).not.toMatch(/jamf|s3cret/)
  })

  it('recognises a secret echoed raw, URL-, form-, HTML- (named and numeric) and JSON-escaped, and in base64', () => {
    const secrets = withSecret(SECRET)
    const spellings = [
      SECRET,
      encodeURIComponent(SECRET),
      encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      new URLSearchParams({s: SECRET}).toString().slice(2),
      html(SECRET),
      [...SECRET].map((c) => `&#${c.codePointAt(0)};`).join(''),
      [...SECRET].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(''),
      JSON.stringify(SECRET).slice(1, -1),
      JSON.stringify(SECRET)
        .slice(1, -1)
        .replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
      JSON.stringify(JSON.stringify(SECRET)).slice(3, -3),
      html(JSON.stringify(SECRET).slice(1, -1)),
    ]
    for (const spelling of spellings) {
      const out = secrets.redact(`before ${spelling} after`)
      expect(out, spelling).toMatch(/^before \W*\[redacted\]\W* after$/)
    }
    // Inside a longer base64 text (a Basic header of user:secret, a token that embeds it), at any alignment.
    for (const prefix of ['', 'a', 'ab', 'abc:']) {
      const b64 = Buffer.from(`${prefix}${SECRET}-tail`).toString('base64')
      expect(secrets.redact(b64), prefix).not.toBe(b64)
      expect(secrets.redact(b64.replace(/\+/g, '-').replace(/\//g, '_')), `${prefix} url-safe`).toContain(REDACTED)
    }
  })

  it('masks credential fields whatever their value, even when the text is cut short or the field is unexpected', () => {
    const secrets = new Secrets()
    expect(secrets.redact('{"access_token": "eyJhbGciOi.half-a-tok')).not.toContain('half-a-tok')
    expect(secrets.redact('{"accessToken":"abc.def.ghi","expires_in":1199}')).toBe(
      `{"accessToken":"${REDACTED}","expires_in":1199}`,
    )
    expect(secrets.redact('grant_type=x&client_secret=abc123&scope=y')).toBe(
      `grant_type=x&client_secret=${REDACTED}&scope=y`,
    )
    expect(secrets.redact('<token>abc.def</token>')).toBe(`<token>${REDACTED}</token>`)
    expect(secrets.redact('https://h.example.com/x?api_key=k123&page=2')).not.toContain('k123')
  })

  it('leaves ordinary text alone', () => {
    const secrets = withSecret(SECRET, 'abcd')
    const text = 'Error: Duplicate name for <p>PPPC BeyondTrust</p> (409)'
    expect(secrets.redact(text)).toBe(text)
  })
})
