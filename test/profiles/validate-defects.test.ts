import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {grantRows} from '../../src/profiles/inspect.js'
import {readProfile} from '../../src/profiles/read.js'
import {validateBytes, type FileReport} from '../../src/profiles/validate.js'
import type {ValidateOptions} from '../../src/profiles/findings.js'
import {FIXTURES} from '../helpers/paths.js'

/**
 * The defects measured on real profiles (issue 12), one test each, on fixtures shaped like the real case. Each of
 * these failed before the fix.
 */

const BAD = join(FIXTURES, 'profiles', 'bad')
const GOOD = join(FIXTURES, 'profiles', 'good')

async function check(file: string, options: ValidateOptions = {}): Promise<FileReport> {
  return validateBytes(file, readFileSync(file), options)
}

function rules(report: FileReport): string[] {
  return report.findings.map((f) => `${f.rule}:${f.severity}`)
}

function lineOf(file: string, line: number | undefined): string {
  expect(line, 'the finding has a line').toBeDefined()
  return readFileSync(file, 'utf8').split('\n')[line! - 1]!.trim()
}

describe('false errors: working profiles no longer fail', () => {
  it('StaticCode written as <integer>0</integer> is the same legacy pattern as Allowed: a warning, not an error', async () => {
    const report = await check(join(BAD, 'PPPC048-staticcode-integer.mobileconfig'))
    expect(rules(report)).toEqual(['PPPC048:warning'])
    expect(report.findings[0]!.message).toMatch(/StaticCode is the integer 0; write <false\/>/)
    expect(report.findings[0]!.path).toBe('PayloadContent[0].Services.SystemPolicyAllFiles[0].StaticCode')
  })

  it('a requirement naming the app or its helper (identifier "A" or identifier "B") fits both entries', async () => {
    const report = await check(join(GOOD, 'or-identifiers.mobileconfig'))
    expect(report.findings).toEqual([])
  })

  it('inspect shows every identifier of an or-requirement, not the last one', async () => {
    const read = await readProfile(readFileSync(join(GOOD, 'or-identifiers.mobileconfig')))
    if (!read.ok) throw new Error('unreadable')
    const [row] = grantRows(read.document.value)
    expect(row!.requirement).toMatchObject({
      wellFormed: true,
      identifiers: ['com.example.app', 'com.example.app.helper'],
      teamIds: ['ABCDE12345'],
      pinsSigner: true,
    })
  })

  it('Mac App Store requirements pin Apple’s App Store signing: no "pins no Team ID" warning', async () => {
    const report = await check(join(GOOD, 'mac-app-store.mobileconfig'))
    expect(report.findings).toEqual([])
  })

  it('a unique PayloadUUID in another form than a UUID is info (Apple asks for a unique string)', async () => {
    const report = await check(join(BAD, 'PPPC025-uuid-not-in-uuid-form.mobileconfig'))
    expect(rules(report)).toEqual(['PPPC025:info'])
  })

  it('PayloadScope "system" works (macOS reads the value without regard to case): a warning', async () => {
    const report = await check(join(BAD, 'PPPC017-lowercase-scope.mobileconfig'))
    expect(rules(report)).toEqual(['PPPC017:warning'])
    const computer = await check(join(BAD, 'PPPC026-scope-computer.mobileconfig'))
    expect(rules(computer)).toEqual(['PPPC026:error'])
  })

  it('a payload without PayloadVersion installs on macOS: a warning (schema-checking MDMs refuse it)', async () => {
    const report = await check(join(BAD, 'PPPC027-payload-without-version.mobileconfig'))
    expect(rules(report)).toEqual(['PPPC027:warning'])
  })
})

describe('missed errors: profiles that grant nothing no longer pass', () => {
  it('a PPPC payload wrapped in Custom Settings (com.apple.ManagedClient.preferences)', async () => {
    const file = join(BAD, 'PPPC034-pppc-in-custom-settings.mobileconfig')
    const report = await check(file)
    expect(rules(report)).toEqual(['PPPC034:error'])
    expect(lineOf(file, report.findings[0]!.line)).toBe('<key>com.apple.TCC.configuration-profile-policy</key>')
  })

  it("AEReceiverCodeRequirement that is the sender's requirement, so Finder never satisfies it", async () => {
    const file = join(BAD, 'PPPC057-receiver-requirement-of-sender.mobileconfig')
    const report = await check(file)
    expect(rules(report)).toEqual(['PPPC057:error'])
    expect(report.findings[0]!.message).toMatch(/com\.apple\.finder/)
    expect(lineOf(file, report.findings[0]!.line)).toBe('<key>AEReceiverCodeRequirement</key>')
  })

  it('an unexpanded build variable $(PRODUCT_BUNDLE_IDENTIFIER), once per entry', async () => {
    const report = await check(join(BAD, 'PPPC058-build-variable.mobileconfig'))
    expect(rules(report)).toEqual(['PPPC058:error'])
  })

  it('IdentifierType path naming an .app bundle', async () => {
    const report = await check(join(BAD, 'PPPC059-path-names-app-bundle.mobileconfig'))
    expect(rules(report)).toEqual(['PPPC059:error'])
  })

  it('anchor apple alone for a third-party bundle ID', async () => {
    const report = await check(join(BAD, 'PPPC066-anchor-apple-third-party.mobileconfig'))
    expect(rules(report)).toEqual(['PPPC066:error'])
  })

  it('Allow and Deny for one app and service in two payloads of one profile', async () => {
    const report = await check(join(BAD, 'PPPC035-allow-and-deny-in-two-payloads.mobileconfig'))
    expect(rules(report)).toEqual(['PPPC035:error'])
    expect(report.findings[0]!.path).toBe('PayloadContent[1].Services.SystemPolicyAllFiles[0]')
  })
})

