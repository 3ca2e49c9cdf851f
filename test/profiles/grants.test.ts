import {describe, expect, it} from 'vitest'
import {PppcError} from '../../src/errors.js'
import {checkPppcGrants} from '../../src/profiles/format-rules.js'
import {parseGrantFlag} from '../../src/profiles/grants.js'
import type {Authorization} from '../../src/profiles/services.js'

/** A --grant flag checked as a configuration profile checks it (the format decides which values are allowed). */
function forProfile(flag: string): void {
  const parsed = parseGrantFlag(flag)
  checkPppcGrants([
    {
      name: 'Tool',
      identifier: 'com.example.tool',
      identifierType: 'bundleID',
      codeRequirement: 'anchor apple',
      grants: [{service: parsed.permission.key, authorization: parsed.authorization as Authorization}],
    },
  ])
}

function errorOf(fn: () => unknown): PppcError {
  try {
    fn()
  } catch (error) {
    if (error instanceof PppcError) return error
    throw error
  }
  throw new Error('expected a PppcError')
}

describe('--grant SERVICE=VALUE', () => {
  it.each([
    ['full-disk-access=allow', 'SystemPolicyAllFiles', 'Allow'],
    ['FDA=Allow', 'SystemPolicyAllFiles', 'Allow'],
    ['SystemPolicyAllFiles=allow', 'SystemPolicyAllFiles', 'Allow'],
    ['accessibility=allow', 'Accessibility', 'Allow'],
    ['screen-recording=allow-standard-user', 'ScreenCapture', 'AllowStandardUserToSetSystemService'],
    ['ScreenCapture=AllowStandardUserToSetSystemService', 'ScreenCapture', 'AllowStandardUserToSetSystemService'],
    ['input-monitoring=deny', 'ListenEvent', 'Deny'],
    ['camera=deny', 'Camera', 'Deny'],
    ['post-event=allow', 'PostEvent', 'Allow'],
    ['app-management=allow', 'SystemPolicyAppBundles', 'Allow'],
  ])('%s means %s=%s', (flag, key, value) => {
    const parsed = parseGrantFlag(flag)
    expect(parsed.permission.key).toBe(key)
    expect(parsed.authorization).toBe(value)
  })

  it('a profile refuses Allow for Screen Recording and says what works', () => {
    const error = errorOf(() => forProfile('screen-recording=allow'))
    expect(error.oneLine()).toContain('a profile cannot grant Screen Recording')
    expect(error.oneLine()).toContain('use allow-standard-user')
    expect(error.exitCode).toBe(2)
  })

  it('a profile refuses Allow for Camera and Microphone: deny only, or a declarative default', () => {
    expect(errorOf(() => forProfile('camera=allow')).oneLine()).toMatch(/cannot grant Camera.*only deny/)
    expect(errorOf(() => forProfile('microphone=allow')).oneLine()).toMatch(/cannot grant Microphone.*--format ddm/)
  })

  it('refuses allow-standard-user outside Screen Recording and Input Monitoring', () => {
    expect(errorOf(() => forProfile('full-disk-access=allow-standard-user')).oneLine()).toMatch(
      /only valid for Screen Recording and Input Monitoring.*use allow or deny/,
    )
  })

  it('explains names that are not PPPC services', () => {
    expect(errorOf(() => parseGrantFlag('RemoteDesktop=allow')).oneLine()).toMatch(
      /unknown service "RemoteDesktop" \(there is no Remote Desktop key/,
    )
    expect(errorOf(() => parseGrantFlag('DeveloperTools=allow')).oneLine()).toMatch(/Developer Tools has no PPPC key/)
    expect(errorOf(() => parseGrantFlag('teleport=allow')).oneLine()).toMatch(
      /unknown service "teleport".*pppc apps --services/,
    )
  })

  it('rejects malformed flags and unknown values', () => {
    expect(errorOf(() => parseGrantFlag('accessibility')).oneLine()).toMatch(/is not SERVICE=VALUE/)
    expect(errorOf(() => parseGrantFlag('accessibility=maybe')).oneLine()).toMatch(/unknown value "maybe"/)
    expect(errorOf(() => parseGrantFlag('accessibility=alow')).oneLine()).toMatch(
      /unknown value "alow"; did you mean "allow"\?/,
    )
    expect(errorOf(() => parseGrantFlag('full-disk-acess=allow')).oneLine()).toMatch(
      /unknown service "full-disk-acess"; did you mean "full-disk-access"\?/,
    )
  })

  it('takes a receiver only for Automation', () => {
    expect(parseGrantFlag('automation:com.apple.systemevents=allow').receiverId).toBe('com.apple.systemevents')
    expect(errorOf(() => parseGrantFlag('accessibility:com.apple.finder=allow')).oneLine()).toMatch(/only Automation/)
  })
})
