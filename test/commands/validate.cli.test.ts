import {cp, mkdir, mkdtemp, readFile, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {pppc, pppcInProcess} from '../helpers/cli.js'
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

// The first two run the binary (bin/run.js), for its exit codes 0 and 1; the rest check what validate says, in this
// process (test/cli/in-process.cli.test.ts holds that to the binary).
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
    const result = await pppcInProcess(['validate', `${work}/repo/**/*.mobileconfig`, '--json'])
    expect(JSON.parse(result.stdout).files.map((f: {path: string}) => f.path.split('/').pop())).toEqual([
      'bt.mobileconfig',
      'screen.mobileconfig',
    ])
  })

  it('fails warnings only with --strict', async () => {
    const file = join(BAD, 'PPPC055-duplicate-entry.mobileconfig')
    expect((await pppcInProcess(['validate', file])).exitCode).toBe(0)
    expect((await pppcInProcess(['validate', '--strict', file])).exitCode).toBe(1)
  })

  it('writes GitHub annotations, with the severity of each finding', async () => {
    const result = await pppcInProcess([
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
    const first = await pppcInProcess([
      'validate',
      '--format',
      'sarif',
      '-o',
      out,
      join(BAD, 'PPPC044-stray-text.mobileconfig'),
    ])
    expect(first.exitCode).toBe(1)
    expect(first.stderr).toMatch(/report written to/)
    expect(JSON.parse(await readFile(out, 'utf8')).runs[0].results[0].ruleId).toBe('PPPC044')
    const second = await pppcInProcess([
      'validate',
      '--format',
      'sarif',
      '-o',
      out,
      join(GOOD, 'legacy-allowed.mobileconfig'),
    ])
    expect(second.exitCode).toBe(2)
    expect(second.stderr).toMatch(/already exists; pass --force/)
  })

  it('checks versions and MDM when asked', async () => {
    const result = await pppcInProcess([
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
    const ok = await pppcInProcess(['validate', join(work, 'signed.mobileconfig')])
    expect(ok.exitCode).toBe(0)
    // Valid, but a self-made certificate can carry any name: said plainly, and a warning.
    expect(ok.stdout).toMatch(
      /signed\.mobileconfig: \(signature valid, signer CN=pppc test signer, O=pppc tests \(self-signed\), chain not checked\)/,
    )
    expect(ok.stdout).toMatch(/warning PPPC065 the signer CN=pppc test signer, O=pppc tests is self-signed/)
    const bad = await pppcInProcess(['validate', join(work, 'tampered.mobileconfig')])
    expect(bad.exitCode).toBe(1)
    expect(bad.stdout).toMatch(/error PPPC004 the signature by CN=pppc test signer, O=pppc tests does not verify/)
  })

  it.each([
    [['validate'], /no files given/],
    [['validate', '/nonexistent/profile.mobileconfig'], /no such file or folder: \/nonexistent\/profile\.mobileconfig/],
    [['validate', '/nonexistent/**/*.mobileconfig'], /no files match/],
    // A device was called missing: it is there, and refused for what it is.
    [['validate', '/dev/null'], /cannot read \/dev\/null \(not a regular file: a FIFO, socket or device\)/],
    [['validate', '--min-macos', 'ventura', 'x'], /--min-macos "ventura" is not a macOS version/],
    [['validate', '--format', 'xml', 'x'], /Expected --format=xml to be one of/],
  ])('%j: one-line error, exit 2', async (args, message) => {
    const result = await pppcInProcess(args)
    expect(result.exitCode).toBe(2)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
  })

  // A symlinked profile was skipped without a word (a folder of links passed, or was "no profiles found"), and one file
  // that could not be read ended the whole run with no report for the others.
  describe('a folder with symlinks', () => {
    let folder: string
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'pppc-links-'))
      await mkdir(join(folder, 'profiles'))
      await mkdir(join(folder, 'elsewhere'))
      await cp(
        join(BAD, 'PPPC034-pppc-in-custom-settings.mobileconfig'),
        join(folder, 'elsewhere', 'linked.mobileconfig'),
      )
      await cp(join(GOOD, 'beyondtrust-authorization.mobileconfig'), join(folder, 'profiles', 'a-regular.mobileconfig'))
      await symlink(join('..', 'elsewhere', 'linked.mobileconfig'), join(folder, 'profiles', 'b-linked.mobileconfig'))
      await symlink(join('..', 'gone.mobileconfig'), join(folder, 'profiles', 'c-broken.mobileconfig'))
      // A link to a folder is not walked into (links can loop); what it holds is validated when it is named.
      await symlink(join('..', 'elsewhere'), join(folder, 'profiles', 'd-folder-link'))
    })

    it('validates a linked profile, reports a broken link on its own line and ends with exit 2', async () => {
      const result = await pppcInProcess(['validate', join(folder, 'profiles'), '--format', 'json'])
      const report = JSON.parse(result.stdout) as {files: {path: string; findings: {rule: string; message: string}[]}[]}
      expect(report.files.map((f) => f.path.slice(folder.length + 1))).toEqual([
        join('profiles', 'a-regular.mobileconfig'),
        join('profiles', 'b-linked.mobileconfig'),
        join('profiles', 'c-broken.mobileconfig'),
      ])
      expect(report.files[0]!.findings.filter((f) => f.rule !== 'PPPC013')).toEqual([])
      expect(report.files[1]!.findings.map((f) => f.rule)).toContain('PPPC034')
      expect(report.files[2]!.findings).toEqual([
        expect.objectContaining({rule: 'PPPC084', message: 'pppc cannot read this file (ENOENT)'}),
      ])
      expect(result.exitCode).toBe(2)
    })

    it('still says a single unreadable file in one line', async () => {
      const result = await pppcInProcess(['validate', join(folder, 'profiles', 'c-broken.mobileconfig')])
      expect(result.exitCode).toBe(2)
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(/no such file or folder: .*c-broken\.mobileconfig/)
    })

    it('can be told that a broken link does not matter there (.pppc.yaml)', async () => {
      const config = join(folder, 'pppc.yaml')
      await writeFile(config, 'rules:\n  PPPC084: off\n')
      const result = await pppcInProcess(['validate', join(folder, 'profiles'), '--config', config])
      expect(result.stdout).not.toMatch(/PPPC084/)
      expect(result.exitCode).toBe(1)
    })
  })

  it('lists its rules', async () => {
    const result = await pppcInProcess(['validate', '--rules'])
    expect(result.stdout).toMatch(/^PPPC050 {2}error {4}The value is not allowed for this service$/m)
  })
})

