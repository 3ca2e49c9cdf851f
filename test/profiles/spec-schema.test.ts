import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {REVERSE_DNS} from '../../src/profiles/build.js'
import {
  APP_NAMING_KEYS,
  parseSpec,
  receiverServiceNames,
  SPEC_KEYS,
  SPEC_VALUE_WORDS,
  specServiceNames,
} from '../../src/profiles/spec-file.js'
import {UUID_PATTERN} from '../../src/profiles/uuid.js'
import {REPO} from '../helpers/paths.js'
import {schemaErrors} from '../helpers/schemas.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema document, read by path
const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'spec.schema.json'), 'utf8')) as any

/** Spec files on both sides of every rule: the runtime reader and the schema must give the same verdict. */
const DOCUMENTS = [
  'apps: [{app: beyondtrust}]',
  'apps: [{app: beyondtrust, grants: {post-event: allow, fda: none}}]',
  'apps: [{app: beyondtrust, justification: IT asks.}]',
  'identifier: edu.example.x\ndisplayName: X\norganization: Example\ndescription: d\nuuid: 0A1B2C3D-0000-4000-8000-000000000001\njustification: j\napps: [{app: zoom}]',
  'apps: [{bundleId: com.example.tool, codeRequirement: anchor apple, name: Tool, grants: {fda: true}}]',
  'apps: [{path: /usr/local/bin/x, codeRequirement: anchor apple, grants: [{service: input-monitoring, value: deny}]}]',
  'apps: [{bundleId: com.example.tool, grants: {"automation:com.apple.finder": allow, "AppleEvents:com.apple.mail": Allow}}]',
  'apps: [{bundleId: com.example.tool, grants: [{service: AppleEvents, value: allow, receiver: com.apple.finder}]}]',
  'apps: [{bundleId: com.example.tool, grants: [{service: automation, value: allow, receiver: {identifier: com.x.y, codeRequirement: anchor apple}}]}]',
  'apps: [{bundleId: com.example.tool, grants: [{service: automation, value: allow, receiver: {identifier: /bin/x, identifierType: path, codeRequirement: anchor apple}}]}]',
  'apps: [{bundleId: com.example.tool, grants: {local-network: allow, Location: allow, camera: allow}}]',
  // refused
  'apps: []',
  'apps: [{}]',
  'identifier: x.y',
  '[1, 2]',
  'identifer: edu.example.x\napps: [{app: zoom}]',
  'organisation: X\napps: [{app: zoom}]',
  'identifier: not dns\napps: [{app: zoom}]',
  'uuid: "123"\napps: [{app: zoom}]',
  'identifier: 5\napps: [{app: zoom}]',
  'displayName: ""\napps: [{app: zoom}]',
  'displayName: "  "\napps: [{app: zoom}]',
  'apps: [{app: beyondtrust, grant: {fda: allow}}]',
  'apps: [{app: beyondtrust, bundleId: com.bomgar.bomgar-scc}]',
  'apps: [{bundleId: com.x.y, path: /bin/x}]',
  'apps: [{app: beyondtrust, codeRequirement: anchor apple}]',
  'apps: [{app: beyondtrust, name: BT}]',
  'apps: [{app: beyondtrust, grants: 3}]',
  'apps: [{app: beyondtrust, grants: {fda: maybe}}]',
  'apps: [{app: beyondtrust, grants: {fda: 1}}]',
  'apps: [{app: beyondtrust, grants: {FDA: allow}}]',
  'apps: [{app: beyondtrust, grants: {teleport: allow}}]',
  'apps: [{app: beyondtrust, grants: {"accessibility:com.apple.finder": allow}}]',
  'apps: [{app: beyondtrust, grants: {"automation:": allow}}]',
  'apps: [{app: beyondtrust, grants: [{service: fda}]}]',
  'apps: [{app: beyondtrust, grants: [{service: fda, value: allow, why: x}]}]',
  'apps: [{app: beyondtrust, grants: [{service: fda, value: allow, receiver: com.apple.finder}]}]',
  'apps: [{bundleId: com.x.y, grants: [{service: automation, value: allow, receiver: {identifier: com.a.b}}]}]',
  'apps: [{bundleId: com.x.y, grants: [{service: automation, value: allow, receiver: {identifier: com.a.b, codeRequirement: x, identifierType: bundleid}}]}]',
  'apps: [{bundleId: com.x.y, grants: [{service: automation, value: allow, receiver: 5}]}]',
  'apps: [{app: 5}]',
  'apps: [{app: beyondtrust, justification: ""}]',
]

function runtimeAccepts(text: string): boolean {
  try {
    parseSpec(text, 'spec.yaml')
    return true
  } catch {
    return false
  }
}

describe('schemas/spec.schema.json and the spec reader agree', () => {
  it.each(DOCUMENTS)('on %j', (text) => {
    expect(schemaErrors('spec.schema.json', parseYaml(text)).length === 0).toBe(runtimeAccepts(text))
  })

  it('on which documents pass: both kinds are in the list above', () => {
    expect(DOCUMENTS.filter(runtimeAccepts).length).toBe(11)
  })

  it('list the same keys at every level, and refuse all others', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...SPEC_KEYS.top].sort())
    expect(Object.keys(schema.$defs.app.properties).sort()).toEqual([...SPEC_KEYS.app].sort())
    expect(Object.keys(schema.$defs.grant.properties).sort()).toEqual([...SPEC_KEYS.grant].sort())
    expect(Object.keys(schema.$defs.receiver.anyOf[1].properties).sort()).toEqual([...SPEC_KEYS.receiver].sort())
    for (const level of [schema, schema.$defs.app, schema.$defs.grant, schema.$defs.receiver.anyOf[1]])
      expect(level.additionalProperties).toBe(false)
    expect(schema.$defs.app.oneOf.map((o: {required: string[]}) => o.required[0])).toEqual([...APP_NAMING_KEYS])
  })

  it("accept the README's spec example", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
    const start = readme.indexOf('```yaml', readme.indexOf('A spec file (`pppc import` writes one'))
    const example = readme.slice(start + '```yaml\n'.length, readme.indexOf('```', start + 7))
    expect(runtimeAccepts(example)).toBe(true)
    expect(schemaErrors('spec.schema.json', parseYaml(example))).toEqual([])
  })

  it('know the same services, values and patterns', () => {
    expect(schema.$defs.grant.properties.service.enum).toEqual(specServiceNames())
    expect(schema.$defs.grants.oneOf[0].propertyNames.anyOf[0].enum).toEqual(specServiceNames())
    expect(schema.$defs.grants.oneOf[0].propertyNames.anyOf[1].pattern).toBe(
      `^(${receiverServiceNames().join('|')}):\\S+$`,
    )
    expect(schema.$defs.value.anyOf[1].enum).toEqual([...SPEC_VALUE_WORDS])
    expect(schema.properties.identifier.pattern).toBe(REVERSE_DNS.source)
    expect(schema.properties.uuid.pattern).toBe(UUID_PATTERN.source)
  })
})
