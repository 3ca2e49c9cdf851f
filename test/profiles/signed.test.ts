import {readFileSync} from 'node:fs'
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {validateBytes} from '../../src/profiles/validate.js'
import {FIXTURES} from '../helpers/paths.js'
import {pppcInProcess} from '../helpers/cli.js'
import {fixtureCa} from '../helpers/profiles.js'
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
      selfSigned: true,
      chain: 'not-checked',
    })
    expect(report.encoding).toBe('xml')
    expect(report.profile?.identifier).toBe('edu.example.pppc.bt')
    expect(report.findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(['PPPC065 warning'])
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
    expect(report.findings.map((f) => f.rule)).toEqual(['PPPC065', 'PPPC080'])
  })
})

describe('signatures said plainly: what was checked, and what was not', () => {
  const CA_SIGNED = readFileSync(join(FIXTURES, 'profiles', 'signed', 'ca-signed.mobileconfig'))

  it('a self-signed certificate that names BeyondTrust is "signature valid, ... (self-signed), chain not checked", and a warning', async () => {
    const impostor = await signProfile(
      GOOD,
      '/CN=Developer ID Application: BeyondTrust Corporation (B65TM49E24)/O=BeyondTrust Corporation',
    )
    const dir = await mkdtemp(join(tmpdir(), 'pppc-impostor-'))
    await writeFile(join(dir, 'impostor.mobileconfig'), impostor)
    const inspect = await pppcInProcess(['inspect', join(dir, 'impostor.mobileconfig')])
    expect(inspect.exitCode).toBe(0)
    expect(inspect.stdout.split('\n')[1]).toBe(
      'signature valid, signer CN=Developer ID Application: BeyondTrust Corporation (B65TM49E24), O=BeyondTrust Corporation (self-signed), chain not checked',
    )
    expect(inspect.stdout).not.toMatch(/signature verified/)
    const report = await validateBytes('impostor', impostor)
    expect(report.findings).toEqual([
      expect.objectContaining({rule: 'PPPC065', severity: 'warning', message: expect.stringMatching(/self-signed/)}),
    ])
  })

  it('a signer issued by a CA: chain not checked without --ca, trusted with it, refused with another CA', async () => {
    const plain = await validateBytes('ca-signed', CA_SIGNED)
    expect(plain.signature).toMatchObject({verified: true, selfSigned: false, chain: 'not-checked'})
    expect(plain.findings).toEqual([])
    const trusted = await validateBytes('ca-signed', CA_SIGNED, {trustAnchors: fixtureCa('pppc-fixture-ca')})
    expect(trusted.signature).toMatchObject({verified: true, chain: 'trusted'})
    expect(trusted.findings).toEqual([])
    const other = await validateBytes('ca-signed', CA_SIGNED, {trustAnchors: fixtureCa('unrelated-ca')})
    expect(other.signature).toMatchObject({verified: true, chain: 'untrusted'})
    expect(other.findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(['PPPC064 error'])
  })

  it('--ca on the command line: validate and inspect check the chain against the PEM bundle', async () => {
    const file = join(FIXTURES, 'profiles', 'signed', 'ca-signed.mobileconfig')
    const ca = join(FIXTURES, 'profiles', 'ca')
    const ok = await pppcInProcess(['validate', file, '--ca', join(ca, 'pppc-fixture-ca.pem')])
    expect(ok.exitCode).toBe(0)
    expect(ok.stdout).toMatch(
      /ok \(signature valid, signer CN=pppc fixture leaf signer, O=pppc fixtures, chain trusted \(--ca\)\)/,
    )
    const refused = await pppcInProcess(['validate', file, '--ca', join(ca, 'unrelated-ca.pem')])
    expect(refused.exitCode).toBe(1)
    expect(refused.stdout).toMatch(
      /error PPPC064 the signer CN=pppc fixture leaf signer, O=pppc fixtures is not trusted by --ca/,
    )
    const inspect = await pppcInProcess(['inspect', file, '--ca', join(ca, 'pppc-fixture-ca.pem')])
    expect(inspect.stdout.split('\n')[1]).toBe(
      'signature valid, signer CN=pppc fixture leaf signer, O=pppc fixtures, chain trusted (--ca)',
    )
    const noCerts = await pppcInProcess(['validate', file, '--ca', file])
    expect(noCerts.exitCode).toBe(2)
    expect(noCerts.stderr).toMatch(/--ca .* holds no PEM certificate/)
  })
})
