import {readFileSync} from 'node:fs'
import {relative} from 'node:path'
import {glob} from 'tinyglobby'
import {describe, expect, it} from 'vitest'
import {REPO} from '../helpers/paths.js'

/** The helpers that read ../shared; only second-tier files may call them. */
const SHARED_READERS = /\b(sharedDir|seedText|corpusFiles)\s*\(/

describe('the two tiers of tests', () => {
  it('only *.shared.test.ts files read the shared reference folder, so a clone alone runs every other file', async () => {
    const files = await glob('test/**/*.test.ts', {cwd: REPO, absolute: true})
    expect(files.length).toBeGreaterThan(30)
    const readers = files.filter((f) => SHARED_READERS.test(readFileSync(f, 'utf8'))).map((f) => relative(REPO, f))
    expect(readers.length).toBeGreaterThan(0)
    expect(readers.filter((f) => !f.endsWith('.shared.test.ts'))).toEqual([])
  })
})
