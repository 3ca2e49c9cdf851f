import {type RequirementData} from './tree.js'

const utf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})
const encoder = new TextEncoder()

/** The tree's form of some bytes: text when they are UTF-8, hex otherwise, so that text and blob give one tree. */
export function dataFromBytes(bytes: Uint8Array): RequirementData {
  try {
    return utf8.decode(bytes)
  } catch {
    return {hex: hexOf(bytes)}
  }
}

export function bytesOfData(data: RequirementData): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : bytesOfHex(data.hex)
}

export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

export function bytesOfHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'))
}

/** A UTF-8 string, or undefined when the bytes are not UTF-8 (keys and identifiers must be text). */
export function textOf(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}
