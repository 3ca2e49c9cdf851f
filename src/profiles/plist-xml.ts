import {LIMITS} from './limits.js'
import type {PlistValue} from './model.js'
import {Positions} from './plist-positions.js'

export {Positions} from './plist-positions.js'

export class PlistSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
    this.name = 'PlistSyntaxError'
  }
}

/** Well-formed, but beyond pppc's limits (nesting): a PPPC008 finding, at the offset where the limit was passed. */
export class PlistLimitError extends PlistSyntaxError {
  constructor(message: string, offset: number) {
    super(`exceeds pppc's limits: ${message}`, offset)
    this.name = 'PlistLimitError'
  }
}

export interface ParsedXmlPlist {
  value: PlistValue
  positions: Positions
  /** Keys that appear twice in one dictionary (the last one wins, as in CoreFoundation), with their offsets. */
  duplicateKeys: {owner: object; key: string; offset: number}[]
}

const MAX_DEPTH = LIMITS.maxPlistDepth
const TAG_NAME = /[A-Za-z_][\w.-]*/y
const ENTITIES: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"}
/** The closing tags of the elements that hold text, made once rather than for every value. */
const CLOSING_TAGS: Readonly<Record<string, string>> = {
  key: '</key>',
  string: '</string>',
  integer: '</integer>',
  real: '</real>',
  date: '</date>',
  data: '</data>',
}

/**
 * A strict, single-pass reader for XML property lists. Written here, not taken from a DOM library, because validation
 * needs the position of every key (for file:line findings) and must stay fast over thousands of files. It expands only
 * XML's predefined entities and character references: a plist has no use for DTD entities, and refusing them closes
 * the door on entity-expansion tricks.
 */
export function parseXmlPlist(text: string): ParsedXmlPlist {
  return new Reader(text).document()
}

class Reader {
  private i = 0
  private depth = 0
  readonly positions = new Positions()
  readonly duplicateKeys: ParsedXmlPlist['duplicateKeys'] = []

  constructor(private readonly s: string) {}

  document(): ParsedXmlPlist {
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1
    this.skipMisc(true)
    let value: PlistValue
    if (this.s.startsWith('<plist', this.i)) {
      const close = this.tagEnd()
      const selfClosing = this.s[close - 1] === '/'
      this.i = close + 1
      if (selfClosing) throw this.error('the <plist> element is empty')
      this.skipMisc(false)
      value = this.value()
      this.skipMisc(false)
      this.expect('</plist>')
    } else {
      value = this.value()
    }
    this.skipMisc(false)
    if (this.i < this.s.length) throw this.error('text after the end of the property list')
    return {value, positions: this.positions, duplicateKeys: this.duplicateKeys}
  }

  private error(message: string, at = this.i): PlistSyntaxError {
    return new PlistSyntaxError(message, at)
  }

  private expect(token: string): void {
    if (!this.s.startsWith(token, this.i)) throw this.error(`expected ${token}`)
    this.i += token.length
  }

  /** Skips white space, comments, processing instructions and (in the prolog) the DOCTYPE. */
  private skipMisc(prolog: boolean): void {
    const s = this.s
    for (;;) {
      // No read past the end: optimised code that meets one is thrown away and compiled again, and every file ends so.
      const end = s.length
      let i = this.i
      while (i < end) {
        const c = s.charCodeAt(i)
        if (c === 32 || c === 10 || c === 13 || c === 9) i++
        else break
      }
      this.i = i
      // The common case, an element's tag: neither a comment, a processing instruction nor a DOCTYPE.
      if (i + 1 < end && s.charCodeAt(i) === 60) {
        const next = s.charCodeAt(i + 1)
        if (next !== 33 && next !== 63) return
      }
      if (s.startsWith('<!--', this.i)) {
        const end = s.indexOf('-->', this.i + 4)
        if (end < 0) throw this.error('a comment is not closed')
        this.i = end + 3
      } else if (s.startsWith('<?', this.i)) {
        const end = s.indexOf('?>', this.i + 2)
        if (end < 0) throw this.error('a processing instruction is not closed')
        this.i = end + 2
      } else if (prolog && s.startsWith('<!DOCTYPE', this.i)) {
        this.skipDoctype()
      } else return
    }
  }

