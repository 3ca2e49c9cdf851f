import {execa} from 'execa'
import {mkdtemp, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** A key and a self-signed certificate for 127.0.0.1, made by openssl for this test run only. */
export async function selfSignedCertificate(): Promise<{key: Buffer; cert: Buffer}> {
  const dir = await mkdtemp(join(tmpdir(), 'pppc-tls-'))
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
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ])
  return {key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem'))}
}
