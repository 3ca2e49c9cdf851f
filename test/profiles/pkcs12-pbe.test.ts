import {describe, expect, it} from 'vitest'
import {bmpPassword, rc2DecryptEcb} from '../../src/profiles/pkcs12-pbe.js'

describe('PKCS#12 password-based encryption', () => {
  // RFC 2268 section 5 (the vectors with the 40-to-64-bit keys PKCS#12 uses).
  it.each([
    ['0000000000000000', 63, 'ebb773f993278eff', '0000000000000000'],
    ['ffffffffffffffff', 64, '278b27e42e2f0d49', 'ffffffffffffffff'],
    ['3000000000000000', 64, '30649edf9be7d2c2', '1000000000000001'],
    ['88', 64, '61a8a244adacccf0', '0000000000000000'],
  ])('RC2 with key %s (%i bits) decrypts RFC 2268 vector %s', (key, bits, ciphertext, plaintext) => {
    expect(rc2DecryptEcb(Buffer.from(key, 'hex'), bits, Buffer.from(ciphertext, 'hex')).toString('hex')).toBe(plaintext)
  })

  it('writes the password as PKCS#12 v1 wants it: UTF-16BE with a terminating zero', () => {
    expect(bmpPassword('ab').toString('hex')).toBe('006100620000')
    expect(bmpPassword('').toString('hex')).toBe('0000')
  })
})
