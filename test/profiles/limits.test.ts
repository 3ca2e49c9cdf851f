/**
 * The measured cases of "never crash": inputs that aborted, overflowed or misread before the readers had budgets.
 * Each must now be a finding on its file (or an exact value), and every other file of the run still gets its report.
 */
import {readFileSync} from 'node:fs'
import {mkdtemp, open, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {parseBinaryPlist} from '../../src/profiles/plist-binary.js'
import {parseXmlPlist} from '../../src/profiles/plist-xml.js'
import {validateBytes} from '../../src/profiles/validate.js'
import {buildBplist} from '../helpers/bplist-objects.js'
import {pppc, pppcInProcess} from '../helpers/cli.js'
import {FIXTURES} from '../helpers/paths.js'

const GOOD_FILE = join(FIXTURES, 'profiles', 'good', 'beyondtrust-authorization.mobileconfig')
const GOOD = readFileSync(GOOD_FILE, 'utf8')
const BOMB = join(FIXTURES, 'profiles', 'bad', 'PPPC008-shared-string-bomb.mobileconfig')

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pppc-limits-'))
})

/** The good profile with its first CodeRequirement (and Identifier) replaced. */
function withRequirement(requirement: string): string {
  return GOOD.replace(
    /<key>CodeRequirement<\/key>\s*<string>[^<]*<\/string>/,
    `<key>CodeRequirement</key><string>${requirement}</string>`,
  )
}

