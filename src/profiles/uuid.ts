import {createHash} from 'node:crypto'

/** A namespace of our own for UUIDv5, so our UUIDs never collide with another tool's v5 UUIDs of the same names. */
export const PPPC_NAMESPACE = '6f1c6a52-5a0e-4c38-9a43-2f3c1e7b9d10'

/** RFC 9562 UUIDv5 (SHA-1, name-based): the same name gives the same UUID on every machine. */
export function uuidV5(name: string, namespace: string = PPPC_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex')
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x50
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex').toUpperCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export const UUID_PATTERN = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/