describe('pppc validate: configuration, comments and rule documentation', () => {
  let repo: string
  const dup = join(BAD, 'PPPC055-duplicate-entry.mobileconfig')

  beforeAll(async () => {
    repo = join(work, 'configured')
    await mkdir(join(repo, 'legacy', 'deep'), {recursive: true})
    await mkdir(join(repo, 'strict'), {recursive: true})
    await mkdir(join(repo, 'empty', 'notes'), {recursive: true})
    await writeFile(join(repo, 'empty', 'notes', 'README.md'), 'no profiles here')
    await cp(dup, join(repo, 'legacy', 'deep', 'dup.mobileconfig'))
    await cp(dup, join(repo, 'strict', 'dup.mobileconfig'))
    await writeFile(
      join(repo, '.pppc.yaml'),
      [
        '# yaml-language-server: $schema=../schemas/pppc-config.schema.json',
        'rules:',
        '  PPPC055: off',
        'overrides:',
        '  - files: ["strict/**"]',
        '    rules:',
        '      PPPC055: error',
        '',
      ].join('\n'),
    )
  })

  it('finds .pppc.yaml upward from each file: off globally, error for files matching an override glob', async () => {
    const legacy = await pppcInProcess(['validate', join(repo, 'legacy')])
    expect(legacy.exitCode).toBe(0)
    expect(legacy.stdout).toMatch(/dup\.mobileconfig: ok/)
    const strict = await pppcInProcess(['validate', '--format', 'json', join(repo, 'strict')])
    expect(strict.exitCode).toBe(1)
    expect(JSON.parse(strict.stdout).files[0].findings[0]).toMatchObject({rule: 'PPPC055', severity: 'error'})
  })

  it('--config FILE applies one configuration to every file, globs relative to its folder', async () => {
    const config = join(work, 'elsewhere.yaml')
    await writeFile(config, 'rules:\n  PPPC055: info\n')
    const result = await pppcInProcess(['validate', '--config', config, '--strict', join(repo, 'strict')])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/info PPPC055/)
  })

  it.each([
    ['rule:\n  PPPC055: off\n', /\.yaml:1: unknown key "rule" at the top level; did you mean "rules"\?/],
    ['rules:\n  PPPC55: off\n', /\.yaml:2: "PPPC55" is not a rule; did you mean "PPPC055"\?/],
    [
      'rules:\n  PPPC055: of\n',
      /\.yaml:2: PPPC055 is set to "of"; did you mean "off"\? \(error, warning, info or off\)/,
    ],
    [
      'overrides:\n  - file: "*.plist"\n    rules: {PPPC055: off}\n',
      /\.yaml:2: unknown key "file" in overrides\[0\]; did you mean "files"\?/,
    ],
    ['rules: [PPPC055]\n', /\.yaml:1: rules must be a map of rule ids to error, warning, info or off/],
    ['rules:\n  PPPC055: off\n  bad: [\n', /\.yaml:\d+: not valid YAML/],
  ])('a configuration that does not fit the schema is a one-line error, exit 2: %j', async (text, message) => {
    const config = join(work, 'broken.yaml')
    await writeFile(config, text)
    const result = await pppcInProcess(['validate', '--config', config, dup])
    expect(result.exitCode).toBe(2)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
  })

  it('honours <!-- pppc-disable-next-line --> and <!-- pppc-disable-file --> in XML profiles', async () => {
    const text = await readFile(join(BAD, 'PPPC013-not-reverse-dns.mobileconfig'), 'utf8')
    const nextLine = join(work, 'next-line.mobileconfig')
    await writeFile(
      nextLine,
      text.replace(
        '\t<key>PayloadIdentifier</key>\n\t<string>0F1E',
        '\t<!-- pppc-disable-next-line PPPC013 -- the MDM rewrites it -->\n\t<key>PayloadIdentifier</key>\n\t<string>0F1E',
      ),
    )
    const fileWide = join(work, 'file-wide.mobileconfig')
    await writeFile(
      fileWide,
      text.replace('<plist version="1.0">', '<!-- pppc-disable-file PPPC013 -->\n<plist version="1.0">'),
    )
    const typo = join(work, 'typo.mobileconfig')
    await writeFile(
      typo,
      text.replace('<plist version="1.0">', '<!-- pppc-disable-file PPPC13 -->\n<plist version="1.0">'),
    )
    const result = await pppcInProcess(['validate', '--strict', nextLine, fileWide])
    expect(result.stdout).toMatch(/next-line\.mobileconfig: ok/)
    expect(result.stdout).toMatch(/file-wide\.mobileconfig: ok/)
    expect(result.exitCode).toBe(0)
    const wrong = await pppcInProcess(['validate', typo])
    expect(wrong.stdout).toMatch(
      /typo\.mobileconfig:4:1: warning PPPC007 "PPPC13" in a pppc-disable comment is not a rule; did you mean PPPC013\?/,
    )
    expect(wrong.stdout).toMatch(/warning PPPC013/)
  })

  it('says "no profiles found" for a folder without profiles (exit 2)', async () => {
    const result = await pppcInProcess(['validate', join(repo, 'empty')])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/^Error: no profiles found in .*empty/)
  })

  it('--explain prints why, what Apple says, an example and the fix', async () => {
    const result = await pppcInProcess(['validate', '--explain', 'PPPC057'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^PPPC057 {2}error {2}identity$/m)
    for (const heading of ['Why', 'What Apple says', 'Example', 'Fix'])
      expect(result.stdout).toMatch(new RegExp(`^${heading}: \\S`, 'm'))
    const json = JSON.parse((await pppcInProcess(['validate', '--explain', 'pppc057', '--json'])).stdout)
    expect(json.rule).toMatchObject({id: 'PPPC057', severity: 'error'})
    const unknown = await pppcInProcess(['validate', '--explain', 'PPPC57'])
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toMatch(/"PPPC57" is not a rule; did you mean PPPC057\?/)
  })
})