  private skipDoctype(): void {
    const s = this.s
    const start = this.i
    let j = this.i + 9
    let inSubset = false
    while (j < s.length) {
      const c = s[j]
      if (c === '"' || c === "'") {
        const end = s.indexOf(c, j + 1)
        if (end < 0) break
        j = end + 1
        continue
      }
      if (c === '[') inSubset = true
      else if (c === ']') inSubset = false
      else if (c === '>' && !inSubset) {
        this.i = j + 1
        return
      }
      j++
    }
    throw this.error('the DOCTYPE is not closed', start)
  }

  /** Index of the `>` that closes the tag starting at this.i. */
  private tagEnd(): number {
    const end = this.s.indexOf('>', this.i)
    if (end < 0) throw this.error('a tag is not closed')
    return end
  }

  /** Reads `<name>`, `<name/>` or `<name attr="...">` at this.i; returns the name and whether it closed itself. */
  private openTag(): {name: string; empty: boolean; at: number} {
    const at = this.i
    if (this.s.charCodeAt(at) !== 60)
      throw this.error(
        at >= this.s.length ? 'the file ends inside the property list' : 'expected an element, found text',
      )
    const end = this.tagEnd()
    const empty = this.s.charCodeAt(end - 1) === 47
    TAG_NAME.lastIndex = at + 1
    const match = TAG_NAME.exec(this.s)
    if (!match || match.index !== at + 1)
      throw this.error(`malformed tag <${this.s.slice(at + 1, Math.min(end, at + 21))}`)
    this.i = end + 1
    return {name: match[0], empty, at}
  }

