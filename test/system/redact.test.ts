import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {parse} from 'plist'
import {describe, expect, it} from 'vitest'
import {PROFILES} from '../../src/system/mac-commands.js'
import {parseInstalledProfiles} from '../../src/checks/installed-profiles.js'
import {redactBytes, redactCommand, redactProfileListing, RedactionLog, redactText} from '../../src/system/redact.js'
import {toMobileconfig} from '../../src/profiles/mobileconfig.js'
import {FIXTURES} from '../helpers/paths.js'

/** A listing as `profiles -P -o stdout-xml` prints it as root: Wi-Fi, certificate and VPN payloads with secrets. */
async function listingWithSecrets(): Promise<string> {
  const index = JSON.parse(
    await readFile(join(FIXTURES, 'macs', 'macos-13.7.8-kandji-profile', 'commands.json'), 'utf8'),
  )
  const listing = parse(
    index.commands.find((c: {argv: string[]}) => c.argv.join(' ') === PROFILES.join(' ')).stdout,
  ) as {_computerlevel: Record<string, unknown>[]}
  listing._computerlevel.push({
    ProfileDisplayName: 'Campus Wi-Fi',
    ProfileIdentifier: 'com.kandji.profile.wifi',
    ProfileItems: [
      {
        PayloadType: 'com.apple.wifi.managed',
        PayloadIdentifier: 'wifi',
        PayloadContent: {
          SSID_STR: 'Campus',
          Password: 'hunter2-wifi',
          EAPClientConfiguration: {UserPassword: 'hunter2-eap'},
        },
      },
      {
        PayloadType: 'com.apple.security.pkcs12',
        PayloadIdentifier: 'cert',
        PayloadContent: {Password: 'hunter2-p12', PayloadContent: Buffer.from('PKCS12 BYTES')},
      },
      {
        PayloadType: 'com.apple.applicationaccess',
        PayloadIdentifier: 'restrictions',
        PayloadContent: {forceBypassScreenCaptureAlert: true, allowCamera: false},
      },
    ],
    ProfileSharedSecret: 'hunter2-top',
  })
  return toMobileconfig(listing as never)
}

describe('what pppc collect keeps of the installed profiles', () => {
  it('keeps PPPC payloads and forceBypassScreenCaptureAlert, drops every other payload content and secret-looking key', async () => {
    const original = await listingWithSecrets()
    expect(original).toContain('hunter2-wifi')
    const redacted = redactProfileListing(original)!
    expect(redacted).not.toMatch(/hunter2|PKCS12|UEtDUzEy|SSID_STR|allowCamera/)
    const profiles = parseInstalledProfiles(redacted)!
    expect(profiles.map((p) => p.identifier)).toEqual([
      'com.kandji.profile.mdmprofile',
      'com.kandji.profile.custom.3f6c2a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
      'com.kandji.profile.wifi',
    ])
    expect(profiles[1]!.pppc.map((e) => `${e.service}=${e.authorization}`)).toEqual([
      'Accessibility=Allow',
      'ScreenCapture=AllowStandardUserToSetSystemService',
      'SystemPolicyAllFiles=Allow',
    ])
    expect(profiles[2]).toMatchObject({
      payloadTypes: ['com.apple.wifi.managed', 'com.apple.security.pkcs12', 'com.apple.applicationaccess'],
      forceBypassScreenCaptureAlert: true,
    })
  })

  it('applies only to the profiles listing, and leaves out a listing it cannot read rather than keep it unchecked', async () => {
    const sw = {argv: ['sw_vers'], exitCode: 0, stdout: 'ProductVersion:\t\t15.1\n', stderr: ''}
    expect(redactCommand(sw)).toBe(sw)
    const garbled = redactCommand({argv: PROFILES, exitCode: 0, stdout: '<plist><dict><key>Password</key>', stderr: ''})
    expect(garbled).toEqual({
      argv: PROFILES,
      exitCode: 0,
      stdout: '',
      stderr: 'pppc collect left this output out: it is not a property list, so it could not be checked for secrets\n',
    })
  })
})

describe('redaction by shape keeps the public facts of a signature', () => {
  it('keeps the code hashes codesign prints and a requirement pins, and still removes a hex key', () => {
    const codesign = [
      'CandidateCDHash sha256=b2189a6e90761717d4a4827127ec8fcd4ed3f7c5',
      'CandidateCDHashFull sha256=b2189a6e90761717d4a4827127ec8fcd4ed3f7c597887073358048082a3c2938',
      'CMSDigest=caf3eed3e2bdce0c2b2442c06b87afc8e261f2349d426bd8c7737338322ce172',
      'CDHash=b2189a6e90761717d4a4827127ec8fcd4ed3f7c5',
      'cdhash H"b2189a6e90761717d4a4827127ec8fcd4ed3f7c5"',
    ].join('\n')
    expect(redactText(codesign, 'codesign')).toBe(codesign)
    expect(redactText('api=0123456789abcdef0123456789abcdef01', 'x')).toMatch(/\[redacted/)
    expect(redactText('key 0123456789abcdef0123456789abcdef01', 'x')).toBe('key [redacted hex key]')
  })
})

describe('redaction of copied files, byte by byte', () => {
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16()
  const utf16le = (text: string) => Buffer.from(text, 'utf16le')

  it('finds secrets kept as UTF-16 of either byte order at either alignment, and changes no other byte', () => {
    // Binary around the text (a lone surrogate's bytes, zeros, 0xff), the big-endian text at an even offset, the
    // little-endian one at an odd offset, as a binary plist and a UTF-16 database page may hold them.
    const noise = Buffer.from([0x00, 0xd8, 0x00, 0x00, 0xff, 0x13, 0x00])
    const big = utf16be('Notiz ✓ password=Hunter2-Wifi!x managed by jane.doe@example.edu')
    const little = utf16le('token ghp_pppcTESTtoken0123456789abcdefABCD ✓')
    const data = Buffer.concat([noise.subarray(0, 6), big, noise, little, noise])
    expect(data.indexOf(little) % 2).toBe(1)
    const log = new RedactionLog()
    const out = redactBytes(data, 'files/x.plist', log)

    expect(out.length).toBe(data.length)
    for (const secret of ['Hunter2-Wifi!x', 'jane.doe@example.edu', 'ghp_pppcTESTtoken0123456789abcdefABCD'])
      for (const form of [utf16be(secret), utf16le(secret), Buffer.from(secret)])
        expect(out.includes(form), secret).toBe(false)
    expect(out.includes(utf16be('Notiz ✓ password='))).toBe(true)
    expect(out.includes(utf16be('XXXXXXXXXXXXXX managed by '))).toBe(true)
    expect(out.includes(utf16le(`token ${'X'.repeat(37)} ✓`))).toBe(true)
    // Every byte outside the secrets is as it was; in each secret's characters, the byte that is not 0 became "X".
    let changed = 0
    for (let i = 0; i < data.length; i++) if (data[i] !== out[i]) changed++
    expect(changed).toBe(14 + 20 + 37)
    expect(log.list().map((e) => e.kind)).toEqual(['API token', 'e-mail address', 'password'])
  })

  it('gives back the same buffer when there is nothing to remove', () => {
    const data = Buffer.concat([utf16be('just a note ✓'), Buffer.from('plain ascii'), Buffer.from([0, 1, 2, 3])])
    expect(redactBytes(data, 'files/y.plist')).toBe(data)
  })
})
