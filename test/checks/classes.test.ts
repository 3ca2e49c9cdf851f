import {cp, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {type Diagnosis, diagnose} from '../../src/checks/diagnose.js'
import {gatherFacts} from '../../src/checks/gather.js'
import {requireApp} from '../../src/profiles/catalogue.js'
import {PROFILES, pgrepArgv} from '../../src/system/mac-commands.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {FIXTURES} from '../helpers/paths.js'

/**
 * The classes of issue 11, one recorded Mac each: the Macs on which doctor was wrong, or only partly right, before.
 * Each test says what the user would notice: whether the window shows, with which sections, the problem and its fix.
 */
const APP = requireApp('beyondtrust')
const folder = (name: string) => join(FIXTURES, 'macs', name)
const factsOf = async (dir: string) => gatherFacts(await RecordedMac.open(dir), APP)
const diagnoseAt = async (dir: string): Promise<Diagnosis> => diagnose(await factsOf(dir))
const diagnoseMac = (name: string) => diagnoseAt(folder(name))
const states = (d: Diagnosis) => Object.fromEntries(d.services.map((s) => [s.service, s.state]))
const ids = (d: Diagnosis) => d.findings.map((f) => f.id)
const stepIds = (d: Diagnosis) => d.steps!.sections.flatMap((s) => s.steps.map((st) => st.id))
const stepText = (d: Diagnosis, id: string) =>
  d.steps!.sections.flatMap((s) => s.steps).find((st) => st.id === id)?.text

/** A temporary copy of a recorded Mac, changed by `edit` (commands.json as an object; the folder). */
async function variant(
  name: string,
  edit: (
    index: {
      commands: {argv: string[]; stdout: string; exitCode: number; stderr: string}[]
      files: {path: string; status: string; message?: string}[]
    },
    dir: string,
  ) => Promise<void> | void,
): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'pppc-variant-')), name)
  await cp(folder(name), dir, {recursive: true})
  const file = join(dir, 'commands.json')
  const index = JSON.parse(await readFile(file, 'utf8'))
  await edit(index, dir)
  await writeFile(file, JSON.stringify(index))
  return dir
}

describe('stale grants: TCC.db keeps the code requirement a decision was made for', () => {
  it('a grant to a copy signed by another team, or to another build by CDHash, is stale: the window shows it, reset then grant', async () => {
    const d = await diagnoseMac('macos-14.8.9-stale-grants')
    expect(states(d)).toEqual({ScreenCapture: 'stale', Accessibility: 'stale', SystemPolicyAllFiles: 'granted'})
    expect(d.verdict).toMatchObject({window: 'shows', sections: ['Screen Recording', 'Accessibility']})
    const screen = d.services.find((s) => s.service === 'ScreenCapture')!
    expect(screen.grantRequirement).toEqual({
      text: expect.stringContaining('certificate leaf[subject.OU] = Q7X2M9K4LA'),
      result: 'not-satisfied',
      reason: 'requires Team ID Q7X2M9K4LA, the app is signed by B65TM49E24',
    })
    expect(d.services.find((s) => s.service === 'Accessibility')!.grantRequirement).toMatchObject({
      text: expect.stringMatching(/^identifier "com\.bomgar\.bomgar-scc" and cdhash H"[0-9a-f]{40}"$/),
      result: 'not-satisfied',
    })
    // The Full Disk Access grant was given to the current signature: it holds.
    expect(d.services.find((s) => s.service === 'SystemPolicyAllFiles')!.grantRequirement).toMatchObject({
      result: 'satisfied',
    })
    const stale = d.findings.filter((f) => f.id === 'service-stale')
    expect(stale.map((f) => [f.level, f.command])).toEqual([
      ['problem', 'sudo tccutil reset ScreenCapture com.bomgar.bomgar-scc'],
      ['problem', 'sudo tccutil reset Accessibility com.bomgar.bomgar-scc'],
    ])
    expect(stale[0]!.fix).toBe(
      'reset the old decision, then grant it again: sudo tccutil reset ScreenCapture com.bomgar.bomgar-scc',
    )
    // macOS asks again, as if never asked: the Deny of the first request comes back, Full Disk Access is left out.
    expect(stepIds(d)).toEqual(
      expect.arrayContaining([
        'deny-screen-recording-request',
        'toggle-screen-recording-grant',
        'toggle-accessibility',
      ]),
    )
    expect(stepIds(d)).not.toContain('toggle-full-disk-access')
  })

  it('says unknown, not granted, when the snapshot cannot tell who signed the client', async () => {
    // The same Mac without the Authority chain and Gatekeeper's verdict: a cdhash pin and a Team ID pin stay decidable
    // only with the facts they need.
    const dir = await variant('macos-14.8.9-stale-grants', (index) => {
      index.commands = index.commands.filter((c) => c.argv[0] !== 'spctl')
      for (const c of index.commands)
        if (c.argv[0] === 'codesign' && c.argv[1] === '-dv')
          c.stderr = c.stderr
            .split('\n')
            .filter((l) => !/^(Authority|CDHash|CandidateCDHash)/.test(l))
            .join('\n')
    })
    const d = await diagnoseAt(dir)
    expect(states(d)).toMatchObject({Accessibility: 'unknown'})
    expect(d.services.find((s) => s.service === 'Accessibility')!.why).toMatch(
      /for a code requirement pppc cannot check against the client: the facts do not include the app's CDHash/,
    )
    // Full Disk Access was granted with the client's own designated requirement, which it satisfies by definition.
    expect(states(d).SystemPolicyAllFiles).toBe('granted')
    expect(d.verdict.window).toBe('shows')
  })
})

