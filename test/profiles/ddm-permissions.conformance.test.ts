import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {DDM_PERMISSIONS} from '../../src/profiles/ddm-permissions.js'
import {SERVICES} from '../../src/profiles/services.js'
import {APPLE_SCHEMA} from '../helpers/paths.js'

interface YamlKey {
  key: string
  rangelist?: string[]
  presence?: string
  supportedOS?: {macOS?: {introduced?: string}}
  subkeys?: YamlKey[]
}

/** The per-app keys of Privacy.PermissionDefaults in Apple's app.settings declaration. */
function permissionDefaultKeys(): YamlKey[] {
  const doc = parse(readFileSync(join(APPLE_SCHEMA, 'app.settings.yaml'), 'utf8'), {
    maxAliasCount: -1,
  })
  const privacy = (doc.payloadkeys as YamlKey[]).find((k) => k.key === 'Privacy')!
  const defaults = privacy.subkeys!.find((k) => k.key === 'PermissionDefaults')!
  return defaults.subkeys![0]!.subkeys!
}

describe("the declarative permissions agree with Apple's app.settings schema", () => {
  const keys = permissionDefaultKeys()
  const onMac = keys.filter((k) => k.key !== 'OrganizationJustification' && k.supportedOS?.macOS?.introduced !== 'n/a')

  it('has every permission macOS takes (LocationAccuracy is not one of them), and no other', () => {
    expect(DDM_PERMISSIONS.map((p) => p.key).sort()).toEqual(onMac.map((k) => k.key).sort())
    expect(keys.find((k) => k.key === 'LocationAccuracy')?.supportedOS?.macOS?.introduced).toBe('n/a')
  })

  it("takes Apple's values: None (no default) or what allows", () => {
    for (const permission of DDM_PERMISSIONS) {
      const apple = onMac.find((k) => k.key === permission.key)!
      expect(['None', ...permission.values], permission.key).toEqual(apple.rangelist)
      expect(permission.values, permission.key).toContain(permission.allowValue)
    }
  })

  it('requires OrganizationJustification, which pppc always writes', () => {
    expect(keys.find((k) => k.key === 'OrganizationJustification')?.presence).toBe('required')
  })

  it('maps each PPPC service to the same default as the services table says', () => {
    for (const service of SERVICES) {
      const permission = DDM_PERMISSIONS.find((p) => p.pppcKey === service.key)
      expect(permission?.key, service.key).toBe(service.ddmKey)
    }
  })
})
