import {createPrivateKey, createPublicKey, type KeyObject, timingSafeEqual} from 'node:crypto'
import * as pkijs from 'pkijs'
import {PppcError} from '../errors.js'
import {decryptPbes2, decryptPkcs12Pbe, isPkcs12Pbe, PbeError, type Pbes2Params, pkcs12Mac} from './pkcs12-pbe.js'

/**
 * A signing identity from a PKCS#12 (.p12) file: the private key, the certificate that goes with it, and the other
 * certificates of the file (its chain). pkijs reads the structure (PFX, safe contents, bags); the decryption is in
 * pkcs12-pbe.ts, because pkijs decrypts only PBES2 and Keychain Access exports the older PKCS#12 schemes. The password
 * never leaves this module: errors say what is wrong, never with it.
 */
export interface SigningIdentity {
  key: KeyObject
  certificate: pkijs.Certificate
  /** The other certificates of the file, leaf's issuer first where the file says so. */
  chain: pkijs.Certificate[]
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
}

/** Bytes of an OCTET STRING (primitive or, as Windows writes them, constructed). */
interface Asn1Value {
  getValue?: () => ArrayBuffer
  valueBlock: {valueHexView?: Uint8Array; value?: Asn1Value[]; valueDec?: number}
}

function octets(value: unknown): Buffer {
  const v = value as Asn1Value
  if (typeof v.getValue === 'function') return Buffer.from(v.getValue())
  return Buffer.from(v.valueBlock.valueHexView ?? new Uint8Array())
}

class DamagedFile extends Error {}

function pbes2Params(params: unknown): Pbes2Params {
  const pbes2 = new pkijs.PBES2Params({schema: params})
  if (pbes2.keyDerivationFunc.algorithmId !== OID.pbkdf2)
    throw new PbeError(`key derivation ${pbes2.keyDerivationFunc.algorithmId} is not supported`)
  const kdf = new pkijs.PBKDF2Params({schema: pbes2.keyDerivationFunc.algorithmParams})
  return {
    salt: octets(kdf.salt),
    iterations: kdf.iterationCount,
    ...(kdf.prf ? {prfOid: kdf.prf.algorithmId} : {}),
    ...(kdf.keyLength ? {keyLength: kdf.keyLength} : {}),
    cipherOid: pbes2.encryptionScheme.algorithmId,
    iv: octets(pbes2.encryptionScheme.algorithmParams),
  }
}

function decrypt(algorithm: pkijs.AlgorithmIdentifier, data: Buffer, password: string): Buffer {
  if (algorithm.algorithmId === OID.pbes2) return decryptPbes2(pbes2Params(algorithm.algorithmParams), password, data)
  if (isPkcs12Pbe(algorithm.algorithmId)) {
    const [salt, iterations] = (algorithm.algorithmParams as Asn1Value).valueBlock.value ?? []
    if (!salt || !iterations) throw new DamagedFile('PBE parameters are missing')
    return decryptPkcs12Pbe(algorithm.algorithmId, octets(salt), iterations.valueBlock.valueDec ?? 1, password, data)
  }
  throw new PbeError(`encryption ${algorithm.algorithmId} is not supported`)
}

function checkMac(pfx: pkijs.PFX, content: Buffer, password: string): void {
  const mac = pfx.macData
  if (!mac) return
  const expected = Buffer.from(mac.mac.digest.valueBlock.valueHexView)
  const actual = pkcs12Mac(
    mac.mac.digestAlgorithm.algorithmId,
    octets(mac.macSalt),
    mac.iterations ?? 1,
    password,
    content,
  )
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    throw new PbeError('the password is wrong (the file’s integrity check fails)')
}

