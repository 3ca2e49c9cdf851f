/**
 * A reader for Apple's code requirement language (the text `codesign -dr -` prints after "designated =>"), enough to
 * tell a well-formed requirement from one with stray text, unbalanced quotes or brackets, and to say what it pins.
 * Grammar after Apple's "Code Signing Requirement Language": expressions of and/or/! over identifier, anchor,
 * certificate, info, entitlement, cdhash, platform, notarized, legacy, always and never.
 */

export interface RequirementFacts {
  identifier?: string
  teamId?: string
  /** anchor apple (Apple's own code), anchor apple generic (any Apple-issued certificate), or a certificate hash. */
  anchors: string[]
  pinsCertificate: boolean
  pinsCdHash: boolean
}

export type LintResult = {ok: true; facts: RequirementFacts} | {ok: false; problem: string; column: number}

import {LIMITS} from './limits.js'

const WORD = /[A-Za-z0-9_.\-*$/:@+,]+/y

type Token = {kind: 'word' | 'string' | 'hash' | 'punct' | 'op' | 'end'; text: string; at: number}

class RequirementError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message)
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    const code = text.charCodeAt(i)
    if (c === ' ' || c === '\t') {
      i++
    } else if (code < 32 || code === 127) {
      throw new RequirementError(
        code === 10 || code === 13
          ? 'a line break inside the requirement'
          : `a control character (0x${code.toString(16)})`,
        i,
      )
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2)
      if (end < 0) throw new RequirementError('a /* comment is not closed', i)
      i = end + 2
    } else if (c === '"') {
      let j = i + 1
      let value = ''
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++
        value += text[j] ?? ''
        j++
      }
      if (j >= text.length) throw new RequirementError('a quote is not closed', i)
      tokens.push({kind: 'string', text: value, at: i})
      i = j + 1
    } else if ((c === 'H' || c === 'h') && text[i + 1] === '"') {
      const end = text.indexOf('"', i + 2)
      if (end < 0) throw new RequirementError('a quote is not closed', i + 1)
      const hex = text.slice(i + 2, end)
      if (!/^[0-9a-fA-F]+$/.test(hex))
        throw new RequirementError('a H"..." hash holds something other than hex digits', i)
      tokens.push({kind: 'hash', text: hex, at: i})
      i = end + 1
    } else if ('()[]'.includes(c)) {
      tokens.push({kind: 'punct', text: c, at: i})
      i++
    } else if ('=<>~!'.includes(c)) {
      const two = text.slice(i, i + 2)
      const op = two === '<=' || two === '>=' ? two : c
      tokens.push({kind: 'op', text: op, at: i})
      i += op.length
    } else {
      WORD.lastIndex = i
      const m = WORD.exec(text)
      if (!m) throw new RequirementError(`an unexpected character "${c}"`, i)
      tokens.push({kind: 'word', text: m[0], at: i})
      i += m[0].length
    }
  }
  tokens.push({kind: 'end', text: '', at: text.length})
  return tokens
}

