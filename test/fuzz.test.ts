import {execa} from 'execa'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {REPO} from './helpers/paths.js'

/** The fuzz script of `npm run fuzz`, on a small seeded set: the same inputs every run, in one worker. */
describe('npm run fuzz, a small seeded set', () => {
  it('1,100 inputs of every kind: 0 crashes, 0 hangs, 0 unparsable json outputs', {timeout: 240_000}, async () => {
    const result = await execa(
      'node',
      [join(REPO, 'scripts', 'fuzz.mjs'), '--inputs', '1100', '--workers', '1', '--batch', '1100', '--seed', '7'],
      {reject: false},
    )
    const last = result.stdout.trimEnd().split('\n').at(-1)
    expect(last, result.stdout + result.stderr).toMatch(
      /^fuzz \(seed 7, \d+ s\): 1100 inputs tried, 0 crashes, 0 hangs, 0 unparsable json outputs$/,
    )
    expect(result.stdout).toMatch(
      /inputs by kind: binary 200, mdm 100, requirement 100, signed 100, snapshot 100, xml 300, zip 200; invalid JUnit XML: 0/,
    )
    expect(result.exitCode).toBe(0)
  })
})
