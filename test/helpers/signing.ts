import {execa} from 'execa'
import {mkdtemp, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/**
 * Signs a profile as Jamf Pro and Apple Configurator export them: CMS SignedData, DER, content attached. The key and
 * self-signed certificate are made here, by openssl, for this test run only.
 */
export async function signProfile(
  content: Buffer | string,
  subject = '/CN=pppc test signer/O=pppc tests',
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'pppc-sign-'))
  await execa('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
    '-days',
    '2',
    '-subj',
    subject,
  ])
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
