import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {type Authorization, SERVICES} from '../../src/profiles/services.js'
import {APPLE_SCHEMA} from '../helpers/paths.js'

interface YamlKey {
  key: string
  content?: string
  rangelist?: string[]
  supportedOS?: {macOS?: {introduced?: string; deprecated?: string}}
  subkeys?: YamlKey[]
}

/** Apple's TCC schema, newest copy; the YAML anchor shared by all services is resolved by the parser. */
function appleSchema(): {payloadIntroduced: string; services: YamlKey[]; identity: YamlKey[]} {
  const doc = parse(readFileSync(join(APPLE_SCHEMA, 'com.apple.TCC.configuration-profile-policy.yaml'), 'utf8'), {
    maxAliasCount: -1,
  })
  const servicesKey = (doc.payloadkeys as YamlKey[]).find((k) => k.key === 'Services')!
  const identity = servicesKey.subkeys![0]!.subkeys![0]!.subkeys!
  return {payloadIntroduced: doc.payload.supportedOS.macOS.introduced, services: servicesKey.subkeys!, identity}
}

/**
 * What Apple's text allows, read the way Apple states it: the Authorization range list; AllowStandardUser only for the
 * services its note names; and "A profile can't grant access ...; it can only deny it" removes Allow.
 */
function appleAuthorizations(service: YamlKey, identity: YamlKey[]): Authorization[] {
  const authorization = identity.find((k) => k.key === 'Authorization')!
  const standardUserNote = /AllowStandardUserToSetSystemService`: .*only valid for the (.*) services/.exec(
    authorization.content!,
  )![1]!
  const standardUserServices = [...standardUserNote.matchAll(/`(\w+)`/g)].map((m) => m[1])
  const denyOnly = /can't grant access .*it can only deny it/s.test(service.content ?? '')
  return (authorization.rangelist as Authorization[]).filter((value) => {
    if (value === 'AllowStandardUserToSetSystemService') return standardUserServices.includes(service.key)
    if (value === 'Allow') return !denyOnly
    return true
  })
}

describe("the services table agrees with Apple's schema", () => {
  const apple = appleSchema()

  it('has exactly the 24 service keys of the schema', () => {
    expect(apple.services).toHaveLength(24)
    expect(SERVICES.map((s) => s.key).sort()).toEqual(apple.services.map((s) => s.key).sort())
  })

  for (const appleService of apple.services) {
    it(`${appleService.key}: introduced, deprecated and allowed values match`, () => {
      const ours = SERVICES.find((s) => s.key === appleService.key)!
      expect(ours.introduced).toBe(appleService.supportedOS?.macOS?.introduced ?? apple.payloadIntroduced)
      expect(ours.deprecated).toBe(appleService.supportedOS?.macOS?.deprecated)
      expect([...ours.authorizations].sort()).toEqual(appleAuthorizations(appleService, apple.identity).sort())
    })
  }

  it('marks the five services Apple deprecates in macOS 27', () => {
    expect(
      SERVICES.filter((s) => s.deprecated === '27.0')
        .map((s) => s.key)
        .sort(),
    ).toEqual(['Accessibility', 'BluetoothAlways', 'Camera', 'Microphone', 'SpeechRecognition'])
  })

  it('names DDM keys that exist in the app.settings declaration', () => {
    const doc = parse(readFileSync(join(APPLE_SCHEMA, 'app.settings.yaml'), 'utf8'), {
      maxAliasCount: -1,
    })
    const privacy = (doc.payloadkeys as YamlKey[]).find((k) => k.key === 'Privacy')!
    const perApp = privacy.subkeys!.find((k) => k.key === 'PermissionDefaults')!.subkeys![0]!.subkeys!.map((k) => k.key)
    for (const service of SERVICES.filter((s) => s.ddmKey)) expect(perApp).toContain(service.ddmKey)
    expect(perApp).toContain('OrganizationJustification')
  })
})