  private value(): PlistValue {
    const s = this.s
    const at = this.i
    // The tags most values are written with, exactly so (no attributes, no spaces): read without the general tag
    // reader, which a file calls thousands of times. Anything else takes the general way below.
    switch (s.charCodeAt(at + 1)) {
      case 115: // s
        if (s.startsWith('<string>', at)) {
          this.i = at + 8
          return this.text('string')
        }
        break
      case 116: // t
        if (s.startsWith('<true/>', at)) {
          this.i = at + 7
          return true
        }
        break
      case 102: // f
        if (s.startsWith('<false/>', at)) {
          this.i = at + 8
          return false
        }
        break
      case 100: // d
        if (s.startsWith('<dict>', at)) {
          this.i = at + 6
          return this.dict(at, false)
        }
        break
      case 97: // a
        if (s.startsWith('<array>', at)) {
          this.i = at + 7
          return this.array(at, false)
        }
        break
    }
    const tag = this.openTag()
    switch (tag.name) {
      case 'dict':
        return this.dict(tag.at, tag.empty)
      case 'array':
        return this.array(tag.at, tag.empty)
      case 'string':
        return tag.empty ? '' : this.text('string')
      case 'integer': {
        const raw = tag.empty ? '' : this.text('integer')
        const value = cfInteger(raw)
        if (typeof value === 'string')
          throw this.error(`<integer> holds "${raw.trim().slice(0, 24)}", ${value}`, tag.at)
        return value
      }
      case 'real': {
        const raw = tag.empty ? '' : this.text('real').trim()
        const n = Number(raw)
        if (raw === '' || (Number.isNaN(n) && !/^[+-]?nan$/i.test(raw)))
          throw this.error(`<real> holds "${raw.slice(0, 20)}", not a number`, tag.at)
        return n
      }
      case 'true':
      case 'false':
        if (!tag.empty) this.expect(`</${tag.name}>`)
        return tag.name === 'true'
      case 'date': {
        const raw = tag.empty ? '' : this.text('date').trim()
        const date = new Date(raw)
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(raw) || Number.isNaN(date.getTime()))
          throw this.error(`<date> holds "${raw.slice(0, 30)}", not an ISO 8601 UTC date`, tag.at)
        return date
      }
      case 'data': {
        const raw = tag.empty ? '' : this.text('data').replace(/\s+/g, '')
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw)) throw this.error('<data> is not base64', tag.at)
        return Buffer.from(raw, 'base64')
      }
      case 'key':
        throw this.error('a <key> outside a <dict>', tag.at)
      default:
        throw this.error(`<${tag.name}> is not a property list element`, tag.at)
    }
  }

  private enter(at: number): void {
    if (++this.depth > MAX_DEPTH) throw new PlistLimitError(`nesting deeper than ${MAX_DEPTH} levels`, at)
  }

  private dict(at: number, empty: boolean): PlistValue {
    const dict: {[key: string]: PlistValue} = {}
    const id = this.positions.open(dict)
    if (!empty) {
      this.enter(at)
      for (;;) {
        this.skipMisc(false)
        if (this.s.startsWith('</dict>', this.i)) {
          this.i += 7
          break
        }
        const keyAt = this.i
        let key: string
        if (this.s.startsWith('<key>', keyAt)) {
          // As written almost always: see value().
          this.i = keyAt + 5
          key = this.text('key')
        } else {
          const tag = this.openTag()
          if (tag.name !== 'key') throw this.error(`expected <key> in a <dict>, found <${tag.name}>`, keyAt)
          key = tag.empty ? '' : this.text('key')
        }
        this.skipMisc(false)
        if (this.s.startsWith('</dict>', this.i)) throw this.error(`the key "${key.slice(0, 40)}" has no value`, keyAt)
        if (Object.hasOwn(dict, key)) this.duplicateKeys.push({owner: dict, key, offset: keyAt})
        this.positions.entry(id, key, keyAt)
        const value = this.value()
        // A key named __proto__ is data, not a prototype change.
        if (key === '__proto__')
          Object.defineProperty(dict, key, {value, enumerable: true, writable: true, configurable: true})
        else dict[key] = value
      }
      this.depth--
    }
    return dict
  }

  private array(at: number, empty: boolean): PlistValue {
    const array: PlistValue[] = []
    const id = this.positions.open(array)
    if (!empty) {
      this.enter(at)
      for (;;) {
        this.skipMisc(false)
        if (this.s.startsWith('</array>', this.i)) {
          this.i += 8
          break
        }
        this.positions.entry(id, array.length, this.i)
        array.push(this.value())
      }
      this.depth--
    }
    return array
  }

  /** Character data up to `</name>`, with entities, character references and CDATA sections decoded. */
  private text(name: string): string {
    const s = this.s
    const start = this.i
    const close = CLOSING_TAGS[name] ?? `</${name}>`
    const end = s.indexOf('<', start)
    if (end < 0) throw this.error(`<${name}> is not closed`, start)
    // The common case: plain text straight up to the closing tag.
    if (s.startsWith(close, end)) {
      this.i = end + close.length
      const raw = s.slice(start, end)
      return raw.includes('&') ? this.decode(raw, start) : raw
    }
    let out = ''
    let j = start
    for (;;) {
      const lt = s.indexOf('<', j)
      if (lt < 0) throw this.error(`<${name}> is not closed`, start)
      const chunk = s.slice(j, lt)
      out += chunk.includes('&') ? this.decode(chunk, j) : chunk
      if (s.startsWith('<![CDATA[', lt)) {
        const cend = s.indexOf(']]>', lt + 9)
        if (cend < 0) throw this.error('a CDATA section is not closed', lt)
        out += s.slice(lt + 9, cend)
        j = cend + 3
      } else if (s.startsWith('<!--', lt)) {
        const cend = s.indexOf('-->', lt + 4)
        if (cend < 0) throw this.error('a comment is not closed', lt)
        j = cend + 3
      } else if (s.startsWith(close, lt)) {
        this.i = lt + close.length
        return out
      } else {
        throw this.error(`<${name}> holds markup; expected text up to ${close}`, lt)
      }
    }
  }

  private decode(raw: string, at: number): string {
    return raw.replace(/&([^;&\s]{0,12});?/g, (match, name: string, offset: number) => {
      if (!match.endsWith(';')) throw this.error(`a bare "&" (write &amp;)`, at + offset)
      if (name in ENTITIES) return ENTITIES[name]!
      const code = name.startsWith('#x')
        ? Number.parseInt(name.slice(2), 16)
        : name.startsWith('#')
          ? Number.parseInt(name.slice(1), 10)
          : Number.NaN
      if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code)
      throw this.error(
        `the entity &${name}; is not defined (a plist allows only &amp; &lt; &gt; &quot; &apos; and character references)`,
        at + offset,
      )
    })
  }
}

