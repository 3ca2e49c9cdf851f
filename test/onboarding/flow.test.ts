import {describe, expect, it} from 'vitest'
import {buildFlow, type Flow, type FlowOptions, selectFlow} from '../../src/onboarding/flow.js'
import {checkBrowser, parseGranted, sectionsFor} from '../../src/onboarding/flow-options.js'
import {FLOW_KINDS} from '../../src/onboarding/steps.js'
import {parseMacosFlag} from '../../src/macos/version.js'
import {NEWEST_RELEASE} from '../../src/macos/releases.js'

/** A version past the newest release pppc knows: the tests hold when a release is added to the table. */
const BEYOND = `${Number(NEWEST_RELEASE.major) + 1}.1`

function flow(version: string, options: Partial<Omit<FlowOptions, 'macos'>> = {}): Flow {
  return buildFlow({macos: parseMacosFlag(version), mdm: 'none', services: {}, ...options})
}
const ids = (f: Flow) =>
  f.sections.flatMap((s) => [...s.steps, ...(s.groups ?? []).flatMap((g) => g.steps)].map((st) => st.id))
const texts = (f: Flow, section?: string) =>
  f.sections.filter((s) => !section || s.id === section).flatMap((s) => s.steps.map((st) => st.text))
const noteIds = (f: Flow) => f.notes.map((n) => n.id)

describe('choosing the flow by version (the macOS release table)', () => {
  it('has the two flows of the seeds, each labelled with the releases that get it', () => {
    expect(Object.keys(FLOW_KINDS)).toEqual(['lock-and-checkbox', 'toggle'])
    expect(selectFlow(parseMacosFlag('12.7.6')).kind.label).toBe(
      'System Preferences: click the lock, then tick the checkbox (macOS 10.15 to 12)',
    )
    expect(selectFlow(parseMacosFlag('14.6')).kind.label).toBe(
      'System Settings: turn on the toggle (macOS 13 and later)',
    )
  })

  it.each([
    ['10.15.7', 'lock-and-checkbox'],
    ['11.7.10', 'lock-and-checkbox'],
    ['12.7.6', 'lock-and-checkbox'],
    ['13.0', 'toggle'],
    ['14.6', 'toggle'],
    ['15.1', 'toggle'],
    ['26.1', 'toggle'],
    ['27.0', 'toggle'],
  ])('macOS %s gets %s', (version, id) => {
    expect(selectFlow(parseMacosFlag(version))).toEqual({kind: expect.objectContaining({id}), covered: true})
  })

  it('gives the nearest flow, marked as not covered, with a note, outside the known versions', () => {
    const old = flow('10.14.6')
    expect(old.flow).toMatchObject({id: 'lock-and-checkbox', covered: false})
    expect(old.notes[0]).toMatchObject({id: 'unknown-version', text: expect.stringMatching(/older than 10.15/)})
    const future = flow(BEYOND)
    expect(future.flow).toMatchObject({id: 'toggle', covered: false})
    expect(future.notes[0]!.text).toMatch(/newer than the newest version pppc knows/)
    expect(flow('16.0').notes[0]!.text).toMatch(/there is no macOS 16/)
  })
})

