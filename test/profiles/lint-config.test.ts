import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {LineIndex} from '../../src/profiles/plist-xml.js'
import {disabled, readDirectives} from '../../src/profiles/directives.js'
import {globsToRegExp, parseLintConfig, settingsFor} from '../../src/profiles/lint-config.js'
import {isRuleId} from '../../src/profiles/rules.js'
import {configSchemaJson, CONFIG_SCHEMA_PATH} from '../../src/render/config-schema.js'
import {REPO} from '../helpers/paths.js'
import {schemaErrors} from '../helpers/schemas.js'

describe('.pppc.yaml', () => {
  const config = parseLintConfig(
    [
      'rules:',
      '  PPPC013: off',
      '  PPPC060: error',
      'overrides:',
      '  - files: ["legacy/**", "*.plist"]',
      '    rules: {PPPC048: off, PPPC060: warning}',
      '  - files: legacy/keep/*.mobileconfig',
      '    rules: {PPPC048: info}',
    ].join('\n'),
    '/repo/.pppc.yaml',
    '/repo',
  )

  it('gives each file the global rules, then every matching override in order', () => {
    expect(settingsFor(config, '/repo/profiles/a.mobileconfig')).toEqual({PPPC013: 'off', PPPC060: 'error'})
    expect(settingsFor(config, '/repo/legacy/old/a.mobileconfig')).toEqual({
      PPPC013: 'off',
      PPPC060: 'warning',
      PPPC048: 'off',
    })
    expect(settingsFor(config, '/repo/legacy/keep/a.mobileconfig')).toMatchObject({PPPC048: 'info'})
    expect(settingsFor(config, '/repo/deep/down/prefs.plist')).toMatchObject({PPPC048: 'off'})
  })

  it("refuses to configure PPPC009, pppc's own failure (exit 70 stays a bug to report)", () => {
    expect(() => parseLintConfig('rules:\n  PPPC009: off\n', '/repo/.pppc.yaml', '/repo')).toThrow(
      /^\/repo\/\.pppc\.yaml:2: PPPC009 cannot be configured/,
    )
  })

  it('an empty file configures nothing', () => {
    expect(parseLintConfig('', 'x.yaml', '/').rules).toEqual({})
  })

  it.each([
    ['*.mobileconfig', ['a.mobileconfig', 'x/y/a.mobileconfig'], ['a.plist', 'a.mobileconfig.bak']],
    ['legacy/*.mobileconfig', ['legacy/a.mobileconfig'], ['legacy/x/a.mobileconfig', 'x/legacy/a.mobileconfig']],
    ['legacy/**/*.plist', ['legacy/a.plist', 'legacy/x/y/a.plist'], ['a.plist']],
    ['legacy/', ['legacy/a.plist', 'legacy/x/a.plist'], ['legacyx/a.plist']],
    ['**/jamf/*.{plist,mobileconfig}', ['jamf/a.plist', 'x/jamf/b.mobileconfig'], ['jamf/c.json']],
    ['p?[0-9].plist', ['p10.plist', 'x/pa9.plist'], ['p1a.plist']],
    ['[!a]*.plist', ['b.plist'], ['a.plist']],
  ])('glob %s', (glob, matching, other) => {
    const re = globsToRegExp([glob])
    for (const path of matching) expect(re.test(path), path).toBe(true)
    for (const path of other) expect(re.test(path), path).toBe(false)
  })

  it('schemas/pppc-config.schema.json is the one written from the rules and the reader (npm run docs)', () => {
    expect(readFileSync(join(REPO, CONFIG_SCHEMA_PATH), 'utf8')).toBe(configSchemaJson())
    const schema = JSON.parse(configSchemaJson())
    expect(schema.$defs.rules.propertyNames.enum).toContain('PPPC057')
    expect(schema.$defs.setting.enum).toEqual(['error', 'warning', 'info', 'off'])
  })

  it('the schema accepts what the reader accepts and refuses what it refuses (ajv, JSON Schema 2020-12)', () => {
    const good = {
      rules: {PPPC013: 'off', PPPC060: 'error'},
      overrides: [{files: ['legacy/**', '*.plist'], rules: {PPPC048: 'off'}}, {files: 'a.plist'}],
    }
    expect(schemaErrors('pppc-config.schema.json', good)).toEqual([])
    expect(schemaErrors('pppc-config.schema.json', {rules: {PPPC13: 'off'}})).not.toEqual([])
    expect(schemaErrors('pppc-config.schema.json', {rules: {PPPC009: 'off'}})).not.toEqual([])
    expect(schemaErrors('pppc-config.schema.json', {rules: {PPPC013: 'silent'}})).not.toEqual([])
    expect(schemaErrors('pppc-config.schema.json', {overrides: [{rules: {}}]})).not.toEqual([])
    expect(schemaErrors('pppc-config.schema.json', {rule: {}})).not.toEqual([])
  })
})

describe('pppc-disable comments', () => {
  const text = [
    '<plist>', // 1
    '<!-- pppc-disable-next-line PPPC013, PPPC020 -- the MDM rewrites it -->', // 2
    '<key>PayloadIdentifier</key>', // 3
    '<!--', // 4
    '  pppc-disable-next-line', // 5
    '-->', // 6
    '<key>Whatever</key>', // 7
    '<!-- pppc-disable-file PPPC048 PPPC999 -->', // 8
  ].join('\n')
  const directives = readDirectives(text, new LineIndex(text), isRuleId)!

  it('turns the named rules off on the line after the comment, every rule when none is named', () => {
    expect(disabled(directives, 'PPPC013', 3)).toBe(true)
    expect(disabled(directives, 'PPPC020', 3)).toBe(true)
    expect(disabled(directives, 'PPPC022', 3)).toBe(false)
    expect(disabled(directives, 'PPPC013', 4)).toBe(false)
    expect(disabled(directives, 'PPPC022', 7)).toBe(true)
  })

  it('turns rules off for the whole file, and keeps ids that are no rule for a finding', () => {
    expect(disabled(directives, 'PPPC048', 100)).toBe(true)
    expect(disabled(directives, 'PPPC048', undefined)).toBe(true)
    expect(directives.unknown).toEqual([{id: 'PPPC999', line: 8}])
  })

  it('costs nothing when there is none', () => {
    expect(readDirectives('<plist/>', new LineIndex('<plist/>'), isRuleId)).toBeUndefined()
  })
})
