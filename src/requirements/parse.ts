import {bytesOfHex, dataFromBytes} from './data.js'
import {type Token, tokenize} from './lexer.js'
import {oidToBytes} from './oid.js'
import {fail, ProblemSignal, type RequirementProblem} from './problem.js'
import {timestampToSeconds} from './timestamp.js'
import {
  CERTIFICATE_KEY_PREFIXES,
  type CertificateSlot,
  KEYWORDS,
  LEAF_SLOT,
  type Match,
  MAX_DEPTH,
  type Requirement,
  type RequirementData,
  ROOT_SLOT,
  type StringMatchOp,
} from './tree.js'

/**
 * Requirement text to tree, after the grammar in Apple's `requirements.grammar` (Security framework,
 * OSX/libsecurity_codesigning): `or` binds loosest, then `and`, then `!`; parentheses group. Whatever Apple's
 * compiler refuses is refused here too, with the place and a hint; a few things it accepts are refused as well
 * because they cannot be right in a profile (see `ParseOptions`).
 */

export interface ParseOptions {
  /**
   * Refuse `certificate leaf[subject.OU] = X` when X is not a Team ID (10 upper-case letters and digits). Apple's
   * compiler takes any text there, but no certificate Apple issues would ever match. Default true.
   */
  checkTeamIds?: boolean
}

export type ParseResult = {ok: true; requirement: Requirement} | {ok: false; problem: RequirementProblem}

/** Real requirements are a few hundred characters; anything longer is refused before it is read. */
export const MAX_TEXT_LENGTH = 65_536

const REQUIREMENT_TYPES = new Set(['designated', 'host', 'guest', 'library', 'plugin'])
/** Words that can start a condition, for "did you mean" on a misspelt one. */
const CONDITION_WORDS = [
  'always',
  'never',
  'identifier',
  'cdhash',
  'platform',
  'notarized',
  'legacy',
  'anchor',
  'certificate',
  'cert',
  'info',
  'entitlement',
]
const COMPARISONS: Record<string, StringMatchOp> = {
  '~': 'contains',
  '<': 'less',
  '>': 'greater',
  '<=': 'less-equal',
  '>=': 'greater-equal',
}
const DATE_COMPARISONS = {
  '=': 'on',
  '==': 'on',
  '<': 'before',
  '>': 'after',
  '<=': 'on-or-before',
  '>=': 'on-or-after',
} as const
const TEAM_ID = /^[A-Z0-9]{10}$/
/** `designated => ` as `codesign -dr -` prints it before the requirement. */
const LABEL = /^(\s*)(designated|host|guest|library|plugin)\s*=>/
const INT32_MAX = 2 ** 31 - 1

export function parseRequirement(text: string, options: ParseOptions = {}): ParseResult {
  if (text.length > MAX_TEXT_LENGTH)
    return problem(
      'too-long',
      MAX_TEXT_LENGTH,
      `the requirement is ${text.length} characters long, more than the ${MAX_TEXT_LENGTH} allowed`,
      'a designated requirement is a few hundred characters: copy it again from codesign -dr -',
    )
  // Before the lexer, so that the label is reported even when what follows it has its own problems.
  const label = LABEL.exec(text)
  if (label)
    return problem(
      'designated-prefix',
      label[1]!.length,
      `"${label[2]} =>" is codesign's label, not part of the requirement`,
      `remove "${label[2]} => " and keep the text after it`,
    )
  try {
    const tokens = tokenize(text)
    if (tokens.length === 1)
      return problem('empty', 0, 'the requirement is empty', 'copy the text after "designated => " from codesign -dr -')
    return {ok: true, requirement: new Parser(tokens, options.checkTeamIds ?? true).requirement()}
  } catch (error) {
    if (error instanceof ProblemSignal) return {ok: false, problem: error.problem}
    throw error
  }
}

function problem(kind: RequirementProblem['kind'], offset: number, message: string, hint: string): ParseResult {
  return {ok: false, problem: {kind, offset, message, hint}}
}

class Parser {
  private p = 0

  constructor(
    private readonly tokens: Token[],
    private readonly checkTeamIds: boolean,
  ) {}

  requirement(): Requirement {
    const tree = this.expr(0)
    while (this.isPunct(';')) this.p++
    const t = this.peek()
    if (t.type !== 'end') {
      if (this.isPunct('=>')) this.designatedPrefix(t)
      fail(
        'unexpected-token',
        t.at,
        `${describe(t)} follows a complete requirement`,
        'join conditions with and / or, or remove the extra text',
      )
    }
    return tree
  }

