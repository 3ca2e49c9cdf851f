import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {type Diagnosis, diagnose} from '../../src/checks/diagnose.js'
import {gatherFacts} from '../../src/checks/gather.js'
import {requireApp} from '../../src/profiles/catalogue.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {FIXTURES} from '../helpers/paths.js'

async function diagnoseMac(folder: string, app = 'beyondtrust'): Promise<Diagnosis> {
  return diagnose(await gatherFacts(await RecordedMac.open(join(FIXTURES, 'macs', folder)), requireApp(app)))
}
const states = (d: Diagnosis) => Object.fromEntries(d.services.map((s) => [s.service, s.state]))
const findingIds = (d: Diagnosis) => d.findings.map((f) => f.id)
const stepIds = (d: Diagnosis) => d.steps!.sections.flatMap((s) => s.steps.map((st) => st.id))
const KANDJI_PROFILE =
  '"BeyondTrust Remote Support PPPC" (com.kandji.profile.custom.3f6c2a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b)'

describe('diagnosing the recorded Macs', () => {
  it('macOS 12, nothing granted: the window shows all three sections, with the lock-and-checkbox steps', async () => {
    const d = await diagnoseMac('macos-12.7.6-nothing-granted')
    expect(d.macos).toEqual({
      known: true,
      version: '12.7.6',
      description: 'macOS 12.7.6 Monterey (21H1320)',
      flow: 'lock-and-checkbox',
      settingsApp: 'System Preferences',
    })
    expect(states(d)).toEqual({ScreenCapture: 'missing', Accessibility: 'missing', SystemPolicyAllFiles: 'missing'})
    expect(d.verdict).toEqual({
      window: 'shows',
      sections: ['Screen Recording', 'Accessibility', 'Full Disk Access'],
      summary:
        'The Action Required window will show, with Screen Recording, Accessibility and Full Disk Access to grant.',
    })
    expect(d.enrollment.state).toBe('not-enrolled')
    expect(d.client.state).toBe('not-installed')
    expect(d.launchers).toEqual([
      {
        path: '/Users/jsmith/Downloads/Open To Start Support Session.zip',
        quarantined: true,
        userApproved: false,
        downloadedBy: 'Google Chrome',
      },
    ])
    expect(findingIds(d)).toEqual(['mdm-not-enrolled', 'client-not-installed', 'launcher-quarantined', 'user-admin'])
    expect(d.findings.find((f) => f.id === 'client-not-installed')!.text).toBe(
      'BeyondTrust Remote Support Customer Client is not installed: it installs itself the first time the user opens the download (/Users/jsmith/Downloads/Open To Start Support Session.zip).',
    )
    expect(d.stepsFrom).toBe('launch')
    expect(stepIds(d)).toEqual(
      expect.arrayContaining([
        'deny-screen-recording-request',
        'lock-screen-recording-checkbox',
        'lock-accessibility',
        'lock-full-disk-access',
      ]),
    )
    expect(d.unknowns).toEqual([])
  })

  it('macOS 13 with the Kandji PPPC profile: Accessibility and Full Disk Access by MDM (which profile), Screen Recording missing', async () => {
    const d = await diagnoseMac('macos-13.7.8-kandji-profile')
    expect(states(d)).toEqual({
      ScreenCapture: 'missing',
      Accessibility: 'granted-by-mdm',
      SystemPolicyAllFiles: 'granted-by-mdm',
    })
    const accessibility = d.services.find((s) => s.service === 'Accessibility')!
    expect(accessibility).toMatchObject({
      profile: KANDJI_PROFILE,
      why: `granted by profile ${KANDJI_PROFILE}, per MDMOverrides.plist`,
    })
    expect(d.services[0]).toMatchObject({
      service: 'ScreenCapture',
      pane: 'Screen Recording',
      standardUserMayAllow: true,
    })
    expect(d.enrollment).toEqual({state: 'automated', server: 'https://acme.kandji.io/mdm/checkin', vendor: 'kandji'})
    expect(d.agents!.find((a) => a.kind === 'kandji')!.found).toEqual([
      '/Library/Kandji/Kandji Agent.app',
      '/usr/local/bin/kandji',
    ])
    expect(d.profiles).toEqual([
      expect.objectContaining({
        name: KANDJI_PROFILE,
        requirement: expect.objectContaining({match: 'same', against: 'installed client'}),
      }),
    ])
    expect(d.verdict).toMatchObject({window: 'shows', sections: ['Screen Recording']})
    expect(stepIds(d)).toEqual(
      expect.arrayContaining(['accessibility-already', 'full-disk-access-already', 'toggle-screen-recording-switch']),
    )
    expect(stepIds(d)).not.toContain('toggle-accessibility')
    // The launcher ran translocated from Downloads; the client it installed did not.
    expect(findingIds(d)).toContain('launcher-translocated')
    expect(findingIds(d)).not.toContain('client-translocated')
    expect(d.unknowns).toEqual([])
  })

  it('macOS 14, everything granted by the user: no window', async () => {
    const d = await diagnoseMac('macos-14.6-everything-granted')
    expect(states(d)).toEqual({ScreenCapture: 'granted', Accessibility: 'granted', SystemPolicyAllFiles: 'granted'})
    expect(d.services.map((s) => [s.authValue, s.authReason])).toEqual([
      [2, 'User Set'],
      [2, 'User Set'],
      [2, 'User Set'],
    ])
    expect(d.verdict).toEqual({
      window: 'does-not-show',
      sections: [],
      summary: 'The Action Required window will not show: every permission it asks for is granted.',
    })
    expect(stepIds(d)).toContain('no-window')
    expect(d.findings.filter((f) => f.level !== 'info')).toEqual([])
  })

  it('macOS 15, a profile whose code requirement does not match the installed client: the profile silently does nothing', async () => {
    const d = await diagnoseMac('macos-15.7.9-requirement-mismatch')
    const mismatch = d.findings.find((f) => f.id === 'profile-requirement-mismatch')!
    expect(mismatch.level).toBe('problem')
    expect(mismatch.text).toBe(
      'Profile "BeyondTrust Remote Support" (C7D8E9F0-1A2B-4C3D-8E4F-5A6B7C8D9E0F) names com.bomgar.bomgar-scc, but its code requirement does not match the installed client: requires identifier com.bomgar.bomgar-rep-hcl, the app\'s is com.bomgar.bomgar-scc. macOS ignores its grants without a word.',
    )
    expect(d.profiles[0]!.requirement).toMatchObject({
      match: 'mismatch',
      result: 'not-satisfied',
      clause: 'identifier "com.bomgar.bomgar-rep-hcl"',
    })
    expect(mismatch.fix).toMatch(
      /^deploy a profile with the right requirement: pppc generate --app beyondtrust --mdm jamf/,
    )
    expect(states(d)).toEqual({ScreenCapture: 'denied', Accessibility: 'missing', SystemPolicyAllFiles: 'missing'})
    expect(d.services[0]).toMatchObject({
      authValue: 0,
      authReason: 'User Consent',
      pane: 'Screen & System Audio Recording',
    })
    expect(d.verdict.sections).toEqual(['Screen Recording', 'Accessibility', 'Full Disk Access'])
    // Screen Recording was denied at its first request: macOS does not ask again.
    expect(stepIds(d)).not.toContain('deny-screen-recording-request')
    expect(stepIds(d)).toContain('macos-15-allow-windows-during-permissions')
  })

  it('macOS 26, MDM enrollment not user approved: PPPC does not apply, a problem with the fix', async () => {
    const d = await diagnoseMac('macos-26.1-not-user-approved')
    expect(d.enrollment.state).toBe('not-user-approved')
    const finding = d.findings.find((f) => f.id === 'mdm-not-user-approved')!
    expect(finding).toMatchObject({
      level: 'problem',
      fix: expect.stringMatching(/^approve the MDM profile in System Settings › Privacy & Security › Profiles/),
    })
    expect(states(d)).toEqual({ScreenCapture: 'missing', Accessibility: 'missing', SystemPolicyAllFiles: 'missing'})
    expect(d.services[1]!.why).toMatch(/names it, but PPPC needs a user-approved MDM enrollment/)
    expect(d.verdict.window).toBe('shows')
  })

  it('no Full Disk Access for the terminal: says which app needs it and what it could still tell', async () => {
    const d = await diagnoseMac('macos-26.6.2-no-full-disk-access')
    expect(d.reader).toEqual({app: 'Terminal', fullDiskAccess: 'no'})
    const finding = d.findings.find((f) => f.id === 'no-full-disk-access')!
    expect(finding.text).toBe(
      "pppc cannot read TCC.db: Terminal needs Full Disk Access. Without it pppc cannot tell what the user granted; it still knows macOS 26.6.2 and its steps, the MDM enrollment, the installed profiles (Accessibility and Full Disk Access granted by profile) and the client's signature.",
    )
    expect(finding.fix).toMatch(/^turn on Terminal in System Settings › Privacy & Security › Full Disk Access/)
    expect(states(d)).toEqual({
      ScreenCapture: 'unknown',
      Accessibility: 'granted-by-mdm',
      SystemPolicyAllFiles: 'granted-by-mdm',
    })
    expect(d.services[1]!.why).toMatch(/per the installed profile; MDMOverrides.plist could not be read/)
    expect(d.verdict).toMatchObject({
      window: 'unknown',
      summary: 'pppc cannot tell whether the Action Required window will show: Screen Recording unknown.',
    })
    expect(d.steps).not.toBeNull()
  })

  it('macOS 27 beta, Kandji, everything granted: no window, and the Accessibility deprecation', async () => {
    const d = await diagnoseMac('macos-27.0-beta-kandji-everything-granted')
    expect(d.macos.description).toBe('macOS 27.0 beta (26A5288h)')
    expect(d.tcc[0]).toMatchObject({status: 'ok', schema: 'auth-value-reminders (macOS 27 (reported))'})
    expect(d.verdict.window).toBe('does-not-show')
    expect(findingIds(d)).toEqual(expect.arrayContaining(['accessibility-pppc-deprecated', 'user-tcc-missing']))
    expect(d.steps!.notes.map((n) => n.id)).toEqual(expect.arrayContaining(['beta', 'deprecations-27']))
  })

  it('macOS 10.15: reads the allowed column', async () => {
    const d = await diagnoseMac('macos-10.15.7-catalina-schema')
    expect(states(d)).toEqual({ScreenCapture: 'denied', Accessibility: 'granted', SystemPolicyAllFiles: 'granted'})
    expect(d.macos.flow).toBe('lock-and-checkbox')
  })

  it('is pure: the same facts give the same diagnosis', async () => {
    const facts = await gatherFacts(
      await RecordedMac.open(join(FIXTURES, 'macs', 'macos-13.7.8-kandji-profile')),
      requireApp('beyondtrust'),
    )
    const frozen = JSON.stringify(facts)
    expect(diagnose(facts)).toEqual(diagnose(facts))
    expect(JSON.stringify(facts)).toBe(frozen)
  })
})