function bags(pfx: pkijs.PFX, password: string): pkijs.SafeBag[] {
  const content = octets(pfx.authSafe.content)
  checkMac(pfx, content, password)
  const safe = pkijs.AuthenticatedSafe.fromBER(new Uint8Array(content).buffer)
  const out: pkijs.SafeBag[] = []
  for (const info of safe.safeContents) {
    let bytes: Buffer
    if (info.contentType === OID.data) bytes = octets(info.content)
    else if (info.contentType === OID.encryptedData) {
      const encrypted = new pkijs.EncryptedData({schema: info.content})
      const eci = encrypted.encryptedContentInfo
      if (!eci.encryptedContent) throw new DamagedFile('encrypted safe contents without content')
      bytes = decrypt(eci.contentEncryptionAlgorithm, octets(eci.encryptedContent), password)
    } else throw new PbeError(`safe contents of type ${info.contentType} (public-key encrypted) are not supported`)
    out.push(...pkijs.SafeContents.fromBER(new Uint8Array(bytes).buffer).safeBags)
  }
  return out
}

function spki(key: KeyObject): Buffer {
  return createPublicKey(key).export({type: 'spki', format: 'der'})
}

/** Reads a .p12 with its password. `file` names it in messages. */
export function readPkcs12(der: Uint8Array, password: string, file: string): SigningIdentity {
  let pfx: pkijs.PFX
  try {
    pfx = pkijs.PFX.fromBER(new Uint8Array(der).buffer)
  } catch {
    throw new PppcError(`${file} is not a PKCS#12 (.p12) file`, {
      hint: 'export the signing certificate with its private key as .p12 (Keychain Access › Export, or openssl pkcs12 -export)',
    })
  }
  let safeBags: pkijs.SafeBag[]
  try {
    safeBags = bags(pfx, password)
  } catch (error) {
    if (error instanceof PbeError)
      throw new PppcError(`cannot open ${file}: ${error.message}`, {
        hint: 'check the password in the environment variable, and that the file is the one exported',
      })
    throw new PppcError(`${file} is a damaged PKCS#12 file (${(error as Error).message.split('\n')[0]})`)
  }
  const keys: KeyObject[] = []
  const certificates: pkijs.Certificate[] = []
  for (const bag of safeBags) {
    try {
      if (bag.bagId === OID.shroudedKeyBag) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag
        const pkcs8 = decrypt(shrouded.encryptionAlgorithm, octets(shrouded.encryptedData), password)
        keys.push(createPrivateKey({key: pkcs8, format: 'der', type: 'pkcs8'}))
      } else if (bag.bagId === OID.keyBag) {
        const info = bag.bagValue as pkijs.PrivateKeyInfo
        keys.push(createPrivateKey({key: Buffer.from(info.toSchema().toBER()), format: 'der', type: 'pkcs8'}))
      } else if (bag.bagId === OID.certBag) {
        const certBag = bag.bagValue as pkijs.CertBag
        if (certBag.certId === OID.x509Certificate)
          certificates.push(pkijs.Certificate.fromBER(new Uint8Array(octets(certBag.certValue)).buffer))
      }
    } catch (error) {
      if (error instanceof PbeError)
        throw new PppcError(`cannot open ${file}: ${error.message}`, {
          hint: 'check the password in the environment variable',
        })
      throw new PppcError(
        `${file} holds a key or certificate that cannot be read (${(error as Error).message.split('\n')[0]})`,
      )
    }
  }
  if (keys.length === 0)
    throw new PppcError(`${file} has no private key`, {hint: 'export the certificate together with its private key'})
  if (keys.length > 1)
    throw new PppcError(`${file} has ${keys.length} private keys`, {hint: 'export one signing identity per .p12 file'})
  const key = keys[0]!
  const publicKey = spki(key)
  const certificate = certificates.find((c) => publicKey.equals(Buffer.from(c.subjectPublicKeyInfo.toSchema().toBER())))
  if (!certificate)
    throw new PppcError(`${file} has no certificate for its private key`, {
      hint: 'export the certificate together with its private key',
    })
  // The chain in issuing order from the leaf, then anything else the file holds.
  const rest = certificates.filter((c) => c !== certificate)
  const chain: pkijs.Certificate[] = []
  let current = certificate
  for (;;) {
    const issuer = rest.find((c) => !chain.includes(c) && c.subject.isEqual(current.issuer) && c !== current)
    if (!issuer) break
    chain.push(issuer)
    current = issuer
  }
  chain.push(...rest.filter((c) => !chain.includes(c)))
  return {key, certificate, chain}
}