describe('the steps', () => {
  it('on 12 and below: System Preferences, the lock, the checkboxes', () => {
    const f = flow('12.7.6')
    expect(f.sections.find((s) => s.id === 'permissions')!.title).toBe('Give the permissions in System Preferences')
    const steps = texts(f, 'permissions').join('\n')
    expect(steps).toContain(
      "In the System Preferences window (Security & Privacy › Privacy › Screen Recording), click the lock at the lower left corner of the window (if it's not already open) and enter the user password to unlock the window. After this put a check mark in the box to the left of Remote Support Customer Client.",
    )
    expect(steps).toContain(
      'Go back to the Action Required window and click the Grant Access button in the Accessibility section, then put a checkmark to the left of Remote Support Customer Client.',
    )
    expect(steps).not.toMatch(/toggle/)
  })

  it('on 13 and later: System Settings and the toggles, with Quit & Reopen after Screen Recording and Full Disk Access', () => {
    for (const version of ['13.0', '14.6', '15.1', '26.1']) {
      const f = flow(version)
      expect(f.macos.settingsApp).toBe('System Settings')
      const steps = texts(f, 'permissions')
      expect(steps).toContain(
        'Go back to the Action Required window and click the Grant Access button in the Accessibility section, then click the toggle next to Remote Support Customer Client.',
      )
      expect(steps.filter((s) => /Quit & Reopen/.test(s))).toHaveLength(2)
      expect(steps.join('\n')).not.toMatch(/lock at the lower left/)
    }
  })

  it('names the Screen Recording pane as each version does', () => {
    expect(texts(flow('14.6'), 'permissions').join('\n')).toContain(
      '(Privacy & Security › Screen Recording), click the toggle',
    )
    expect(texts(flow('15.1'), 'permissions').join('\n')).toContain(
      '(Privacy & Security › Screen & System Audio Recording), click the toggle',
    )
  })

  it('has the extra Allow windows wherever macOS has the screen-capture alert (15 and later), not only on 15', () => {
    for (const version of ['15.0', '15.1', '15.7.9', '26.1', '27.0'])
      expect(ids(flow(version))).toContain('macos-15-allow-windows-during-permissions')
    for (const version of ['13.0', '14.6', '12.7.6'])
      expect(ids(flow(version)).filter((i) => i.startsWith('macos-15'))).toEqual([])
    // With nothing to grant, the windows still come while the app runs.
    expect(
      ids(flow('26.1', {services: sectionsFor('none', ['ScreenCapture', 'Accessibility', 'SystemPolicyAllFiles'])})),
    ).toContain('macos-15-allow-windows')
    const step = flow('26.1')
      .sections.flatMap((s) => s.steps)
      .find((s) => s.id.startsWith('macos-15'))!
    expect(step.text).toBe(
      'You may see two windows in the course of running the app that indicate other permissions are required. On both of them click Allow.',
    )
    expect(step.technicianNote).toMatch(/The document says "For macOS 15 specifically"/)
  })

  it('follows the client from the first launch: Open, the agreement, Deny on the first Screen Recording request, the Action Required window', () => {
    expect(
      ids(flow('14.6')).filter((i) =>
        ['open-downloaded-app', 'loading', 'agreement', 'deny-screen-recording-request', 'action-required'].includes(i),
      ),
    ).toEqual(['open-downloaded-app', 'loading', 'agreement', 'deny-screen-recording-request', 'action-required'])
    expect(ids(flow('14.6')).slice(-3)).toEqual(['elevation', 'end-session', 'delete-downloads'])
  })

  it('on a Kandji Mac: Accessibility and Full Disk Access already checked and saying Revoke Access; Screen Recording still to do', () => {
    const f = flow('14.6', {mdm: 'kandji', services: sectionsFor('kandji', [])})
    expect(texts(f, 'launch')).toEqual(
      expect.arrayContaining([
        'The Accessibility section already has a green checkmark and its button says Revoke Access: leave it.',
        'The Full Disk Access section already has a green checkmark and its button says Revoke Access: leave it.',
      ]),
    )
    expect(ids(f)).toContain('toggle-screen-recording-switch')
    expect(ids(f).filter((i) => i === 'toggle-accessibility' || i === 'toggle-full-disk-access')).toEqual([])
    expect(noteIds(f)).toContain('mdm-kandji')
  })

  it('on a Mac supported before (everything granted): no Action Required window, no Deny', () => {
    const f = flow('13.0', {services: sectionsFor('none', parseGranted(['all']))})
    expect(f.window.shows).toBe(false)
    expect(f.sections.map((s) => s.id)).toEqual(['download', 'launch', 'session'])
    expect(ids(f)).toContain('no-window')
    expect(ids(f)).not.toContain('deny-screen-recording-request')
  })

  it('starts the permissions where the first missing one is: no "go back", and the unlock or password asked there', () => {
    const toggle = flow('14.6', {services: {ScreenCapture: 'granted'}})
    expect(texts(toggle, 'permissions')[0]).toBe(
      'In the Action Required window, click the Grant Access button in the Accessibility section. In the System Settings window that comes up (Privacy & Security › Accessibility), click the toggle next to Remote Support Customer Client and enter the user password when asked.',
    )
    const lock = flow('12.7.6', {services: {ScreenCapture: 'granted', Accessibility: 'granted'}})
    expect(texts(lock, 'permissions')[0]).toMatch(
      /^In the Action Required window, click the Grant Access button in the Full Disk Access section\. In the System Preferences window .* click the lock/,
    )
    expect(texts(lock, 'permissions')[1]).toBe(
      'A window will come up indicating that the app needs to be restarted. In this window click Quit & Reopen.',
    )
  })

  it('does not promise the Screen Recording request again after a denial', () => {
    const f = flow('15.1', {services: {ScreenCapture: 'denied'}})
    expect(ids(f)).not.toContain('deny-screen-recording-request')
    expect(ids(f)).toContain('toggle-screen-recording-grant')
  })
})

