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

  it('reads the same from JSON', () => {
    const json = JSON.stringify({
      apps: [
        {app: 'beyondtrust'},
        {bundleId: 'com.example.tool', codeRequirement: 'anchor apple generic', grants: {fda: 'allow'}},
      ],
    })
    expect(parseSpec(json, 'pppc.json').apps).toEqual([
      {kind: 'catalogue', name: 'beyondtrust', grants: []},
      {
        kind: 'bundleID',
        identifier: 'com.example.tool',
        codeRequirement: 'anchor apple generic',
        grants: [{service: 'fda', value: 'allow'}],
      },
    ])
  })

  it.each([
    ['apps: [', /not YAML or JSON/],
    ['- a\n- b', /must be a map with an "apps" list/],
    ['apps: []', /"apps" must be a non-empty list/],
    ['apps: [{grants: {fda: allow}}]', /apps\[0\] needs app, bundleId or path/],
    ['apps: [{app: beyondtrust, grants: 3}]', /apps\[0\].grants must be a map or a list/],
    ['identifier: 5\napps: [{app: beyondtrust}]', /"identifier" must be a string/],
  ])('says what is wrong with %j', (text, message) => {
    expect(() => parseSpec(text, 'bad.yaml')).toThrow(message)
  })
})