describe('several copies installed: the copy in use is judged, the others listed', () => {
  it('diagnoses the running copy, not the stale one find lists first, and says how to remove the other', async () => {
    const d = await diagnoseMac('macos-15.6.1-two-copies')
    expect(d.client).toMatchObject({
      state: 'installed',
      path: '/Applications/.com.bomgar.scc.7D1E5A20/Remote Support Customer Client.app',
      version: '25.1.2',
      gatekeeper: 'accepted, Notarized Developer ID',
      inUse: 'running',
    })
    expect(d.client.copies.map((c) => [c.path, c.version, c.inUse, c.running, c.remove])).toEqual([
      [
        '/Applications/.com.bomgar.scc.1C9F2B84/Remote Support Customer Client.app',
        '23.2.1',
        false,
        false,
        'sudo rm -rf "/Applications/.com.bomgar.scc.1C9F2B84"',
      ],
      [
        '/Applications/.com.bomgar.scc.7D1E5A20/Remote Support Customer Client.app',
        '25.1.2',
        true,
        true,
        'sudo rm -rf "/Applications/.com.bomgar.scc.7D1E5A20"',
      ],
    ])
    // The stale copy's Gatekeeper refusal is not the user's problem: no "download again".
    expect(ids(d)).not.toContain('client-gatekeeper-rejected')
    expect(d.findings.filter((f) => f.level === 'problem')).toEqual([])
    const other = d.findings.find((f) => f.id === 'client-copy-other')!
    expect(other.text).toMatch(
      /version 23\.2\.1, Team ID B65TM49E24, signed Nov 7, 2023 at 8:01:55 AM, Gatekeeper: rejected/,
    )
    expect(other.text).toMatch(/older than the copy in use \(23\.2\.1 before 25\.1\.2\)/)
    expect(other.command).toBe('sudo rm -rf "/Applications/.com.bomgar.scc.1C9F2B84"')
    expect(d.verdict.window).toBe('does-not-show')
  })

  it('with none running, says which copy runs is unknown, and judges what holds for every copy', async () => {
    const dir = await variant('macos-15.6.1-two-copies', (index) => {
      const pgrep = index.commands.find((c) => c.argv.join(' ') === pgrepArgv('sdcust').join(' '))!
      Object.assign(pgrep, {exitCode: 1, stdout: ''})
    })
    const d = await diagnoseAt(dir)
    expect(d.client).toMatchObject({state: 'installed', path: null, inUse: 'unknown'})
    expect(d.findings.find((f) => f.id === 'client-in-use-unknown')).toMatchObject({
      level: 'warning',
      text: expect.stringMatching(/^2 copies are installed and none runs: which one the launcher starts is not known/),
    })
    // Both copies are the vendor's, so the grants (made for the designated requirement) hold whichever runs.
    expect(d.verdict.window).toBe('does-not-show')
    expect(ids(d)).not.toContain('client-gatekeeper-rejected')
  })
})

