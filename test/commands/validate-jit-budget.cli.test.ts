import {copyFileSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN, FIXTURES} from '../helpers/paths.js'

// From 100 files on, validate sets V8's compiler budgets (src/util/jit-budget.ts) for speed alone: the report, the exit
// code and stderr must be those of V8's defaults, and V8 must not complain about the flags.
describe("validate over 100 files and more, with V8's compiler budgets", () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pppc-jit-budget-'))
    const sources = ['good', 'bad'].flatMap((kind) =>
      readdirSync(join(FIXTURES, 'profiles', kind)).map((name) => join(FIXTURES, 'profiles', kind, name)),
    )
    // Every fixture twice over, under names that keep them in order: 160 files, past the threshold of 100.
    for (let i = 0; i < sources.length * 2; i++)
      copyFileSync(sources[i % sources.length]!, join(dir, `p${String(i).padStart(4, '0')}.mobileconfig`))
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it.each(['json', 'text', 'sarif'])('writes the same %s report as with V8 defaults', async (format) => {
    const run = (env: Record<string, string>) =>
      execa('node', [BIN, 'validate', dir, '--format', format], {reject: false, env})
    const [budget, defaults] = await Promise.all([run({}), run({PPPC_V8_DEFAULTS: '1'})])
    expect(budget.exitCode).toBe(1)
    expect(budget.stderr).toBe('')
    expect(budget.stdout.length).toBeGreaterThan(10_000)
    expect({exit: budget.exitCode, stdout: budget.stdout, stderr: budget.stderr}).toEqual({
      exit: defaults.exitCode,
      stdout: defaults.stdout,
      stderr: defaults.stderr,
    })
  })
})