class Parser {
  private p = 0
  readonly facts: RequirementFacts = {anchors: [], pinsCertificate: false, pinsCdHash: false}
  private lastField = ''
  private depth = 0

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.p]!
  }

  private next(): Token {
    return this.tokens[this.p++]!
  }

  private isWord(text: string): boolean {
    const t = this.peek()
    return t.kind === 'word' && t.text === text
  }

  private expect(kind: Token['kind'], text?: string): Token {
    const t = this.next()
    if (t.kind !== kind || (text !== undefined && t.text !== text))
      throw new RequirementError(
        `expected ${text ?? kind}${t.kind === 'end' ? ' at the end' : `, found "${t.text}"`}`,
        t.at,
      )
    return t
  }

  parse(): void {
    this.expr()
    const t = this.peek()
    if (t.kind !== 'end')
      throw new RequirementError(`stray text "${t.text.slice(0, 30)}" after a complete requirement`, t.at)
  }

  private expr(): void {
    this.term()
    while (this.isWord('and') || this.isWord('or')) {
      this.next()
      this.term()
    }
  }

  private term(): void {
    const t = this.peek()
    if ((t.kind === 'op' && t.text === '!') || (t.kind === 'punct' && t.text === '(')) {
      // Each "(" and "!" is a level of recursion: a limit, so that a hostile requirement is a finding, not a crash.
      if (++this.depth > LIMITS.maxRequirementDepth)
        throw new RequirementError(
          `exceeds pppc's limits: parentheses and negations nested deeper than ${LIMITS.maxRequirementDepth} levels`,
          t.at,
        )
      this.next()
      if (t.text === '!') this.term()
      else {
        this.expr()
        this.expect('punct', ')')
      }
      this.depth--
      return
    }
    if (t.kind !== 'word')
      throw new RequirementError(
        t.kind === 'end'
          ? 'the requirement ends where a condition should follow'
          : `expected a condition, found "${t.text}"`,
        t.at,
      )
    this.next()
    switch (t.text) {
      case 'always':
      case 'never':
      case 'true':
      case 'false':
      case 'notarized':
      case 'legacy':
        return
      case 'identifier': {
        if (this.peek().kind === 'op' && this.peek().text === '=') this.next()
        this.facts.identifier = this.value('identifier').text
        return
      }
      case 'anchor':
        return this.anchor()
      case 'certificate':
      case 'cert':
        return this.certificate()
      case 'info':
      case 'entitlement':
        this.bracketKey()
        return this.match()
      case 'cdhash':
        this.facts.pinsCdHash = true
        this.value('cdhash')
        return
      case 'platform':
        this.expect('op', '=')
        this.value('platform')
        return
      case 'designated':
        throw new RequirementError(
          'the "designated =>" prefix of codesign\'s output is not part of the requirement',
          t.at,
        )
      default:
        throw new RequirementError(`"${t.text.slice(0, 30)}" is not a requirement keyword`, t.at)
    }
  }

  private value(what: string): Token {
    const t = this.next()
    if (t.kind === 'string' || t.kind === 'word' || t.kind === 'hash') return t
    throw new RequirementError(`expected a value after ${what}${t.kind === 'end' ? '' : `, found "${t.text}"`}`, t.at)
  }

  private anchor(): void {
    if (this.isWord('apple')) {
      this.next()
      if (this.isWord('generic')) {
        this.next()
        this.facts.anchors.push('apple generic')
      } else this.facts.anchors.push('apple')
      return
    }
    if (this.isWord('trusted')) {
      this.next()
      this.facts.anchors.push('trusted')
      return
    }
    if (this.peek().kind === 'op' && this.peek().text === '=') this.next()
    this.value('anchor')
    this.facts.anchors.push('hash')
    this.facts.pinsCertificate = true
  }

  private certificate(): void {
    const position = this.next()
    if (position.kind !== 'word' || !/^(root|leaf|anchor|-?\d+)$/.test(position.text))
      throw new RequirementError(
        `expected a certificate position (leaf, root, anchor or a number)${position.kind === 'end' ? '' : `, found "${position.text}"`}`,
        position.at,
      )
    if (this.isWord('trusted')) {
      this.next()
      return
    }
    const t = this.peek()
    if (t.kind === 'op' && t.text === '=') {
      this.next()
      this.value('certificate')
      this.facts.pinsCertificate = true
      return
    }
    this.bracketKey()
    this.match()
  }

  private bracketKey(): void {
    this.expect('punct', '[')
    const key = this.next()
    if (key.kind !== 'word' && key.kind !== 'string')
      throw new RequirementError('expected a field name inside [ ]', key.at)
    this.lastField = key.text
    this.expect('punct', ']')
  }

  private match(): void {
    const t = this.peek()
    if (t.kind === 'word' && (t.text === 'exists' || t.text === 'absent')) {
      this.next()
      return
    }
    if (t.kind === 'op' && ['=', '<', '>', '<=', '>=', '~'].includes(t.text)) {
      this.next()
      const value = this.value('the comparison')
      if (this.lastField === 'subject.OU' && t.text === '=') this.facts.teamId = value.text
      return
    }
    // A bare [field] tests that the field exists: codesign prints it as `[field] /* exists */`.
  }
}

/** Profiles repeat one requirement per service of an app: remember recent answers (results are never mutated). */
const recent = new Map<string, LintResult>()
const RECENT_LIMIT = 512

/** Checks a requirement and, when it is well-formed, says what it pins. */
export function lintRequirement(text: string): LintResult {
  let result = recent.get(text)
  if (!result) {
    result = lint(text)
    if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!)
    recent.set(text, result)
  }
  return result
}

function lint(text: string): LintResult {
  try {
    if (text.trim() === '') return {ok: false, problem: 'the requirement is empty', column: 1}
    if (text.length > LIMITS.maxRequirementLength)
      return {
        ok: false,
        problem: `exceeds pppc's limits: ${text.length} characters, more than ${LIMITS.maxRequirementLength}`,
        column: LIMITS.maxRequirementLength + 1,
      }
    const parser = new Parser(tokenize(text))
    parser.parse()
    return {ok: true, facts: parser.facts}
  } catch (error) {
    if (error instanceof RequirementError) return {ok: false, problem: error.message, column: error.at + 1}
    throw error
  }
}
