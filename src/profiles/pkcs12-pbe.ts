import {createDecipheriv, createHash, createHmac, pbkdf2Sync} from 'node:crypto'

/**
 * The password-based encryption PKCS#12 files use, decrypt only. Two families:
 * - PBES2 (PKCS#5 v2.1): PBKDF2 with an HMAC, then AES or 3DES in CBC mode; what OpenSSL 3 writes.
 * - PKCS#12 v1 PBE (RFC 7292 appendix B and C): the PKCS#12 key derivation, then 3DES or RC2 in CBC mode; what
 *   Keychain Access, `security export` and OpenSSL 1.x write (keys in 3DES, certificates in 40-bit RC2).
 * Node's crypto has AES and 3DES; RC2 is only in OpenSSL's legacy provider, which Node does not load, so it is here
 * (RFC 2268, decryption only, tested against RFC 2268's vectors and against files OpenSSL writes).
 */
export class PbeError extends Error {}

const HASHES: Record<string, {name: string; v: number; u: number}> = {
  '1.3.14.3.2.26': {name: 'sha1', v: 64, u: 20},
  '2.16.840.1.101.3.4.2.1': {name: 'sha256', v: 64, u: 32},
  '2.16.840.1.101.3.4.2.2': {name: 'sha384', v: 128, u: 48},
  '2.16.840.1.101.3.4.2.3': {name: 'sha512', v: 128, u: 64},
}

export function hashByOid(oid: string): {name: string; v: number; u: number} {
  const hash = HASHES[oid]
  if (!hash) throw new PbeError(`digest ${oid} is not supported`)
  return hash
}

/** The password as PKCS#12 v1 wants it: UTF-16 big-endian with a terminating zero. */
export function bmpPassword(password: string): Buffer {
  const le = Buffer.from(`${password}\u0000`, 'utf16le')
  return Buffer.from(le).swap16()
}

/** RFC 7292 B.2: `id` 1 for keys, 2 for IVs, 3 for MAC keys. */
export function pkcs12Kdf(
  password: Buffer,
  salt: Buffer,
  iterations: number,
  id: 1 | 2 | 3,
  length: number,
  hashName = 'sha1',
): Buffer {
  const {v, u} = Object.values(HASHES).find((h) => h.name === hashName)!
  const fill = (data: Buffer) => {
    if (data.length === 0) return Buffer.alloc(0)
    const out = Buffer.alloc(v * Math.ceil(data.length / v))
    for (let i = 0; i < out.length; i++) out[i] = data[i % data.length]!
    return out
  }
  const D = Buffer.alloc(v, id)
  let I = Buffer.concat([fill(salt), fill(password)])
  const blocks: Buffer[] = []
  for (let produced = 0; produced < length; produced += u) {
    let A = createHash(hashName).update(D).update(I).digest()
    for (let r = 1; r < iterations; r++) A = createHash(hashName).update(A).digest()
    blocks.push(A)
    const B = fill(A).subarray(0, v)
    const next = Buffer.alloc(I.length)
    for (let j = 0; j < I.length; j += v) {
      let carry = 1
      for (let k = v - 1; k >= 0; k--) {
        carry += I[j + k]! + B[k]!
        next[j + k] = carry & 0xff
        carry >>= 8
      }
    }
    I = next
  }
  return Buffer.concat(blocks).subarray(0, length)
}

// RFC 2268: the "random" permutation of 0..255 built from the digits of pi.
const PITABLE = Buffer.from(
  'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e82' +
    '54d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb6266fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed7' +
    '08e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
    '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad',
  'hex',
)

function rc2ExpandKey(key: Buffer, effectiveBits: number): Uint16Array {
  const L = new Uint8Array(128)
  L.set(key)
  const T = key.length
  for (let i = T; i < 128; i++) L[i] = PITABLE[(L[i - 1]! + L[i - T]!) & 0xff]!
  const T8 = Math.ceil(effectiveBits / 8)
  const TM = 0xff >> (8 * T8 - effectiveBits)
  L[128 - T8] = PITABLE[L[128 - T8]! & TM]!
  for (let i = 127 - T8; i >= 0; i--) L[i] = PITABLE[L[i + 1]! ^ L[i + T8]!]!
  const K = new Uint16Array(64)
  for (let i = 0; i < 64; i++) K[i] = L[2 * i]! | (L[2 * i + 1]! << 8)
  return K
}

const SHIFTS = [1, 2, 3, 5]

/** One 8-byte block, decrypted in place (RFC 2268 section 4). */
function rc2DecryptBlock(K: Uint16Array, block: Buffer, at: number): void {
  const R = [0, 1, 2, 3].map((i) => block.readUInt16LE(at + 2 * i))
  let j = 63
  const mix = () => {
    for (let i = 3; i >= 0; i--) {
      const s = SHIFTS[i]!
      R[i] = ((R[i]! >>> s) | (R[i]! << (16 - s))) & 0xffff
      R[i] = (R[i]! - K[j]! - (R[(i + 3) % 4]! & R[(i + 2) % 4]!) - (~R[(i + 3) % 4]! & R[(i + 1) % 4]!)) & 0xffff
      j--
    }
  }
  const mash = () => {
    for (let i = 3; i >= 0; i--) R[i] = (R[i]! - K[R[(i + 3) % 4]! & 63]!) & 0xffff
  }
  for (let r = 0; r < 5; r++) mix()
  mash()
  for (let r = 0; r < 6; r++) mix()
  mash()
  for (let r = 0; r < 5; r++) mix()
  R.forEach((w, i) => block.writeUInt16LE(w, at + 2 * i))
}

