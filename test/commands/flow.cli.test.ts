import {copyFile, mkdtemp, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {pppc, pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {NEWEST_RELEASE} from '../../src/macos/releases.js'
import {REPO} from '../helpers/paths.js'

/** A version past the newest release pppc knows: the tests hold when a release is added to the table. */
const BEYOND = `${Number(NEWEST_RELEASE.major) + 1}.1`

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pppc-flow-'))
})

/** The numbered steps of a text flow, joined back into one line each. */
function steps(text: string): string[] {
  return text
    .split(/\n(?=\s*\d+\. )/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => /^\d+\. /.test(s))
    .map((s) =>
      s
        .replace(/^\d+\. /, '')
        .replace(/ (Notes|For the technician|Give the|The session|Start the app|Download the app)\b.*$/, ''),
    )
}

// The first test and the last run the binary (bin/run.js); the others check what flow says, in this process
// (test/cli/in-process.cli.test.ts holds that to the binary).
describe('pppc flow (the built command)', () => {
  it('macOS 12.7.6: System Preferences, the lock and the checkboxes', async () => {
    const result = await pppc(['flow', '--macos', '12.7.6'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(
      /^Joining a BeyondTrust support session on macOS 12\.7\.6 Monterey\nSystem Preferences: click the lock, then tick the checkbox \(macOS 10\.15 to 12\)/,
    )
    expect(result.stdout).toMatch(/^Give the permissions in System Preferences$/m)
    const all = steps(result.stdout).join('\n')
    expect(all).toContain(
      "click the lock at the lower left corner of the window (if it's not already open) and enter the user password to unlock the window. After this put a check mark in the box to the left of Remote Support Customer Client.",
    )
    expect(all).not.toMatch(/toggle|System Settings/)
    expect(result.stderr).toBe('')
  })

  it.each(['13.0', '14.6', '15.1', '26.1'])('macOS %s: System Settings and toggles', async (version) => {
    const result = await pppcInProcess(['flow', '--macos', version])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^Give the permissions in System Settings$/m)
    const all = steps(result.stdout).join('\n')
    expect(all).toContain(
      'click the toggle to the right of Remote Support Customer Client and enter the user password when asked.',
    )
    expect(all).toContain(
      'Go back to the Action Required window and click the Grant Access button in the Full Disk Access section, then click the toggle next to Remote Support Customer Client.',
    )
    expect(all).not.toMatch(/lock at the lower left/)
    const allow =
      'You may see two windows in the course of running the app that indicate other permissions are required. On both of them click Allow.'
    if (version === '15.1' || version === '26.1') expect(all).toContain(allow)
    else expect(all).not.toContain('On both of them click Allow')
  })

  // The seed documents themselves are read by test/onboarding/seeds.shared.test.ts (second tier).
  describe('the download steps match the seeds', () => {
    it.each([
      [
        ['--browser', 'chrome'],
        [
          'Click the download icon at the top right, then click the Show in Finder icon (looks like a file folder).',
          'In the Finder window that comes up, double-click the Open to Start Support Session.zip file, then double-click the Open to Start Support Session.app file.',
        ],
      ],
      [
        ['--browser', 'firefox'],
        [
          'Click the download icon at the top right, then click the Show in Finder icon (looks like a magnifying glass).',
          'In the Finder window that comes up, double-click the Open to Start Support Session.zip file, then double-click the Open to Start Support Session.app file.',
        ],
      ],
      [
        ['--browser', 'safari'],
        [
          'Click Allow in the popup asking to allow downloads from the site.',
          'Click the download icon at the top right, then double-click the Open to Start Support Session.app line.',
        ],
      ],
      [
        ['--browser', 'safari', '--mdm', 'kandji'],
        [
          'Click Allow in the popup asking to allow downloads from the site.',
          'Click the download icon at the top right, then click the Show in Finder icon (looks like a magnifying glass).',
          'In the Finder window that comes up, double-click the Open to Start Support Session.zip file, then double-click the Open to Start Support Session.app file.',
        ],
      ],
    ])('%j', async (flags, expected) => {
      const result = await pppcInProcess(['flow', '--macos', '14.6', ...flags, '--format', 'json'])
      const flow = JSON.parse(result.stdout)
      const download = flow.sections
        .find((s: {id: string}) => s.id === 'download')
        .steps.map((s: {text: string}) => s.text)
      expect(download.slice(1)).toEqual(expected)
    })

    it('Edge on a Mac is refused in one line: the documents give Edge for Windows only', async () => {
      expectOneLineError(
        await pppcInProcess(['flow', '--macos', '14.6', '--browser', 'edge']),
        2,
        /^Error: --browser edge has no steps on a Mac: the onboarding documents give Microsoft Edge's steps for Windows only; on a Mac use chrome, firefox, safari$/,
      )
    })
  })

  it('on a Kandji Mac: Accessibility and Full Disk Access already checked, Revoke Access', async () => {
    const result = await pppcInProcess(['flow', '--macos', '15.1', '--mdm', 'kandji', '--browser', 'safari'])
    const all = steps(result.stdout)
    expect(all).toContain(
      'The Accessibility section already has a green checkmark and its button says Revoke Access: leave it.',
    )
    expect(all).toContain(
      'The Full Disk Access section already has a green checkmark and its button says Revoke Access: leave it.',
    )
    expect(all.join('\n')).not.toContain('Grant Access button in the Accessibility section')
  })

  it('on a Mac supported before: no Action Required window', async () => {
    const result = await pppcInProcess(['flow', '--macos', '13.0', '--granted', 'all', '--browser', 'chrome'])
    expect(steps(result.stdout)).toContain(
      'The Action Required window does not show up: the app already has every permission it needs, as on a Mac supported through BeyondTrust before.',
    )
    expect(result.stdout).not.toMatch(/Give the permissions/)
    expect(steps(result.stdout).slice(-2)).toEqual([
      'To end the session at any time, click STOP SHARING or the red dot at the top left of the main window, then click Yes.',
      'Once the session has ended, the downloaded files can be deleted manually (from Downloads).',
    ])
  })

  it('writes one self-contained HTML page a technician can send: every system, version and browser in one file', async () => {
    const file = join(work, 'join.html')
    const result = await pppcInProcess([
      'flow',
      '--macos',
      '26.1',
      '--browser',
      'firefox',
      '--format',
      'html',
      '-o',
      file,
    ])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe(`Wrote ${file} (html, page for the user: Windows and Mac, permissions-upfront)\n`)
    const html = await readFile(file, 'utf8')
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/)
    expect(html.match(/<html/g)).toHaveLength(1)
    expect(html).toMatch(/<style>[\s\S]+<\/style>/)
    // Nothing outside the page: no stylesheets, images, scripts or frames to fetch; the only link is to itself.
    expect(html).not.toMatch(/<link|<img|<iframe|\ssrc=|@import|url\(/i)
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual(['#steps'])
    expect(html).toContain('<h1>Join a remote support session</h1>')
    // The technician's choices are preselected; the user can change them.
    expect(html).toContain('data-os="macos" data-macos="26" data-browser="firefox"')
    expect(html).toContain('Show in Finder icon (looks like a magnifying glass)')
    expect(html).toContain('<h2 id="system-windows">On a Windows PC</h2>')
    expect(html).toContain('click Yes.')
    expect(html.match(/<svg /g)!.length).toBeGreaterThan(10)
    // Nothing internal: no commands, paths, provenance or admin notes.
    expect(html).not.toMatch(/pppc|seed|src\/|data\/apps|shared\/research|macos-facts|derived/i)
    expect(html).not.toContain('an MDM can stop the screen-capture alert')
    expectOneLineError(
      await pppcInProcess(['flow', '--macos', '26.1', '--format', 'html', '-o', file]),
      2,
      /already exists; pass --force to replace it/,
    )
    const technician = await pppcInProcess(['flow', '--format', 'html', '--for', 'technician'])
    expect(technician.stdout).toContain('an MDM can stop the screen-capture alert')
    expect(technician.stdout).toContain('Technician: The document says &quot;For macOS 15 specifically&quot;')
    expect(technician.stdout).toMatch(/<h2>Sources<\/h2>/)
  })

  it('writes Markdown, and JSON with --format json or --json', async () => {
    const md = await pppcInProcess(['flow', '--macos', '15.1', '--browser', 'chrome', '--format', 'markdown'])
    expect(md.stdout).toMatch(/^# Joining a BeyondTrust support session on macOS 15\.1 Sequoia\n/)
    expect(md.stdout).toMatch(
      /^## Give the permissions in System Settings\n\n9\. Click the Grant Access button in the Screen Recording section\.$/m,
    )
    expect(md.stdout).toMatch(
      /^## For the technician and the Mac admin\n\n- From macOS 15\.1 an MDM can stop the screen-capture alert/m,
    )
    const json = JSON.parse((await pppcInProcess(['flow', '--macos', '15.1', '--format', 'json'])).stdout)
    const flag = JSON.parse((await pppcInProcess(['flow', '--macos', '15.1', '--json'])).stdout)
    expect(flag).toEqual(json)
    expect(Object.keys(json).sort()).toEqual([
      'app',
      'browser',
      'clientConfig',
      'flow',
      'macos',
      'mdm',
      'notes',
      'os',
      'sections',
      'site',
      'sources',
      'window',
    ])
    expect(json.macos).toEqual({
      productVersion: '15.1',
      semver: '15.1.0',
      build: null,
      beta: false,
      name: 'Sequoia',
      description: 'macOS 15.1 Sequoia',
      settingsApp: 'System Settings',
    })
  })

  it('Windows with Edge: the download, the three dots, the agreement, the elevation (Yes) and the end, as JSON', async () => {
    const result = await pppcInProcess(['flow', '--os', 'windows', '--browser', 'edge', '--format', 'json'])
    expect(result.exitCode).toBe(0)
    const flow = JSON.parse(result.stdout)
    expect(flow).toMatchObject({os: 'windows', macos: null, flow: null, mdm: null, window: null, browser: 'edge'})
    expect(flow.clientConfig).toEqual({
      id: 'permissions-upfront',
      label: 'Permissions up front, whole screen',
      documented: true,
    })
    expect(flow.sections.map((s: {id: string; steps: {id: string}[]}) => [s.id, s.steps.map((st) => st.id)])).toEqual([
      ['download', ['portal', 'windows-edge-open-download', 'windows-edge-downloads-menu']],
      ['launch', ['windows-loading', 'agreement']],
      ['session', ['main-window', 'windows-elevation', 'windows-end-session', 'windows-download-removed']],
    ])
    expect(flow.sources.map((s: {id: string}) => s.id)).toEqual(['ualberta', 'ttu'])
    const text = await pppcInProcess(['flow', '--os', 'windows'])
    expect(text.stdout).toMatch(/^Joining a BeyondTrust support session on Windows\n/)
    expect(text.stdout).toMatch(/^ Microsoft Edge:$/m)
    expect(text.stdout).not.toMatch(/Safari/)
    const md = await pppcInProcess(['flow', '--os', 'windows', '--browser', 'firefox', '--format', 'markdown'])
    expect(md.stdout).toMatch(/^# Joining a BeyondTrust support session on Windows\n\nBrowser: Mozilla Firefox\.\n/)
    expect(md.stdout).toMatch(/^\d+\. .*User Account Control window .* click Yes\.$/m)
    const html = await pppcInProcess(['flow', '--os', 'windows', '--browser', 'edge', '--format', 'html'])
    expect(html.stdout).toContain('data-os="windows" data-macos="" data-browser="edge"')
  })

  it('the Texas Tech configuration on macOS 14: waiver, Access Request, Choose Applications, the accessibility request, chat, OK', async () => {
    const result = await pppcInProcess([
      'flow',
      '--macos',
      '14.6',
      '--client-config',
      'access-on-request',
      '--browser',
      'chrome',
      '--format',
      'json',
    ])
    const flow = JSON.parse(result.stdout)
    expect(flow.window.shows).toBe(false)
    expect(flow.sections.map((s: {id: string; steps: {id: string}[]}) => [s.id, s.steps.map((st) => st.id)])).toEqual([
      ['download', ['portal', 'chrome-show-in-finder', 'open-zip-then-app']],
      ['launch', ['open-downloaded-app', 'loading', 'full-terms', 'waiver-accept']],
      ['sharing', ['access-request-allow', 'on-request-screen-recording', 'choose-applications', 'modify-sharing']],
      ['control', ['accessibility-request', 'accessibility-switch-on']],
      [
        'session',
        ['chat-log', 'chat-send', 'elevation', 'close-chat', 'confirm-end', 'session-ended-ok', 'delete-downloads'],
      ],
    ])
    // No Local Network prompt before macOS 15, and no Action Required window in this configuration.
    expect(JSON.stringify(flow)).not.toMatch(/local networks|Action Required window/)
  })

  describe('the site file', () => {
    const site = join(REPO, 'fixtures', 'sites', 'example.site.yaml')
    it('fills the flow with the portal and names the organization; pppc.site.yaml is read from the current folder', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'pppc-site-'))
      await copyFile(site, join(folder, 'pppc.site.yaml'))
      const result = await pppcInProcess(['flow', '--macos', '15.1', '--format', 'json'], {cwd: folder})
      const flow = JSON.parse(result.stdout)
      expect(flow.site).toEqual({
        organization: 'Example University IT Service Desk',
        portal: 'https://support.example.edu',
        contact: {phone: '+1 555 0100', email: 'servicedesk@example.edu', hours: 'Monday to Friday, 8:00 to 18:00'},
      })
      expect(flow.mdm).toBe('kandji')
      expect(flow.sections[0].steps[0].text).toMatch(/^Go to https:\/\/support\.example\.edu, type the session key/)
      // Flags win over the site file.
      const none = JSON.parse(
        (await pppcInProcess(['flow', '--macos', '15.1', '--mdm', 'none', '--json'], {cwd: folder})).stdout,
      )
      expect(none.mdm).toBe('none')
    })

    it('the page carries the organization, its portal link and contact, and nothing internal', async () => {
      const html = (await pppcInProcess(['flow', '--site', site, '--format', 'html'])).stdout
      expect(html).toContain('<p class="org">Example University IT Service Desk</p>')
      expect(html).toContain('<h1>Join a remote support session with the IT Service Desk</h1>')
      expect(html).toContain('<a href="https://support.example.edu">https://support.example.edu</a>')
      expect(html).toContain('<a href="tel:+15550100">+1 555 0100</a>')
      expect(html).toContain('<a href="mailto:servicedesk@example.edu">servicedesk@example.edu</a>')
      expect(html).not.toMatch(/pppc|seed|src\/|data\/apps|derived|PPPC|System Settings: turn on the toggle/)
    })

    it.each([
      [
        ['--site', 'missing.yaml'],
        /^Error: cannot read the site file missing\.yaml: no such file; give the path of a pppc\.site\.yaml/,
      ],
      [['--site', join(REPO, 'fixtures', 'sites', 'typo.site.yaml')], /unknown key "portl"; did you mean "portal"\?$/],
    ])('refuses %j in one line (exit 2)', async (flags, message) => {
      expectOneLineError(await pppcInProcess(['flow', '--macos', '15.1', ...flags]), 2, message)
    })
  })

  it('gives a clear note, not a crash, for versions it does not know', async () => {
    const old = await pppcInProcess(['flow', '--macos', '10.14.6', '--browser', 'chrome'])
    expect(old.exitCode).toBe(0)
    expect(old.stdout.replace(/\s+/g, ' ')).toContain(
      'macOS 10.14.6 is older than 10.15 Catalina, the oldest version these steps cover',
    )
    const future = await pppcInProcess(['flow', '--macos', BEYOND, '--browser', 'chrome'])
    expect(future.exitCode).toBe(0)
    expect(future.stdout.replace(/\s+/g, ' ')).toContain(
      `macOS ${BEYOND} is newer than the newest version pppc knows (${NEWEST_RELEASE.major})`,
    )
  })

  it.each([
    [['flow', '--macos', 'sonoma'], /--macos "sonoma" is not a macOS version; give it as sw_vers prints it/],
    [['flow', '--macos', '15.1', '--granted', 'camera'], /--granted "camera" is not one of the client's permissions/],
    [['flow', '--os', 'windows', '--macos', '15.1'], /^Error: --macos is for a Mac; leave it out with --os windows$/],
    [['flow', '--os', 'windows', '--browser', 'safari'], /--browser safari has no steps on Windows/],
    [['flow', '--os', 'windows', '--mdm', 'kandji'], /--mdm is for a Mac/],
    [
      ['flow', '--macos', '15.1', '--browser', 'opera'],
      /Expected --browser=opera to be one of: chrome, firefox, edge, safari; see --help/,
    ],
  ])('refuses %j in one line (exit 2)', async (args, message) => {
    expectOneLineError(await pppcInProcess(args), 2, message)
  })

  it.skipIf(process.platform === 'darwin')(
    'without --macos off a Mac, asks for --macos in one line (exit 2)',
    async () => {
      expectOneLineError(
        await pppcInProcess(['flow']),
        2,
        /^Error: pppc flow needs --macos VERSION when it does not run on a Mac; give the version of the user's Mac, e.g. --macos 15\.1/,
      )
    },
  )

  it('keeps its output stable for the same input', async () => {
    // Two processes of their own: nothing of one run (a cache, a counter) can make the second look the same.
    const a = await pppc(['flow', '--macos', '26.2', '--format', 'html'])
    const b = await pppc(['flow', '--macos', '26.2', '--format', 'html'])
    expect(a.stdout).toBe(b.stdout)
  })
})