describe('several copies, one of them unreadable', () => {
  it('a copy codesign could not read may be the one that runs: grants become unknown, not granted', async () => {
    const dir = await variant('macos-15.6.1-two-copies', (index) => {
      const pgrep = index.commands.find((c) => c.argv.join(' ') === pgrepArgv('sdcust').join(' '))!
      Object.assign(pgrep, {exitCode: 1, stdout: ''})
      index.commands = index.commands.filter(
        (c) => !(c.argv[0] === 'codesign' && c.argv[c.argv.length - 1]!.includes('1C9F2B84')),
      )
    })
    const d = await diagnoseAt(dir)
    expect(d.client.inUse).toBe('unknown')
    expect(states(d)).toEqual({ScreenCapture: 'unknown', Accessibility: 'unknown', SystemPolicyAllFiles: 'unknown'})
    expect(d.verdict.window).toBe('unknown')
  })
})

describe('profile scope: only device-level PPPC payloads count', () => {
  it('a user-level profile grants nothing, and doctor says why', async () => {
    const d = await diagnoseMac('macos-14.8.9-user-level-profile')
    expect(states(d)).toEqual({ScreenCapture: 'missing', Accessibility: 'missing', SystemPolicyAllFiles: 'missing'})
    expect(d.profiles).toEqual([
      expect.objectContaining({
        scope: 'dpatel',
        deviceLevel: false,
        name: '"BeyondTrust Remote Support" (A1C3E5F7-9B1D-4F3A-8C5E-7A9B1C3D5E7F)',
      }),
    ])
    expect(d.services[1]!.why).toBe(
      'no entry in TCC.db; user-level profile "BeyondTrust Remote Support" (A1C3E5F7-9B1D-4F3A-8C5E-7A9B1C3D5E7F) grants it, but macOS applies PPPC payloads only from device-level profiles',
    )
    expect(d.findings.find((f) => f.id === 'profile-user-level')).toMatchObject({
      level: 'warning',
      fix: 'deploy it at the device (computer) level from the MDM, and remove the user-level one',
    })
  })

  it('without Full Disk Access, a user-level profile is not counted as granted by MDM', async () => {
    const dir = await variant('macos-14.8.9-user-level-profile', async (index, root) => {
      for (const f of index.files)
        if (f.path.includes('com.apple.TCC/'))
          Object.assign(f, {status: 'denied', message: `${f.path}: operation not permitted`})
      await rm(join(root, 'files'), {recursive: true, force: true})
    })
    const d = await diagnoseAt(dir)
    expect(states(d)).toEqual({ScreenCapture: 'unknown', Accessibility: 'unknown', SystemPolicyAllFiles: 'unknown'})
    expect(d.services.some((s) => s.state === 'granted-by-mdm')).toBe(false)
  })
})

describe('when profiles disagree, Deny wins, as macOS applies it', () => {
  it('an Allow profile listed first does not win over a Deny profile', async () => {
    const d = await diagnoseMac('macos-15.5-conflicting-profiles')
    const accessibility = d.services.find((s) => s.service === 'Accessibility')!
    expect(accessibility).toMatchObject({
      state: 'denied-by-mdm',
      authorization: 'Deny',
      profile: '"Lockdown: no remote control" (com.kandji.profile.custom.7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b)',
      approver: 'mdm-admin',
    })
    expect(accessibility.conflict!.profiles.map((p) => p.authorization).sort()).toEqual(['Allow', 'Deny'])
    expect(d.findings.find((f) => f.id === 'profile-conflict')!.text).toMatch(
      /^Profiles disagree about Accessibility: "Lockdown: no remote control" .* says Deny, "BeyondTrust Remote Support PPPC" .* says Allow\. macOS applies the most restrictive setting, Deny\.$/,
    )
    expect(states(d).SystemPolicyAllFiles).toBe('granted-by-mdm')
    expect(d.verdict.window).toBe('shows')
  })

  it('gives the same answer whichever order the profiles are listed in', async () => {
    const facts = await factsOf(folder('macos-15.5-conflicting-profiles'))
    if (facts.profiles.status !== 'ok') throw new Error('profiles not read')
    const reversed = {...facts, profiles: {status: 'ok' as const, value: [...facts.profiles.value].reverse()}}
    expect(diagnose(reversed).services.find((s) => s.service === 'Accessibility')!.state).toBe('denied-by-mdm')
  })
})

