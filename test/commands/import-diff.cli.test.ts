import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {pppc, pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {FIXTURES} from '../helpers/paths.js'
import {signProfile} from '../helpers/signing.js'

const GOOD = join(FIXTURES, 'profiles', 'good', 'beyondtrust-authorization.mobileconfig')

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pppc-import-'))
})

describe('pppc import', () => {
  it('prints a spec that generate --spec turns into the same grants, and says so', async () => {
    // Through the binary (bin/run.js); the other runs here are in this process (test/cli/in-process.cli.test.ts
    // holds those to the binary).
    const result = await pppc(['import', GOOD])
    expect(result.exitCode).toBe(0)
    const spec = parseYaml(result.stdout)
    expect(spec.identifier).toBe('edu.example.pppc.bt')
    expect(spec.apps[0]).toMatchObject({bundleId: 'com.bomgar.bomgar-scc'})
    expect(result.stderr).toMatch(/^note: pppc generate --spec writes the same \d+ grants\.$/m)
  })

  it('writes -o atomically, keeps an existing file without --force, and answers --json with a stable shape', async () => {
    const file = join(work, 'bt.yaml')
    const first = await pppcInProcess(['import', GOOD, '-o', file])
    expect(first.exitCode).toBe(0)
    expect(first.stdout).toMatch(/^Wrote .*bt\.yaml \(1 apps?, \d+ grants\)/)
    const written = await readFile(file, 'utf8')
    expectOneLineError(await pppcInProcess(['import', GOOD, '-o', file]), 2, /already exists; pass --force/)
    expect(await readFile(file, 'utf8')).toBe(written)
    const json = JSON.parse((await pppcInProcess(['import', GOOD, '-o', file, '--force', '--json'])).stdout)
    expect(Object.keys(json).sort()).toEqual(
      ['apps', 'check', 'grants', 'notes', 'output', 'signature', 'source', 'spec', 'warnings', 'yaml'].sort(),
    )
    expect(json.check).toEqual({generates: true, sameGrants: true})
    expect((await readdir(work)).filter((f) => f.endsWith('.tmp'))).toEqual([])

    const generated = join(work, 'bt.mobileconfig')
    expect((await pppcInProcess(['generate', '--spec', file, '-o', generated])).exitCode).toBe(0)
    const diff = await pppcInProcess(['diff', GOOD, generated, '--grants-only'])
    expect(diff.stdout).toMatch(/^same: 1 app, 3 grants$/m)
    expect(diff.exitCode).toBe(0)
  })

  it('imports a signed profile, naming the signer', async () => {
    const signed = join(work, 'signed.mobileconfig')
    await writeFile(signed, await signProfile(await readFile(GOOD)))
    const json = JSON.parse((await pppcInProcess(['import', signed, '--json'])).stdout)
    expect(json.signature).toEqual({subject: 'CN=pppc test signer, O=pppc tests', verified: true})
    expect(json.check.sameGrants).toBe(true)
  })

  it('says when generate would refuse the source as it is', async () => {
    const json = JSON.parse(
      (
        await pppcInProcess([
          'import',
          join(FIXTURES, 'profiles', 'bad', 'PPPC050-allow-screencapture.mobileconfig'),
          '--json',
        ])
      ).stdout,
    )
    expect(json.check.generates).toBe(false)
    expect(json.warnings.join('\n')).toMatch(
      /generate --spec refuses it as it is: a profile cannot grant Screen Recording/,
    )
  })

  it.each([
    [['import', '/nonexistent.mobileconfig'], /cannot read \/nonexistent\.mobileconfig \(ENOENT\)/],
    [
      ['import', join(FIXTURES, 'profiles', 'bad', 'PPPC002-mismatched-tag.mobileconfig')],
      /is not readable as a profile at line/,
    ],
    [['import'], /missing argument FILE/],
  ])('pppc %j fails in one line with exit 2', async (args, message) => {
    expectOneLineError(await pppcInProcess(args), 2, message)
  })
})

describe('pppc diff', () => {
  it('exits 1 with the changes, 0 for the same profile, 2 for an unreadable one', async () => {
    const a = join(work, 'a.mobileconfig')
    const b = join(work, 'b.mobileconfig')
    await pppcInProcess(['generate', '--app', 'beyondtrust', '-o', a, '--force'])
    await pppcInProcess([
      'generate',
      '--app',
      'beyondtrust',
      '--grant',
      'fda=none',
      '--grant',
      'camera=deny',
      '-o',
      b,
      '--force',
    ])
    const changed = await pppcInProcess(['diff', a, b])
    expect(changed.exitCode).toBe(1)
    expect(changed.stdout).toContain(
      '~ com.bomgar.bomgar-scc (bundleID)\n  - Full Disk Access (SystemPolicyAllFiles): Allow\n  + Camera (Camera): Deny',
    )
    const same = await pppcInProcess(['diff', a, a])
    expect(same.exitCode).toBe(0)
    expect(same.stdout).toMatch(/^same: 1 app, 3 grants$/m)
    expectOneLineError(await pppcInProcess(['diff', a, '/nonexistent']), 2, /cannot read \/nonexistent/)
    expectOneLineError(await pppcInProcess(['diff', a]), 2, /missing argument B/)
  })

  it('answers --json with a stable shape (and still exit 1 when they differ)', async () => {
    const a = join(work, 'a.mobileconfig')
    const b = join(work, 'b.mobileconfig')
    const result = await pppcInProcess(['diff', a, b, '--json'])
    expect(result.exitCode).toBe(1)
    const json = JSON.parse(result.stdout)
    expect(Object.keys(json).sort()).toEqual(['a', 'apps', 'b', 'counts', 'profile', 'same'])
    expect(json.apps[0].grants.map((g: {service: string; change: string}) => `${g.change} ${g.service}`)).toEqual([
      'removed SystemPolicyAllFiles',
      'added Camera',
    ])
  })
})
