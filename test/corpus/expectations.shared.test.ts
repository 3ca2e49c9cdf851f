import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {isRuleId} from '../../src/profiles/rules.js'
import {validateBytes} from '../../src/profiles/validate.js'
import {REPO, sharedDir} from '../helpers/paths.js'
import {corpusFiles} from '../helpers/profiles.js'

/**
 * Tier 2 (needs ../shared): pppc validate holds to the reviewed expectation for every file of the real-world corpus
 * (test/corpus/expectations.tsv, each row decided by reading the file against Apple's schema).
 */
const TABLE = join(REPO, 'test', 'corpus', 'expectations.tsv')
const ROOT = join(sharedDir(), 'corpus', 'real-world')

const rows = readFileSync(TABLE, 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('file\t'))
  .map((line) => {
    const [file = '', rules = '', why = ''] = line.split('\t')
    return {file, rules: rules === '-' ? [] : rules.split(' ').sort(), why}
  })

/** Findings about the file itself rather than a key of its content: they have no line to point at. */
const FILE_LEVEL = new Set(['PPPC001', 'PPPC004', 'PPPC005', 'PPPC008', 'PPPC009', 'PPPC064', 'PPPC065', 'PPPC080'])

describe('the real-world corpus against its reviewed expectations (test/corpus/expectations.tsv)', () => {
  it('has one well-formed row per corpus file, each with a reason', () => {
    const files = corpusFiles().map((f) => f.slice(ROOT.length + 1))
    expect(rows.map((r) => r.file).sort()).toEqual(files)
    for (const row of rows) {
      expect(row.why.length, row.file).toBeGreaterThan(20)
      for (const id of row.rules) expect(isRuleId(id), `${row.file}: ${id}`).toBe(true)
    }
  })

  for (const row of rows) {
    it(`${row.file}: ${row.rules.join(' ') || 'no findings'}`, async () => {
      const report = await validateBytes(row.file, readFileSync(join(ROOT, row.file)))
      expect([...new Set(report.findings.map((f) => f.rule))].sort()).toEqual(row.rules)
      if (report.encoding === 'xml')
        for (const finding of report.findings.filter((f) => !FILE_LEVEL.has(f.rule))) {
          expect(finding.line, `${finding.rule} ${finding.message}`).toBeGreaterThan(0)
          expect(finding.path, `${finding.rule} ${finding.message}`).toBeDefined()
        }
    })
  }
})
