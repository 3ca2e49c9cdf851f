import {readFile} from 'node:fs/promises'
import * as pkijs from 'pkijs'
import type {Signature} from './signature.js'

// What a signature says, and its one-line description, live in signature.ts: reading them does not load pkijs.
export {describeSignature, type Signature} from './signature.js'

/** Certificates the user trusts (--ca FILE, PEM), to check signers' chains against. */
export type TrustAnchors = readonly pkijs.Certificate[]

/** Every certificate of a PEM bundle; an error message when there is none or one is damaged. */
export function parseTrustAnchors(pem: string): TrustAnchors | string {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g)]
  if (blocks.length === 0) return 'it holds no PEM certificate (-----BEGIN CERTIFICATE-----)'
  const certificates: pkijs.Certificate[] = []
  for (const [i, block] of blocks.entries()) {
    try {
      const der = Buffer.from(block[1]!.replace(/\s+/g, ''), 'base64')
      certificates.push(pkijs.Certificate.fromBER(new Uint8Array(der).buffer))
    } catch {
      return `certificate ${i + 1} in it is damaged`
    }
  }
  return certificates
}

/** --ca FILE read and parsed, or a one-line usage error. */
export async function loadTrustAnchors(file: string): Promise<TrustAnchors> {
  const {PppcError} = await import('../errors.js')
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new PppcError(`cannot read --ca ${file} (${error.code ?? error.message})`, {
      hint: 'give a PEM file of CA certificates',
    })
  })
  const anchors = parseTrustAnchors(text)
  if (typeof anchors === 'string')
    throw new PppcError(`--ca ${file}: ${anchors}`, {hint: 'give a PEM file of CA certificates'})
  return anchors
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

/** A certificate name as `CN=…, O=…`, with the attributes Apple and OpenSSL print by short name. */
export function distinguishedName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${ATTRIBUTE_NAMES[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`)
    .join(', ')
}

export class NotSignedData extends Error {}

/**
 * Opens a DER CMS SignedData envelope (as Jamf Pro, Apple Configurator and `security cms -S` write signed profiles),
 * returns the content and checks the signature against the signer certificate it carries. The certificate chain is
 * checked only against `trustAnchors` (--ca): CI has no Mac keychain. Without them the result says "chain not
 * checked", because a self-made certificate can carry any vendor's name.
 */
export async function unwrapSignedProfile(der: Buffer, trustAnchors?: TrustAnchors): Promise<Unwrapped> {
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
    selfSigned: signer ? signer.subject.isEqual(signer.issuer) : false,
    chain: 'not-checked',
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
  if (trustAnchors && signer) await checkChain(signature, signer, certificates, trustAnchors)
  return {content, signature}
}

async function checkChain(
  signature: Signature,
  signer: pkijs.Certificate,
  certificates: pkijs.Certificate[],
  trustAnchors: TrustAnchors,
): Promise<void> {
  try {
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts: [...trustAnchors],
      certs: [...certificates.filter((c) => c !== signer), signer],
    })
    const result = await engine.verify()
    signature.chain = result.result ? 'trusted' : 'untrusted'
    if (!result.result) signature.chainProblem = result.resultMessage || 'no path to a CA in --ca'
  } catch (error) {
    signature.chain = 'untrusted'
    signature.chainProblem =
      (error as {resultMessage?: string}).resultMessage || (error as Error).message || 'no path to a CA in --ca'
  }
}
