import {execa} from 'execa'
import {mkdtemp, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {selfSigned} from './openssl.js'

/**
 * Signs a profile as Jamf Pro and Apple Configurator export them: CMS SignedData, DER, content attached. The key and
 * self-signed certificate are made here, by openssl, for this test run only.
 */
export async function signProfile(
  content: Buffer | string,
  subject = '/CN=pppc test signer/O=pppc tests',
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'pppc-sign-'))
  await selfSigned(dir, subject)
  await execa(
    'openssl',
    [
      'cms',
      '-sign',
      '-binary',
      '-nodetach',
      '-outform',
      'DER',
      '-signer',
      join(dir, 'cert.pem'),
      '-inkey',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'signed.der'),
    ],
    {input: content},
  )
  return readFile(join(dir, 'signed.der'))
}

/** Changes one byte of the signed content, as a hand edit of a signed file would. */
export function tamper(signed: Buffer, text = 'Accessibility'): Buffer {
  const copy = Buffer.from(signed)
  const at = copy.indexOf(text)
  if (at < 0) throw new Error(`"${text}" is not in the signed content`)
  copy[at] = copy[at]! ^ 0x20
  return copy
}

/**
 * A signing identity as a .p12 file, made by openssl for this test run: a CA and a leaf it issued (or a self-signed
 * leaf), RSA or EC, exported the OpenSSL 3 way (AES) or the legacy way Keychain Access uses (3DES and RC2).
 */
export async function makeIdentity(
  options: {password: string; legacy?: boolean; ec?: boolean; ca?: boolean; subject?: string} = {password: 'x'},
): Promise<{dir: string; p12: string; caPem: string | null}> {
  const dir = await mkdtemp(join(tmpdir(), 'pppc-identity-'))
  const key = options.ec ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048']
  const subject = options.subject ?? '/CN=pppc test signer/O=pppc tests'
  let caPem: string | null = null
  if (options.ca) {
    caPem = (
      await selfSigned(dir, '/CN=pppc test CA/O=pppc tests', {
        key,
        keyFile: 'ca.key',
        certFile: 'ca.pem',
        extra: ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign'],
      })
    ).cert
    await execa('openssl', [
      'req',
      ...key,
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'leaf.csr'),
      '-subj',
      subject,
    ])
    await execa('openssl', [
      'x509',
      '-req',
      '-in',
      join(dir, 'leaf.csr'),
      '-CA',
      caPem,
      '-CAkey',
      join(dir, 'ca.key'),
      '-CAcreateserial',
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '2',
    ])
  } else {
    await selfSigned(dir, subject, {key})
  }
  const p12 = join(dir, 'identity.p12')
  await execa('openssl', [
    'pkcs12',
    '-export',
    ...(options.legacy ? ['-legacy'] : []),
    '-in',
    join(dir, 'cert.pem'),
    '-inkey',
    join(dir, 'key.pem'),
    ...(caPem ? ['-certfile', caPem] : []),
    '-out',
    p12,
    '-passout',
    `pass:${options.password}`,
  ])
  return {dir, p12, caPem}
}