const INT64_MAX = 2n ** 63n - 1n
const INT64_MIN = -(2n ** 63n)

const CF_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u2028\u2029]*/

/**
 * An <integer> as CoreFoundation reads it (parseIntegerTag in CFPropertyList.c, opensource-apple/CF): white space
 * before, an optional sign ("-" or "+") with white space after it, decimal digits or "0x"/"0X" and hex digits, nothing
 * after (not even white space), within a signed 64-bit integer ("too large to represent" beyond). Returns the value,
 * a bigint beyond 2^53 so that it stays exact, or why it is not an integer.
 */
export function cfInteger(raw: string): number | bigint | string {
  // Almost every <integer> is a few plain digits (PayloadVersion 1): read them directly, without the passes below.
  if (raw.length > 0 && raw.length <= 15) {
    let n = 0
    let i = 0
    for (; i < raw.length; i++) {
      const digit = raw.charCodeAt(i) - 48
      if (digit < 0 || digit > 9) break
      n = n * 10 + digit
    }
    if (i === raw.length) return n
  }
  let s = raw.replace(CF_WHITESPACE, '')
  if (s === '') return 'an empty <integer>'
  let negative = false
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-'
    s = s.slice(1).replace(CF_WHITESPACE, '')
  }
  const hex = /^0[xX]/.test(s)
  const digits = hex ? s.slice(2) : s
  if (digits === '') return hex ? 'an incomplete hex <integer>' : 'an incomplete <integer>'
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits))
    return /^[0-9]*[a-fA-F]/.test(digits) && !hex
      ? 'a hex digit in a decimal <integer> (write 0x before hex)'
      : 'not a whole number (macOS reads a sign, digits or 0x and hex digits, nothing else)'
  // Leading zeros are allowed; more significant digits than 64 bits hold are refused before BigInt reads them.
  const significant = digits.replace(/^0+/, '') || '0'
  if (significant.length > (hex ? 16 : 19)) return 'too large to represent (beyond a signed 64-bit integer)'
  const magnitude = BigInt(hex ? `0x${significant}` : significant)
  const value = negative ? -magnitude : magnitude
  if (value > INT64_MAX || value < INT64_MIN) return 'too large to represent (beyond a signed 64-bit integer)'
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
}

/**
 * Line and column (1-based) of an offset. The line starts are found on first use (a clean file never needs them) and
 * kept in a typed array: a 50 MB profile has a million lines.
 */
export class LineIndex {
  private starts: Uint32Array | undefined

  constructor(private readonly text: string) {}

  private index(): Uint32Array {
    if (this.starts) return this.starts
    let count = 1
    for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) count++
    const starts = new Uint32Array(count)
    let n = 1
    for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts[n++] = i + 1
    this.starts = starts
    return starts
  }

  at(offset: number): {line: number; column: number} {
    const starts = this.index()
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return {line: lo + 1, column: offset - starts[lo]! + 1}
  }
}