describe('an MDM that denies a service: the steps leave it out and say what the technician must do', () => {
  it('Screen Recording denied by an Intune profile', async () => {
    const d = await diagnoseMac('macos-26.4-mdm-denies-screen-recording')
    expect(states(d)).toEqual({
      ScreenCapture: 'denied-by-mdm',
      Accessibility: 'missing',
      SystemPolicyAllFiles: 'missing',
    })
    expect(d.mdm).toMatchObject({kind: 'intune', label: 'Microsoft Intune'})
    expect(d.findings.find((f) => f.id === 'service-denied-by-mdm')).toMatchObject({
      level: 'problem',
      fix: 'change the profile to AllowStandardUserToSetSystemService (no profile can grant Screen Recording), or remove it: the user cannot turn it on, so the steps below leave it out',
    })
    const steps = stepIds(d)
    expect(steps.filter((s) => s.includes('screen-recording'))).toEqual([])
    expect(steps).toContain('mdm-denies-section')
    expect(stepText(d, 'mdm-denies-section')).toBe(
      "The Screen Recording section cannot be turned on on this Mac: the organisation's MDM denies it. Leave it as it is and tell the technician.",
    )
    // Accessibility is now the first grant step, and Full Disk Access still ends with its restart.
    expect(stepText(d, 'toggle-accessibility')).toMatch(/^In the Action Required window, click the Grant Access button/)
    expect(steps).toContain('full-disk-access-restart')
    expect(d.screenCapture.state).toBe('not-applicable')
  })
})

describe('which MDM: identified from data, self-hosted servers included', () => {
  it('a self-hosted Jamf Pro with its own host name and port is Jamf Pro, and the fix says --mdm jamf', async () => {
    const d = await diagnoseMac('macos-15.5-jamf-self-hosted')
    expect(d.mdm).toEqual({
      kind: 'jamf',
      label: 'Jamf Pro',
      host: 'jss.acme-university.edu:8443',
      evidence: [
        "the enrollment server URL https://jss.acme-university.edu:8443/mdm/ServerURL has Jamf Pro's path (a self-hosted server)",
        "the MDM enrollment profile 00000000-0000-0000-A000-4A414D460003 is Jamf Pro's",
        'the Jamf Pro agent is installed',
      ],
    })
    expect(d.enrollment.vendor).toBe('jamf')
    expect(d.findings.find((f) => f.id === 'no-profile-for-app')!.fix).toBe(
      'pppc generate --app beyondtrust --mdm jamf',
    )
    expect(d.steps!.mdm).toBe('jamf')
    expect(ids(d)).not.toContain('mdm-unknown-vendor')
  })
})

describe('launcher names are matched as Finder does', () => {
  it("the documents' spelling (Open to Start Support Session) running translocated is the launcher, not a translocated client", async () => {
    const d = await diagnoseMac('macos-13.7.8-launcher-documents-spelling')
    expect(ids(d)).toContain('launcher-translocated')
    expect(ids(d)).not.toContain('client-translocated')
    expect(d.findings.filter((f) => f.level !== 'info')).toEqual([])
    expect(d.verdict.window).toBe('does-not-show')
  })
})

