import {describe, expect, test} from 'vitest'
import {
  decodeRequirementBlob,
  decodeRequirementSet,
  encodeRequirement,
  evaluateRequirement,
  formatRequirement,
  MAX_DEPTH,
  MAX_TEXT_LENGTH,
  parseRequirement,
  type Requirement,
  sameRequirement,
} from '../../src/requirements/index.js'
import {prng as seeded} from '../helpers/garbage.js'
import {developerId} from './facts.js'

const TELEGRAM = Buffer.from(
  'FADE0C00000000CC000000010000000600000007000000060000000F0000000E000000000000000A2A864886F763640601090000000000000000000600000006000000060000000F0000000E000000010000000A2A864886F763640602060000000000000000000E000000000000000A2A864886F7636406010D0000000000000000000B000000000000000A7375626A6563742E4F550000000000010000000A364E33385657533542580000000000020000001572752E6B656570636F6465722E54656C656772616D000000',
  'hex',
)

function words(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length)
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i))
  return b
}

/** A requirement blob around an expression, with the header's length right. */
function blobOf(expression: Buffer): Buffer {
  return Buffer.concat([words(0xfade0c00, 12 + expression.length, 1), expression])
}

function repeat(times: number, ...values: number[]): Buffer {
  return words(...Array.from({length: times}, () => values).flat())
}

/** Whatever a decoded tree is, printing, re-encoding and evaluating it must work and agree. */
function checkDecoded(requirement: Requirement): void {
  const text = formatRequirement(requirement)
  expect(typeof text).toBe('string')
  const again = decodeRequirementBlob(encodeRequirement(requirement))
  expect(again).toEqual({ok: true, requirement})
  expect(['satisfied', 'not-satisfied', 'unknown']).toContain(
    evaluateRequirement(requirement, developerId('com.example.app', 'ABCDE12345')).result,
  )
}

describe('hostile text gives a problem, not a crash', () => {
  test('5,000 nested parentheses', () => {
    const text = `${'('.repeat(5000)}always${')'.repeat(5000)}`
    const result = parseRequirement(text)
    expect(result.ok || result.problem).toMatchObject({kind: 'too-deep', offset: MAX_DEPTH})
  })

  test('5,000 negations', () => {
    const result = parseRequirement(`${'! '.repeat(5000)}anchor apple`)
    expect(result.ok || result.problem.kind).toBe('too-deep')
  })

  test('nesting just inside the limit is read, compiled and decoded', () => {
    const text = `${'! '.repeat(MAX_DEPTH - 2)}anchor apple`
    const result = parseRequirement(text)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(formatRequirement(result.requirement)).toBe(text.trim())
    expect(decodeRequirementBlob(encodeRequirement(result.requirement))).toEqual(result)
  })

  test('a 1 MB string', () => {
    const result = parseRequirement(`identifier "${'a'.repeat(1 << 20)}"`)
    expect(result.ok || result.problem).toMatchObject({kind: 'too-long', offset: MAX_TEXT_LENGTH})
    expect(parseRequirement('('.repeat(1 << 20)).ok).toBe(false)
  })

  test('the longest text accepted compiles to a blob the decoder accepts', () => {
    const text = 'always or '.repeat(MAX_TEXT_LENGTH / 10 - 1) + 'never'
    const result = parseRequirement(text)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const decoded = decodeRequirementBlob(encodeRequirement(result.requirement))
    expect(decoded).toEqual(result)
  })

  test('3,000 seeded strings of the language’s own tokens', () => {
    const tokens = [
      'identifier',
      '"com.example.app"',
      'com.example',
      'and',
      'or',
      '!',
      '(',
      ')',
      'anchor',
      'apple',
      'generic',
      'trusted',
      'certificate',
      'leaf',
      'root',
      '1',
      '-',
      '[',
      ']',
      'subject.OU',
      'field.1.2.840.113635.100.6.2.6',
      '=',
      '~',
      '>=',
      '*',
      'exists',
      'absent',
      'ABCDE12345',
      'info',
      'entitlement',
      '"key"',
      'H"7b976483773b9869fac877afe7d833670ea73d5b"',
      'cdhash',
      'platform',
      'notarized',
      'legacy',
      'always',
      'never',
      '0x41',
      'timestamp',
      '"20300101000000Z"',
      ';',
      '/*',
      '*/',
      '"',
      'designated',
      '=>',
    ]
    const random = seeded(20240131)
    let accepted = 0
    for (let n = 0; n < 3000; n++) {
      const length = 1 + Math.floor(random() * 14)
      const text = Array.from({length}, () => tokens[Math.floor(random() * tokens.length)]).join(' ')
      const result = parseRequirement(text)
      if (!result.ok) {
        expect(result.problem.offset).toBeGreaterThanOrEqual(0)
        expect(result.problem.offset).toBeLessThanOrEqual(text.length)
        expect(result.problem.message).not.toBe('')
        continue
      }
      accepted++
      const reread = parseRequirement(formatRequirement(result.requirement))
      expect(reread.ok && sameRequirement(reread.requirement, result.requirement), text).toBe(true)
      checkDecoded(result.requirement)
    }
    expect(accepted).toBeGreaterThan(20)
  })
})

