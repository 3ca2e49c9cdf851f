import {describe, expect, it} from 'vitest'
import {escapeJsonUnsafe, jsonSafe} from '../../src/util/safe-text.js'

describe('jsonSafe', () => {
  it('writes what a terminal would obey as \\u escapes, lone surrogates included', () => {
    const text = jsonSafe({a: 'x\u202ey\u0085z', b: 'lone \ud800 and \udc00', c: '😀'})
    expect(text).toBe('{"a":"x\\u202ey\\u0085z","b":"lone \\ud800 and \\udc00","c":"😀"}')
    expect(JSON.parse(text)).toEqual({a: 'x\u202ey\u0085z', b: 'lone \ud800 and \udc00', c: '😀'})
  })

  it('writes integers beyond 2^53 exactly, and the same text as JSON.stringify otherwise', () => {
    expect(jsonSafe({big: 2n ** 63n - 1n, small: -(2n ** 60n), n: 1, list: [3n]}, 2)).toBe(
      '{\n  "big": 9223372036854775807,\n  "small": -1152921504606846976,\n  "n": 1,\n  "list": [\n    3\n  ]\n}',
    )
    const plain = {path: 'p', findings: [{rule: 'PPPC001', line: 3}], nested: {a: [true, null, 'x']}}
    expect(jsonSafe(plain, 2)).toBe(JSON.stringify(plain, undefined, 2))
    expect(jsonSafe(undefined)).toBe('null')
  })

  it('still refuses a value that contains itself', () => {
    const loop: {self?: unknown} = {}
    loop.self = loop
    expect(() => jsonSafe(loop)).toThrow(TypeError)
  })

  it('leaves ASCII other than DEL as it is, which a writer may rely on to skip it (Spool.writeAsciiOr)', () => {
    const ascii = Array.from({length: 0x7f}, (_, c) => String.fromCharCode(c)).join('')
    expect(escapeJsonUnsafe(ascii)).toBe(ascii)
    expect(escapeJsonUnsafe('a\u007fb')).toBe('a\\u007fb')
  })
})
