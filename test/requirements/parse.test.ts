import {describe, expect, test} from 'vitest'
import {isPppcError} from '../../src/errors.js'
import {
  parseRequirement,
  type Requirement,
  requirementError,
  type RequirementProblemKind,
} from '../../src/requirements/index.js'

function tree(text: string): Requirement {
  const result = parseRequirement(text)
  if (!result.ok) throw new Error(result.problem.message)
  return result.requirement
}

const id = (value: string): Requirement => ({kind: 'identifier', value})

describe('precedence: ! binds tighter than and, and tighter than or', () => {
  test('a or b and c is a or (b and c)', () => {
    expect(tree('identifier a or identifier b and identifier c')).toEqual({
      kind: 'or',
      operands: [id('a'), {kind: 'and', operands: [id('b'), id('c')]}],
    })
  })

  test('a and b or c is (a and b) or c', () => {
    expect(tree('identifier a and identifier b or identifier c')).toEqual({
      kind: 'or',
      operands: [{kind: 'and', operands: [id('a'), id('b')]}, id('c')],
    })
  })

  test('! a and b negates a only', () => {
    expect(tree('! identifier a and identifier b')).toEqual({
      kind: 'and',
      operands: [{kind: 'not', operand: id('a')}, id('b')],
    })
  })

  test('parentheses override', () => {
    expect(tree('! (identifier a or identifier b) and identifier c')).toEqual({
      kind: 'and',
      operands: [{kind: 'not', operand: {kind: 'or', operands: [id('a'), id('b')]}}, id('c')],
    })
  })

  test('a chain of and is one node', () => {
    expect(tree('identifier a and identifier b and identifier c and identifier d')).toEqual({
      kind: 'and',
      operands: [id('a'), id('b'), id('c'), id('d')],
    })
  })
})

interface Bad {
  text: string
  kind: RequirementProblemKind
  offset: number
  message: RegExp
  hint: RegExp
}

