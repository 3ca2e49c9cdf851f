import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {pppc, pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {FIXTURES} from '../helpers/paths.js'

const mac = (folder: string) => join(FIXTURES, 'macs', folder)

describe('pppc doctor (the built command)', () => {
  it.skipIf(process.platform === 'darwin')(
    'off a Mac and without --snapshot, says it needs a Mac or a snapshot (exit 2, one line)',
    async () => {
      // The first two tests run the binary (bin/run.js); the others check what doctor says, in this process
      // (test/cli/in-process.cli.test.ts holds that to the binary).
      expectOneLineError(
        await pppc(['doctor']),
        2,
        /^Error: pppc doctor needs a Mac or a snapshot; run it on the Mac, or run `pppc collect -o DIR` there and pass --snapshot DIR here$/,
      )
      const json = await pppc(['doctor', '--json'])
      expect(json.exitCode).toBe(2)
      expect(JSON.parse(json.stdout)).toEqual({
        error: {code: 'PPPC_INPUT', exit: 2, message: expect.stringMatching(/^pppc doctor needs a Mac or a snapshot/)},
      })
    },
  )

  it('reports a Kandji Mac: what the MDM grants, what is left, and the steps (exit 1: something to do)', async () => {
    const result = await pppc(['doctor', '--snapshot', mac('macos-13.7.8-kandji-profile')])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toBe('')
    const out = result.stdout
    expect(out).toMatch(/^pppc doctor: BeyondTrust Remote Support Customer Client \(com\.bomgar\.bomgar-scc\)\n/)
    expect(out).toMatch(
      /^macOS {6}macOS 13\.7\.8 Ventura \(22H730\): System Settings: turn on the toggle \(macOS 13 and later\)$/m,
    )
    expect(out).toMatch(
      /^MDM {8}enrolled through Automated Device Enrollment \(user approved\) at https:\/\/acme\.kandji\.io\/mdm\/checkin \(Kandji \(Iru\)\)$/m,
    )
    expect(out).toMatch(/^ {11}identified by: the enrollment server acme\.kandji\.io is Kandji \(Iru\)'s; /m)
    expect(out).toMatch(/^User {7}pnguyen: administrator$/m)
    expect(out).toMatch(
      /^ {2}Accessibility {5}granted by MDM\n {6}granted by profile "BeyondTrust Remote Support PPPC"/m,
    )
    expect(out).toMatch(/^ {2}Screen Recording {2}missing; the user can turn it on$/m)
    expect(out).toContain('Verdict: The Action Required window will show, with Screen Recording to grant.')
    expect(out).toMatch(/^What the user sees and does on macOS 13\.7\.8 Ventura \(22H730\)$/m)
    expect(out.replace(/\s+/g, ' ')).toContain(
      'The Accessibility section already has a green checkmark and its button says Revoke Access: leave it.',
    )
    // Doctor starts at the first launch: the download is behind the user.
    expect(out).not.toMatch(/^Download the app$/m)
  })

  it('exits 0 when there is nothing to do', async () => {
    const result = await pppcInProcess(['doctor', '--snapshot', mac('macos-14.6-everything-granted')])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(
      'Verdict: The Action Required window will not show: every permission it asks for is granted.',
    )
  })

  it('says what is wrong and how to fix it: a requirement mismatch, an enrollment not user approved, no Full Disk Access', async () => {
    const mismatch = await pppcInProcess(['doctor', '--snapshot', mac('macos-15.7.9-requirement-mismatch')])
    expect(mismatch.stdout.replace(/\s+/g, ' ')).toContain(
      'x Profile "BeyondTrust Remote Support" (C7D8E9F0-1A2B-4C3D-8E4F-5A6B7C8D9E0F) names com.bomgar.bomgar-scc, but its code requirement does not match the installed client',
    )
    const approval = await pppcInProcess(['doctor', '--snapshot', mac('macos-26.1-not-user-approved')])
    expect(approval.stdout.replace(/\s+/g, ' ')).toContain(
      'x MDM enrollment (https://acme.kandji.io/mdm/checkin) is not user approved: macOS applies no PPPC profile',
    )
    const fda = await pppcInProcess(['doctor', '--snapshot', mac('macos-26.6.2-no-full-disk-access')])
    expect(fda.exitCode).toBe(1)
    expect(fda.stdout.replace(/\s+/g, ' ')).toContain('! pppc cannot read TCC.db: Terminal needs Full Disk Access.')
    expect(fda.stdout).toMatch(/^TCC\.db {5}read as Terminal: Full Disk Access no$/m)
  })

  it('gives the whole diagnosis with --json', async () => {
    const result = await pppcInProcess(['doctor', '--snapshot', mac('macos-15.7.9-requirement-mismatch'), '--json'])
    expect(result.exitCode).toBe(1)
    const d = JSON.parse(result.stdout)
    // The keys of the first release, and the ones added since (additive only).
    expect(Object.keys(d).sort()).toEqual([
      'agents',
      'app',
      'client',
      'enrollment',
      'findings',
      'launchers',
      'macos',
      'mdm',
      'profiles',
      'reader',
      'screenCapture',
      'services',
      'snapshot',
      'source',
      'steps',
      'stepsFrom',
      'tcc',
      'unknowns',
      'user',
      'verdict',
    ])
    expect(d.snapshot).toEqual({format: 2, observedAt: '2025-03-04T11:30:00Z'})
    expect(d.services.map((s: {service: string; state: string}) => `${s.service}=${s.state}`)).toEqual([
      'ScreenCapture=denied',
      'Accessibility=missing',
      'SystemPolicyAllFiles=missing',
    ])
    expect(d.steps.flow.id).toBe('toggle')
  })

  it.each(['broken-missing-files', 'broken-garbage-tcc', 'broken-unknown-schema'])(
    'reads the malformed snapshot %s into a partial report, never a crash',
    async (folder) => {
      const result = await pppcInProcess(['doctor', '--snapshot', mac(folder)])
      expect(result.exitCode).toBe(1)
      expect(result.stderr).toBe('')
      expect(result.stdout).toMatch(/^Unknown\n {2}\? /m)
      expect(result.stdout).toMatch(/^Verdict: pppc cannot tell whether the Action Required window will show/m)
    },
  )

  it('refuses a folder that is not a snapshot, and an app not in the catalogue, in one line (exit 2)', async () => {
    expectOneLineError(
      await pppcInProcess(['doctor', '--snapshot', mac('no-such-mac')]),
      2,
      /is not a folder; give the folder written by `pppc collect -o DIR`/,
    )
    expectOneLineError(
      await pppcInProcess(['doctor', '--snapshot', mac('macos-14.6-everything-granted'), '--app', 'nosuch']),
      2,
      /no app "nosuch" in the catalogue/,
    )
  })
})
