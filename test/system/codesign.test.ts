import {describe, expect, it} from 'vitest'
import {parseCodesignVerify, parseSpctl} from '../../src/system/codesign.js'

const TMP_APP =
  '/var/folders/7x/k2h1q9xd3b5cj0v8w6r4m2pc0000gn/T/pppc-install.Qm3xR8tZ/Open To Start Support Session.app'
const RESOLVED = `/private${TMP_APP}`

describe('reading codesign and spctl whatever path they print', () => {
  it('reads the verdict when the tools print the resolved path (/private/var for /var)', () => {
    const spctl = parseSpctl(
      {
        argv: ['spctl', '-a', '-vv', '-t', 'exec', TMP_APP],
        exitCode: 0,
        stdout: '',
        stderr: `${RESOLVED}: accepted\nsource=Notarized Developer ID\norigin=Developer ID Application: BeyondTrust Corporation (B65TM49E24)\n`,
      },
      TMP_APP,
    )
    expect(spctl).toEqual({
      accepted: true,
      verdict: 'accepted',
      source: 'Notarized Developer ID',
      origin: 'Developer ID Application: BeyondTrust Corporation (B65TM49E24)',
      originTeamId: 'B65TM49E24',
    })
    const verify = parseCodesignVerify(
      {
        argv: ['codesign', '--verify', TMP_APP],
        exitCode: 0,
        stdout: '',
        stderr: `${RESOLVED}: valid on disk\n${RESOLVED}: satisfies its Designated Requirement\n`,
      },
      TMP_APP,
    )
    expect(verify).toEqual({
      valid: true,
      unsigned: false,
      detail: 'valid on disk; satisfies its Designated Requirement',
      files: [],
    })
  })

  it('never takes an "accepted" that the exit code denies, and says when the tool could not run', () => {
    expect(
      parseSpctl({argv: ['spctl'], exitCode: 3, stdout: '', stderr: `${TMP_APP}: accepted\n`}, TMP_APP).accepted,
    ).toBe(false)
    const missing = parseCodesignVerify(
      {
        argv: ['codesign', '--verify', TMP_APP],
        exitCode: 127,
        stdout: '',
        stderr: 'not recorded in snapshot fixtures/macs/x: codesign --verify\n',
      },
      TMP_APP,
    )
    expect(missing).toMatchObject({
      valid: false,
      detail: 'could not run codesign: not recorded in snapshot fixtures/macs/x: codesign --verify',
    })
  })
})
