import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync, statSync} from 'node:fs'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Diagnosis} from '../../src/checks/diagnose.js'
import {doctorVerdict} from '../../src/fleet/causes.js'
import {parseResultLine} from '../../src/fleet/result-line.js'
import {pppc, pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {FIXTURES} from '../helpers/paths.js'
import {replayMac} from '../helpers/replay-mac.js'

const MACS = join(FIXTURES, 'macs')
const SHELLS = ['/bin/sh', '/bin/bash'].filter((s) => existsSync(s))
const SLOW = {timeout: 120_000}

/** Every recorded Mac doctor diagnoses: doctor --snapshot --json gives a verdict (the install-* Macs give none). */
const recorded = readdirSync(MACS, {withFileTypes: true})
  .filter((d) => d.isDirectory() && existsSync(join(MACS, d.name, 'commands.json')))
  .map((d) => d.name)
  .sort()

let work: string
const scripts: Record<string, string> = {}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pppc-fleet-script-'))
  // The scripts under test, as the binary (bin/run.js) prints them.
  for (const mdm of ['jamf', 'kandji', 'generic']) {
    const result = await pppc(['fleet', 'script', '--mdm', mdm])
    expect(result.exitCode, result.stderr).toBe(0)
    scripts[mdm] = join(work, `${mdm}.sh`)
    await writeFile(scripts[mdm], result.stdout, {mode: 0o755})
  }
}, 60_000)
afterAll(() => rm(work, {recursive: true, force: true}))

/** Runs the script for `mdm` against a recorded Mac made ready by replayMac (which the runs on one Mac share). */
async function runScript(mdm: string, env: Record<string, string>, shell = '/bin/sh') {
  const result = await execa(shell, [scripts[mdm]!], {
    env: {...env, PPPC_PATH: env.PATH!},
    extendEnv: false,
    reject: false,
    timeout: 60_000,
  })
  return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)}
}

// The Macs run side by side (vitest's maxConcurrency, 5): each is four runs of a shell script of its own, about a
// hundred short processes, and the file would otherwise be the last one running on a 2-core machine. Concurrent tests
// take expect and onTestFinished from their own context.
describe('the fleet script on every recorded Mac', () => {
  it.concurrent.for(recorded)(
    '%s: the same verdict as doctor --snapshot (window, sections, cause of each)',
    SLOW,
    async (mac, {expect, onTestFinished}) => {
      // Doctor's answer, in this process (test/cli/in-process.cli.test.ts holds that to the binary's).
      const doctor = await pppcInProcess(['doctor', '--snapshot', join(MACS, mac), '--json'])
      const diagnosis = JSON.parse(doctor.stdout) as Diagnosis & {error?: unknown}
      if (!diagnosis.verdict) {
        // Doctor gives no diagnosis of this folder (an install-* recording): there is nothing to compare.
        expect(diagnosis.error, `doctor on ${mac}: ${doctor.stdout}`).toBeDefined()
        return
      }
      const expected = doctorVerdict(diagnosis)
      const {env, dir} = await replayMac(join(MACS, mac))
      onTestFinished(() => rm(dir, {recursive: true, force: true}))
      for (const shell of SHELLS) {
        const jamf = await runScript('jamf', env, shell)
        expect(jamf.exitCode, jamf.stderr).toBe(0)
        expect(jamf.stdout).toMatch(/^<result>pppc1 [^\n]*<\/result>$/)
        const line = parseResultLine(jamf.stdout)
        expect({window: line?.window, show: line?.show, unsure: line?.unsure}, `${shell} on ${mac}`).toEqual(expected)
        // The sections that show are doctor's, in its order.
        const labels = diagnosis.services
          .filter((s) => expected.show.some((x) => x.service === s.service))
          .map((s) => s.label)
        expect(labels).toEqual(diagnosis.verdict.sections)
        expect(line?.macos).toBe(diagnosis.macos.known ? diagnosis.macos.version : null)
        expect(line?.app).toBe(diagnosis.app.key)
      }
      const kandji = await runScript('kandji', env)
      expect(kandji.exitCode).toBe(expected.window === 'does-not-show' ? 0 : 1)
      expect(parseResultLine(kandji.stdout)?.window).toBe(expected.window)
      const generic = await runScript('generic', env)
      const json = JSON.parse(generic.stdout) as {
        format: string
        window: string
        show: unknown
        unsure: unknown
        line: string
      }
      expect({window: json.window, show: json.show, unsure: json.unsure}).toEqual(expected)
      expect(parseResultLine(json.line)).toMatchObject(expected)
    },
  )
})

