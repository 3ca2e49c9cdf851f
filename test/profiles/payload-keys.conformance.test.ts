import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {COMMON_PAYLOAD_KEYS, IDENTITY_KEYS, TOP_LEVEL_KEYS} from '../../src/profiles/payload-keys.js'
import {APPLE_SCHEMA} from '../helpers/paths.js'

function keysOf(file: string): Record<string, string> {
  const doc = parse(readFileSync(join(APPLE_SCHEMA, file), 'utf8'), {
    maxAliasCount: -1,
  })
  return Object.fromEntries(
    (doc.payloadkeys as {key: string; type: string}[]).map((k) => [k.key, k.type.replace(/[<>]/g, '')]),
  )
}

describe("payload keys agree with Apple's schema", () => {
  it('top level (TopLevel.yaml)', () => {
    expect(TOP_LEVEL_KEYS).toEqual(keysOf('TopLevel.yaml'))
  })

  it('every payload (CommonPayloadKeys.yaml)', () => {
    expect(COMMON_PAYLOAD_KEYS).toEqual(keysOf('CommonPayloadKeys.yaml'))
  })

  it('the PPPC identity dictionary (com.apple.TCC.configuration-profile-policy.yaml)', () => {
    const doc = parse(readFileSync(join(APPLE_SCHEMA, 'com.apple.TCC.configuration-profile-policy.yaml'), 'utf8'), {
      maxAliasCount: -1,
    })
    const identity = doc.payloadkeys[0].subkeys[0].subkeys[0].subkeys as {key: string; type: string}[]
    expect(IDENTITY_KEYS).toEqual(Object.fromEntries(identity.map((k) => [k.key, k.type.replace(/[<>]/g, '')])))
  })
})
