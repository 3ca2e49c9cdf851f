/**
 * Text that came from input (profiles, certificates, archives, snapshots, servers) made safe for where it is shown.
 * A terminal obeys escape sequences (colours, cursor moves, window titles, OSC 8 links, clearing the screen) and bidi
 * overrides reorder what it shows; an XML 1.0 document may not hold most control characters at all, even escaped.
 * Each output escapes what its reader would otherwise obey or reject, visibly (`\x1b`, `\u202e`), so nothing is
 * silently hidden either.
 */

/** C0 controls but tab and newline, DEL, C1 controls; bidi marks, embeddings, overrides and isolates; line separators. */

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const UNSAFE_WITH_NEWLINES =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

function visible(c: string): string {
  const code = c.charCodeAt(0)
  if (c === '\n') return '\\n'
  if (c === '\r') return '\\r'
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** Lone UTF-16 surrogates: not characters; a terminal shows garbage and XML refuses them. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * For a terminal (and any line-oriented output): escape sequences and control characters become visible text, so
 * they cannot colour, move the cursor, retitle the window or fake a line. Newlines are escaped too unless
 * `keepNewlines` (for text that is several lines by design, such as a stack trace).
 */
export function terminalSafe(text: string, keepNewlines = false): string {
  // ESC becomes the visible text \x1b, so an ANSI sequence (colour, cursor, OSC title or link) is left inert.
  return text.replace(keepNewlines ? UNSAFE : UNSAFE_WITH_NEWLINES, visible).replace(LONE_SURROGATE, (c) => visible(c))
}

/** Every string in a value (arrays, plain objects) made terminal-safe; for views handed to a template. */
export function terminalSafeDeep<T>(value: T, seen = new WeakMap<object, unknown>()): T {
  if (typeof value === 'string') return terminalSafe(value) as T
  if (typeof value !== 'object' || value === null) return value
  if (value instanceof Date || value instanceof Uint8Array) return value
  if (seen.has(value)) return seen.get(value) as T
  if (Array.isArray(value)) {
    const out: unknown[] = []
    seen.set(value, out)
    for (const item of value) out.push(terminalSafeDeep(item, seen))
    return out as T
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value
  const out: Record<string, unknown> = {}
  seen.set(value, out)
  for (const [key, item] of Object.entries(value)) out[key] = terminalSafeDeep(item, seen)
  return out as T
}

/** Characters XML 1.0 does not allow, even as character references. */

const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

/** Text for XML character data and attribute values: markup escaped, characters XML 1.0 refuses made visible. */
export function xmlSafe(text: string): string {
  return terminalSafe(text, true)
    .replace(NOT_XML, visible)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
}

/** Characters JSON allows raw in strings but a terminal obeys: C1 controls, bidi marks and overrides, separators. */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * JSON.stringify, then the characters JSON allows raw in strings but a terminal obeys (C1 controls, bidi overrides,
 * line separators) written as \u escapes: the same value once parsed. BigInts (integers beyond 2^53 read from a
 * plist) are written as exact numbers. Lone surrogates need nothing here: JSON.stringify writes them as \u escapes
 * itself (well-formed JSON.stringify, ES2019).
 */
export function jsonSafe(value: unknown, indent?: number): string {
  return escapeJsonUnsafe(jsonText(value, indent))
}

/**
 * JSON.stringify with BigInts written as exact numbers, `null` for a value it skips; nothing escaped yet: the text
 * must go through `escapeJsonUnsafe` (or a writer that applies it) before it is shown.
 */
export function jsonText(value: unknown, indent?: number): string {
  // Without a replacer JSON.stringify keeps to its fast path (validate renders a report per file); a value holding a
  // BigInt makes it throw, and only then is it written again with the replacer below.
  let text: string | undefined
  try {
    text = JSON.stringify(value, undefined, indent)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    text = stringifyWithBigInts(value, indent)
  }
  return text ?? 'null'
}

/**
 * JSON text with the characters it allows raw but a terminal obeys written as \u escapes. It changes nothing in text
 * that is ASCII other than DEL (all of them are DEL or beyond ASCII), which lets a writer that encodes the text anyway
 * skip it for such text (`Spool.writeAsciiOr`).
 */
export function escapeJsonUnsafe(text: string): string {
  return text.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function stringifyWithBigInts(value: unknown, indent: number | undefined): string | undefined {
  // A marker no input can forge: it holds a fresh random number, and input strings have their quotes escaped.
  const marker = `__pppc_bigint_${Math.random().toString(36).slice(2)}__`
  let bigints = false
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v
      bigints = true
      return `${marker}${v.toString()}`
    },
    indent,
  )
  return text !== undefined && bigints ? text.replace(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1') : text
}
