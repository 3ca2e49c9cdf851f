import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {readInputFile} from '../../src/profiles/read-file.js'

// A file a folder's listing gave as regular is opened without a stat first: if it was replaced since by a FIFO or a
// folder, reading must neither hang nor read it, exactly as for a path named on the command line.
describe('readInputFile', () => {
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pppc-read-'))
    await execa('mkfifo', [join(dir, 'fifo.mobileconfig')])
    mkdirSync(join(dir, 'folder.mobileconfig'))
    writeFileSync(join(dir, 'profile.mobileconfig'), 'é'.repeat(5000))
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it.each([true, false])('refuses a FIFO without hanging (listed: %s)', {timeout: 10_000}, (listed) => {
    expect(() => readInputFile(join(dir, 'fifo.mobileconfig'), 1000, listed)).toThrow(
      /fifo\.mobileconfig \(not a regular file: a FIFO, socket or device\)/,
    )
  })

  it.each([true, false])('refuses a folder (listed: %s)', (listed) => {
    expect(() => readInputFile(join(dir, 'folder.mobileconfig'), 1000, listed)).toThrow(
      /folder\.mobileconfig \(a folder\)/,
    )
  })

  it.each([true, false])('reads every byte of a file, and nothing past the limit (listed: %s)', (listed) => {
    const read = readInputFile(join(dir, 'profile.mobileconfig'), 20_000, listed)
    expect(read.ok && read.bytes.toString('utf8')).toBe('é'.repeat(5000))
    expect(readInputFile(join(dir, 'profile.mobileconfig'), 9_999, listed)).toEqual({
      ok: false,
      tooLarge: expect.stringMatching(/the file is 9\.8 KiB, more than the 9\.8 KiB maximum \(--max-size\)$/),
    })
  })

  it('says a missing file is missing', () => {
    expect(() => readInputFile(join(dir, 'gone.mobileconfig'), 1000, true)).toThrow(/gone\.mobileconfig \(ENOENT\)/)
  })
})
