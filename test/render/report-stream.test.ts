import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {FORMATTERS, REPORT_FORMATS, reportStream, summarise, Tally} from '../../src/render/report-formats.js'
import {validateBytes, type FileReport} from '../../src/profiles/validate.js'
import type {TextSink} from '../../src/util/spool.js'
import {FIXTURES} from '../helpers/paths.js'

async function streamed(format: (typeof REPORT_FORMATS)[number], reports: FileReport[], strict: boolean) {
  // Bytes, decoded at the end: a spool hands back bytes in pieces that may split a character.
  const pieces: Buffer[] = []
  const sink: TextSink = {write: async (text) => void pieces.push(Buffer.from(text))}
  const stream = await reportStream(format, sink, strict)
  const tally = new Tally()
  try {
    for (const report of reports) {
      tally.add(report)
      await stream.file(report)
    }
    await stream.end(tally.summary(strict))
  } finally {
    await stream.dispose()
  }
  return Buffer.concat(pieces).toString('utf8')
}

const folder = join(FIXTURES, 'profiles', 'bad')
const all = await Promise.all(
  readdirSync(folder)
    .filter((f) => f.endsWith('.mobileconfig'))
    .sort()
    .map(async (f) => validateBytes(`bad/${f}`, readFileSync(join(folder, f)))),
)
const clean: FileReport = {path: 'clean.mobileconfig', encoding: 'xml', findings: []}

describe('the streamed report is the whole report, byte for byte', () => {
  const sets: [string, FileReport[]][] = [
    ['every bad fixture', all],
    ['one clean file (no findings: empty arrays)', [clean]],
    ['clean and bad mixed', [clean, ...all.slice(0, 3), clean]],
  ]
  for (const [name, reports] of sets)
    for (const strict of [false, true])
      it.each(REPORT_FORMATS)(`%s: ${name}${strict ? ', --strict' : ''}`, async (format) => {
        expect(await streamed(format, reports, strict)).toBe(FORMATTERS[format](reports, summarise(reports, strict)))
      })

  it('counts as summarise does', () => {
    const tally = new Tally()
    for (const r of all) tally.add(r)
    expect(tally.summary(true)).toEqual(summarise(all, true))
  })
})
