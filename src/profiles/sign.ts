import {createHash, type KeyObject, webcrypto} from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import {PppcError} from '../errors.js'
import {distinguishedName} from './cms.js'
import type {SigningIdentity} from './pkcs12.js'

/**
 * Signs a profile as Apple Configurator and `security cms -S` do: CMS SignedData (DER) with the profile attached,
 * SHA-256, signed attributes (content type, message digest, signing time) and the signer's certificate chain. The
 * result is read back with the same reader `pppc validate` uses and must verify, so what is written is checked.
 */
export interface SignResult {
  der: Buffer
  signer: {subject: string; issuer: string; notBefore: string; notAfter: string}
  /** Subjects of the certificates included after the signer's. */
  chain: string[]
  digest: 'SHA-256'
  signingTime: string
  warnings: string[]
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
}

const CURVES: Record<string, string> = {prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521'}

async function webKey(key: KeyObject): Promise<webcrypto.CryptoKey> {
  const pkcs8 = key.export({type: 'pkcs8', format: 'der'})
  if (key.asymmetricKeyType === 'rsa')
    return webcrypto.subtle.importKey('pkcs8', pkcs8, {name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}, false, ['sign'])
  const curve = CURVES[key.asymmetricKeyDetails?.namedCurve ?? '']
  if (key.asymmetricKeyType === 'ec' && curve)
    return webcrypto.subtle.importKey('pkcs8', pkcs8, {name: 'ECDSA', namedCurve: curve}, false, ['sign'])
  throw new PppcError(
    `the private key is ${key.asymmetricKeyType ?? 'of an unknown type'}, which pppc cannot sign with`,
    {
      hint: 'use an RSA or EC (P-256, P-384, P-521) signing certificate',
    },
  )
}

function warningsFor(identity: SigningIdentity, now: Date): string[] {
  const warnings: string[] = []
  const {certificate} = identity
  const notAfter = certificate.notAfter.value
  const notBefore = certificate.notBefore.value
  if (notAfter < now)
    warnings.push(
      `the certificate expired on ${notAfter.toISOString().slice(0, 10)}; devices show the profile as not verified`,
    )
  if (notBefore > now) warnings.push(`the certificate is valid only from ${notBefore.toISOString().slice(0, 10)}`)
  if (certificate.subject.isEqual(certificate.issuer))
    warnings.push('the certificate is self-signed: Macs show the profile as unverified unless they trust it')
  else if (identity.chain.length === 0)
    warnings.push(
      `the file holds no issuer certificate for ${distinguishedName(certificate.issuer)}; Macs need it to verify the signer`,
    )
  return warnings
}

export async function signProfile(content: Buffer, identity: SigningIdentity, now = new Date()): Promise<SignResult> {
  const digest = createHash('sha256').update(content).digest()
  const time = new Date(Math.floor(now.getTime() / 1000) * 1000)
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.data,
      eContent: new asn1js.OctetString({valueHex: new Uint8Array(content)}),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: identity.certificate.issuer,
          serialNumber: identity.certificate.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({type: OID.contentType, values: [new asn1js.ObjectIdentifier({value: OID.data})]}),
            new pkijs.Attribute({
              type: OID.messageDigest,
              values: [new asn1js.OctetString({valueHex: new Uint8Array(digest)})],
            }),
            new pkijs.Attribute({type: OID.signingTime, values: [new asn1js.UTCTime({valueDate: time})]}),
          ],
        }),
      }),
    ],
    certificates: [identity.certificate, ...identity.chain],
  })
  await signedData.sign((await webKey(identity.key)) as Parameters<pkijs.SignedData['sign']>[0], 0, 'SHA-256')
  const der = Buffer.from(
    new pkijs.ContentInfo({contentType: OID.signedData, content: signedData.toSchema(true)}).toSchema().toBER(),
  )

  // Read back as validate reads signed profiles: a signature that does not verify is pppc's bug.
  const {unwrapSignedProfile} = await import('./cms.js')
  const check = await unwrapSignedProfile(der)
  if (!check.signature.verified || !check.content.equals(content))
    throw new PppcError(`the signed profile does not verify (${check.signature.problem ?? 'content differs'})`, {
      exitCode: 70,
      code: 'PPPC_INTERNAL',
      hint: 'this is a bug in pppc: please report it',
    })
  return {
    der,
    signer: {
      subject: distinguishedName(identity.certificate.subject),
      issuer: distinguishedName(identity.certificate.issuer),
      notBefore: identity.certificate.notBefore.value.toISOString(),
      notAfter: identity.certificate.notAfter.value.toISOString(),
    },
    chain: identity.chain.map((c) => distinguishedName(c.subject)),
    digest: 'SHA-256',
    signingTime: time.toISOString(),
    warnings: warningsFor(identity, now),
  }
}
