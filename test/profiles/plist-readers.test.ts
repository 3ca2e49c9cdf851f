import {execa} from 'execa'
import {describe, expect, it} from 'vitest'
import {parseBinaryPlist} from '../../src/profiles/plist-binary.js'
import {cfInteger, LineIndex, parseXmlPlist} from '../../src/profiles/plist-xml.js'

const PY_WRITE = `
import plistlib, sys, datetime
value = {"s": "caf\\u00e9 & <x>", "i": -42, "big": 2**40, "r": 2.5, "t": True, "f": False,
         "d": datetime.datetime(2024, 5, 6, 7, 8, 9), "b": b"\\x00\\x01\\xff", "a": [1, "two", {"k": []}], "e": {}}
sys.stdout.buffer.write(plistlib.dumps(value, fmt=plistlib.FMT_BINARY if sys.argv[1] == "binary" else plistlib.FMT_XML))
`
const EXPECTED = {
  s: 'café & <x>',
  i: -42,
  big: 2 ** 40,
  r: 2.5,
  t: true,
  f: false,
  d: new Date('2024-05-06T07:08:09Z'),
  b: Buffer.from([0, 1, 255]),
  a: [1, 'two', {k: []}],
  e: {},
}

async function pythonPlist(format: 'xml' | 'binary'): Promise<Buffer> {
  const {stdout} = await execa('python3', ['-c', PY_WRITE, format], {encoding: 'buffer'})
  return Buffer.from(stdout)
}

describe('reading property lists written by Python plistlib', () => {
  it('XML: every type, with entities', async () => {
    expect(parseXmlPlist((await pythonPlist('xml')).toString('utf8')).value).toEqual(EXPECTED)
  })

  it('binary: every type', async () => {
    expect(parseBinaryPlist(await pythonPlist('binary'))).toEqual(EXPECTED)
  })
})