describe('pppc fleet script', () => {
  it(
    'writes FILE (755, not over an existing one without --force), says so in --json, errs in one line',
    SLOW,
    async () => {
      const file = join(work, 'out.sh')
      const written = await pppcInProcess(['fleet', 'script', '--mdm', 'kandji', '-o', file, '--json'])
      expect(written.exitCode, written.stderr).toBe(0)
      const result = JSON.parse(written.stdout) as {
        app: string
        mdm: string
        file: string
        bytes: number
        script: string
      }
      expect(result).toMatchObject({app: 'beyondtrust-rs-customer-client', mdm: 'kandji', file})
      expect(result.script).toMatch(/^#!\/bin\/sh\n/)
      expect(statSync(file).mode & 0o777).toBe(0o755)
      expectOneLineError(
        await pppcInProcess(['fleet', 'script', '--mdm', 'kandji', '-o', file]),
        2,
        /already exists.*--force/,
      )
      expectOneLineError(await pppcInProcess(['fleet', 'script']), 2, /--mdm/)
      expectOneLineError(
        await pppcInProcess(['fleet', 'script', '--mdm', 'jamf', '--app', 'beyondtrsut']),
        2,
        /no app "beyondtrsut"/,
      )
      const zoom = await pppcInProcess(['fleet', 'script', '--mdm', 'generic', '--app', 'zoom'])
      expect(zoom.exitCode).toBe(0)
      expect(zoom.stdout).toContain("bundle_id='us.zoom.xos'")
    },
  )
})

describe('the fleet script writes nothing', () => {
  it('leaves the snapshot, its working folder, HOME and TMPDIR as they were', SLOW, async () => {
    const mac = join(MACS, 'macos-14.8.9-stale-grants')
    const {env, dir} = await replayMac(mac)
    const scratch = await mkdtemp(join(tmpdir(), 'pppc-fleet-cwd-'))
    const tree = (root: string) =>
      execFileSync('find', [root, '-printf', '%p %s %T@\\n'], {encoding: 'utf8'}).split('\n').sort().join('\n')
    const before = tree(join(mac, 'files'))
    try {
      const result = await execa('/bin/sh', [scripts.jamf!], {
        env: {...env, PPPC_PATH: env.PATH!, HOME: scratch, TMPDIR: scratch},
        cwd: scratch,
        extendEnv: false,
      })
      expect(result.stdout).toContain('window=shows')
      expect(readdirSync(scratch)).toEqual([])
      expect(tree(join(mac, 'files'))).toBe(before)
    } finally {
      await rm(scratch, {recursive: true, force: true})
      await rm(dir, {recursive: true, force: true})
    }
  })
})

describe('the fleet script is shellcheck clean', () => {
  const shellcheck = (() => {
    try {
      return execFileSync('sh', ['-c', 'command -v shellcheck'], {encoding: 'utf8'}).trim()
    } catch {
      return ''
    }
  })()
  const required = Boolean(process.env.PPPC_REQUIRE_SHELLCHECK)
  if (!shellcheck && !required)
    console.warn(
      'shellcheck tests skipped: no shellcheck (apt-get install shellcheck; PPPC_REQUIRE_SHELLCHECK=1 makes this a failure)',
    )

  it.skipIf(!shellcheck && !required).each(['jamf', 'kandji', 'generic'])('--mdm %s as sh and as bash', (mdm) => {
    expect(shellcheck, 'shellcheck is not installed (apt-get install shellcheck)').not.toBe('')
    for (const dialect of ['sh', 'bash'])
      expect(() => execFileSync(shellcheck, ['-s', dialect, scripts[mdm]!], {encoding: 'utf8'})).not.toThrow()
  })

  it.skipIf(!shellcheck && !required)('the test stub too', () => {
    expect(() => execFileSync(shellcheck, [join(FIXTURES, '..', 'test', 'helpers', 'mac-stub.sh')])).not.toThrow()
  })
})
