import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {checkAppEntry} from '../../src/profiles/app-entry-check.js'
import {SERVICES} from '../../src/profiles/services.js'
import {REPO} from '../helpers/paths.js'
import {schemaErrors, SCHEMAS} from '../helpers/schemas.js'

/**
 * schemas/app.schema.json (for editors and other tools) and the loader's check (src/profiles/app-entry-check.ts, what
 * pppc runs) must say the same about a catalogue file: both accept it, or both refuse it.
 */
const APPS = join(REPO, 'data', 'apps')
const files = readdirSync(APPS).filter((f) => f.endsWith('.json'))
const read = (file: string) => JSON.parse(readFileSync(join(APPS, file), 'utf8')) as Record<string, unknown>
const entry = () =>
  read('beyondtrust-rs-customer-client.json') as Record<string, unknown> & {
    grants: Record<string, unknown>[]
    client: Record<string, Record<string, unknown>>
  }

function verdicts(value: Record<string, unknown>): {schema: boolean; loader: boolean} {
  let loader = true
  try {
    checkAppEntry(value, `data/apps/${String(value.key)}.json`)
  } catch {
    loader = false
  }
  return {schema: schemaErrors('app.schema.json', value).length === 0, loader}
}

describe('the catalogue schema and the catalogue loader agree', () => {
  it('every file in data/apps conforms to schemas/app.schema.json', () => {
    expect(files.length).toBeGreaterThan(15)
    for (const file of files) expect(schemaErrors('app.schema.json', read(file)), file).toEqual([])
  })

  it("names Apple's 24 services, each with the values Apple allows it", () => {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, 'app.schema.json'), 'utf8')) as {
      $defs: {
        serviceKey: {enum: string[]}
        allowedAuthorization: {anyOf: {properties: {service: {enum: string[]}; authorization: {enum: string[]}}}[]}
      }
    }
    expect(schema.$defs.serviceKey.enum).toEqual(SERVICES.map((s) => s.key))
    for (const service of SERVICES) {
      const groups = schema.$defs.allowedAuthorization.anyOf.filter((g) =>
        g.properties.service.enum.includes(service.key),
      )
      expect(groups, service.key).toHaveLength(1)
      expect(groups[0]!.properties.authorization.enum, service.key).toEqual(service.authorizations)
    }
  })

  it('without any one field, both refuse the entry, or (client) both accept it', () => {
    for (const key of Object.keys(entry())) {
      const value = entry()
      delete value[key]
      const both = verdicts(value)
      expect(both.schema, key).toBe(both.loader)
      expect(both.loader, key).toBe(key === 'client')
    }
  })

  it.each([
    ['an unknown field', (e: ReturnType<typeof entry>) => Object.assign(e, {homepage: 'https://example.com'})],
    ['a misspelt field', (e: ReturnType<typeof entry>) => Object.assign(e, {teamID: e.teamId, teamId: undefined})],
    ['a verification word not in the list', (e: ReturnType<typeof entry>) => Object.assign(e, {verification: 'maybe'})],
    ['aliases that are not strings', (e: ReturnType<typeof entry>) => Object.assign(e, {aliases: ['bt', 7]})],
    [
      'a service Apple does not have',
      (e: ReturnType<typeof entry>) => Object.assign(e.grants[0]!, {service: 'ScreenRecording'}),
    ],
    [
      'Allow for Screen Recording',
      (e: ReturnType<typeof entry>) => Object.assign(e.grants[2]!, {authorization: 'Allow'}),
    ],
    ['Allow for the camera', (e: ReturnType<typeof entry>) => Object.assign(e.grants[0]!, {service: 'Camera'})],
    ['a grant without its source', (e: ReturnType<typeof entry>) => delete e.grants[0]!.source],
    ['optional: false', (e: ReturnType<typeof entry>) => Object.assign(e.grants[3]!, {optional: false})],
    [
      'a receiver type in the wrong case',
      (e: ReturnType<typeof entry>) => Object.assign(e.grants[4]!.receiver as object, {identifierType: 'bundleId'}),
    ],
    [
      'a receiver with an unknown field',
      (e: ReturnType<typeof entry>) => Object.assign(e.grants[4]!.receiver as object, {comment: 'x'}),
    ],
    ['a fractional install depth', (e: ReturnType<typeof entry>) => Object.assign(e.client.install!, {maxDepth: 1.5})],
    ['a launcher without downloads', (e: ReturnType<typeof entry>) => delete e.client.launcher!.downloads],
    [
      'a window section naming no service',
      (e: ReturnType<typeof entry>) =>
        Object.assign((e.client.permissionsWindow!.sections as object[])[0]!, {service: 'Screen Recording'}),
    ],
    ['an unknown client field', (e: ReturnType<typeof entry>) => Object.assign(e.client, {icon: 'x.png'})],
  ])('both refuse %s', (_, change) => {
    const value = entry()
    change(value)
    expect(JSON.parse(JSON.stringify(value))).not.toEqual(entry())
    expect(verdicts(JSON.parse(JSON.stringify(value)) as Record<string, unknown>)).toEqual({
      schema: false,
      loader: false,
    })
  })

  it.each([
    ['no client facts', (e: ReturnType<typeof entry>) => delete (e as Record<string, unknown>).client],
    ['an empty client', (e: ReturnType<typeof entry>) => Object.assign(e, {client: {}})],
    [
      'Deny for the camera',
      (e: ReturnType<typeof entry>) => Object.assign(e.grants[0]!, {service: 'Camera', authorization: 'Deny'}),
    ],
    [
      'a standard user allowed Input Monitoring',
      (e: ReturnType<typeof entry>) =>
        Object.assign(e.grants[0]!, {service: 'ListenEvent', authorization: 'AllowStandardUserToSetSystemService'}),
    ],
    [
      'no grants, no related bundle IDs',
      (e: ReturnType<typeof entry>) => Object.assign(e, {grants: [], relatedBundleIds: []}),
    ],
  ])('both accept %s', (_, change) => {
    const value = entry()
    change(value)
    expect(verdicts(value)).toEqual({schema: true, loader: true})
  })
})