// The seed documents themselves are read by test/onboarding/seeds.shared.test.ts (second tier).
describe('the download, per browser, as the seed documents say it', () => {
  const download = (browser: 'chrome' | 'firefox' | 'edge' | 'safari', mdm: 'kandji' | 'none' = 'none') =>
    texts(flow('15.1', {browser, mdm, services: sectionsFor(mdm, [])}), 'download')

  it.each([
    [
      'chrome',
      'none',
      [
        'Click the download icon at the top right, then click the Show in Finder icon (looks like a file folder).',
        'In the Finder window that comes up, double-click the Open to Start Support Session.zip file, then double-click the Open to Start Support Session.app file.',
      ],
    ],
    [
      'firefox',
      'none',
      [
        'Click the download icon at the top right, then click the Show in Finder icon (looks like a magnifying glass).',
        'In the Finder window that comes up, double-click the Open to Start Support Session.zip file, then double-click the Open to Start Support Session.app file.',
      ],
    ],
    [
      'safari',
      'none',
      [
        'Click Allow in the popup asking to allow downloads from the site.',
        'Click the download icon at the top right, then double-click the Open to Start Support Session.app line.',
      ],
    ],
    [
      'safari',
      'kandji',
      [
        'Click Allow in the popup asking to allow downloads from the site.',
        'Click the download icon at the top right, then click the Show in Finder icon (looks like a magnifying glass).',
        'In the Finder window that comes up, double-click the Open to Start Support Session.zip file, then double-click the Open to Start Support Session.app file.',
      ],
    ],
  ] as const)('%s (MDM %s) has the seed steps, word for word', (browser, mdm, expected) => {
    const steps = download(browser, mdm)
    expect(steps.slice(1)).toEqual(expected)
  })

  it('has no Edge on a Mac: no document describes its download panel there', () => {
    expect(() => checkBrowser('macos', 'edge')).toThrow(
      /--browser edge has no steps on a Mac: the onboarding documents give Microsoft Edge's steps for Windows only; on a Mac use chrome, firefox, safari/,
    )
    expect(() => checkBrowser('windows', 'safari')).toThrow(/--browser safari has no steps on Windows/)
    expect(() => checkBrowser('windows', 'edge')).not.toThrow()
  })

  it('without --browser, gives every browser its own numbered alternatives', () => {
    const section = flow('14.6').sections[0]!
    expect(section.groups!.map((g) => g.title)).toEqual(['Google Chrome', 'Mozilla Firefox', 'Safari'])
    expect(section.groups!.every((g) => g.steps.length >= 2)).toBe(true)
  })
})

