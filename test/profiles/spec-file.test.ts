import {describe, expect, it} from 'vitest'
import {parseSpec} from '../../src/profiles/spec-file.js'
import {generateFor} from '../helpers/generate.js'

const YAML_SPEC = `
identifier: edu.example.pppc.support
organization: Example University
apps:
  - app: beyondtrust
    grants: {post-event: allow}
  - bundleId: com.example.tool
    name: Example Tool
    codeRequirement: identifier "com.example.tool" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345
    grants:
      full-disk-access: allow
      "automation:com.apple.systemevents": allow
  - path: /usr/local/bin/helper
    codeRequirement: identifier "helper" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345
    grants: [{service: input-monitoring, value: deny}]
`

describe('--spec files', () => {
  it('reads apps, grants and identity from YAML', async () => {
    const spec = parseSpec(YAML_SPEC, 'pppc.yaml')
    expect(spec.identity).toEqual({identifier: 'edu.example.pppc.support', organization: 'Example University'})
    expect(spec.apps.map((a) => a.kind)).toEqual(['catalogue', 'bundleID', 'path'])
    const result = await generateFor(spec.apps, {identity: spec.identity})
    const services = new Set(result.apps.flatMap((a) => a.grants.map((g) => g.service)))
    expect([...services].sort()).toEqual([
      'Accessibility',
      'AppleEvents',
      'ListenEvent',
      'PostEvent',
      'ScreenCapture',
      'SystemPolicyAllFiles',
    ])
    expect(result.apps[1]!.name).toBe('Example Tool')
  })

  it('reads the same from JSON, and says where each app and grant came from', () => {
    const json = JSON.stringify({
      apps: [
        {app: 'beyondtrust'},
        {bundleId: 'com.example.tool', codeRequirement: 'anchor apple generic', grants: {fda: 'allow'}},
      ],
    })
    expect(parseSpec(json, 'pppc.json').apps).toEqual([
      {kind: 'catalogue', name: 'beyondtrust', grants: [], origin: 'pppc.json apps[0]'},
      {
        kind: 'bundleID',
        identifier: 'com.example.tool',
        codeRequirement: 'anchor apple generic',
        grants: [{service: 'fda', value: 'allow', origin: 'pppc.json apps[1].grants.fda'}],
        origin: 'pppc.json apps[1]',
      },
    ])
  })

  it('reads receivers spelt out in the list form, and justifications', () => {
    const spec = parseSpec(
      `justification: IT asks for this.
apps:
  - bundleId: com.example.tool
    codeRequirement: anchor apple generic
    justification: Tool needs the camera for calls.
    grants:
      - service: AppleEvents
        value: Allow
        receiver: {identifier: com.example.other, codeRequirement: 'identifier "com.example.other" and anchor apple generic'}
`,
      'pppc.yaml',
    )
    expect(spec.justification).toBe('IT asks for this.')
    expect(spec.apps[0]).toMatchObject({
      justification: 'Tool needs the camera for calls.',
      grants: [
        {
          service: 'AppleEvents',
          value: 'Allow',
          receiver: {
            identifier: 'com.example.other',
            codeRequirement: 'identifier "com.example.other" and anchor apple generic',
          },
        },
      ],
    })
  })

  it.each([
    ['apps: [', /^bad\.yaml:1:\d+: not YAML or JSON/],
    ['- a\n- b', /^bad\.yaml:1:1: must be a map/],
    ['apps: []', /^bad\.yaml:1:7: apps: must be a non-empty list/],
    ['identifier: x.y', /has no "apps" list/],
    ['apps: [{grants: {fda: allow}}]', /^bad\.yaml:1:8: apps\[0\]: names no app/],
    ['apps: [{app: beyondtrust, grants: 3}]', /apps\[0\]\.grants: must be a map \(service: value\) or a list/],
    ['identifier: 5\napps: [{app: beyondtrust}]', /^bad\.yaml:1:13: identifier: must be text, not number/],
    ['identifier: edu example\napps: [{app: beyondtrust}]', /identifier: "edu example" is not reverse DNS/],
    ['uuid: 1234\napps: [{app: beyondtrust}]', /uuid: must be text/],
    ['uuid: "1234"\napps: [{app: beyondtrust}]', /uuid: "1234" is not a UUID/],
    ['apps: [{app: beyondtrust, name: BT}]', /apps\[0\]: has both app and name/],
    ['apps: [{app: beyondtrust, grants: {fda: maybe}}]', /apps\[0\]\.grants\.fda: unknown value "maybe"/],
    ['apps: [{app: beyondtrust, grants: {fda: Allowed}}]', /unknown value "Allowed"; did you mean "allowed"\?/],
    ['apps: [{app: beyondtrust, grants: {"accessibility:com.apple.finder": allow}}]', /only Automation/],
    ['apps: [{app: beyondtrust, grants: [{service: fda}]}]', /apps\[0\]\.grants\[0\]: needs "value"/],
    ['apps: [{app: beyondtrust, grants: [{service: fda, value: allow, receiver: x.y}]}]', /only Automation/],
    ['apps: [{app: beyondtrust}]\napps: [{app: zoom}]', /^bad\.yaml:2:1: not YAML or JSON \(Map keys must be unique/],
    ['apps: [{app: beyondtrust, justification: ""}]', /apps\[0\]\.justification: is empty/],
    ['apps: [{app: }]', /apps\[0\]\.app: has no value/],
  ])('says what is wrong with %j, and where', (text, message) => {
    expect(() => parseSpec(text, 'bad.yaml')).toThrow(message)
  })

  it.each([
    ['grant: {fda: allow}', 'apps[0]: unknown key "grant"', 'did you mean "grants"?'],
    ['bundleID: com.example.tool', 'apps[0]: unknown key "bundleID"', 'did you mean "bundleId"?'],
    ['code-requirement: anchor apple', 'apps[0]: unknown key "code-requirement"', 'did you mean "codeRequirement"?'],
    [
      'grants: {full-disk-acess: allow}',
      'apps[0].grants.full-disk-acess: unknown service',
      'did you mean "full-disk-access"?',
    ],
  ])('refuses the misspelt %j with a suggestion', (entry, message, hint) => {
    const text = `apps:\n  - app: beyondtrust\n    ${entry}\n`
    expect(() => parseSpec(text, 'pppc.yaml')).toThrow(message)
    expect(() => parseSpec(text, 'pppc.yaml')).toThrow(hint)
    expect(() => parseSpec(text, 'pppc.yaml')).toThrow(/^pppc\.yaml:3:\d+: /)
  })

  it.each([
    ['identifer', 'identifier'],
    ['organisation', 'organization'],
    ['display_name', 'displayName'],
    ['Identifier', 'identifier'],
  ])('refuses the top-level %s (did you mean %s?)', (key, meant) => {
    expect(() => parseSpec(`${key}: edu.example.x\napps: [{app: beyondtrust}]`, 'pppc.yaml')).toThrow(
      `pppc.yaml:1:1: unknown key "${key}"; did you mean "${meant}"?`,
    )
  })

  it('refuses an app named twice over (app and bundleId), naming the second key', () => {
    expect(() => parseSpec('apps:\n  - app: beyondtrust\n    bundleId: com.example.tool\n', 'pppc.yaml')).toThrow(
      /^pppc\.yaml:3:5: apps\[0\]: has both app and bundleId; keep one/,
    )
  })
})
