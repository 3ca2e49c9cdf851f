/** What every secret is shown as. */
export const REDACTED = '[redacted]'

/** Secrets shorter than this are never echoed by construction, but are not searched for: "a" would garble every line. */
const MIN_SEARCHED = 4

/** A base64 piece shorter than this could be anything: it is not searched for. */
const MIN_BASE64 = 6

const NAMED_ENTITIES: Record<string, string[]> = {
  '&': ['amp'],
  '<': ['lt'],
  '>': ['gt'],
  '"': ['quot'],
  "'": ['apos'],
  '/': ['sol'],
  '=': ['equals'],
  '+': ['plus'],
  ':': ['colon'],
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** A number in hex as a pattern that matches either letter case: at least `width` digits, more only as leading 0s. */
function hex(n: number, width: number, leadingZeros: boolean): string {
  const digits = [...n.toString(16).padStart(width, '0')]
    .map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d))
    .join('')
  return leadingZeros ? `0*${digits}` : digits
}

/**
 * Every way one character of a secret can be spelled in text a server sends back: as itself, percent-encoded
 * (either letter case; `+` for a space), as an HTML entity (named, decimal or hex, the `;` optional as browsers
 * accept), or as a JSON `\uXXXX` escape; with backslashes before it, as JSON (once or twice) escapes `"`, `/` and `\`.
 */
function characterPattern(char: string): string {
  const code = char.codePointAt(0)!
  const plain = [escapeRegExp(char)]
  plain.push([...Buffer.from(char, 'utf8')].map((byte) => `%${hex(byte, 2, false)}`).join(''))
  if (char === ' ') plain.push('\\+')
  plain.push(`&#0*${code};?`, `&#[xX]${hex(code, 1, true)};?`)
  for (const name of NAMED_ENTITIES[char] ?? []) plain.push(`&${name};?`)
  const units = char.length === 1 ? [code] : [char.charCodeAt(0), char.charCodeAt(1)]
  const json = units.map((unit) => `\\\\{1,8}u${hex(unit, 4, false)}`).join('')
  return `(?:\\\\{0,8}(?:${plain.join('|')})|${json})`
}

/**
 * The base64 text that any base64 encoding containing `secret` must contain, whatever came before it: for each of the
 * three byte alignments, the characters made of the secret's bits alone. Standard and URL-safe alphabets.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const cores: string[] = []
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64')
    const start = Math.ceil((8 * k) / 6)
    const end = Math.floor((8 * (k + bytes.length)) / 6)
    const core = encoded.slice(start, end)
    if (core.length < MIN_BASE64) continue
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return [...new Set(cores)]
}

/** Names of fields that hold a credential, in JSON, forms, query strings and XML. */
const FIELD =
  '[A-Za-z0-9_.-]*(?:token|secret|password|passwd|api[_-]?key|apikey|authorization|credential)[A-Za-z0-9_.-]*'
const JSON_FIELD = new RegExp(`("${FIELD}"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)`, 'gi')
const FORM_FIELD = new RegExp(`(\\b${FIELD}=)([^&\\s"'<>]+)`, 'gi')
const XML_FIELD = new RegExp(`(<(${FIELD})>)([^<]+)`, 'gi')
const SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g

/**
 * The secrets of one push (credentials from the environment, tokens the server hands out) and every spelling of them
 * that can reach text. Anything printed, thrown or returned as JSON goes through `redact` first, including text the
 * server sent back, and before it is shortened (a secret cut in half is no longer found).
 */
export class Secrets {
  private readonly values = new Set<string>()
  private pattern: RegExp | undefined

  add(...secrets: (string | undefined)[]): void {
    for (const secret of secrets) {
      if (!secret || secret.length < MIN_SEARCHED || this.values.has(secret)) continue
      this.values.add(secret)
      this.pattern = undefined
    }
  }

  /** A user:password pair: the pair's Basic encoding is a secret too. */
  addBasic(user: string, password: string): string {
    const encoded = Buffer.from(`${user}:${password}`).toString('base64')
    this.add(password, encoded)
    return encoded
  }

  private compiled(): RegExp | undefined {
    if (this.values.size === 0) return undefined
    if (!this.pattern) {
      // Longest first, so that a secret that contains another is replaced whole.
      const alternatives = [...this.values]
        .sort((a, b) => b.length - a.length)
        .flatMap((secret) => [[...secret].map(characterPattern).join(''), ...base64Cores(secret).map(escapeRegExp)])
      this.pattern = new RegExp(alternatives.join('|'), 'g')
    }
    return this.pattern
  }

  redact(text: string): string {
    const pattern = this.compiled()
    let out = pattern ? text.replace(pattern, REDACTED) : text
    // Whatever follows these words, and the value of any field named like a credential, is a credential even when
    // we did not know it: a token the server echoes back, an answer cut short in the middle of its token.
    out = out.replace(SCHEME, `$1 ${REDACTED}`)
    out = out.replace(JSON_FIELD, (_m, key: string) => `${key}${REDACTED}`)
    out = out.replace(FORM_FIELD, (_m, key: string) => `${key}${REDACTED}`)
    out = out.replace(XML_FIELD, (_m, open: string) => `${open}${REDACTED}`)
    return out
  }
}
