import {execa} from 'execa'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {pppc, pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {FIXTURES} from '../helpers/paths.js'
import {makeIdentity} from '../helpers/signing.js'

const PASSWORD = 'correct horse 7'
const PROFILE = join(FIXTURES, 'profiles', 'good', 'beyondtrust-authorization.mobileconfig')

let withCa: Awaited<ReturnType<typeof makeIdentity>>
beforeAll(async () => {
  withCa = await makeIdentity({password: PASSWORD, ca: true})
})

/**
 * pppc sign, in this process unless `cli` says otherwise (test/cli/in-process.cli.test.ts holds in-process runs to the
 * binary's answers).
 */
async function sign(p12: string, output: string, extra: string[] = [], password = PASSWORD, cli = pppcInProcess) {
  return cli(['sign', PROFILE, '--identity', p12, '-o', output, ...extra], {env: {PPPC_P12_PASSWORD: password}})
}

describe('pppc sign', () => {
  it('writes CMS SignedData that openssl verifies, with signed attributes, SHA-256 and the chain', async () => {
    const output = join(withCa.dir, 'signed.mobileconfig')
    // Through the binary (bin/run.js).
    const result = await sign(withCa.p12, output, ['--json'], PASSWORD, pppc)
    expect(result.exitCode).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(Object.keys(json).sort()).toEqual(
      ['bytes', 'chain', 'digest', 'input', 'output', 'signer', 'signingTime', 'verified', 'warnings'].sort(),
    )
    expect(json).toMatchObject({
      digest: 'SHA-256',
      verified: true,
      signer: {subject: 'CN=pppc test signer, O=pppc tests', issuer: 'CN=pppc test CA, O=pppc tests'},
      chain: ['CN=pppc test CA, O=pppc tests'],
      warnings: [],
    })
    // The check the brief names, and a full one against the CA: the chain in the file is enough.
    await execa('openssl', ['cms', '-verify', '-noverify', '-inform', 'DER', '-in', output, '-out', '/dev/null'])
    const content = await execa('openssl', [
      'cms',
      '-verify',
      '-inform',
      'DER',
      '-in',
      output,
      '-CAfile',
      withCa.caPem!,
      '-purpose',
      'any',
    ])
    expect(content.stdout).toBe((await readFile(PROFILE, 'utf8')).trimEnd())
    const printed = (await execa('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', output])).stdout
    for (const attribute of ['contentType', 'messageDigest', 'signingTime']) expect(printed).toContain(attribute)
    expect(printed).toMatch(/digestAlgorithm:\s+algorithm: sha256/)
    expect(printed.match(/subject: /g)?.length).toBe(2)
  })

  it('is read back and verified by pppc validate and pppc inspect', async () => {
    const output = join(withCa.dir, 'validated.mobileconfig')
    expect((await sign(withCa.p12, output)).exitCode).toBe(0)
    const validated = JSON.parse((await pppcInProcess(['validate', output, '--json'])).stdout)
    expect(validated.files[0].signature).toMatchObject({subject: 'CN=pppc test signer, O=pppc tests', verified: true})
    expect(validated.summary.errors).toBe(0)
    const inspected = await pppcInProcess(['inspect', output])
    expect(inspected.stdout).toMatch(/^signature valid, signer CN=pppc test signer, O=pppc tests, chain not checked$/m)
    // With the signer's CA given, the chain is checked too.
    const checked = JSON.parse((await pppcInProcess(['validate', output, '--ca', withCa.caPem!, '--json'])).stdout)
    expect(checked.summary.errors).toBe(0)
    expect(checked.files[0].findings.map((f: {rule: string}) => f.rule)).not.toContain('PPPC064')
  })

  it.each([
    ['a Keychain Access style (3DES, RC2) RSA identity', {legacy: true}],
    ['an EC P-256 identity', {ec: true}],
  ])('signs with %s', async (_, options) => {
    const identity = await makeIdentity({password: PASSWORD, ...options})
    const output = join(identity.dir, 'signed.mobileconfig')
    const result = await sign(identity.p12, output)
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toMatch(/warning: the certificate is self-signed/)
    await execa('openssl', ['cms', '-verify', '-noverify', '-inform', 'DER', '-in', output, '-out', '/dev/null'])
  })

  it('never takes or shows the password: a wrong one is one line without it, a missing one names the variable', async () => {
    const output = join(withCa.dir, 'never.mobileconfig')
    const wrong = await sign(withCa.p12, output, [], 'Tr0ub4dor&3')
    expectOneLineError(wrong, 2, /cannot open .*identity\.p12: the password is wrong/)
    expect(wrong.stderr).not.toContain('Tr0ub4dor')
    const json = await sign(withCa.p12, output, ['--json'], 'Tr0ub4dor&3')
    expect(json.stdout).not.toContain('Tr0ub4dor')
    expectOneLineError(
      await pppcInProcess(['sign', PROFILE, '--identity', withCa.p12, '-o', output]),
      2,
      /PPPC_P12_PASSWORD is not set; .*never takes it on the command line/,
    )
  })

  it('refuses what it cannot sign, and keeps an existing file without --force', async () => {
    const signed = join(withCa.dir, 'first.mobileconfig')
    expect((await sign(withCa.p12, signed)).exitCode).toBe(0)
    expectOneLineError(await sign(withCa.p12, signed), 2, /already exists; pass --force/)
    expectOneLineError(
      await pppcInProcess(['sign', signed, '--identity', withCa.p12, '-o', join(withCa.dir, 'twice')], {
        env: {PPPC_P12_PASSWORD: PASSWORD},
      }),
      2,
      /is already signed \(by CN=pppc test signer, O=pppc tests\); sign the unsigned original/,
    )
    const notP12 = join(withCa.dir, 'not.p12')
    await writeFile(notP12, 'hello')
    expectOneLineError(await sign(notP12, join(withCa.dir, 'x')), 2, /not\.p12 is not a PKCS#12 \(\.p12\) file/)
    expectOneLineError(await pppcInProcess(['sign', PROFILE]), 2, /missing --identity/)
  })
})
