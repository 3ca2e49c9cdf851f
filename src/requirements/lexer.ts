import {fail} from './problem.js'

/**
 * Tokens of the requirement language, after the lexer in Apple's `requirements.grammar` (Security framework,
 * OSX/libsecurity_codesigning/requirements.grammar): unquoted words are DOTKEYs (`com.apple.finder`, `subject.OU`,
 * `field.1.2.840.113635.100.6.2.6`), strings are double-quoted, `H"…"` is a hash and `0x…` is hex data.
 */
export type TokenType = 'word' | 'integer' | 'string' | 'hash' | 'hex' | 'path' | 'punct' | 'end'

export interface Token {
  type: TokenType
  /** The word, the string's content (escapes resolved), the hex digits, or the punctuation itself. */
  text: string
  at: number
  end: number
}

const DOTKEY = /[A-Za-z][A-Za-z0-9]*(?:\.(?:[A-Za-z][A-Za-z0-9]*|[0-9]+))*/y
const INTEGER = /[0-9]+/y
const PATHNAME = /\/[A-Za-z][A-Za-z0-9]*(?:\/[A-Za-z][A-Za-z0-9]*)+/y
const HEX_DATA = /0x([0-9A-Fa-f]+)/y
/** What someone meant as one unquoted value, for the message when the language cannot take it unquoted. */
const LOOSE_VALUE = /[A-Za-z0-9._\-+@$:]+/y
const TWO_CHAR = new Set(['=>', '==', '<=', '>='])
const ONE_CHAR = new Set(['(', ')', '[', ']', '=', '<', '>', '~', '-', '!', '*', ',', ';'])

function stickyMatch(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at
  return re.exec(text)
}

function looseValueAt(text: string, at: number): string {
  return stickyMatch(LOOSE_VALUE, text, at)?.[0] ?? text.slice(at, at + 1)
}

/**
 * Continues a word when it touches the previous one: the sign that an unquoted value held a character Apple's lexer
 * stops at.
 */
function touchesWord(text: string, at: number): boolean {
  const c = text[at]
  if (c === undefined) return false
  return /[A-Za-z0-9._+@$:]/.test(c) || (c === '-' && /[A-Za-z0-9]/.test(text[at + 1] ?? ''))
}

function unquoted(text: string, start: number): never {
  const value = looseValueAt(text, start)
  const reason = /^[0-9]/.test(value)
    ? 'starts with a digit'
    : /\.$/.test(value)
      ? 'ends with a dot'
      : 'holds characters other than letters, digits and dots'
  fail(
    'unquoted-value',
    start,
    `the unquoted value ${value} ${reason}`,
    `put it in double quotes: "${value.replace(/["\\]/g, '\\$&')}"`,
  )
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const push = (type: TokenType, tokenText: string, at: number, end: number): void => {
    tokens.push({type, text: tokenText, at, end})
    i = end
  }
  while (i < text.length) {
    const c = text[i]!
    if (c === ' ' || c === '\t' || c === '\n') {
      i++
    } else if (c === '#' || text.startsWith('//', i)) {
      const eol = text.indexOf('\n', i)
      i = eol < 0 ? text.length : eol + 1
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2)
      if (close < 0) fail('unterminated-comment', i, 'a /* comment is not closed', 'end the comment with */')
      i = close + 2
    } else if (c === '"') {
      readString(text, i, (value, end) => push('string', value, i, end))
    } else if (c === 'H' && text[i + 1] === '"') {
      const close = text.indexOf('"', i + 2)
      if (close < 0) fail('unterminated-string', i + 1, 'the H"…" hash has no closing quote', 'close it with "')
      const digits = text.slice(i + 2, close)
      if (!/^[0-9A-Fa-f]+$/.test(digits))
        fail(
          'bad-hash',
          i,
          digits === ''
            ? 'the H"" hash is empty'
            : `the hash H"${digits.slice(0, 50)}" holds characters other than hex digits`,
          'write the SHA-1 as 40 hex digits inside H"…"',
        )
      push('hash', digits.toLowerCase(), i, close + 1)
    } else if (c === '0' && text[i + 1] === 'x') {
      const m = stickyMatch(HEX_DATA, text, i)
      if (!m)
        fail('bad-hex', i, '0x is not followed by hex digits', 'write hex data as 0x and an even number of hex digits')
      if (m[1]!.length % 2)
        fail(
          'bad-hex',
          i,
          `the hex data ${m[0].slice(0, 50)} has an odd number of digits`,
          'write whole bytes: two hex digits each',
        )
      if (touchesWord(text, i + m[0].length)) unquoted(text, i)
      push('hex', m[1]!.toLowerCase(), i, i + m[0].length)
    } else if (c >= '0' && c <= '9') {
      const m = stickyMatch(INTEGER, text, i)!
      if (touchesWord(text, i + m[0].length)) unquoted(text, i)
      push('integer', m[0], i, i + m[0].length)
    } else if (/[A-Za-z]/.test(c)) {
      const m = stickyMatch(DOTKEY, text, i)!
      if (touchesWord(text, i + m[0].length)) unquoted(text, i)
      push('word', m[0], i, i + m[0].length)
    } else if (c === '/') {
      const m = stickyMatch(PATHNAME, text, i)
      if (!m) fail('bad-character', i, 'a stray "/"', 'quote values that hold a slash')
      push('path', m[0], i, i + m[0].length)
    } else if (TWO_CHAR.has(text.slice(i, i + 2))) {
      push('punct', text.slice(i, i + 2), i, i + 2)
    } else if (ONE_CHAR.has(c)) {
      push('punct', c, i, i + 1)
    } else if (c === '&' || c === '|') {
      const word = c === '&' ? 'and' : 'or'
      fail('foreign-operator', i, `"${c}" is not an operator of the requirement language`, `write ${word} instead`)
    } else if (c === '\r') {
      fail('bad-character', i, 'a carriage return', 'use spaces or line feeds between words, not CR')
    } else {
      const code = c.codePointAt(0)!
      const shown = code < 32 || code === 127 ? `a control character (0x${code.toString(16)})` : `an unexpected "${c}"`
      fail('bad-character', i, shown, 'remove it, or put the value that holds it in double quotes')
    }
  }
  tokens.push({type: 'end', text: '', at: text.length, end: text.length})
  return tokens
}

/** A quoted string; the grammar escapes only `\"`, and `\\` is taken too because Apple's own printer writes it. */
function readString(text: string, start: number, done: (value: string, end: number) => void): void {
  let value = ''
  let j = start + 1
  for (;;) {
    const quote = text.indexOf('"', j)
    const slash = text.indexOf('\\', j)
    if (quote < 0) fail('unterminated-string', start, 'a quoted string is not closed', 'add the closing double quote')
    if (slash < 0 || quote < slash) {
      value += text.slice(j, quote)
      return done(value, quote + 1)
    }
    value += text.slice(j, slash)
    const escaped = text[slash + 1]
    if (escaped !== '"' && escaped !== '\\')
      fail(
        'bad-escape',
        slash,
        `the escape \\${escaped ?? ''} is not part of the language`,
        'only \\" and \\\\ can be escaped inside quotes',
      )
    value += escaped
    j = slash + 2
  }
}
