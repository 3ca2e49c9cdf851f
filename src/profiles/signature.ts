/**
 * What a CMS (PKCS#7) signed profile says about its signer, and what was checked. Two separate questions: does the
 * signature match the content (always checked), and does the signer's certificate lead to a CA the user trusts (only
 * with --ca: off a Mac there is no keychain to ask). A name in a certificate proves nothing by itself.
 */
export interface Signature {
  /** The signer certificate's subject, e.g. "CN=Developer ID Application: Example (ABCDE12345), O=Example". */
  subject: string
  issuer: string
  /** The signature matches the content: false means the content or the signature was changed after signing. */
  verified: boolean
  /** Why verification failed, when it did. */
  problem?: string
  /** The signer's certificate names itself as its issuer: anyone can make one, with any name. */
  selfSigned: boolean
  /** not-checked without --ca; trusted or untrusted against the --ca bundle. */
  chain: 'not-checked' | 'trusted' | 'untrusted'
  /** Why the chain is not trusted, when it is not. */
  chainProblem?: string
}

/** How a signature reads to a person: what was checked and what was not. */
export function describeSignature(signature: Signature): string {
  if (!signature.verified)
    return `SIGNATURE DOES NOT VERIFY (${signature.problem ?? 'the content was changed after signing'}), signer ${signature.subject}`
  const chain =
    signature.chain === 'trusted'
      ? 'chain trusted (--ca)'
      : signature.chain === 'untrusted'
        ? `chain NOT trusted by --ca (${signature.chainProblem ?? 'no path to a trusted CA'})`
        : 'chain not checked'
  return `signature valid, signer ${signature.subject}${signature.selfSigned ? ' (self-signed)' : ''}, ${chain}`
}
