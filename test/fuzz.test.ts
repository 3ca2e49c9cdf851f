import {execa} from 'execa'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {REPO} from './helpers/paths.js'

/** The fuzz script of `npm run fuzz`, on a small seeded set: the same inputs every run, in one worker. */
describe('npm run fuzz, a small seeded set', () => {
  it('550 inputs of every kind: 0 crashes, 0 hangs, 0 unparsable json outputs', {timeout: 240_000}, async () => {
    const result = await execa(
      'node',
      [join(REPO, 'scripts', 'fuzz.mjs'), '--inputs', '550', '--workers', '1', '--batch', '550', '--seed', '7'],
      {reject: false},
    )
    const last = result.stdout.trimEnd().split('\n').at(-1)
    expect(last, result.stdout + result.stderr).toMatch(
      /^fuzz \(seed 7, \d+ s\): 550 inputs tried, 0 crashes, 0 hangs, 0 unparsable json outputs$/,
    )
    expect(result.stdout).toMatch(
      /inputs by kind: binary 100, mdm 50, requirement 50, signed 50, snapshot 50, xml 150, zip 100; invalid JUnit XML: 0/,
    )
    expect(result.exitCode).toBe(0)
  })
})