describe('found with the whole requirement language', () => {
  it('a requirement asking for certificate leaf[subject.ou] never holds (macOS knows subject.OU only)', async () => {
    const text = readFileSync(join(GOOD, 'legacy-allowed.mobileconfig'), 'utf8').replace(
      'leaf[subject.OU] = B65TM49E24',
      'leaf[subject.ou] = B65TM49E24',
    )
    const report = await validateBytes('x', Buffer.from(text))
    expect(rules(report)).toContain('PPPC044:error')
    expect(report.findings.find((f) => f.rule === 'PPPC044')!.message).toMatch(/subject\.ou, which macOS does not know/)
  })

  it('an unquoted Team ID that starts with a digit does not compile (Jamf Pro download form)', async () => {
    const text = readFileSync(join(GOOD, 'legacy-allowed.mobileconfig'), 'utf8').replaceAll(
      'leaf[subject.OU] = B65TM49E24',
      'leaf[subject.OU] = 483DWKW443',
    )
    const report = await validateBytes('x', Buffer.from(text))
    expect(report.findings.map((f) => f.rule)).toContain('PPPC044')
    expect(report.findings.find((f) => f.rule === 'PPPC044')!.message).toMatch(/483DWKW443 starts with a digit/)
  })
})

describe('locations and messages', () => {
  it.each([
    ['PPPC011-missing-top-level-version.mobileconfig', 'PPPC011', 'PayloadVersion', '<dict>'],
    ['PPPC014-missing-uuid.mobileconfig', 'PPPC014', 'PayloadContent[0].PayloadUUID', '<dict>'],
    ['PPPC016-no-payloadcontent.mobileconfig', 'PPPC016', 'PayloadContent', '<dict>'],
  ])('%s: the missing key points at the dictionary that lacks it', async (name, id, path, text) => {
    const file = join(BAD, name)
    const report = await check(file)
    const finding = report.findings.find((f) => f.rule === id)!
    expect(finding.path).toBe(path)
    expect(lineOf(file, finding.line)).toBe(text)
  })

  it('version findings point at the key they concern, one per entry, with advice possible for the value', async () => {
    const file = join(BAD, 'PPPC071-authorization-for-10.15.mobileconfig')
    const report = await check(file, {minMacos: '10.15.0', targetMacos: '27.0.0'})
    const pppc071 = report.findings.filter((f) => f.rule === 'PPPC071')
    expect(pppc071.map((f) => f.path)).toEqual([
      'PayloadContent[0].Services.Accessibility[0].Authorization',
      'PayloadContent[0].Services.ScreenCapture[0].Authorization',
      'PayloadContent[0].Services.SystemPolicyAllFiles[0].Authorization',
    ])
    for (const f of pppc071) expect(lineOf(file, f.line)).toBe('<key>Authorization</key>')
    const standardUser = pppc071[1]!
    expect(`${standardUser.message} ${standardUser.fix}`).not.toMatch(/write Allowed/i)
    expect(standardUser.fix).toMatch(/no Allowed form/)
    expect(pppc071[0]!.fix).toMatch(/<true\/>/)
    for (const f of report.findings.filter((f) => ['PPPC070', 'PPPC072', 'PPPC073'].includes(f.rule))) {
      expect(f.path, f.rule).toMatch(/^PayloadContent\[0\]\.Services\./)
      expect(f.line, f.rule).toBeGreaterThan(1)
    }
    const pppc072 = report.findings.find((f) => f.rule === 'PPPC072')!
    expect(lineOf(file, pppc072.line)).toBe('<key>Accessibility</key>')
  })

  it('PPPC021 names the key at fault in its fix', async () => {
    const report = await check(join(BAD, 'PPPC021-payloadscope-case.mobileconfig'))
    const finding = report.findings.find((f) => f.rule === 'PPPC021')!
    expect(finding.fix).toMatch(/PayloadScope/)
    const bytes = readFileSync(join(BAD, 'PPPC041-identifiertype-bundleid-case.mobileconfig'), 'utf8').replace(
      '<key>IdentifierType</key>',
      '<key>identifierType</key>',
    )
    const other = await validateBytes('x', Buffer.from(bytes))
    const miscased = other.findings.find((f) => f.rule === 'PPPC021')!
    expect(miscased.fix).toMatch(/Write "IdentifierType" instead of "identifierType"/)
    expect(miscased.fix).not.toMatch(/payloadScope/)
  })
})