describe('the macOS 15 screen-capture alert', () => {
  it('is due again when the last approval is more than 30 days old: which button, and how an MDM stops it', async () => {
    const d = await diagnoseMac('macos-15.7.9-screen-capture-due')
    expect(d.screenCapture).toEqual({
      state: 'due',
      lastAlerted: '2025-10-09T08:00:00Z',
      lastUsed: '2025-10-10T17:45:00Z',
      dueAfter: '2025-11-09T17:45:00Z',
      why: 'last approved 2025-10-10T17:45:00Z, more than 30 days before 2025-11-20T09:00:00Z',
    })
    const alert = d.findings.find((f) => f.id === 'screen-capture-alert-due')!
    expect(alert.text).toMatch(/last approved on 2025-10-10.*clicks Allow For One Month\.$/)
    expect(alert.fix).toMatch(
      /forceBypassScreenCaptureAlert = true in a Restrictions \(com\.apple\.applicationaccess\) payload/,
    )
    // The alert is not the Action Required window: nothing is missing.
    expect(d.verdict.window).toBe('does-not-show')
  })
})

describe('nothing installed and nothing downloaded', () => {
  it('the steps start at the portal download, and no advice talks of a download that is not there', async () => {
    const d = await diagnoseMac('macos-27.0-beta-nothing-installed')
    expect(d.client.state).toBe('not-installed')
    expect(d.stepsFrom).toBe('download')
    expect(ids(d)).toContain('client-not-downloaded')
    expect(ids(d)).not.toContain('client-not-installed')
    expect(d.findings.map((f) => f.text).join(' ')).not.toMatch(/opens the download/)
    expect(d.steps!.sections[0]!.steps[0]!.id).toBe('portal')
    // macOS 27: whether a declaration offers Accessibility cannot be seen on the Mac.
    expect(d.unknowns).toEqual([
      expect.stringMatching(
        /^whether an MDM declaration \(com\.apple\.configuration\.app\.settings, Privacy\.PermissionDefaults\) offers Accessibility: macOS has no documented command/,
      ),
    ])
  })
})

describe('administrator or standard user', () => {
  it('a standard user needs an administrator for Accessibility and Full Disk Access, but not for Screen Recording the profile opens to them', async () => {
    const d = await diagnoseMac('macos-15.6.1-standard-user')
    expect(d.user).toEqual({name: 'kyamada', administrator: false})
    expect(d.mdm.kind).toBe('mosyle')
    expect(d.services.map((s) => [s.service, s.approver])).toEqual([
      ['ScreenCapture', 'user'],
      ['Accessibility', 'administrator'],
      ['SystemPolicyAllFiles', 'administrator'],
    ])
    const standard = d.findings.find((f) => f.id === 'user-standard')!
    expect(standard.text).toBe(
      'kyamada is a standard user: Accessibility and Full Disk Access need an administrator, who types an administrator name and password when System Settings asks; kyamada can turn on Screen Recording alone (a profile allows it).',
    )
    expect(stepIds(d)).toContain('administrator-needed')
  })

  it('an administrator turns everything on alone', async () => {
    const d = await diagnoseMac('macos-12.7.6-nothing-granted')
    expect(d.user).toEqual({name: 'jsmith', administrator: true})
    expect(d.services.every((s) => s.approver === 'user')).toBe(true)
    expect(stepIds(d)).not.toContain('administrator-needed')
  })
})

describe("evidence in the database's own words", () => {
  it('macOS 10.15 has an allowed column, not auth_value', async () => {
    const d = await diagnoseMac('macos-10.15.7-catalina-schema')
    expect(d.services.map((s) => s.why)).toEqual([
      'allowed 0 in /Library/Application Support/com.apple.TCC/TCC.db',
      'allowed 1 in /Library/Application Support/com.apple.TCC/TCC.db',
      'allowed 1 in /Library/Application Support/com.apple.TCC/TCC.db',
    ])
  })
})