const bad: Bad[] = [
  {
    text: 'designated => identifier "com.bomgar.bomgar-scc" and anchor apple generic',
    kind: 'designated-prefix',
    offset: 0,
    message: /"designated =>" is codesign's label/,
    hint: /remove "designated => "/,
  },
  {
    // The label is what to fix first, even when the rest would not read either.
    text: '  designated => identifier com.bomgar.bomgar-scc and anchor apple generic',
    kind: 'designated-prefix',
    offset: 2,
    message: /"designated =>"/,
    hint: /keep the text after it/,
  },
  {
    text: 'identifier "com.bomgar.bomgar-scc and anchor apple generic',
    kind: 'unterminated-string',
    offset: 11,
    message: /quoted string is not closed/,
    hint: /closing double quote/,
  },
  {
    text: 'identifer "com.example.app"',
    kind: 'unknown-word',
    offset: 0,
    message: /"identifer" is not a word/,
    hint: /did you mean identifier\?/,
  },
  {
    text: 'anchor apple generic and certificate leaf[subject.OU] = B65TM49E2',
    kind: 'bad-team-id',
    offset: 56,
    message: /Team ID "B65TM49E2" .* is 9 characters long/,
    hint: /10 upper-case letters and digits/,
  },
  {
    text: 'certificate leaf[subject.OU] = "b65tm49e24"',
    kind: 'bad-team-id',
    offset: 31,
    message: /holds characters other than upper-case letters and digits/,
    hint: /TeamIdentifier=/,
  },
  {
    text: 'not identifier "com.example.app"',
    kind: 'foreign-operator',
    offset: 0,
    message: /"not" is not a word/,
    hint: /write ! for negation/,
  },
  {
    text: 'identifier "a.b" && anchor apple',
    kind: 'foreign-operator',
    offset: 17,
    message: /"&" is not an operator/,
    hint: /write and instead/,
  },
  {
    text: 'identifier "a.b" || anchor apple',
    kind: 'foreign-operator',
    offset: 17,
    message: /"\|"/,
    hint: /write or instead/,
  },
  {
    text: 'identifier com.bomgar.bomgar-scc and anchor apple generic',
    kind: 'unquoted-value',
    offset: 11,
    message: /unquoted value com\.bomgar\.bomgar-scc holds characters other than letters, digits and dots/,
    hint: /"com\.bomgar\.bomgar-scc"/,
  },
  {
    text: 'anchor apple generic and certificate leaf[subject.OU] = 2BUA8C4S2C',
    kind: 'unquoted-value',
    offset: 56,
    message: /2BUA8C4S2C starts with a digit/,
    hint: /"2BUA8C4S2C"/,
  },
  {
    text: 'info[CFBundleShortVersionString] >= 1.0',
    kind: 'unquoted-value',
    offset: 36,
    message: /1\.0 starts with a digit/,
    hint: /"1\.0"/,
  },
  {
    text: 'entitlement[com.apple.security.app-sandbox] exists',
    kind: 'unquoted-value',
    offset: 12,
    message: /com\.apple\.security\.app-sandbox/,
    hint: /double quotes/,
  },
  {
    text: 'info[CFBundleName] = anchor',
    kind: 'unquoted-value',
    offset: 21,
    message: /anchor is a word of the language/,
    hint: /"anchor"/,
  },
  {text: '(identifier "a.b"', kind: 'unexpected-end', offset: 17, message: /ends where/, hint: /complete/},
  {
    text: 'identifier "a.b")',
    kind: 'unexpected-token',
    offset: 16,
    message: /"\)" follows a complete requirement/,
    hint: /and \/ or/,
  },
  {
    text: 'identifier "a.b" anchor apple',
    kind: 'unexpected-token',
    offset: 17,
    message: /"anchor" follows a complete requirement/,
    hint: /join conditions with and \/ or/,
  },
  {text: 'cdhash H"abc"', kind: 'bad-hash', offset: 7, message: /3 hex digits; a SHA-1 has 40/, hint: /CDHash/},
  {text: 'cdhash H"xyz"', kind: 'bad-hash', offset: 7, message: /other than hex digits/, hint: /40 hex digits/},
  {text: 'info[x] = 0xabc', kind: 'bad-hex', offset: 10, message: /odd number of digits/, hint: /two hex digits/},
  {
    text: 'certificate leaf[issuer.CN] = x',
    kind: 'unknown-certificate-field',
    offset: 16,
    message: /\[issuer\.CN\] is not a certificate field/,
    hint: /subject\.OU/,
  },
  {
    text: 'certificate leaf["field.1.2.x"] exists',
    kind: 'bad-oid',
    offset: 16,
    message: /1\.2\.x is not an object identifier/,
    hint: /dotted numbers/,
  },
  {
    text: 'certificate anchor[subject.CN] = x',
    kind: 'bad-slot',
    offset: 12,
    message: /"certificate anchor" is not a certificate position/,
    hint: /anchor\[…\] or certificate root\[…\]/,
  },
  {text: 'certificate middle[subject.CN] = x', kind: 'bad-slot', offset: 12, message: /position/, hint: /leaf, root/},
  {
    text: 'info[CFBundleName] "Example"',
    kind: 'unexpected-token',
    offset: 19,
    message: /"Example" has no comparison before it/,
    hint: /write =/,
  },
  {text: '', kind: 'empty', offset: 0, message: /empty/, hint: /designated => /},
  {text: '  /* nothing */  ', kind: 'empty', offset: 0, message: /empty/, hint: /codesign -dr -/},
  {
    text: 'certificate root = /System/Library/Cert',
    kind: 'certificate-path',
    offset: 19,
    message: /file path/,
    hint: /SHA-1 as H"…"/,
  },
  {
    text: 'identifier "a.b"\r\nand anchor apple',
    kind: 'bad-character',
    offset: 16,
    message: /carriage return/,
    hint: /line feeds/,
  },
  {
    text: 'identifier "a.b" and anchor apple /* note',
    kind: 'unterminated-comment',
    offset: 34,
    message: /not closed/,
    hint: /\*\//,
  },
  {text: 'identifier "a\\tb"', kind: 'bad-escape', offset: 13, message: /\\t/, hint: /only \\" and \\\\/},
  {
    text: 'platform = 99999999999',
    kind: 'bad-integer',
    offset: 11,
    message: /too large/,
    hint: /2147483648/,
  },
  {
    text: 'certificate leaf[timestamp.1.2.3] < timestamp "yesterday"',
    kind: 'bad-timestamp',
    offset: 46,
    message: /"yesterday" is not a time/,
    hint: /YYYYMMDDHHMMSSZ/,
  },
  {text: 'identifier "a" and anchor apple §', kind: 'bad-character', offset: 32, message: /"§"/, hint: /quotes/},
]

describe('problems say where, what is wrong and what to do, on one line', () => {
  test.each(bad)('$kind: $text', ({text, kind, offset, message, hint}) => {
    const result = parseRequirement(text)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problem).toMatchObject({kind, offset})
    expect(result.problem.message).toMatch(message)
    expect(result.problem.hint).toMatch(hint)
    expect(`${result.problem.message} ${result.problem.hint}`).not.toMatch(/\n/)
  })

  test('the Team ID check can be turned off for requirements that are not Apple-issued', () => {
    const result = parseRequirement('certificate leaf[subject.OU] = "Internal Tools"', {checkTeamIds: false})
    expect(result.ok).toBe(true)
  })

  test('an OU test on another certificate is not a Team ID', () => {
    expect(parseRequirement('certificate root[subject.OU] = "Apple Certification Authority"').ok).toBe(true)
  })

  test('a problem becomes the core error: message, hint, exit code 2', () => {
    const result = parseRequirement('designated => identifier "a.b"')
    if (result.ok) throw new Error('expected a problem')
    const error = requirementError(result.problem, 'CodeRequirement of com.example.app')
    expect(isPppcError(error)).toBe(true)
    expect(error.exitCode).toBe(2)
    expect(error.oneLine()).toBe(
      `CodeRequirement of com.example.app: "designated =>" is codesign's label, not part of the requirement (at 0); remove "designated => " and keep the text after it`,
    )
  })
})