describe('binary plists: a budget on decoded bytes and values, checked before allocation', () => {
  it('keeps the 266 KB shared-string bomb in fixtures/ (it expanded to 6 GB and aborted the run)', () => {
    const bomb = readFileSync(BOMB)
    expect(bomb.length).toBeGreaterThan(260_000)
    expect(bomb.length).toBeLessThan(280_000)
  })

  it('refuses the shared-string bomb with a finding (PPPC008), in milliseconds', async () => {
    const started = Date.now()
    const report = await validateBytes('bomb', readFileSync(BOMB))
    expect(report.findings.map((f) => f.rule)).toEqual(['PPPC008'])
    expect(report.findings[0]!.message).toMatch(/^exceeds pppc's limits: its strings and data decode to more than/)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('refuses a 95 KB data bomb (1 GB of Buffers outside the JS heap) the same way', async () => {
    const objects = [{array: Array.from({length: 17_000}, () => 1)}, {data: Buffer.alloc(60_000, 0x41)}]
    const bytes = buildBplist(objects)
    expect(bytes.length).toBeLessThan(100_000)
    const report = await validateBytes('data-bomb', bytes)
    expect(report.findings.map((f) => f.rule)).toEqual(['PPPC008'])
  })

  it('refuses exponential shared containers by their value count', () => {
    // 40 arrays, each holding the next twice: 2^40 values from 200 bytes.
    const objects = Array.from({length: 40}, (_, i) => ({array: i === 39 ? [] : [i + 1, i + 1]}))
    expect(() => parseBinaryPlist(buildBplist(objects))).toThrow(/^exceeds pppc's limits: more than \d+ values/)
  })

  it('still reads a real file whose strings are shared by many references', () => {
    const objects = [
      {array: Array.from({length: 2_000}, () => 1)},
      {ascii: 'identifier "com.example" and anchor apple'},
    ]
    const value = parseBinaryPlist(buildBplist(objects)) as string[]
    expect(value).toHaveLength(2_000)
    expect(value[1_999]).toBe('identifier "com.example" and anchor apple')
  })

  it('keeps 64-bit integers exact (bigint beyond 2^53)', () => {
    const value = parseBinaryPlist(
      buildBplist([{array: [1, 2, 3]}, {int: 9_007_199_254_740_993n}, {int: -9_223_372_036_854_775_808n}, {int: 42n}]),
    )
    expect(value).toEqual([9_007_199_254_740_993n, -9_223_372_036_854_775_808n, 42])
  })
})

describe('code requirements: a depth and a length limit', () => {
  it('makes 5,000 nested parentheses a finding, not "Maximum call stack size exceeded"', async () => {
    const profile = withRequirement(`${'('.repeat(5_000)}anchor apple${')'.repeat(5_000)}`)
    expect(profile.length).toBeGreaterThan(12_000)
    const report = await validateBytes('deep-requirement', Buffer.from(profile))
    const finding = report.findings.find((f) => f.rule === 'PPPC044')
    expect(finding?.message).toMatch(/exceeds pppc's limits: parentheses and negations nested deeper than 64 levels/)
  })

  it('the other files of the run still get their report (CLI, exit 1 for the findings)', async () => {
    const deep = join(work, 'deep.mobileconfig')
    await writeFile(deep, withRequirement(`${'!'.repeat(5_000)}anchor apple`))
    const result = await pppcInProcess(['validate', GOOD_FILE, deep, BOMB])
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(`${GOOD_FILE}: ok`)
    expect(result.stdout).toMatch(/deep\.mobileconfig:\d+:\d+: error PPPC044 .*exceeds pppc's limits/)
    expect(result.stdout).toContain(`${BOMB}: error PPPC008 exceeds pppc's limits`)
    expect(result.stdout).toMatch(/3 files: 2 errors/)
  })
})

describe('input size: read with stat first, a generous maximum, --max-size', () => {
  it('makes a file over the maximum a finding without reading it (a 600 MB sparse file failed with a string-length error)', async () => {
    const huge = join(work, 'huge.mobileconfig')
    const handle = await open(huge, 'w')
    await handle.truncate(600 * 1024 ** 2)
    await handle.close()
    const result = await pppcInProcess(['validate', huge, GOOD_FILE, '--format', 'json'])
    expect(result.exitCode).toBe(1)
    const json = JSON.parse(result.stdout)
    // Files are reported in path order, and where the checkout lies decides which comes first.
    const byPath = (path: string) => json.files.find((f: {path: string}) => f.path === path)
    expect(byPath(huge).findings).toEqual([
      expect.objectContaining({
        rule: 'PPPC008',
        message: "exceeds pppc's limits: the file is 600 MiB, more than the 64 MiB maximum (--max-size)",
      }),
    ])
    expect(byPath(GOOD_FILE)).toMatchObject({findings: []})
  })

  it('--max-size changes the maximum, for validate and inspect', async () => {
    const validate = await pppcInProcess(['validate', GOOD_FILE, '--max-size', '1KiB'])
    expect(validate.exitCode).toBe(1)
    expect(validate.stdout).toMatch(
      /error PPPC008 exceeds pppc's limits: the file is 2\.8 KiB, more than the 1 KiB maximum/,
    )
    const inspect = await pppcInProcess(['inspect', GOOD_FILE, '--max-size', '1KiB'])
    expect(inspect.exitCode).toBe(2)
    expect(inspect.stderr).toMatch(
      /^Error: .* exceeds pppc's limits: the file is 2\.8 KiB, more than the 1 KiB maximum \(--max-size\); raise --max-size to read it\n$/,
    )
    expect((await pppcInProcess(['validate', GOOD_FILE, '--max-size', 'lots'])).stderr).toMatch(
      /--max-size lots is not a size/,
    )
  })
})

describe('150,000 grants in a 1 MB profile', () => {
  const manyGrants = () =>
    GOOD.replace(/<key>Accessibility<\/key>\s*<array>/, `<key>Accessibility</key><array>${'<dict/>'.repeat(150_000)}`)

  it('inspect prints them all (it overflowed the stack)', {timeout: 60_000}, async () => {
    const file = join(work, 'many.mobileconfig')
    await writeFile(file, manyGrants())
    // A process of its own, as when it overflowed the stack: the depth a run may use is the binary's.
    const result = await pppc(['inspect', file])
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(result.stdout.split('\n').filter((l) => l.includes('Accessibility')).length).toBeGreaterThanOrEqual(150_000)
  })

  it('validate reports them', {timeout: 60_000}, async () => {
    const report = await validateBytes('many', Buffer.from(manyGrants()))
    expect(report.findings.filter((f) => f.rule === 'PPPC040').length).toBe(150_000)
  })
})

describe('XML nesting beyond the limit is PPPC008', () => {
  it('gives the line of the level that passed it', async () => {
    const report = await validateBytes(
      'deep',
      Buffer.from(`<plist version="1.0">\n${'<array>'.repeat(300)}${'</array>'.repeat(300)}</plist>`),
    )
    expect(report.findings[0]).toMatchObject({
      rule: 'PPPC008',
      line: 2,
      message: "exceeds pppc's limits: nesting deeper than 256 levels",
    })
  })
})

describe('numbers as CoreFoundation reads them (CFPropertyList.c, parseIntegerTag)', () => {
  const integer = (text: string) => parseXmlPlist(`<plist version="1.0"><integer>${text}</integer></plist>`).value

  it('keeps integers beyond 2^53 exact', () => {
    expect(integer('9007199254740993')).toBe(9_007_199_254_740_993n)
    expect(integer('-9223372036854775808')).toBe(-9_223_372_036_854_775_808n)
    expect(integer('0x7FFFFFFFFFFFFFFF')).toBe(9_223_372_036_854_775_807n)
    expect(integer('9007199254740991')).toBe(9_007_199_254_740_991)
  })

  it('reads signs, hex and leading zeros (+0x1 was NaN)', () => {
    expect(integer('+0x1')).toBe(1)
    expect(integer('-0x10')).toBe(-16)
    expect(integer('0X1f')).toBe(31)
    expect(integer(' \n 42')).toBe(42)
    expect(integer('- 7')).toBe(-7)
    expect(integer('007')).toBe(7)
    expect(integer('0000000000000000000000001')).toBe(1)
  })

  it('refuses what CoreFoundation refuses', () => {
    for (const bad of [
      '',
      '1 ',
      '1.0',
      '1e3',
      '0x',
      '+',
      '12ab',
      '0xG',
      '9223372036854775808',
      '18446744073709551617',
      '--1',
    ])
      expect(() => integer(bad), bad).toThrow(/<integer>/)
  })

  it('PayloadVersion +0x1 is the integer 1; one beyond 64 bits is PPPC002, not a rounded number', async () => {
    const hex = await validateBytes('hex', Buffer.from(GOOD.replace('<integer>1</integer>', '<integer>+0x1</integer>')))
    expect(hex.findings).toEqual([])
    const big = await validateBytes(
      'big',
      Buffer.from(GOOD.replace('<integer>1</integer>', '<integer>18446744073709551617</integer>')),
    )
    expect(big.findings[0]).toMatchObject({rule: 'PPPC002', message: expect.stringMatching(/too large to represent/)})
  })
})

describe('the XML declaration’s encoding is honoured', () => {
  const latin1 = Buffer.concat([
    Buffer.from(
      GOOD.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').split('Privacy Preferences Policy Control')[0]!,
      'latin1',
    ),
    Buffer.from([0x43, 0x61, 0x66, 0xe9]), // "Café" in Latin-1
    Buffer.from(
      GOOD.split('Privacy Preferences Policy Control').slice(1).join('Privacy Preferences Policy Control'),
      'latin1',
    ),
  ])

  it('decodes ISO-8859-1 byte for byte (it was read as UTF-8: "Caf\\ufffd")', async () => {
    const file = join(work, 'latin1.mobileconfig')
    await writeFile(file, latin1)
    const report = await validateBytes('latin1', latin1)
    expect(report.findings).toEqual([])
    const payload = parseXmlPlist(latin1.toString('latin1')).value as {PayloadContent: {PayloadDisplayName: string}[]}
    expect(payload.PayloadContent[0]!.PayloadDisplayName).toBe(
      'Privacy Preferences Policy Control'.replace('Privacy Preferences Policy Control', 'Café'),
    )
    const {decodeText} = await import('../../src/profiles/read.js')
    expect(decodeText(latin1)).toEqual({text: expect.stringContaining('<string>Café</string>')})
  })

  it('decodes UTF-16 with and without a byte order mark', async () => {
    const le = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(GOOD.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le'),
    ])
    expect((await validateBytes('utf16', le)).findings).toEqual([])
    const be = Buffer.from(GOOD.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le').swap16()
    expect((await validateBytes('utf16be', be)).findings).toEqual([])
  })

  it('refuses an encoding it cannot decode with a finding, instead of guessing', async () => {
    const report = await validateBytes('x', Buffer.from(GOOD.replace('encoding="UTF-8"', 'encoding="X-MAC-KLINGON"')))
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'PPPC002',
        line: 1,
        message: expect.stringMatching(/names the encoding "x-mac-klingon", which pppc cannot decode/),
      }),
    ])
  })
})
