import {cp, mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {pppc} from '../helpers/cli.js'
import {FIXTURES} from '../helpers/paths.js'
import {signProfile, tamper} from '../helpers/signing.js'

const GOOD = join(FIXTURES, 'profiles', 'good')
const BAD = join(FIXTURES, 'profiles', 'bad')
let work: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pppc-validate-'))
  await mkdir(join(work, 'repo', 'jamf', 'profiles', 'nested'), {recursive: true})
  await cp(
    join(GOOD, 'beyondtrust-authorization.mobileconfig'),
    join(work, 'repo', 'jamf', 'profiles', 'bt.mobileconfig'),
  )
  await cp(
    join(BAD, 'PPPC050-allow-screencapture.mobileconfig'),
    join(work, 'repo', 'jamf', 'profiles', 'nested', 'screen.mobileconfig'),
  )
  await writeFile(join(work, 'repo', 'jamf', 'profiles', 'README.md'), 'not a profile, not looked at')
})

describe('pppc validate', () => {
  it('passes a generated profile with --strict (exit 0)', async () => {
    const generated = join(work, 'generated.mobileconfig')
    expect((await pppc(['generate', '--app', 'beyondtrust', '--mdm', 'kandji', '-o', generated])).exitCode).toBe(0)
    const result = await pppc(['validate', '--strict', generated])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe(`${generated}: ok\n1 file: 0 errors, 0 warnings, 0 info\n`)
  })

  it('walks folders for .mobileconfig and .plist files and fails on an error (exit 1)', async () => {
    const result = await pppc(['validate', join(work, 'repo')])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/bt\.mobileconfig: ok/)
    expect(result.stdout).toMatch(/nested\/screen\.mobileconfig:\d+:\d+: error PPPC050 /)
    expect(result.stdout).not.toMatch(/README/)
    expect(result.stdout).toMatch(/2 files: 1 error, 0 warnings/)
  })

  it('takes quoted globs', async () => {
    const result = await pppc(['validate', `${work}/repo/**/*.mobileconfig`, '--json'])
    expect(JSON.parse(result.stdout).files.map((f: {path: string}) => f.path.split('/').pop())).toEqual([
      'bt.mobileconfig',
      'screen.mobileconfig',
    ])
  })

  it('fails warnings only with --strict', async () => {
    const file = join(BAD, 'PPPC055-duplicate-entry.mobileconfig')
    expect((await pppc(['validate', file])).exitCode).toBe(0)
    expect((await pppc(['validate', '--strict', file])).exitCode).toBe(1)
  })

  it('writes GitHub annotations, with the severity of each finding', async () => {
    const result = await pppc([
      'validate',
      '--format',
      'github',
      join(BAD, 'PPPC026-scope-computer.mobileconfig'),
      join(BAD, 'PPPC017-lowercase-scope.mobileconfig'),
    ])
    expect(result.stdout).toMatch(
      /^::error file=.*PPPC026-scope-computer\.mobileconfig,line=\d+,col=\d+,title=PPPC026 error::PayloadScope is "Computer"; write System or User/m,
    )
    expect(result.stdout).toMatch(
      /^::warning file=.*PPPC017-lowercase-scope\.mobileconfig,line=\d+,col=\d+,title=PPPC017 warning::PayloadScope is "system"; write System/m,
    )
  })

  it('writes a SARIF report to a file, atomically and not over an existing one', async () => {
    const out = join(work, 'pppc.sarif')
    const first = await pppc(['validate', '--format', 'sarif', '-o', out, join(BAD, 'PPPC044-stray-text.mobileconfig')])
    expect(first.exitCode).toBe(1)
    expect(first.stderr).toMatch(/report written to/)
    expect(JSON.parse(await readFile(out, 'utf8')).runs[0].results[0].ruleId).toBe('PPPC044')
    const second = await pppc(['validate', '--format', 'sarif', '-o', out, join(GOOD, 'legacy-allowed.mobileconfig')])
    expect(second.exitCode).toBe(2)
    expect(second.stderr).toMatch(/already exists; pass --force/)
  })

  it('checks versions and MDM when asked', async () => {
    const result = await pppc([
      'validate',
      '--min-macos',
      '10.15',
      '--target-macos',
      '27',
      '--mdm',
      'kandji',
      '--json',
      join(GOOD, 'beyondtrust-authorization.mobileconfig'),
    ])
    expect(result.exitCode).toBe(1)
    const rules = JSON.parse(result.stdout)
      .files[0].findings.map((f: {rule: string}) => f.rule)
      .sort()
    expect(rules).toEqual(['PPPC071', 'PPPC071', 'PPPC071', 'PPPC072', 'PPPC073', 'PPPC081', 'PPPC083'])
  })

  it("reports a signed profile's signer, and a tampered one", async () => {
    const signed = await signProfile(await readFile(join(GOOD, 'beyondtrust-authorization.mobileconfig')))
    await writeFile(join(work, 'signed.mobileconfig'), signed)
    await writeFile(join(work, 'tampered.mobileconfig'), tamper(signed))
    const ok = await pppc(['validate', join(work, 'signed.mobileconfig')])
    expect(ok.exitCode).toBe(0)
    expect(ok.stdout).toMatch(/signed\.mobileconfig: ok \(signed by CN=pppc test signer, O=pppc tests\)/)
    const bad = await pppc(['validate', join(work, 'tampered.mobileconfig')])
    expect(bad.exitCode).toBe(1)
    expect(bad.stdout).toMatch(/error PPPC004 the signature by CN=pppc test signer, O=pppc tests does not verify/)
  })

  it.each([
    [['validate'], /no files given/],
    [['validate', '/nonexistent/profile.mobileconfig'], /no such file or folder: \/nonexistent\/profile\.mobileconfig/],
    [['validate', '/nonexistent/**/*.mobileconfig'], /no files match/],
    [['validate', '--min-macos', 'ventura', 'x'], /--min-macos "ventura" is not a macOS version/],
    [['validate', '--format', 'xml', 'x'], /Expected --format=xml to be one of/],
  ])('%j: one-line error, exit 2', async (args, message) => {
    const result = await pppc(args)
    expect(result.exitCode).toBe(2)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
  })

  it('lists its rules', async () => {
    const result = await pppc(['validate', '--rules'])
    expect(result.stdout).toMatch(/^PPPC050 {2}error {4}The value is not allowed for this service$/m)
  })
})

