import {describe, expect, it} from 'vitest'
import {diffProfiles, formatDiff} from '../../src/profiles/diff.js'
import type {PlistValue} from '../../src/profiles/model.js'
import {readGrants} from '../../src/profiles/profile-grants.js'

const REQ = 'identifier "com.example.tool" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345'

function profile(entries: Record<string, PlistValue[]>, top: Record<string, PlistValue> = {}): PlistValue {
  return {
    PayloadIdentifier: 'edu.example.pppc',
    PayloadUUID: '0A1B2C3D-0000-4000-8000-000000000001',
    PayloadType: 'Configuration',
    ...top,
    PayloadContent: [{PayloadType: 'com.apple.TCC.configuration-profile-policy', Services: entries}],
  }
}

function entry(extra: Record<string, PlistValue> = {}): Record<string, PlistValue> {
  return {
    Identifier: 'com.example.tool',
    IdentifierType: 'bundleID',
    CodeRequirement: REQ,
    Authorization: 'Allow',
    ...extra,
  }
}

function side(value: PlistValue, signer = 'unsigned') {
  return {grants: readGrants(value), signer}
}

describe('diff: profiles compared as decisions', () => {
  it('sees no difference in key case, Allowed for Authorization, or how a requirement is written', () => {
    const a = profile({SystemPolicyAllFiles: [entry()], Accessibility: [entry({Authorization: 'Deny'})]})
    const b = profile({
      accessibility: [
        {identifier: 'com.example.tool', identifierType: 'bundleID', codeRequirement: REQ, Allowed: false},
      ],
      SystemPolicyAllFiles: [
        entry({
          CodeRequirement:
            'identifier com.example.tool and anchor apple generic and certificate leaf[subject.OU] = "ABCDE12345"',
        }),
      ],
    })
    const diff = diffProfiles(side(a), side(b))
    expect(diff).toMatchObject({same: true, profile: [], apps: []})
    expect(formatDiff(diff, 'a', 'b')).toMatch(/^same: 1 app, 2 grants$/m)
  })

  it('lists added, removed and changed grants and apps, requirements and profile fields', () => {
    const a = profile({
      SystemPolicyAllFiles: [entry()],
      Accessibility: [entry({Authorization: 'Deny'})],
      Camera: [
        entry({
          Identifier: 'com.example.old',
          CodeRequirement: 'identifier "com.example.old" and anchor apple',
          Authorization: 'Deny',
        }),
      ],
    })
    const b = profile(
      {
        Accessibility: [entry({CodeRequirement: REQ.replace('ABCDE12345', 'ZYXWV98765')})],
        AppleEvents: [
          entry({
            AEReceiverIdentifier: 'com.apple.finder',
            AEReceiverIdentifierType: 'bundleID',
            AEReceiverCodeRequirement: 'identifier "com.apple.finder" and anchor apple',
          }),
        ],
        Microphone: [
          entry({
            Identifier: 'com.example.new',
            CodeRequirement: 'identifier "com.example.new" and anchor apple',
            Authorization: 'Deny',
          }),
        ],
      },
      {PayloadDisplayName: 'New name'},
    )
    const diff = diffProfiles(side(a), side(b, 'CN=Signer'))
    expect(diff.same).toBe(false)
    expect(diff.profile).toEqual([
      {field: 'PayloadDisplayName', a: null, b: 'New name'},
      {field: 'signer', a: 'unsigned', b: 'CN=Signer'},
    ])
    const tool = diff.apps.find((a) => a.identifier === 'com.example.tool')!
    expect(tool.requirement?.b).toMatch(/ZYXWV98765/)
    expect(tool.grants).toEqual([
      {service: 'SystemPolicyAllFiles', label: 'Full Disk Access', change: 'removed', a: 'Allow'},
      {service: 'Accessibility', label: 'Accessibility', change: 'changed', a: 'Deny', b: 'Allow'},
      {service: 'AppleEvents', label: 'Automation', receiver: 'com.apple.finder', change: 'added', b: 'Allow'},
    ])
    expect(diff.apps.map((a) => [a.identifier, a.change])).toEqual([
      ['com.example.tool', 'changed'],
      ['com.example.old', 'removed'],
      ['com.example.new', 'added'],
    ])
    const text = formatDiff(diff, 'old.mobileconfig', 'new.mobileconfig')
    expect(text).toContain('  ~ Accessibility (Accessibility): Deny → Allow')
    expect(text).toContain('  + Automation (AppleEvents) → com.apple.finder: Allow')
    expect(text).toMatch(/^- com\.example\.old \(bundleID\)$/m)
    expect(text).toMatch(/^3 apps and 2 profile fields differ \(2 apps, 3 grants → 2 apps, 3 grants\)$/m)
    expect(diffProfiles(side(a), side(b, 'CN=Signer'), {grantsOnly: true}).profile).toEqual([])
  })
})