describe('an old-format snapshot still loads, and what it did not record is unknown, never guessed', () => {
  it('the first snapshot format gives the same verdict, and unknown for the facts it lacks', async () => {
    const old = await diagnoseMac('format-1-macos-15.7.9-requirement-mismatch')
    const current = await diagnoseMac('macos-15.7.9-requirement-mismatch')
    expect(old.snapshot).toEqual({format: 1, observedAt: null})
    expect(current.snapshot).toEqual({format: 2, observedAt: '2025-03-04T11:30:00Z'})
    expect(old.verdict).toEqual(current.verdict)
    expect(states(old)).toEqual(states(current))
    expect(old.user).toEqual({name: 'rgarcia', administrator: null})
    expect(old.screenCapture.state).toBe('unknown')
    expect(old.services.every((s) => s.grantRequirement === null)).toBe(true)
    expect(old.services.map((s) => s.approver)).toEqual(['unknown', 'unknown', 'unknown'])
    expect(old.unknowns).toEqual([
      'whether rgarcia is an administrator: the snapshot has no output of `dseditgroup -o checkmember -m rgarcia admin`',
      'when the screen-capture alert comes back: the snapshot has no copy of /Users/rgarcia/Library/Group Containers/group.com.apple.replayd/ScreenCaptureApprovals.plist',
    ])
    // Its signature facts come from `codesign -dv` and spctl: the profile's mismatch is still certain.
    expect(old.profiles[0]!.requirement).toMatchObject({match: 'mismatch', against: 'installed client'})
    expect(old.client.version).toBeNull()
  })
})

describe('secrets stay out of profiles, whatever the scope', () => {
  it('reads user-level profiles from the listing collect keeps', async () => {
    const facts = await factsOf(folder('macos-14.8.9-user-level-profile'))
    expect(facts.profiles.status === 'ok' && facts.profiles.value.map((p) => p.scope)).toEqual([
      '_computerlevel',
      'dpatel',
    ])
    const mac = await RecordedMac.open(folder('macos-14.8.9-user-level-profile'))
    expect((await mac.run(PROFILES)).stdout).toContain('<key>dpatel</key>')
  })
})

describe('snapshots built by other tools: other spellings of the same questions', () => {
  it('reads ps -o pid=,comm=, id -Gn, codesign -dvvvv and plutil -extract as it reads its own argv', async () => {
    const dir = await variant('macos-15.6.1-two-copies', (index) => {
      for (const c of index.commands) {
        const line = c.argv.join(' ')
        if (line.startsWith('ps -o pid=')) {
          c.argv = ['ps', '-o', 'pid=,comm=', '-p', c.argv[c.argv.length - 1]!]
          c.stdout = c.stdout.replace(/^\s*(\d+)\s+\d+\s+/gm, '$1 ')
        }
        if (c.argv[0] === 'dseditgroup')
          Object.assign(c, {
            argv: ['id', '-Gn', 'okafor'],
            exitCode: 0,
            stdout: 'staff everyone localaccounts _appserverusr admin _appserveradm\n',
          })
        if (line.startsWith('codesign -dv --verbose=4')) c.argv = ['codesign', '-dvvvv', c.argv[3]!]
        if (c.argv[0] === 'defaults')
          c.argv = ['plutil', '-extract', 'CFBundleShortVersionString', 'raw', '-o', '-', `${c.argv[2]}.plist`]
      }
    })
    const d = await diagnoseAt(dir)
    const original = await diagnoseMac('macos-15.6.1-two-copies')
    expect(d.verdict).toEqual(original.verdict)
    expect(d.client).toMatchObject({inUse: 'running', version: '25.1.2'})
    expect(d.user).toEqual({name: 'okafor', administrator: true})
    expect(d.unknowns).toEqual([])
  })
})

describe("what Apple's schema says a service takes", () => {
  it('a profile cannot grant Screen Recording: an Allow for it does nothing, and doctor does not call it granted', async () => {
    const dir = await variant('macos-26.6.2-no-full-disk-access', (index) => {
      const listing = index.commands.find((c) => c.argv.join(' ') === PROFILES.join(' '))!
      listing.stdout = listing.stdout.replace(
        '<string>AllowStandardUserToSetSystemService</string>',
        '<string>Allow</string>',
      )
    })
    const d = await diagnoseAt(dir)
    const screen = d.services.find((s) => s.service === 'ScreenCapture')!
    expect(screen.state).toBe('unknown')
    expect(screen.why).toMatch(
      /sets it to Allow, which a profile cannot do for ScreenCapture \(only Deny or AllowStandardUserToSetSystemService\), so it does nothing/,
    )
    expect(screen.standardUserMayAllow).toBe(false)
  })
})
