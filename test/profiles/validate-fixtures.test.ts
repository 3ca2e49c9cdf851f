import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {RULES} from '../../src/profiles/rules.js'
import {validateBytes} from '../../src/profiles/validate.js'
import {FIXTURES} from '../helpers/paths.js'
import {FIXTURE_OPTIONS} from '../helpers/profiles.js'

const BAD = join(FIXTURES, 'profiles', 'bad')
const GOOD = join(FIXTURES, 'profiles', 'good')
const badFiles = readdirSync(BAD).sort()
const goodFiles = readdirSync(GOOD).sort()

describe('fixtures/profiles/bad: each profile raises the rule its name gives', () => {
  it('holds at least one profile per error rule', () => {
    const covered = new Set(badFiles.map((f) => f.slice(0, 7)))
    // PPPC009 is pppc failing on a file (a bug): no profile should raise it. PPPC084 is a file that cannot be read, so
    // no profile can stand for it (test/commands/validate.cli.test.ts makes one).
    const notProfiles = new Set(['PPPC009', 'PPPC084'])
    const missing = RULES.filter((r) => r.severity === 'error' && !notProfiles.has(r.id) && !covered.has(r.id)).map(
      (r) => r.id,
    )
    expect(missing).toEqual([])
  })

  for (const file of badFiles) {
    const id = file.slice(0, 7)
    it(`${file} raises ${id}`, async () => {
      const report = await validateBytes(file, readFileSync(join(BAD, file)), FIXTURE_OPTIONS[id] ?? {})
      const raised = report.findings.filter((f) => f.rule === id)
      expect(raised.length, JSON.stringify(report.findings.map((f) => `${f.rule} ${f.message}`))).toBeGreaterThan(0)
      for (const finding of raised) {
        expect(finding.message.length).toBeGreaterThan(10)
        expect(finding.fix.length).toBeGreaterThan(10)
      }
    })
  }
})

describe('fixtures/profiles/good: real-world-shaped profiles pass', () => {
  for (const file of goodFiles) {
    it(`${file} has no errors or warnings, even with --min-macos 11 --target-macos 15 for Jamf`, async () => {
      const report = await validateBytes(file, readFileSync(join(GOOD, file)), {
        minMacos: '11.0.0',
        targetMacos: '15.0.0',
        mdm: 'jamf',
      })
      expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([])
    })
  }

  it('reads the binary one as binary, and says so only as info', async () => {
    const report = await validateBytes('b', readFileSync(join(GOOD, 'beyondtrust-binary.mobileconfig')))
    expect(report.encoding).toBe('binary')
    expect(report.findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['PPPC005:info'])
  })
})

describe('where findings point', () => {
  it('gives the line and column of the key at fault, and a path into the plist', async () => {
    const report = await validateBytes('f', readFileSync(join(BAD, 'PPPC050-allow-screencapture.mobileconfig')))
    const finding = report.findings.find((f) => f.rule === 'PPPC050')!
    expect(finding.path).toBe('PayloadContent[0].Services.ScreenCapture[0].Authorization')
    const lines = readFileSync(join(BAD, 'PPPC050-allow-screencapture.mobileconfig'), 'utf8').split('\n')
    expect(lines[finding.line! - 1]!.trim()).toBe('<key>Authorization</key>')
    expect(finding.message).toMatch(
      /Allow is not allowed for ScreenCapture \(Screen Recording\).*a profile cannot grant it/,
    )
  })

  it("reports XML errors at the line Python's expat reports", async () => {
    const report = await validateBytes('f', readFileSync(join(BAD, 'PPPC002-mismatched-tag.mobileconfig')))
    expect(report.findings[0]).toMatchObject({rule: 'PPPC002', line: 62})
    expect(report.findings[0]!.message).toMatch(/Expected closing tag 'array'.*near "<\/dict>"/)
    const truncated = await validateBytes('f', readFileSync(join(BAD, 'PPPC002-truncated.mobileconfig')))
    expect(truncated.findings[0]).toMatchObject({rule: 'PPPC002', line: 39})
    expect(truncated.findings[0]!.message).toMatch(/still open \(truncated\?\)/)
  })
})

describe('version and MDM rules fire only when asked', () => {
  const good = readFileSync(join(GOOD, 'beyondtrust-authorization.mobileconfig'))
  it.each([
    [{}, []],
    // One PPPC071 per entry that uses Authorization (three services here), each at its own key.
    [{minMacos: '10.15.0'}, ['PPPC071', 'PPPC071', 'PPPC071']],
    [{minMacos: '11.0.0'}, []],
    [{targetMacos: '26.2.0'}, ['PPPC073']],
    [{targetMacos: '27.0.0'}, ['PPPC072', 'PPPC073']],
    [{mdm: 'kandji' as const}, ['PPPC081', 'PPPC083']],
  ])('%j gives %j', async (options, rules) => {
    const report = await validateBytes('g', good, options)
    expect(report.findings.map((f) => f.rule).sort()).toEqual(rules)
  })
})