describe('notes per version range', () => {
  it.each([
    ['14.6', ['standard-user']],
    ['15.0', ['screen-recording-renamed', 'standard-user']],
    ['15.1', ['screen-recording-renamed', 'force-bypass-screen-capture-alert', 'standard-user']],
    ['26.1', ['screen-recording-renamed', 'force-bypass-screen-capture-alert', 'standard-user']],
    [
      '26.2',
      [
        'screen-recording-renamed',
        'force-bypass-screen-capture-alert',
        'accessibility-grant-notice-26.2',
        'standard-user',
      ],
    ],
    ['27.0', ['screen-recording-renamed', 'force-bypass-screen-capture-alert', 'deprecations-27', 'standard-user']],
  ])('macOS %s: %j', (version, expected) => {
    expect(noteIds(flow(version))).toEqual(expected)
  })

  it('says what 27 deprecates and what replaces it', () => {
    const text = flow('27.0').notes.find((n) => n.id === 'deprecations-27')!.text
    expect(text).toMatch(/deprecates Accessibility, Camera, Microphone, Speech Recognition and Bluetooth/)
    expect(text).toMatch(/pppc generate --app beyondtrust --format ddm/)
  })

  it('marks a beta', () => {
    const f = buildFlow({
      macos: {productVersion: '26.3', semver: '26.3.0', major: '26', build: '25D5087f', beta: true},
      mdm: 'none',
      services: {},
    })
    expect(f.notes[0]).toMatchObject({
      id: 'beta',
      text: 'This is a beta of macOS 26.3 (25D5087f): the steps are those of the release and may differ.',
    })
  })
})

describe('--granted', () => {
  it('takes the names generate takes, or all', () => {
    expect(parseGranted(['full-disk-access,screen-recording'])).toEqual(['ScreenCapture', 'SystemPolicyAllFiles'])
    expect(parseGranted(['Accessibility', 'fda'])).toEqual(['Accessibility', 'SystemPolicyAllFiles'])
    expect(parseGranted(['all'])).toHaveLength(3)
  })

  it('refuses a permission the client does not ask for', () => {
    expect(() => parseGranted(['camera'])).toThrow(
      /--granted "camera" is not one of the client's permissions; use screen-recording, accessibility, full-disk-access or all/,
    )
  })
})

