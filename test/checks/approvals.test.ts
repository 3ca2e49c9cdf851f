import {describe, expect, it} from 'vitest'
import {screenCaptureAlert} from '../../src/checks/approvals.js'
import {parseMacosFlag} from '../../src/macos/version.js'
import type {PlistDict} from '../../src/profiles/model.js'
import {parsePlist} from '../../src/profiles/plist.js'

const CLIENT = '/Applications/.com.bomgar.scc.8E0A2C4E/Remote Support Customer Client.app'
const plist = (body: string) =>
  parsePlist(
    `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${body}\n</dict>\n</plist>\n`,
  ) as PlistDict

function alert(version: string, body: string | 'missing', options: {bypass?: string; observedAt?: string | null} = {}) {
  return screenCaptureAlert({
    macos: parseMacosFlag(version),
    bypass: options.bypass,
    approvals: body === 'missing' ? {status: 'missing', message: 'does not exist'} : {status: 'ok', value: plist(body)},
    bundleId: 'com.bomgar.bomgar-scc',
    copies: [CLIENT],
    observedAt: options.observedAt === undefined ? '2025-11-20T09:00:00Z' : options.observedAt,
  })
}

describe('ScreenCaptureApprovals.plist, as replayd keeps it (key names from public tools, see approvals.ts)', () => {
  it('reads the 15.1 and later form: the bundle ID, with LastAlerted and LastUsed dates', () => {
    const body = `<key>com.bomgar.bomgar-scc</key><dict>
      <key>kScreenCaptureAlertableUsageCount</key><integer>1</integer>
      <key>kScreenCaptureApprovalLastAlerted</key><date>2025-11-01T08:00:00Z</date>
      <key>kScreenCaptureApprovalLastUsed</key><date>2025-11-02T08:00:00Z</date>
      <key>kScreenCapturePrivacyHintPolicy</key><integer>2592000</integer></dict>`
    expect(alert('15.7.9', body)).toMatchObject({state: 'not-due', dueAfter: '2025-12-02T08:00:00Z'})
    expect(alert('15.7.9', body, {observedAt: '2025-12-03T00:00:00Z'})).toMatchObject({state: 'due'})
  })

  it("reads the 15.0 form: the executable's path, with a date", () => {
    const body = `<key>${CLIENT}/Contents/MacOS/sdcust</key><date>2025-11-10T08:00:00Z</date>`
    expect(alert('15.0', body)).toMatchObject({
      state: 'not-due',
      entry: `${CLIENT}/Contents/MacOS/sdcust`,
      lastAlerted: '2025-11-10T08:00:00Z',
    })
  })

  it('takes an entry keyed by the bundle URL of a copy', () => {
    const url = `file://${encodeURI(CLIENT)}/`
    const body = `<key>${url}</key><dict><key>kScreenCaptureApprovalLastUsed</key><date>2025-09-01T08:00:00Z</date></dict>`
    expect(alert('26.6.2', body)).toMatchObject({state: 'due', lastUsed: '2025-09-01T08:00:00Z'})
  })

  it('says unknown for content it does not know, and when the recording time is unknown', () => {
    const odd = `<key>com.bomgar.bomgar-scc</key><dict><key>kScreenCaptureSomethingNew</key><integer>4</integer></dict>`
    expect(alert('15.7.9', odd)).toMatchObject({
      state: 'unknown',
      why: expect.stringMatching(/not in a form pppc knows/),
    })
    const wrongType = `<key>com.bomgar.bomgar-scc</key><dict><key>kScreenCaptureApprovalLastUsed</key><string>soon</string></dict>`
    expect(alert('15.7.9', wrongType).state).toBe('unknown')
    const body = `<key>com.bomgar.bomgar-scc</key><date>2025-11-10T08:00:00Z</date>`
    expect(alert('15.7.9', body, {observedAt: null}).state).toBe('unknown')
  })

  it('no entry or no file: the alert comes at the first capture; before macOS 15 there is none', () => {
    expect(alert('15.7.9', '<key>us.zoom.xos</key><date>2025-11-10T08:00:00Z</date>').state).toBe('first-use')
    expect(alert('15.7.9', 'missing').state).toBe('first-use')
    expect(alert('14.6', 'missing').state).toBe('not-applicable')
  })

  it('forceBypassScreenCaptureAlert stops it from 15.1 only', () => {
    expect(alert('15.1', 'missing', {bypass: 'p'}).state).toBe('bypassed')
    expect(alert('15.0', 'missing', {bypass: 'p'}).state).toBe('first-use')
  })
})