  // Tokens

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.p + ahead, this.tokens.length - 1)]!
  }

  private next(): Token {
    const t = this.peek()
    if (t.type !== 'end') this.p++
    return t
  }

  private isPunct(text: string, ahead = 0): boolean {
    const t = this.peek(ahead)
    return t.type === 'punct' && t.text === text
  }

  private isWord(text: string, ahead = 0): boolean {
    const t = this.peek(ahead)
    return t.type === 'word' && t.text === text
  }

  private expectPunct(text: string, what: string): Token {
    const t = this.next()
    if (t.type !== 'punct' || t.text !== text) this.unexpected(t, `"${text}" ${what}`)
    return t
  }

  private unexpected(t: Token, expected: string): never {
    if (t.type === 'end')
      fail('unexpected-end', t.at, `the requirement ends where ${expected} should follow`, 'complete the condition')
    fail(
      'unexpected-token',
      t.at,
      `expected ${expected}, found ${describe(t)}`,
      'check the syntax against codesign -dr -',
    )
  }

  /** `=` and `==` are optional before some values (`identifier = "x"`). */
  private optionalEquals(): void {
    if (this.isPunct('=') || this.isPunct('==')) this.p++
  }

  // Grammar

  private expr(depth: number): Requirement {
    const operands = [this.term(depth)]
    while (this.isWord('or')) {
      this.p++
      operands.push(this.term(depth))
    }
    return operands.length === 1 ? operands[0]! : {kind: 'or', operands}
  }

  private term(depth: number): Requirement {
    const operands = [this.primary(depth)]
    while (this.isWord('and')) {
      this.p++
      operands.push(this.primary(depth))
    }
    return operands.length === 1 ? operands[0]! : {kind: 'and', operands}
  }

  private primary(depth: number): Requirement {
    const t = this.peek()
    if (depth >= MAX_DEPTH)
      fail(
        'too-deep',
        t.at,
        `the requirement nests more than ${MAX_DEPTH} levels of parentheses or !`,
        'a real requirement nests a few levels at most: simplify it',
      )
    if (t.type === 'punct' && t.text === '(') {
      const inner = this.peek(1)
      if ((inner.type === 'string' || (inner.type === 'word' && !KEYWORDS.has(inner.text))) && this.isPunct(')', 2)) {
        this.p += 3
        return {kind: 'named-code', name: inner.text}
      }
      this.p++
      const tree = this.expr(depth + 1)
      this.expectPunct(')', `to close the "(" at ${t.at}`)
      return tree
    }
    if (t.type === 'punct' && t.text === '!') {
      this.p++
      return {kind: 'not', operand: this.primary(depth + 1)}
    }
    if (t.type !== 'word') this.unexpected(t, 'a condition such as identifier, anchor or certificate')
    if (REQUIREMENT_TYPES.has(t.text) && this.isPunct('=>', 1)) this.designatedPrefix(t)
    if (t.text === 'not')
      fail(
        'foreign-operator',
        t.at,
        '"not" is not a word of the requirement language',
        'write ! for negation: ! identifier "…"',
      )
    this.p++
    switch (t.text) {
      case 'always':
      case 'true':
        return {kind: 'always'}
      case 'never':
      case 'false':
        return {kind: 'never'}
      case 'identifier':
        this.optionalEquals()
        return {kind: 'identifier', value: this.name('an identifier')}
      case 'cdhash':
        this.optionalEquals()
        return {kind: 'cdhash', hash: this.sha1('cdhash', 'the CDHash codesign -dvvv prints')}
      case 'platform':
        this.optionalEquals()
        return {kind: 'platform', value: this.integer('a platform number')}
      case 'notarized':
        return {kind: 'notarized'}
      case 'legacy':
        return {kind: 'legacy'}
      case 'anchor':
        return this.anchor()
      case 'certificate':
      case 'cert':
        return this.certificate()
      case 'info': {
        const key = this.bracketKey()
        return {kind: 'info', key, match: this.match()}
      }
      case 'entitlement': {
        const key = this.bracketKey()
        return {kind: 'entitlement', key, match: this.match()}
      }
      default:
        return this.unknownWord(t)
    }
  }

  private designatedPrefix(t: Token): never {
    fail(
      'designated-prefix',
      t.at,
      `"${t.text} =>" is codesign's label, not part of the requirement`,
      `remove "${t.text} => " and keep the text after it`,
    )
  }

  private unknownWord(t: Token): never {
    const near = CONDITION_WORDS.find((w) => t.text.length >= 4 && editDistance(t.text.toLowerCase(), w) <= 2)
    fail(
      'unknown-word',
      t.at,
      `"${t.text.slice(0, 40)}" is not a word of the requirement language`,
      near
        ? `did you mean ${near}?`
        : 'a condition starts with identifier, anchor, certificate, info, entitlement or cdhash',
    )
  }

  private anchor(): Requirement {
    if (this.isWord('apple')) {
      this.p++
      if (this.isWord('generic')) {
        this.p++
        return {kind: 'anchor-apple-generic'}
      }
      const t = this.peek()
      if (t.type === 'string' || (t.type === 'word' && !KEYWORDS.has(t.text))) {
        this.p++
        return {kind: 'anchor-named', name: t.text}
      }
      return {kind: 'anchor-apple'}
    }
    if (this.isWord('generic')) {
      this.p++
      const t = this.next()
      if (t.type !== 'word' || t.text !== 'apple') this.unexpected(t, '"apple" (anchor generic apple)')
      return {kind: 'anchor-apple-generic'}
    }
    if (this.isWord('trusted')) {
      this.p++
      return {kind: 'anchor-trusted'}
    }
    return this.slotCondition(ROOT_SLOT)
  }

  private certificate(): Requirement {
    if (this.isWord('trusted')) {
      this.p++
      return {kind: 'anchor-trusted'}
    }
    const slot = this.slot()
    if (this.isWord('trusted')) {
      this.p++
      return {kind: 'certificate-trusted', slot}
    }
    return this.slotCondition(slot)
  }

  private slot(): CertificateSlot {
    const t = this.next()
    if (t.type === 'word' && t.text === 'leaf') return LEAF_SLOT
    if (t.type === 'word' && t.text === 'root') return ROOT_SLOT
    if (t.type === 'integer') return this.int32(t, 'a certificate position')
    if (t.type === 'punct' && t.text === '-') {
      const n = this.next()
      if (n.type === 'integer') return -this.int32(n, 'a certificate position')
      this.unexpected(n, 'a number after "-"')
    }
    if (t.type === 'word' && t.text === 'anchor')
      fail(
        'bad-slot',
        t.at,
        '"certificate anchor" is not a certificate position',
        'write anchor[…] or certificate root[…] for the root certificate',
      )
    if (t.type === 'end') this.unexpected(t, 'a certificate position')
    fail(
      'bad-slot',
      t.at,
      `expected a certificate position, found ${describe(t)}`,
      'write leaf, root, a number counting up from the leaf (1 is its issuer) or a negative number counting down from the root',
    )
  }

  /** What follows a certificate position: `[key] match`, or `= H"sha1"`. */
  private slotCondition(slot: CertificateSlot): Requirement {
    if (this.isPunct('[')) {
      const at = this.peek().at
      const key = this.certificateKey(this.bracketKey(), at)
      const valueAt = this.peek(this.isPunct('=') || this.isPunct('==') ? 1 : 0).at
      const match = this.match()
      if (this.checkTeamIds && slot === LEAF_SLOT && key === 'subject.OU') checkTeamId(match, valueAt)
      return {kind: 'certificate-field', slot, key, match}
    }
    this.optionalEquals()
    if (this.peek().type === 'path')
      fail(
        'certificate-path',
        this.peek().at,
        'a certificate given by file path cannot be read here',
        'write the certificate\'s SHA-1 as H"…" (40 hex digits) instead',
      )
    return {kind: 'certificate-hash', slot, sha1: this.sha1('certificate hash', "the certificate's SHA-1 fingerprint")}
  }

  private certificateKey(key: string, at: number): string {
    const prefix = CERTIFICATE_KEY_PREFIXES.find((p) => key.startsWith(p))
    if (!prefix || key.length === prefix.length)
      fail(
        'unknown-certificate-field',
        at,
        `[${key.slice(0, 60)}] is not a certificate field`,
        'write [subject.OU] (or another subject field) or [field.<OID>]',
      )
    if (prefix === 'subject.') return key
    const oid = key.slice(prefix.length)
    if (!oidToBytes(oid))
      fail(
        'bad-oid',
        at,
        `${oid.slice(0, 60)} is not an object identifier`,
        'write it as dotted numbers: 1.2.840.113635.100.6.2.6',
      )
    // The compiler stores field. and extension. alike; its printer writes field.
    return prefix === 'extension.' ? `field.${oid}` : key
  }

  private bracketKey(): string {
    this.expectPunct('[', 'before the key')
    const t = this.next()
    if (t.type === 'word' && KEYWORDS.has(t.text)) this.quoteKeyword(t)
    if (t.type !== 'string' && t.type !== 'word') this.unexpected(t, 'a key inside [ ]')
    this.expectPunct(']', 'after the key')
    return t.text
  }

  private match(): Match {
    const t = this.peek()
    if (t.type === 'word' && t.text === 'exists') {
      this.p++
      return {op: 'exists'}
    }
    if (t.type === 'word' && t.text === 'absent') {
      this.p++
      return {op: 'absent'}
    }
    if (t.type !== 'punct' || !(t.text in DATE_COMPARISONS || t.text in COMPARISONS)) {
      if (
        t.type === 'string' ||
        t.type === 'hex' ||
        t.type === 'integer' ||
        (t.type === 'word' && !KEYWORDS.has(t.text))
      )
        fail(
          'unexpected-token',
          t.at,
          `${describe(t)} has no comparison before it`,
          'write = (or ~, <, >, <=, >=) before the value',
        )
      return {op: 'exists'}
    }
    this.p++
    if (this.isWord('timestamp') && t.text in DATE_COMPARISONS)
      return {op: DATE_COMPARISONS[t.text as keyof typeof DATE_COMPARISONS], time: this.timestamp()}
    if (t.text === '=' || t.text === '==') {
      const leading = this.isPunct('*')
      if (leading) this.p++
      const value = this.value()
      const trailing = this.isPunct('*')
      if (trailing) this.p++
      const op = leading ? (trailing ? 'contains' : 'ends-with') : trailing ? 'begins-with' : 'equal'
      return {op, value}
    }
    return {op: COMPARISONS[t.text]!, value: this.value()}
  }

  private timestamp(): number {
    this.p++
    const t = this.next()
    if (t.type !== 'string') this.unexpected(t, 'a quoted time after timestamp')
    const seconds = timestampToSeconds(t.text)
    if (seconds === undefined)
      fail(
        'bad-timestamp',
        t.at,
        `"${t.text.slice(0, 40)}" is not a time`,
        'write it as "YYYYMMDDHHMMSSZ", e.g. "20240131120000Z"',
      )
    return seconds
  }

  private value(): RequirementData {
    const t = this.next()
    if (t.type === 'string') return t.text
    if (t.type === 'hex') return dataFromBytes(bytesOfHex(t.text))
    if (t.type === 'word' && KEYWORDS.has(t.text)) this.quoteKeyword(t)
    if (t.type === 'word') return t.text
    if (t.type === 'integer')
      fail(
        'unquoted-value',
        t.at,
        `the number ${t.text} is not a value the language takes unquoted`,
        `quote it: "${t.text}"`,
      )
    this.unexpected(t, 'a value')
  }

  /** An identifier or a name: quoted, or a DOTKEY that is not a keyword. */
  private name(what: string): string {
    const t = this.next()
    if (t.type === 'string') return t.text
    if (t.type === 'word' && KEYWORDS.has(t.text)) this.quoteKeyword(t)
    if (t.type === 'word') return t.text
    this.unexpected(t, what)
  }

  private quoteKeyword(t: Token): never {
    fail('unquoted-value', t.at, `the value ${t.text} is a word of the language`, `quote it: "${t.text}"`)
  }

  private sha1(what: string, source: string): string {
    const t = this.next()
    if (t.type !== 'hash') this.unexpected(t, `a H"…" hash for the ${what}`)
    if (t.text.length !== 40)
      fail(
        'bad-hash',
        t.at,
        `the ${what} has ${t.text.length} hex digits; a SHA-1 has 40`,
        `copy ${source} again, whole`,
      )
    return t.text
  }

  private integer(what: string): number {
    const t = this.next()
    if (t.type !== 'integer') this.unexpected(t, what)
    return this.int32(t, what)
  }

  private int32(t: Token, what: string): number {
    const n = Number(t.text)
    if (n > INT32_MAX)
      fail('bad-integer', t.at, `${t.text.slice(0, 20)} is too large for ${what}`, 'use a number below 2147483648')
    return n
  }
}

function checkTeamId(match: Match, at: number): void {
  if (match.op !== 'equal' || typeof match.value !== 'string' || TEAM_ID.test(match.value)) return
  const value = match.value
  const why =
    value.length !== 10
      ? `is ${value.length} characters long`
      : 'holds characters other than upper-case letters and digits'
  fail(
    'bad-team-id',
    at,
    `the Team ID "${value.slice(0, 40)}" in certificate leaf[subject.OU] ${why}`,
    'a Team ID is 10 upper-case letters and digits: copy TeamIdentifier= from codesign -dv',
  )
}

function describe(t: Token): string {
  switch (t.type) {
    case 'end':
      return 'the end'
    case 'string':
      return `"${t.text.slice(0, 40)}"`
    case 'hash':
      return `H"${t.text.slice(0, 40)}"`
    case 'hex':
      return `0x${t.text.slice(0, 40)}`
    default:
      return `"${t.text.slice(0, 40)}"`
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)))
    previous = row
  }
  return previous[b.length]!
}