describe('the smaller points of issue 13', () => {
  it('on 10.14, which has no Screen Recording, asks for none: no Deny, no Screen Recording section, and says why', () => {
    const f = flow('10.14.6')
    expect(f.window.sections.map((s) => s.label)).toEqual(['Accessibility', 'Full Disk Access'])
    expect(ids(f)).not.toContain('deny-screen-recording-request')
    expect(ids(f).filter((i) => i.includes('screen-recording'))).toEqual([])
    expect(texts(f, 'permissions')[0]).toMatch(
      /^In the Action Required window, click the Grant Access button in the Accessibility section/,
    )
    expect(f.notes[0]!.text).toMatch(/it has no Screen Recording permission/)
  })

  it('names the restart button from the release table, with the other label older Macs may show', () => {
    const old = flow('12.7.6')
      .sections.flatMap((s) => s.steps)
      .find((s) => s.id === 'lock-screen-recording-restart')!
    expect(old.text).toBe(
      'A window will come up indicating that the app needs to be restarted. In this window click Quit & Reopen.',
    )
    expect(old.detail).toBe('If the button reads Quit Now, click it: it does the same.')
    expect(old.technicianNote).toMatch(/seed 000 \(macOS 12 and below: Quit & Reopen\); macos-facts\.md §3/)
    const recent = flow('14.6')
      .sections.flatMap((s) => s.steps)
      .find((s) => s.id === 'toggle-screen-recording-restart')!
    expect(recent.detail).toBeUndefined()
  })

  it('tells a standard user they need an administrator, except where the profile lets any user turn a service on', () => {
    const none = flow('14.6').notes.find((n) => n.id === 'standard-user')!
    expect(none.text).toBe(
      "If your account on this Mac is not an administrator: System Settings asks for an administrator's name and password to turn on Screen Recording, Accessibility and Full Disk Access. Ask the Mac's administrator (or your help desk) to type them.",
    )
    const kandji = flow('14.6', {mdm: 'kandji', services: sectionsFor('kandji', []), user: 'standard'}).notes.find(
      (n) => n.id === 'standard-user',
    )!
    expect(kandji.text).toBe(
      'Your organization lets any user of this Mac turn on Screen Recording with their own password.',
    )
    // A profile's standard-user value needs the Authorization key (macOS 11): on 10.15 an administrator is needed.
    const catalina = flow('10.15.7', {mdm: 'kandji', services: sectionsFor('kandji', [])}).notes.find(
      (n) => n.id === 'standard-user',
    )!
    expect(catalina.text).toMatch(/administrator's name and password to turn on Screen Recording\./)
    expect(noteIds(flow('14.6', {user: 'administrator'}))).not.toContain('standard-user')
  })

  it('keeps each step citing its document, and marks what a document shows on the other system only', () => {
    const windows = buildFlow({os: 'windows', browser: 'edge', clientConfig: 'access-on-request'})
    const choose = windows.sections.flatMap((s) => s.steps).find((s) => s.id === 'choose-applications')!
    expect(choose.source).toEqual(['ttu', 'derived'])
    expect(choose.technicianNote).toMatch(/Texas Tech's document shows this step on Mac only/)
    expect(windows.clientConfig).toEqual({
      id: 'access-on-request',
      label: 'Access on request, chosen applications',
      documented: false,
    })
  })
})
describe('steps that follow a diagnosis (options pppc doctor passes)', () => {
  it('a section the MDM denies has no grant steps, and one step tells the user to leave it and tell the technician', () => {
    const f = flow('14.6', {services: {ScreenCapture: 'denied'}, deniedByMdm: ['ScreenCapture']})
    expect(ids(f).filter((id) => id.includes('screen-recording'))).toEqual([])
    expect(ids(f)).toEqual(
      expect.arrayContaining(['mdm-denies-section', 'toggle-accessibility', 'full-disk-access-restart']),
    )
    expect(texts(f, 'launch')).toContain(
      "The Screen Recording section cannot be turned on on this Mac: the organisation's MDM denies it. Leave it as it is and tell the technician.",
    )
    // The window still shows the section: it is not granted.
    expect(f.window.shows).toBe(true)
    expect(ids(flow('14.6'))).not.toContain('mdm-denies-section')
  })

  it('a standard user is told an administrator has to be there, for the sections that need one', () => {
    const f = flow('12.7.6', {needsAdministrator: ['Accessibility', 'SystemPolicyAllFiles']})
    expect(texts(f, 'launch')).toContain(
      "Accessibility and Full Disk Access: this user is a standard user, so an administrator has to be there: when System Preferences asks for a name and password, an administrator types theirs (the user's own password is not enough).",
    )
    // Granted sections need nobody.
    const granted = flow('12.7.6', {
      needsAdministrator: ['Accessibility'],
      services: {Accessibility: 'granted'},
    })
    expect(ids(granted)).not.toContain('administrator-needed')
  })

  it('a section decided for another copy gets a step saying to have it reset first', () => {
    const f = flow('14.6', {staleSections: ['ScreenCapture']})
    expect(texts(f, 'launch')).toContain(
      'Screen Recording: System Settings may already show Remote Support Customer Client turned on, from an older copy of the app; that decision does not count. The technician resets it before the session (tccutil reset); then turn it on as below.',
    )
    expect(ids(f)).toContain('toggle-screen-recording-switch')
    expect(ids(flow('14.6'))).not.toContain('stale-sections')
  })

  it('any MDM of the house type: steps as on an unmanaged Mac unless the documents say otherwise', () => {
    const f = flow('15.1', {mdm: 'intune'})
    expect(f.mdm).toBe('intune')
    expect(ids(f)).toContain('safari-open-app-line')
    expect(ids(flow('15.1', {mdm: 'kandji'}))).not.toContain('safari-open-app-line')
    expect(noteIds(f).filter((n) => n.startsWith('mdm-'))).toEqual([])
  })
})