/** RC2-ECB of one block, for the RFC's test vectors. */
export function rc2DecryptEcb(key: Buffer, effectiveBits: number, ciphertext: Buffer): Buffer {
  const out = Buffer.from(ciphertext)
  rc2DecryptBlock(rc2ExpandKey(key, effectiveBits), out, 0)
  return out
}

function unpad(data: Buffer): Buffer {
  const n = data.at(-1) ?? 0
  if (n < 1 || n > 16 || n > data.length || !data.subarray(data.length - n).every((b) => b === n))
    throw new PbeError('the password is wrong, or the file is damaged (bad padding)')
  return data.subarray(0, data.length - n)
}

export function rc2CbcDecrypt(key: Buffer, effectiveBits: number, iv: Buffer, data: Buffer): Buffer {
  if (data.length % 8 !== 0) throw new PbeError('encrypted data is not a whole number of RC2 blocks')
  const K = rc2ExpandKey(key, effectiveBits)
  const out = Buffer.from(data)
  let previous = iv
  for (let at = 0; at < out.length; at += 8) {
    const cipherBlock = Buffer.from(out.subarray(at, at + 8))
    rc2DecryptBlock(K, out, at)
    for (let k = 0; k < 8; k++) out[at + k]! ^= previous[k]!
    previous = cipherBlock
  }
  return unpad(out)
}

function nodeDecrypt(cipher: string, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  try {
    const decipher = createDecipheriv(cipher, key, iv)
    return Buffer.concat([decipher.update(data), decipher.final()])
  } catch {
    throw new PbeError('the password is wrong, or the file is damaged')
  }
}

/** PKCS#12 v1 PBE schemes: 1.2.840.113549.1.12.1.x. */
const PKCS12_PBE: Record<string, {cipher: string; keyLength: number; ivLength: number; rc2Bits?: number}> = {
  '1.2.840.113549.1.12.1.3': {cipher: 'des-ede3-cbc', keyLength: 24, ivLength: 8},
  '1.2.840.113549.1.12.1.4': {cipher: 'des-ede-cbc', keyLength: 16, ivLength: 8},
  '1.2.840.113549.1.12.1.5': {cipher: 'rc2', keyLength: 16, ivLength: 8, rc2Bits: 128},
  '1.2.840.113549.1.12.1.6': {cipher: 'rc2', keyLength: 5, ivLength: 8, rc2Bits: 40},
}

export function decryptPkcs12Pbe(
  oid: string,
  salt: Buffer,
  iterations: number,
  password: string,
  data: Buffer,
): Buffer {
  const scheme = PKCS12_PBE[oid]
  if (!scheme) throw new PbeError(`encryption ${oid} is not supported`)
  const pw = bmpPassword(password)
  const key = pkcs12Kdf(pw, salt, iterations, 1, scheme.keyLength)
  const iv = pkcs12Kdf(pw, salt, iterations, 2, scheme.ivLength)
  return scheme.rc2Bits ? rc2CbcDecrypt(key, scheme.rc2Bits, iv, data) : nodeDecrypt(scheme.cipher, key, iv, data)
}

export function isPkcs12Pbe(oid: string): boolean {
  return oid.startsWith('1.2.840.113549.1.12.1.')
}

const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
}

const PBES2_CIPHERS: Record<string, {cipher: string; keyLength: number}> = {
  '2.16.840.1.101.3.4.1.2': {cipher: 'aes-128-cbc', keyLength: 16},
  '2.16.840.1.101.3.4.1.22': {cipher: 'aes-192-cbc', keyLength: 24},
  '2.16.840.1.101.3.4.1.42': {cipher: 'aes-256-cbc', keyLength: 32},
  '1.2.840.113549.3.7': {cipher: 'des-ede3-cbc', keyLength: 24},
}

export interface Pbes2Params {
  salt: Buffer
  iterations: number
  prfOid?: string
  keyLength?: number
  cipherOid: string
  iv: Buffer
}

export function decryptPbes2(params: Pbes2Params, password: string, data: Buffer): Buffer {
  const cipher = PBES2_CIPHERS[params.cipherOid]
  if (!cipher) throw new PbeError(`encryption ${params.cipherOid} is not supported`)
  const prf = params.prfOid === undefined ? 'sha1' : PRFS[params.prfOid]
  if (!prf) throw new PbeError(`PBKDF2 with ${params.prfOid} is not supported`)
  const key = pbkdf2Sync(
    Buffer.from(password, 'utf8'),
    params.salt,
    params.iterations,
    params.keyLength ?? cipher.keyLength,
    prf,
  )
  return nodeDecrypt(cipher.cipher, key, params.iv, data)
}

/** The MAC of a PKCS#12 file (RFC 7292 appendix B with the MAC's own digest): the password check. */
export function pkcs12Mac(
  digestOid: string,
  salt: Buffer,
  iterations: number,
  password: string,
  content: Buffer,
): Buffer {
  const hash = hashByOid(digestOid)
  const key = pkcs12Kdf(bmpPassword(password), salt, iterations, 3, hash.u, hash.name)
  return createHmac(hash.name, key).update(content).digest()
}