describe('hostile blobs give a problem, not a crash or a hang', () => {
  test('every truncation of a real blob', () => {
    for (let length = 0; length < TELEGRAM.length; length++) {
      const result = decodeRequirementBlob(TELEGRAM.subarray(0, length))
      expect(result.ok).toBe(false)
    }
  })

  test('a header length past the end of the buffer', () => {
    const blob = Buffer.from(TELEGRAM)
    blob.writeUInt32BE(0xffffffff, 4)
    expect(decodeRequirementBlob(blob)).toMatchObject({ok: false, problem: {kind: 'bad-length', offset: 4}})
  })

  test('a value length past the end of the blob', () => {
    const blob = blobOf(words(2, 0xfffffff0, 0x41414141))
    expect(decodeRequirementBlob(blob)).toMatchObject({ok: false, problem: {kind: 'bad-length', offset: 16}})
  })

  test('10,000 nested negations', () => {
    const blob = blobOf(Buffer.concat([repeat(10_000, 9), words(1)]))
    expect(decodeRequirementBlob(blob)).toMatchObject({ok: false, problem: {kind: 'too-deep'}})
  })

  test('5,000 right-nested ands', () => {
    const blob = blobOf(Buffer.concat([repeat(5000, 6, 1), words(1)]))
    expect(decodeRequirementBlob(blob)).toMatchObject({ok: false, problem: {kind: 'too-deep'}})
  })

  test('a left-nested chain of 5,000 ands, as the compiler builds them, is read without recursion', () => {
    const blob = blobOf(Buffer.concat([repeat(5000, 6), repeat(5001, 1)]))
    const result = decodeRequirementBlob(blob)
    expect(result.ok && result.requirement.kind === 'and' && result.requirement.operands.length).toBe(5001)
  })

  test('more operations than any requirement has', () => {
    const blob = blobOf(Buffer.concat([repeat(30_000, 6), repeat(30_001, 1)]))
    expect(decodeRequirementBlob(blob)).toMatchObject({ok: false, problem: {kind: 'too-many-operations'}})
  })

  test('an unknown opcode without the pass-over flags, and a lightweight requirement', () => {
    expect(decodeRequirementBlob(blobOf(words(99)))).toMatchObject({ok: false, problem: {kind: 'unknown-opcode'}})
    const lwcr = Buffer.concat([words(0xfade0c00, 16, 2), Buffer.from([0x30, 0, 0, 0])])
    expect(decodeRequirementBlob(lwcr)).toMatchObject({ok: false, problem: {kind: 'unsupported-kind'}})
  })

  test('an unknown opcode flagged as safe to pass over is kept and counts as its flag says', () => {
    const skip = decodeRequirementBlob(blobOf(Buffer.concat([words(0x40000063, 2), Buffer.from([1, 2]), words(1)])))
    expect(skip).toMatchObject({
      ok: true,
      requirement: {kind: 'unknown-op', opcode: 99, skip: true, next: {kind: 'always'}},
    })
    if (skip.ok) checkDecoded(skip.requirement)
    const asFalse = decodeRequirementBlob(blobOf(words(0x80000063, 0)))
    expect(asFalse.ok && evaluateRequirement(asFalse.requirement, developerId('x', 'ABCDE12345')).result).toBe(
      'not-satisfied',
    )
  })

  test('3,000 seeded random and mutated blobs', () => {
    const random = seeded(7)
    const byte = (): number => Math.floor(random() * 256)
    let decoded = 0
    for (let n = 0; n < 3000; n++) {
      let blob: Buffer
      const shape = n % 3
      if (shape === 0) {
        blob = Buffer.from(Array.from({length: Math.floor(random() * 200)}, byte))
      } else if (shape === 1) {
        // A valid header over small random words, so the decoder gets past the header.
        const body = words(...Array.from({length: 1 + Math.floor(random() * 40)}, () => Math.floor(random() * 30)))
        blob = blobOf(body)
      } else {
        blob = Buffer.from(TELEGRAM)
        for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--)
          blob[Math.floor(random() * blob.length)] = byte()
      }
      const result = decodeRequirementBlob(blob)
      expect(typeof result.ok).toBe('boolean')
      const set = decodeRequirementSet(blob)
      expect(typeof set.ok).toBe('boolean')
      if (!result.ok) {
        expect(result.problem.offset).toBeGreaterThanOrEqual(0)
        continue
      }
      decoded++
      checkDecoded(result.requirement)
    }
    expect(decoded).toBeGreaterThan(50)
  })
})
