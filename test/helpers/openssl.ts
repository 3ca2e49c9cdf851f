import {execa} from 'execa'
import {join} from 'node:path'

const RSA = ['-newkey', 'rsa:2048']

/**
 * A key and a self-signed certificate valid for two days, made by openssl for this test run only: `keyFile` and
 * `certFile` in `dir`. `extra` adds options such as `-addext`; `key` picks the key type.
 */
export async function selfSigned(
  dir: string,
  subject: string,
  {
    extra = [],
    key = RSA,
    keyFile = 'key.pem',
    certFile = 'cert.pem',
  }: {
    extra?: string[]
    key?: string[]
    keyFile?: string
    certFile?: string
  } = {},
): Promise<{key: string; cert: string}> {
  const paths = {key: join(dir, keyFile), cert: join(dir, certFile)}
  await execa('openssl', [
    'req',
    '-x509',
    ...key,
    '-nodes',
    '-keyout',
    paths.key,
    '-out',
    paths.cert,
    '-days',
    '2',
    '-subj',
    subject,
    ...extra,
  ])
  return paths
}