describe('pppc inspect', () => {
  it('shows what a profile grants, with System Settings names and requirement pins', async () => {
    const result = await pppcInProcess(['inspect', join(GOOD, 'beyondtrust-authorization.mobileconfig')])
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
    const json = JSON.parse((await pppcInProcess(['inspect', file, '--json'])).stdout)
    expect(
      json.grants.map((g: {service: string; value: string; app: string}) => `${g.app} ${g.service} ${g.value}`),
    ).toEqual([
      'com.bomgar.bomgar-scc Accessibility Allow (Allowed true)',
      'com.bomgar.bomgar-scc SystemPolicyAllFiles Allow (Allowed true)',
    ])
  })

  it('names the signer of a signed profile', async () => {
    const json = JSON.parse((await pppcInProcess(['inspect', join(work, 'signed.mobileconfig'), '--json'])).stdout)
    expect(json.signature).toMatchObject({subject: 'CN=pppc test signer, O=pppc tests', verified: true})
    expect(json.grants).toHaveLength(3)
  })

  it('says when a file is not a profile (exit 2)', async () => {
    const result = await pppcInProcess(['inspect', join(BAD, 'PPPC001-not-a-plist.mobileconfig')])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(
      /^Error: .*PPPC001-not-a-plist\.mobileconfig is not readable as a profile: not a property list: text that is not XML; run pppc validate on it for details\n$/,
    )
  })
})
