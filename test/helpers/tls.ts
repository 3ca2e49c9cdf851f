import {mkdtemp, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {selfSigned} from './openssl.js'

/** A key and a self-signed certificate for 127.0.0.1, made by openssl for this test run only. */
export async function selfSignedCertificate(): Promise<{key: Buffer; cert: Buffer}> {
  const dir = await mkdtemp(join(tmpdir(), 'pppc-tls-'))
  const {key, cert} = await selfSigned(dir, '/CN=127.0.0.1', {extra: ['-addext', 'subjectAltName=IP:127.0.0.1']})
  return {key: await readFile(key), cert: await readFile(cert)}
}