describe('malformed snapshots give a partial diagnosis that says what is unknown', () => {
  it('missing files: only sw_vers, and a TCC.db listed but absent', async () => {
    const d = await diagnoseMac('broken-missing-files')
    expect(d.macos.version).toBe('13.7.8')
    expect(d.verdict.window).toBe('unknown')
    expect(d.unknowns).toEqual(
      expect.arrayContaining([
        'MDM enrollment: the snapshot has no output of `profiles status -type enrollment`',
        'installed profiles: the snapshot has no output of `profiles -P -o stdout-xml`',
        '/Library/Application Support/com.apple.TCC/TCC.db: the snapshot lists /Library/Application Support/com.apple.TCC/TCC.db as copied, but files/ has no copy',
      ]),
    )
    expect(d.enrollment.state).toBe('unknown')
    expect(d.client.state).toBe('unknown')
  })

  it('a garbage TCC.db: what comes from the MDM is still known, what the user granted is not', async () => {
    const d = await diagnoseMac('broken-garbage-tcc')
    expect(states(d)).toEqual({
      ScreenCapture: 'unknown',
      Accessibility: 'granted-by-mdm',
      SystemPolicyAllFiles: 'granted-by-mdm',
    })
    expect(d.unknowns).toContain(
      '/Library/Application Support/com.apple.TCC/TCC.db: /Library/Application Support/com.apple.TCC/TCC.db in the snapshot: file is not a database (26)',
    )
  })

  it('an unknown schema, an unreadable sw_vers and a truncated profiles listing', async () => {
    const d = await diagnoseMac('broken-unknown-schema')
    expect(d.macos).toEqual({known: false, version: null, description: null, flow: null, settingsApp: null})
    expect(d.steps).toBeNull()
    expect(d.unknowns).toEqual(
      expect.arrayContaining([
        'macOS version: pppc cannot read the output of `sw_vers`: "ProductName: macOS ProductVersion: banana"',
        expect.stringMatching(/^installed profiles: pppc cannot read the output of `profiles -P -o stdout-xml`/),
        '/Library/Application Support/com.apple.TCC/TCC.db: pppc does not know this TCC.db: its access table has columns pppc does not know (service, client, decision, changed_at)',
      ]),
    )
    expect(d.verdict.window).toBe('unknown')
  })

  it('a snapshot made for generate --from-app only', async () => {
    const d = await diagnoseMac('macos-14.6-beyondtrust-installed')
    expect(d.macos.version).toBe('14.6')
    expect(d.verdict.window).toBe('unknown')
    expect(d.unknowns.length).toBeGreaterThan(5)
  })
})