describe('pppc inspect', () => {
  it('shows what a profile grants, with System Settings names and requirement pins', async () => {
    const result = await pppc(['inspect', join(GOOD, 'beyondtrust-authorization.mobileconfig')])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^BeyondTrust PPPC — edu\.example\.pppc\.bt, Example University$/m)
    expect(result.stdout).toMatch(/^unsigned$/m)
    expect(result.stdout).toMatch(
      /^com\.bomgar\.bomgar-scc\s+SystemPolicyAllFiles\s+Full Disk Access\s+Allow\s+identifier com\.bomgar\.bomgar-scc, team B65TM49E24, anchor apple generic$/m,
    )
  })

  it("tolerates keys in the wrong case, as PPPC Utility's importer does", async () => {
    const file = join(work, 'lower.mobileconfig')
    const text = (await readFile(join(GOOD, 'legacy-allowed.mobileconfig'), 'utf8')).replace(
      /<key>(PayloadContent|Services|Identifier|Allowed|CodeRequirement)<\/key>/g,
      (_m, k: string) => `<key>${k.toLowerCase()}</key>`,
    )
    await writeFile(file, text)
    const json = JSON.parse((await pppc(['inspect', file, '--json'])).stdout)
    expect(
      json.grants.map((g: {service: string; value: string; app: string}) => `${g.app} ${g.service} ${g.value}`),
    ).toEqual([
      'com.bomgar.bomgar-scc Accessibility Allow (Allowed true)',
      'com.bomgar.bomgar-scc SystemPolicyAllFiles Allow (Allowed true)',
    ])
  })

  it('names the signer of a signed profile', async () => {
    const json = JSON.parse((await pppc(['inspect', join(work, 'signed.mobileconfig'), '--json'])).stdout)
    expect(json.signature).toMatchObject({subject: 'CN=pppc test signer, O=pppc tests', verified: true})
    expect(json.grants).toHaveLength(3)
  })

  it('says when a file is not a profile (exit 2)', async () => {
    const result = await pppc(['inspect', join(BAD, 'PPPC001-not-a-plist.mobileconfig')])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(
      /^Error: .*PPPC001-not-a-plist\.mobileconfig is not readable as a profile: not a property list: text that is not XML; run pppc validate on it for details\n$/,
    )
  })
})
