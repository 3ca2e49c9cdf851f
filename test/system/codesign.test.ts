import {describe, expect, it} from 'vitest'
import {parseCodesignDetails, parseCodesignVerify, parseSpctl} from '../../src/system/codesign.js'

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

describe('codesign -dv --verbose=4: the chain, the CDHash and when it was signed', () => {
  // The layout of a public capture (Packfiles, "Verify your copy of Warp Vault"), on stderr.
  const WARP = [
    'Executable=/Applications/Warp Vault.app/Contents/MacOS/Warp Vault',
    'Identifier=io.packfiles.vault',
    'Format=app bundle with Mach-O universal (x86_64 arm64)',
    'CodeDirectory v=20500 size=99230 flags=0x10000(runtime) hashes=3090+7 location=embedded',
    'Hash type=sha256 size=32',
    'CandidateCDHash sha256=ba7c6219f8c7eb29db4f6e80d00364acaff85b1a',
    'CandidateCDHashFull sha256=ba7c6219f8c7eb29db4f6e80d00364acaff85b1a0b832b6fd54663aeda53e0c8',
    'Hash choices=sha256',
    'CDHash=ba7c6219f8c7eb29db4f6e80d00364acaff85b1a',
    'Signature size=9046',
    'Authority=Developer ID Application: Packfiles Inc (LQ28J3F3JH)',
    'Authority=Developer ID Certification Authority',
    'Authority=Apple Root CA',
    'Timestamp=Apr 9, 2025 at 18:47:11',
    'Info.plist entries=14',
    'TeamIdentifier=LQ28J3F3JH',
    '',
  ].join('\n')

  it('reads the Authority chain leaf first, the 20-byte CDHash once, and the timestamp', () => {
    expect(parseCodesignDetails({argv: ['codesign'], exitCode: 0, stdout: '', stderr: WARP})).toEqual({
      identifier: 'io.packfiles.vault',
      teamId: 'LQ28J3F3JH',
      adhoc: false,
      hardenedRuntime: true,
      authorities: [
        'Developer ID Application: Packfiles Inc (LQ28J3F3JH)',
        'Developer ID Certification Authority',
        'Apple Root CA',
      ],
      cdhashes: ['ba7c6219f8c7eb29db4f6e80d00364acaff85b1a'],
      signedAt: 'Apr 9, 2025 at 18:47:11',
      verbose: true,
    })
  })

  it('at verbosity 1 (a first-format snapshot) the chain is not known, not empty', () => {
    const short = 'Identifier=io.packfiles.vault\nTeamIdentifier=LQ28J3F3JH\nSignature size=9046\n'
    expect(parseCodesignDetails({argv: ['codesign'], exitCode: 0, stdout: '', stderr: short})).toMatchObject({
      authorities: [],
      cdhashes: [],
      verbose: false,
    })
  })
})