describe('the XML reader', () => {
  it('knows the line of every key', () => {
    const text =
      '<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n\t<key>A</key>\n\t<string>x</string>\n\t<key>B</key>\n\t<array>\n\t\t<true/>\n\t</array>\n</dict>\n</plist>\n'
    const {value, positions} = parseXmlPlist(text)
    const lines = new LineIndex(text)
    const root = value as {B: unknown[]}
    expect(lines.at(positions.offset(root, 'A')!).line).toBe(4)
    expect(lines.at(positions.offset(root, 'B')!).line).toBe(6)
    expect(lines.at(positions.offset(root.B, 0)!)).toEqual({line: 8, column: 3})
    expect(positions.placeOf(root.B)).toEqual({node: root, key: 'B'})
    expect(positions.placeOf(root)).toBeUndefined()
  })

  it('places keys written twice at the last one, empty containers in their parents, and keys of views', () => {
    const text =
      '<plist>\n<dict>\n<key>A</key><string>1</string>\n<key>E</key><array/>\n<key>A</key>\n<dict/>\n<key  >B</key><array >\n<dict></dict>\n</array>\n</dict>\n</plist>'
    const {value, positions} = parseXmlPlist(text)
    const lines = new LineIndex(text)
    const root = value as {A: object; B: object[]; E: unknown[]}
    expect(lines.at(positions.offset(root, 'A')!).line).toBe(5)
    expect(lines.at(positions.offset(root, 'B')!).line).toBe(7)
    expect(positions.offset(root, 'C')).toBeUndefined()
    expect(positions.offset(root, 0)).toBeUndefined()
    expect(positions.offset(root.B, 'x')).toBeUndefined()
    expect(positions.offset(root.B, 1)).toBeUndefined()
    expect(lines.at(positions.offset(root.B, 0)!).line).toBe(8)
    // <dict/> and <array/> have no entries of their own but a place in their parent.
    expect(positions.placeOf(root.A)).toEqual({node: root, key: 'A'})
    expect(positions.placeOf(root.E)).toEqual({node: root, key: 'E'})
    expect(positions.placeOf(root.B[0]!)).toEqual({node: root.B, key: 0})
    expect(positions.placeOf({})).toBeUndefined()
    // A view stands for the root under another name for A; renaming a key it lacks changes nothing.
    const view = {}
    positions.alias(view, root)
    positions.rename(view, 'A', 'Alias')
    positions.rename(view, 'missing', 'Other')
    expect(positions.offset(view, 'Alias')).toBe(positions.offset(root, 'A'))
    expect(positions.offset(view, 'B')).toBe(positions.offset(root, 'B'))
    expect(positions.offset(view, 'Other')).toBeUndefined()
    const unknown = {}
    positions.alias(unknown, {})
    expect(positions.offset(unknown, 'A')).toBeUndefined()
  })

  it('reads tags with attributes, spaces or self-closing forms as the plain ones', () => {
    const plain = parseXmlPlist(
      '<plist><dict><key>a</key><string>x</string><key>b</key><true/><key>c</key><false/><key>d</key><array><integer>1</integer></array><key>e</key><dict></dict></dict></plist>',
    ).value
    const written = parseXmlPlist(
      '<plist><dict ><key >a</key><string xml:space="preserve">x</string><key>b</key><true /><key>c</key><false></false><key>d</key><array ><integer>1</integer></array><key>e</key><dict/></dict></plist>',
    ).value
    expect(written).toEqual(plain)
    expect(parseXmlPlist('<plist><dict><key/><string/></dict></plist>').value).toEqual({'': ''})
  })

  it('reads CDATA, comments inside values, character references and a BOM', () => {
    const text =
      '\uFEFF<plist><dict><key>a</key><string>x<![CDATA[<y>&]]><!-- c -->&#233;&#x1F600;</string></dict></plist>'
    expect(parseXmlPlist(text).value).toEqual({a: 'x<y>&é😀'})
  })

  it('keeps __proto__ as a plain key', () => {
    const value = parseXmlPlist('<plist><dict><key>__proto__</key><dict><key>x</key><true/></dict></dict></plist>')
      .value as Record<string, unknown>
    expect(Object.keys(value)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
  })

  it.each([
    ['<plist><dict><key>a</key></dict></plist>', /the key "a" has no value/],
    ['<plist><dict><string>a</string></dict></plist>', /expected <key> in a <dict>, found <string>/],
    ['<plist><integer>12x</integer></plist>', /<integer> holds "12x", not a whole number/],
    ['<plist><date>yesterday</date></plist>', /not an ISO 8601 UTC date/],
    ['<plist><string>a & b</string></plist>', /a bare "&"/],
    ['<plist><foo/></plist>', /<foo> is not a property list element/],
    ['<plist><string>x</string></plist> trailing', /text after the end/],
  ])('refuses %j', (text, message) => {
    expect(() => parseXmlPlist(text)).toThrow(message)
  })
})

describe('<integer> as macOS reads it', () => {
  // Plain digits take a short path; every other form the general one. Both must agree with CFPropertyList.
  it.each([
    ['1', 1],
    ['0', 0],
    ['007', 7],
    ['123456789012345', 123456789012345],
    ['1234567890123456', 1234567890123456],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ['9007199254740993', 9007199254740993n],
    ['\n 42', 42],
    ['+5', 5],
    ['-5', -5],
    ['0x1F', 31],
    ['9223372036854775807', 9223372036854775807n],
  ])('reads %j', (raw, value) => {
    expect(cfInteger(raw)).toBe(value)
    expect(parseXmlPlist(`<plist><integer>${raw}</integer></plist>`).value).toBe(value)
  })

  it.each([
    ['', /empty/],
    ['1.5', /not a whole number/],
    ['42\n', /not a whole number/],
    ['12a', /hex digit in a decimal/],
    ['9223372036854775808', /too large/],
  ])('refuses %j', (raw, message) => {
    expect(cfInteger(raw)).toMatch(message)
  })
})

describe('the binary reader refuses what would hang or exhaust it', () => {
  /** A bplist00 with the given objects (already encoded) and 1-byte offsets and references. */
  function bplist(objects: number[][], top = 0): Buffer {
    const body: number[] = []
    const offsets: number[] = []
    for (const o of objects) {
      offsets.push(8 + body.length)
      body.push(...o)
    }
    const tableAt = 8 + body.length
    const trailer = Buffer.alloc(32)
    trailer[6] = 1
    trailer[7] = 1
    trailer.writeBigUInt64BE(BigInt(objects.length), 8)
    trailer.writeBigUInt64BE(BigInt(top), 16)
    trailer.writeBigUInt64BE(BigInt(tableAt), 24)
    return Buffer.concat([Buffer.from('bplist00'), Buffer.from(body), Buffer.from(offsets), trailer])
  }

  it('an array that contains itself', () => {
    expect(() => parseBinaryPlist(bplist([[0xa1, 0]]))).toThrow(/contains itself/)
  })

  it('shared references that expand exponentially', () => {
    // Object i is an array of 15 references to object i+1: 15^8 values from a few hundred bytes.
    const objects = Array.from({length: 8}, (_, i) => [0xaf, 0x10, 15, ...Array(15).fill(i + 1)])
    objects.push([0x09])
    expect(() => parseBinaryPlist(bplist(objects))).toThrow(/exceeds pppc's limits: more than \d+ values/)
  })

  it('a trailer claiming more objects than the file holds', () => {
    const file = bplist([[0x09]])
    file.writeBigUInt64BE(10n ** 12n, file.length - 24)
    expect(() => parseBinaryPlist(file)).toThrow(/does not fit the file/)
  })
})
