import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {validateBytes} from '../../src/profiles/validate.js'
import {FIXTURES} from '../helpers/paths.js'
import {signProfile, tamper} from '../helpers/signing.js'

const GOOD = readFileSync(join(FIXTURES, 'profiles', 'good', 'beyondtrust-authorization.mobileconfig'))
let signed: Buffer

beforeAll(async () => {
  signed = await signProfile(GOOD)
})

describe('signed profiles (CMS, DER)', () => {
  it('are unwrapped, their signer named and verified, and their content validated', async () => {
    expect(signed[0]).toBe(0x30)
    const report = await validateBytes('signed.mobileconfig', signed)
    expect(report.signature).toEqual({
      subject: 'CN=pppc test signer, O=pppc tests',
      issuer: 'CN=pppc test signer, O=pppc tests',
      verified: true,
    })
    expect(report.encoding).toBe('xml')
    expect(report.profile?.identifier).toBe('edu.example.pppc.bt')
    expect(report.findings).toEqual([])
  })

  it('still get the content rules: a signed profile granting Screen Recording is an error', async () => {
    const bad = await signProfile(
      readFileSync(join(FIXTURES, 'profiles', 'bad', 'PPPC050-allow-screencapture.mobileconfig')),
    )
    const report = await validateBytes('bad-signed.mobileconfig', bad)
    expect(report.signature?.verified).toBe(true)
    expect(report.findings.map((f) => f.rule)).toContain('PPPC050')
  })

  it('are reported as tampered when the content changed after signing', async () => {
    const report = await validateBytes('tampered.mobileconfig', tamper(signed))
    expect(report.signature?.verified).toBe(false)
    const finding = report.findings.find((f) => f.rule === 'PPPC004')
    expect(finding?.severity).toBe('error')
    expect(finding?.message).toMatch(/signature by CN=pppc test signer, O=pppc tests does not verify/)
  })

  it('get the Jamf preflight warning: upload unsigned', async () => {
    const report = await validateBytes('signed.mobileconfig', signed, {mdm: 'jamf'})
    expect(report.findings.map((f) => f.rule)).toEqual(['PPPC080'])
  })
})
