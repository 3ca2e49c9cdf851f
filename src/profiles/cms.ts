import * as pkijs from 'pkijs'

/** What a CMS (PKCS#7) signed profile says about its signer, and whether the signature holds. */
export interface Signature {
  /** The signer certificate's subject, e.g. "CN=Developer ID Application: Example (ABCDE12345), O=Example". */
  subject: string
  issuer: string
  /** The signature matches the content: false means the content or the signature was changed after signing. */
  verified: boolean
  /** Why verification failed, when it did. */
  problem?: string
}

export interface Unwrapped {
  content: Buffer
  signature: Signature
}

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2'

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'E',
}

function distinguishedName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${ATTRIBUTE_NAMES[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`)
    .join(', ')
}

export class NotSignedData extends Error {}

/**
 * Opens a DER CMS SignedData envelope (as Jamf Pro, Apple Configurator and `security cms -S` write signed profiles),
 * returns the content and checks the signature against the signer certificate it carries. The certificate chain is not
 * checked: CI has no Mac keychain, and what matters for a profile in a repository is that nobody changed it.
 */
export async function unwrapSignedProfile(der: Buffer): Promise<Unwrapped> {
  let signedData: pkijs.SignedData
  try {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(der).buffer)
    if (info.contentType !== OID_SIGNED_DATA)
      throw new NotSignedData(`CMS content type ${info.contentType} is not signed data`)
    signedData = new pkijs.SignedData({schema: info.content})
  } catch (error) {
    throw error instanceof NotSignedData
      ? error
      : new NotSignedData(`not a CMS signed message (${(error as Error).message.split('\n')[0]})`)
  }
  const eContent = signedData.encapContentInfo.eContent
  if (!eContent) throw new NotSignedData('the signed message carries no content (detached signature)')
  const content = Buffer.from(eContent.getValue())

  const signerInfo = signedData.signerInfos[0]
  const certificates = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  )
  const sid = signerInfo?.sid
  const signer =
    sid instanceof pkijs.IssuerAndSerialNumber
      ? certificates.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer))
      : certificates[0]
  const signature: Signature = {
    subject: signer ? distinguishedName(signer.subject) : 'unknown signer',
    issuer: signer ? distinguishedName(signer.issuer) : '',
    verified: false,
  }
  if (!signerInfo) return {content, signature: {...signature, problem: 'no signer information'}}
  try {
    const result = await signedData.verify({signer: 0, checkChain: false, extendedMode: true})
    signature.verified = result.signatureVerified === true
    if (!signature.verified) signature.problem = result.message || 'the signature does not match the content'
  } catch (error) {
    const result = error as {message?: string; signatureVerified?: boolean | null}
    signature.problem = result.message || 'the signature does not match the content'
  }
  return {content, signature}
}
