import {readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {XMLParser} from 'fast-xml-parser'
import {parse as parsePlist} from 'plist'
import {parse as parseYaml} from 'yaml'
import {describe, expect, it} from 'vitest'
import {pppcInProcess} from '../helpers/cli.js'
import {APPLE_SCHEMA} from '../helpers/paths.js'
import {appleKeys, schemaProblems} from './schema-check.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const golden = (file: string) => readFileSync(join(HERE, file), 'utf8')

/**
 * What `pppc generate --app beyondtrust` writes, per MDM and format, byte for byte. Each file was read against
 * Apple's schema (README.md here says what was checked, and what looked wrong). After a deliberate change, regenerate
 * them with PPPC_UPDATE_GOLDEN=1 npx vitest run test/golden, read the diff, and update README.md.
 */
const GOLDEN: [file: string, args: string[]][] = [
  ['beyondtrust.kandji.mobileconfig', ['--mdm', 'kandji']],
  ['beyondtrust.jamf.mobileconfig', ['--mdm', 'jamf']],
  ['beyondtrust.generic.mobileconfig', ['--mdm', 'generic']],
  ['beyondtrust.jamf-xml.xml', ['--mdm', 'jamf', '--format', 'jamf-xml']],
  ['beyondtrust.ddm.json', ['--format', 'ddm']],
]
const MOBILECONFIGS = GOLDEN.map(([file]) => file).filter((f) => f.endsWith('.mobileconfig'))

type Dict = Record<string, unknown>

describe('golden outputs of pppc generate --app beyondtrust', () => {
  it.each(GOLDEN)('%s is generate %j, byte for byte', async (file, args) => {
    const result = await pppcInProcess(['generate', '--app', 'beyondtrust', ...args])
    expect(result.exitCode).toBe(0)
    if (process.env.PPPC_UPDATE_GOLDEN) writeFileSync(join(HERE, file), result.stdout)
    expect(result.stdout).toBe(golden(file))
  })
})

// The golden files read with other parsers than pppc's own, against Apple's YAML in data/apple.
describe("the golden outputs conform to Apple's schema", () => {
  const topLevel = appleKeys('TopLevel.yaml')
  const payloadKeys = [
    ...appleKeys('CommonPayloadKeys.yaml'),
    ...appleKeys('com.apple.TCC.configuration-profile-policy.yaml'),
  ]

  it('finds what does not conform (the check itself)', () => {
    const profile = parsePlist(golden('beyondtrust.generic.mobileconfig')) as Dict
    const broken: Dict = {...profile, PayloadScope: 'system', PayloadVersion: '1', Extra: true}
    delete broken.PayloadUUID
    expect(schemaProblems(broken, topLevel).sort()).toEqual([
      'Extra: not a key of the schema',
      'PayloadScope: "system" is not one of ["System","User"]',
      'PayloadUUID: required, missing',
      'PayloadVersion: string, the schema says integer',
    ])
    const payload = (profile.PayloadContent as Dict[])[0]!
    const services = payload.Services as Record<string, Dict[]>
    const entry = {...services.ScreenCapture![0]!, IdentifierType: 'bundleId'}
    expect(schemaProblems({...payload, Services: {ScreenRecording: [entry]}}, payloadKeys)).toEqual([
      'Services.ScreenRecording: not a key of the schema',
    ])
    expect(schemaProblems({...payload, Services: {ScreenCapture: [entry]}}, payloadKeys)).toEqual([
      'Services.ScreenCapture[0].IdentifierType: "bundleId" is not one of ["bundleID","path"]',
    ])
  })

  it.each(MOBILECONFIGS)('%s: top level, payloads and identity dictionaries', (file) => {
    const profile = parsePlist(golden(file)) as Dict
    expect(schemaProblems(profile, topLevel)).toEqual([])
    expect(profile).toMatchObject({PayloadType: 'Configuration', PayloadVersion: 1, PayloadScope: 'System'})
    const payloads = profile.PayloadContent as Dict[]
    expect(payloads.map((p) => p.PayloadType)).toEqual(['com.apple.TCC.configuration-profile-policy'])
    const identifiers = [profile.PayloadIdentifier, ...payloads.map((p) => p.PayloadIdentifier)]
    const uuids = [profile.PayloadUUID, ...payloads.map((p) => p.PayloadUUID)]
    expect(new Set(identifiers).size).toBe(identifiers.length)
    expect(new Set(uuids).size).toBe(uuids.length)
    for (const payload of payloads) {
      expect(schemaProblems(payload, payloadKeys)).toEqual([])
      expect(String(payload.PayloadIdentifier).startsWith(`${String(profile.PayloadIdentifier)}.`)).toBe(true)
      for (const [service, entries] of Object.entries(payload.Services as Record<string, Dict[]>)) {
        for (const entry of entries) {
          // Apple: "Every payload needs to include either Authorization or Allowed, but not both."
          expect('Authorization' in entry !== 'Allowed' in entry, service).toBe(true)
          // Apple: AllowStandardUserToSetSystemService is "only valid for the ListenEvent and ScreenCapture services".
          if (entry.Authorization === 'AllowStandardUserToSetSystemService')
            expect(['ListenEvent', 'ScreenCapture']).toContain(service)
          expect(entry.CodeRequirement).toContain(`identifier "${String(entry.Identifier)}"`)
        }
      }
    }
  })

  it('beyondtrust.jamf-xml.xml carries the Jamf mobileconfig, unchanged, in general.payloads', () => {
    const body = new XMLParser({
      parseTagValue: false,
      processEntities: true,
      htmlEntities: false,
      trimValues: false,
    }).parse(golden('beyondtrust.jamf-xml.xml')) as {os_x_configuration_profile: {general: Dict}}
    const general = body.os_x_configuration_profile.general
    expect(general.payloads).toBe(golden('beyondtrust.jamf.mobileconfig'))
    expect(general.name).toBe((parsePlist(golden('beyondtrust.jamf.mobileconfig')) as Dict).PayloadDisplayName)
  })

  it('beyondtrust.ddm.json is a com.apple.configuration.app.settings declaration Apple would accept', () => {
    const declaration = JSON.parse(golden('beyondtrust.ddm.json')) as Dict
    const yaml = parseYaml(readFileSync(join(APPLE_SCHEMA, 'app.settings.yaml'), 'utf8'), {maxAliasCount: -1}) as {
      payload: {declarationtype: string}
    }
    expect(Object.keys(declaration).sort()).toEqual(['Identifier', 'Payload', 'ServerToken', 'Type'])
    expect(declaration.Type).toBe(yaml.payload.declarationtype)
    expect(schemaProblems(declaration.Payload, appleKeys('app.settings.yaml'))).toEqual([])
    const defaults = (declaration.Payload as {Privacy: {PermissionDefaults: Dict}}).Privacy.PermissionDefaults
    for (const composed of Object.keys(defaults)) {
      // Apple: in macOS the key is "Bundle-ID {Designated-Requirement}".
      const [, bundleId, requirement] = /^(\S+) \{(.+)\}$/.exec(composed) ?? []
      expect(requirement).toContain(`identifier "${bundleId}"`)
    }
  })
})
