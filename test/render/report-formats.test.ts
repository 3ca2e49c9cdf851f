import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {XMLParser} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import {FORMATTERS, summarise} from '../../src/render/report-formats.js'
import {RULES_END, RULES_START, rulesMarkdown} from '../../src/render/rules-table.js'
import {RULES} from '../../src/profiles/rules.js'
import {validateBytes, type FileReport} from '../../src/profiles/validate.js'
import {FIXTURES, REPO} from '../helpers/paths.js'

const BAD = join(FIXTURES, 'profiles', 'bad')
const reports: FileReport[] = [
  await validateBytes(
    'profiles/bad: screen, capture.mobileconfig',
    readFileSync(join(BAD, 'PPPC050-allow-screencapture.mobileconfig')),
  ),
  await validateBytes(
    'profiles/bt.mobileconfig',
    readFileSync(join(FIXTURES, 'profiles', 'good', 'beyondtrust-authorization.mobileconfig')),
  ),
  await validateBytes('profiles/dup.mobileconfig', readFileSync(join(BAD, 'PPPC055-duplicate-entry.mobileconfig'))),
]
const summary = summarise(reports, false)

describe('report formats', () => {
  it('counts errors and warnings, and --strict fails on warnings', () => {
    expect(summary).toEqual({files: 3, errors: 1, warnings: 1, infos: 0, failed: true, strict: false})
    expect(summarise(reports.slice(1), false).failed).toBe(false)
    expect(summarise(reports.slice(1), true).failed).toBe(true)
  })

  it('text: file:line:column, severity, rule and fix', () => {
    const text = FORMATTERS.text(reports, summary)
    expect(text).toMatch(
      /^profiles\/bad: screen, capture\.mobileconfig:\d+:\d+: error PPPC050 Allow is not allowed for ScreenCapture/m,
    )
    expect(text).toMatch(/^ {4}fix: Screen Recording and Input Monitoring/m)
    expect(text).toMatch(/^profiles\/bt\.mobileconfig: ok$/m)
    expect(text.trimEnd().split('\n').at(-1)).toBe('3 files: 1 error, 1 warning, 0 info')
  })

  it('junit: one testcase per file; only what fails the run is a failure (warnings only with --strict)', () => {
    const parse = (strict: boolean) =>
      new XMLParser({ignoreAttributes: false}).parse(FORMATTERS.junit(reports, summarise(reports, strict)))
    const suite = parse(false).testsuites.testsuite
    expect(suite['@_tests']).toBe('3')
    expect(suite['@_failures']).toBe('1')
    expect(suite.testcase).toHaveLength(3)
    expect(suite.testcase[0].failure['@_type']).toBe('PPPC050')
    // The warning-only file passes (exit 0 without --strict), and says what it found.
    expect(suite.testcase[2].failure).toBeUndefined()
    expect(suite.testcase[2]['system-out']).toMatch(/warning PPPC055/)
    const strict = parse(true).testsuites.testsuite
    expect(strict['@_failures']).toBe('2')
    expect(strict.testcase[2].failure['@_type']).toBe('PPPC055')
  })

  it('sarif: a 2.1.0 log whose results point at rules and lines', () => {
    const log = JSON.parse(FORMATTERS.sarif(reports, summary))
    expect(log.version).toBe('2.1.0')
    const run = log.runs[0]
    expect(run.tool.driver.rules.map((r: {id: string}) => r.id).sort()).toEqual(['PPPC050', 'PPPC055'])
    const result = run.results.find((r: {ruleId: string}) => r.ruleId === 'PPPC050')
    expect(result.level).toBe('error')
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('PPPC050')
    expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1)
  })

  it('sarif: levels error, warning and note follow each finding’s severity, and rules give their defaults', async () => {
    const binary = await validateBytes(
      'profiles/binary.mobileconfig',
      readFileSync(join(FIXTURES, 'profiles', 'good', 'beyondtrust-binary.mobileconfig')),
    )
    const all = [...reports, binary]
    const run = JSON.parse(FORMATTERS.sarif(all, summarise(all, false))).runs[0]
    const levels = Object.fromEntries(run.results.map((r: {ruleId: string; level: string}) => [r.ruleId, r.level]))
    expect(levels).toEqual({PPPC050: 'error', PPPC055: 'warning', PPPC005: 'note'})
    const defaults = Object.fromEntries(
      run.tool.driver.rules.map((r: {id: string; defaultConfiguration: {level: string}}) => [
        r.id,
        r.defaultConfiguration.level,
      ]),
    )
    expect(defaults).toEqual({PPPC050: 'error', PPPC055: 'warning', PPPC005: 'note'})
    // A severity set by configuration is the result's level; the rule keeps its default.
    const configured = await validateBytes(
      'profiles/dup.mobileconfig',
      readFileSync(join(BAD, 'PPPC055-duplicate-entry.mobileconfig')),
      {rules: {PPPC055: 'error'}},
    )
    const run2 = JSON.parse(FORMATTERS.sarif([configured], summarise([configured], false))).runs[0]
    expect(run2.results[0].level).toBe('error')
    expect(run2.tool.driver.rules[0].defaultConfiguration.level).toBe('warning')
  })

  it('github: workflow commands with escaped properties', () => {
    const lines = FORMATTERS.github(reports, summary).trimEnd().split('\n')
    expect(lines[0]).toMatch(
      /^::error file=profiles\/bad%3A screen%2C capture\.mobileconfig,line=\d+,col=\d+,title=PPPC050 error::Allow is not allowed/,
    )
    expect(lines).toContainEqual(expect.stringMatching(/^::warning file=profiles\/dup\.mobileconfig,line=\d+/))
    expect(lines.at(-1)).toBe('pppc validate: 3 files, 1 error, 1 warning')
  })
})

describe('the README rule table', () => {
  it('is the one generated from the rule data (run `npm run docs` after changing rules)', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
    const table = readme.slice(readme.indexOf(RULES_START), readme.indexOf(RULES_END) + RULES_END.length)
    expect(table).toBe(rulesMarkdown())
    for (const rule of RULES) expect(table).toContain(`| ${rule.id} | ${rule.severity} |`)
  })
})
