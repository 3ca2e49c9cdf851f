import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse as parsePlist} from 'plist'
import {beforeAll, describe, expect, it} from 'vitest'
import {pppc, pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {FIXTURES} from '../helpers/paths.js'

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pppc-cli-'))
})

// The first two tests, and the first of apps, run the binary (bin/run.js); the others check what generate says, in
// this process (test/cli/in-process.cli.test.ts holds that to the binary).
describe('pppc generate (the built command)', () => {
  it('prints a Kandji profile for the BeyondTrust client on stdout, notes on stderr', async () => {
    const result = await pppc(['generate', '--app', 'beyondtrust', '--mdm', 'kandji'])
    expect(result.exitCode).toBe(0)
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed profile, read by path in the assertions
    const profile = parsePlist(result.stdout) as Record<string, any>
    expect(profile.PayloadContent[0].Services.ScreenCapture[0].Authorization).toBe(
      'AllowStandardUserToSetSystemService',
    )
    expect(result.stderr).toMatch(/^note: Kandji: add it as a Custom Profile/m)
    expect(result.stderr).toMatch(/^note: Apple deprecates Accessibility in PPPC from macOS 27/m)
    expect(result.stderr).not.toMatch(/^warning:/m)
  })

  it('gives the same bytes on every run', async () => {
    // Two processes: the same bytes from separate runs, not from one run's state.
    const a = await pppc(['generate', '--app', 'beyondtrust', '--mdm', 'jamf', '--identifier', 'edu.example.bt'])
    const b = await pppc(['generate', '--app', 'beyondtrust', '--mdm', 'jamf', '--identifier', 'edu.example.bt'])
    expect(a.stdout).toBe(b.stdout)
    expect(a.stdout.length).toBeGreaterThan(1000)
  })

  it('writes -o atomically, keeps an existing file without --force, replaces it with --force', async () => {
    const file = join(work, 'bt.mobileconfig')
    const first = await pppcInProcess(['generate', '--app', 'beyondtrust', '-o', file])
    expect(first.exitCode).toBe(0)
    expect(first.stdout).toMatch(/^Wrote .*bt\.mobileconfig \(\d+ bytes, mobileconfig for generic\)/)
    const written = await readFile(file, 'utf8')
    expect(written).toMatch(/<key>Services<\/key>/)

    await writeFile(file, 'keep me')
    expectOneLineError(
      await pppcInProcess(['generate', '--app', 'beyondtrust', '-o', file]),
      2,
      /already exists; pass --force to replace it/,
    )
    expect(await readFile(file, 'utf8')).toBe('keep me')

    expect((await pppcInProcess(['generate', '--app', 'beyondtrust', '-o', file, '--force'])).exitCode).toBe(0)
    expect(await readFile(file, 'utf8')).toBe(written)
    expect((await readdir(work)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('answers --json with a stable shape', async () => {
    const result = await pppcInProcess(['generate', '--app', 'beyondtrust', '--mdm', 'kandji', '--json'])
    expect(result.exitCode).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(Object.keys(json).sort()).toEqual([
      'apps',
      'content',
      'fileName',
      'format',
      'identifier',
      'mdm',
      'notes',
      'output',
      'warnings',
    ])
    expect(json).toMatchObject({
      format: 'mobileconfig',
      mdm: 'kandji',
      output: null,
      identifier: 'pppc.beyondtrust-rs-customer-client',
    })
    expect(json.apps[0]).toMatchObject({identifier: 'com.bomgar.bomgar-scc', verification: 'verified'})
    expect(result.stderr).toBe('')
  })

  it('refuses an impossible grant with a one-line error and exit 2 (and JSON with --json)', async () => {
    expectOneLineError(
      await pppcInProcess(['generate', '--app', 'beyondtrust', '--grant', 'ScreenCapture=Allow']),
      2,
      /a profile cannot grant Screen Recording \(ScreenCapture\); use allow-standard-user/,
    )
    const json = await pppcInProcess(['generate', '--app', 'beyondtrust', '--grant', 'ScreenCapture=Allow', '--json'])
    expect(json.exitCode).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({
      error: {code: 'PPPC_INPUT', exit: 2, message: expect.stringMatching(/cannot grant Screen Recording/)},
    })
  })

  it.each([
    [['generate'], /no app given/],
    [['generate', '--app', 'nosuchapp'], /no app "nosuchapp" in the catalogue/],
    [
      ['generate', '--app', 'beyondtrust', '--mdm', 'intune'],
      /Expected --mdm=intune to be one of: kandji, jamf, generic; see --help/,
    ],
    [['generate', '--app', 'beyondtrust', '--frobnicate'], /Nonexistent flag: --frobnicate/],
    [['generate', '--bundle-id', 'com.example.x', '--grant', 'fda=allow'], /no code requirement for com.example.x/],
    [['generate', '--spec', '/nonexistent/spec.yaml'], /cannot read --spec \/nonexistent\/spec.yaml \(ENOENT\)/],
    [
      ['generate', '--path', '/Applications/Tool.app', '--code-requirement', 'identifier "t" and anchor apple generic'],
      /--path "\/Applications\/Tool.app" names an app bundle, not an executable/,
    ],
    [
      ['generate', '--from-app', '/Applications/Foo.app', '--snapshot', '/nonexistent'],
      /snapshot "\/nonexistent" is not a folder/,
    ],
  ])('pppc %j fails with one line', async (args, message) => {
    expectOneLineError(await pppcInProcess(args), 2, message)
  })

  it('reads an installed app from a recorded Mac with --from-app --snapshot, keeping the catalogue grants', async () => {
    const result = await pppcInProcess([
      'generate',
      '--from-app',
      '/Applications/.com.bomgar.scc.2A7F3C91/Remote Support Customer Client.app',
      '--snapshot',
      join(FIXTURES, 'macs', 'macos-14.6-beyondtrust-installed'),
      '--json',
    ])
    expect(result.exitCode).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(json.apps[0].identifier).toBe('com.bomgar.bomgar-scc')
    expect(json.apps[0].grants.map((g: {service: string}) => g.service)).toEqual([
      'Accessibility',
      'SystemPolicyAllFiles',
      'ScreenCapture',
    ])
  })

  it('takes a spec file', async () => {
    const spec = join(work, 'pppc.yaml')
    await writeFile(
      spec,
      'identifier: edu.example.spec\napps:\n  - app: zoom\n  - bundleId: com.example.tool\n    codeRequirement: identifier "com.example.tool" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345\n    grants: {fda: allow}\n',
    )
    const result = await pppcInProcess(['generate', '--spec', spec, '--json'])
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.stdout).apps.map((a: {identifier: string}) => a.identifier)).toEqual([
      'us.zoom.xos',
      'com.example.tool',
    ])
  })
})

describe('pppc apps', () => {
  it('lists the catalogue with verification marks', async () => {
    const result = await pppc(['apps'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(
      /^beyondtrust-rs-customer-client\s+com\.bomgar\.bomgar-scc\s+B65TM49E24\s+verified\s+Accessibility=allow/m,
    )
    expect(result.stdout).toMatch(/^jump-desktop-connect\s+.*UNVERIFIED/m)
  })

  it('shows one app with its sources, and JSON for scripts', async () => {
    const one = await pppcInProcess(['apps', 'bomgar'])
    expect(one.stdout).toMatch(/team ID:\s+B65TM49E24/)
    expect(one.stdout).toMatch(/sources:\n\s+- https:\/\/docs\.beyondtrust\.com/)
    expect(one.stdout).toMatch(/optional grants:.*add with --grant/)
    const json = JSON.parse((await pppcInProcess(['apps', 'zoom', '--json'])).stdout)
    expect(json.app).toMatchObject({key: 'zoom', bundleId: 'us.zoom.xos', teamId: 'BJ4HAAB9B3'})
  })

  it('lists the 24 services, and fails in one line for an unknown app', async () => {
    const services = JSON.parse((await pppcInProcess(['apps', '--services', '--json'])).stdout).services
    expect(services).toHaveLength(24)
    expectOneLineError(await pppcInProcess(['apps', 'nosuch']), 2, /no app "nosuch" in the catalogue/)
  })
})
