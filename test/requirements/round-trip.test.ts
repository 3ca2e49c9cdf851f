import {describe, expect, test} from 'vitest'
import {
  decodeRequirementBlob,
  encodeRequirement,
  evaluateRequirement,
  formatRequirement,
  parseRequirement,
  type Requirement,
  type SigningFacts,
  type Verdict,
} from '../../src/requirements/index.js'
import {adHoc, appleOwn, developerId, macAppStore, selfSigned} from './facts.js'

interface Case {
  /** The canonical text, as codesign -dr - would print it. */
  text: string
  /** Another spelling that must read as the same requirement. */
  input?: string
  /** Facts and the verdict each must give; the reason must contain the phrase when one is given. */
  checks: [SigningFacts, Verdict, string?][]
}

const BEYONDTRUST =
  'identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = B65TM49E24'
const TEAMVIEWER =
  'anchor apple generic and identifier "com.teamviewer.TeamViewer" and (certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */ or certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = H7UGFBUGV6)'
const HASH = '7b976483773b9869fac877afe7d833670ea73d5b'
const CDHASH = '3c4a1b2e9f0d8c7b6a5948372615a4b3c2d1e0f9'

const cases: Case[] = [
  {
    text: BEYONDTRUST,
    checks: [
      [developerId('com.bomgar.bomgar-scc', 'B65TM49E24', 'BeyondTrust Corporation'), 'satisfied'],
      [
        developerId('com.bomgar.bomgar-scc', 'XXXXXXXXXX'),
        'not-satisfied',
        'requires Team ID B65TM49E24, the app is signed by XXXXXXXXXX',
      ],
      [adHoc('com.bomgar.bomgar-scc'), 'not-satisfied', 'ad-hoc signed or unsigned'],
    ],
  },
  {
    text: 'identifier "com.apple.finder" and anchor apple',
    checks: [
      [appleOwn('com.apple.finder'), 'satisfied'],
      [developerId('com.apple.finder', 'ABCDE12345'), 'not-satisfied', "requires Apple's own signature"],
    ],
  },
  {
    text: 'identifier "com.apple.systemevents" and anchor apple',
    checks: [
      [appleOwn('com.apple.systemevents'), 'satisfied'],
      [appleOwn('com.apple.Terminal'), 'not-satisfied', 'requires identifier com.apple.systemevents'],
    ],
  },
  {
    text: 'identifier "com.example.notes" and anchor apple generic and certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */',
    checks: [
      [macAppStore('com.example.notes', 'ABCDE12345'), 'satisfied'],
      [
        developerId('com.example.notes', 'ABCDE12345'),
        'not-satisfied',
        'requires the leaf certificate to carry 1.2.840.113635.100.6.1.9 (the Mac App Store marker)',
      ],
    ],
  },
  {
    text: TEAMVIEWER,
    checks: [
      [developerId('com.teamviewer.TeamViewer', 'H7UGFBUGV6', 'TeamViewer Germany GmbH'), 'satisfied'],
      [macAppStore('com.teamviewer.TeamViewer', 'H7UGFBUGV6'), 'satisfied'],
      [developerId('com.teamviewer.TeamViewer', 'QQQQQQQQQQ'), 'not-satisfied', 'no alternative holds'],
    ],
  },
  {
    text: 'identifier "com.example.a" or identifier "com.example.b"',
    checks: [
      [{identifier: 'com.example.b', anchor: 'other'}, 'satisfied'],
      [{identifier: 'com.example.c', anchor: 'other'}, 'not-satisfied', 'no alternative holds'],
    ],
  },
  {
    text: '! identifier "com.example.blocked"',
    input: '!identifier "com.example.blocked"',
    checks: [
      [adHoc('com.example.other'), 'satisfied'],
      [adHoc('com.example.blocked'), 'not-satisfied', 'rules this out'],
    ],
  },
  {
    text: 'anchor apple generic and ! (identifier "com.example.a" or identifier "com.example.b")',
    checks: [
      [developerId('com.example.c', 'ABCDE12345'), 'satisfied'],
      [developerId('com.example.b', 'ABCDE12345'), 'not-satisfied'],
    ],
  },
  {
    text: '(identifier "com.example.a" or identifier "com.example.b") and (anchor apple or anchor apple generic and certificate leaf[subject.OU] = ABCDE12345)',
    input:
      '( ( identifier "com.example.a" ) or identifier "com.example.b" ) and ( anchor apple or ( anchor apple generic and certificate leaf [ subject.OU ] = "ABCDE12345" ) )',
    checks: [
      [developerId('com.example.a', 'ABCDE12345'), 'satisfied'],
      [appleOwn('com.example.b'), 'satisfied'],
      [developerId('com.example.a', 'QQQQQQQQQQ'), 'not-satisfied', 'requires Team ID ABCDE12345'],
    ],
  },
  {
    text: 'identifier "com.example.app" and info[CFBundleShortVersionString] >= "1.0"',
    checks: [
      [{...adHoc('com.example.app'), info: {CFBundleShortVersionString: '1.10'}}, 'satisfied'],
      [{...adHoc('com.example.app'), info: {CFBundleShortVersionString: '0.9'}}, 'not-satisfied', '>= "1.0"'],
      [adHoc('com.example.app'), 'unknown', 'CFBundleShortVersionString'],
    ],
  },
  {
    text: 'entitlement["com.apple.security.app-sandbox"] /* exists */',
    input: 'entitlement["com.apple.security.app-sandbox"] exists',
    checks: [
      [{...adHoc('x'), entitlements: {'com.apple.security.app-sandbox': true}}, 'satisfied'],
      [{...adHoc('x'), entitlements: {'com.apple.security.app-sandbox': false}}, 'not-satisfied'],
      [{...adHoc('x'), entitlements: {}}, 'not-satisfied', 'absent'],
    ],
  },
  {
    text: `cdhash H"${CDHASH}"`,
    input: `cdhash H"${CDHASH.toUpperCase()}"`,
    checks: [
      [{...adHoc('x'), cdhashes: [CDHASH]}, 'satisfied'],
      [{...adHoc('x'), cdhashes: ['00'.repeat(20)]}, 'not-satisfied', `requires CDHash ${CDHASH}`],
    ],
  },
  {
    text: `identifier "hello_signed" and certificate root = H"${HASH}"`,
    checks: [
      [selfSigned('hello_signed', HASH.toUpperCase()), 'satisfied'],
      [selfSigned('hello_signed', 'ff'.repeat(20)), 'not-satisfied', `with SHA-1 ${HASH}`],
    ],
  },
  {
    text: 'anchor trusted',
    checks: [
      [developerId('com.example.a', 'ABCDE12345'), 'unknown', 'trust settings'],
      [adHoc('com.example.a'), 'not-satisfied'],
    ],
  },
  {
    text: 'certificate leaf trusted',
    checks: [[selfSigned('x', HASH), 'unknown', 'trust settings']],
  },
  {
    text: 'platform = 1',
    input: 'platform 1',
    checks: [
      [{...appleOwn('x'), platform: 1}, 'satisfied'],
      [{...appleOwn('x'), platform: 2}, 'not-satisfied', 'requires platform 1'],
    ],
  },
  {
    text: 'notarized and identifier "com.example.tool"',
    checks: [
      [{...developerId('com.example.tool', 'ABCDE12345'), notarized: true}, 'satisfied'],
      [{...developerId('com.example.tool', 'ABCDE12345'), notarized: false}, 'not-satisfied', 'notarized'],
    ],
  },
  {
    text: 'info[CFBundleIdentifier] = "com.example."*',
    checks: [
      [{...adHoc('x'), info: {CFBundleIdentifier: 'com.example.tool'}}, 'satisfied'],
      [{...adHoc('x'), info: {CFBundleIdentifier: 'org.example.tool'}}, 'not-satisfied'],
    ],
  },
  {
    text: 'entitlement["com.apple.application-identifier"] = *".com.example.app"',
    checks: [
      [{...adHoc('x'), entitlements: {'com.apple.application-identifier': 'ABCDE12345.com.example.app'}}, 'satisfied'],
      [{...adHoc('x'), entitlements: {'com.apple.application-identifier': 'ABCDE12345.com.other'}}, 'not-satisfied'],
    ],
  },
  {
    text: 'certificate leaf[subject.CN] ~ "Developer ID Application"',
    checks: [
      [developerId('x', 'ABCDE12345'), 'satisfied'],
      [macAppStore('x', 'ABCDE12345'), 'not-satisfied', 'subject.CN'],
    ],
  },
  {
    text: 'certificate -2[subject.CN] = "Developer ID Certification Authority"',
    checks: [
      [developerId('x', 'ABCDE12345'), 'satisfied'],
      [macAppStore('x', 'ABCDE12345'), 'not-satisfied'],
    ],
  },
  {
    text: 'identifier syft and anchor apple generic',
    input: 'identifier = syft and anchor generic apple',
    checks: [
      [developerId('syft', '9MJHKYX5AT'), 'satisfied'],
      [{identifier: 'syft', anchor: 'other'}, 'not-satisfied', "does not end at Apple's root"],
    ],
  },
  {
    text: 'anchor apple generic and certificate leaf[subject.OU] = "9MJHKYX5AT"',
    checks: [
      [developerId('syft', '9MJHKYX5AT'), 'satisfied'],
      [developerId('syft', 'ABCDE12345'), 'not-satisfied', 'requires Team ID 9MJHKYX5AT'],
    ],
  },
  {
    text: 'entitlement["com.apple.security.get-task-allow"] absent',
    checks: [
      [{...adHoc('x'), entitlements: {}}, 'satisfied'],
      [{...adHoc('x'), entitlements: {'com.apple.security.get-task-allow': true}}, 'not-satisfied'],
    ],
  },
  {
    text: 'never or identifier "com.example.x"',
    input: 'false or identifier "com.example.x"',
    checks: [
      [adHoc('com.example.x'), 'satisfied'],
      [adHoc('com.example.y'), 'not-satisfied', 'never holds'],
    ],
  },
  {
    text: 'identifier "com.example.x" and certificate leaf[timestamp.1.2.840.113635.100.6.1.33] < timestamp "20300101000000Z"',
    checks: [
      [developerId('com.example.x', 'ABCDE12345'), 'unknown', 'not evaluated'],
      [developerId('com.example.y', 'ABCDE12345'), 'not-satisfied', 'requires identifier com.example.x'],
    ],
  },
  {
    text: 'identifier "com.example.old" and legacy',
    checks: [
      [developerId('com.example.old', 'ABCDE12345'), 'unknown', 'legacy'],
      [developerId('com.example.new', 'ABCDE12345'), 'not-satisfied'],
    ],
  },
  {
    text: 'info[CFBundleVersion] < "500" and info[CFBundleVersion] > "99"',
    checks: [
      // Numeric comparison: as plain strings "100" would sort before "99".
      [{...adHoc('x'), info: {CFBundleVersion: '100'}}, 'satisfied'],
      [{...adHoc('x'), info: {CFBundleVersion: '501'}}, 'not-satisfied', '< "500"'],
    ],
  },
  {
    text: 'anchor apple generic and certificate leaf[policy.1.2.840.113635.100.5.1] /* exists */',
    checks: [
      [developerId('x', 'ABCDE12345'), 'unknown', 'not evaluated'],
      [{identifier: 'x', anchor: 'other'}, 'not-satisfied'],
    ],
  },
]

function parsed(text: string): Requirement {
  const result = parseRequirement(text)
  if (!result.ok) throw new Error(`${text}: ${result.problem.message}`)
  return result.requirement
}

describe('text → tree → blob → tree → text', () => {
  test('covers at least 20 requirements', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20)
  })

  test.each(cases)('$text', ({text, input, checks}) => {
    const tree = parsed(input ?? text)
    expect(formatRequirement(tree)).toBe(text)
    if (input) expect(parsed(text)).toEqual(tree)

    const blob = encodeRequirement(tree)
    expect(blob.readUInt32BE(0)).toBe(0xfade0c00)
    expect(blob.readUInt32BE(4)).toBe(blob.length)
    const decoded = decodeRequirementBlob(blob)
    expect(decoded).toEqual({ok: true, requirement: tree})
    if (!decoded.ok) return
    expect(formatRequirement(decoded.requirement)).toBe(text)
    expect(encodeRequirement(decoded.requirement).equals(blob)).toBe(true)

    for (const [facts, verdict, phrase] of checks) {
      const evaluation = evaluateRequirement(decoded.requirement, facts)
      expect(evaluation.result, `${facts.identifier}: ${evaluation.reason}`).toBe(verdict)
      if (phrase) expect(evaluation.reason).toContain(phrase)
      expect(evaluation).toEqual(evaluateRequirement(tree, facts))
    }
  })
})

describe('other spellings read as the canonical requirement', () => {
  test.each([
    ['identifier = com.apple.finder and anchor apple', 'identifier "com.apple.finder" and anchor apple'],
    ['identifier == "syft"', 'identifier syft'],
    [`anchor = H"${HASH.toUpperCase()}"`, `certificate root = H"${HASH}"`],
    [`anchor H"${HASH}"`, `certificate root = H"${HASH}"`],
    [`certificate -1 = H"${HASH}"`, `certificate root = H"${HASH}"`],
    [
      'cert leaf[extension.1.2.840.113635.100.6.1.13]',
      'certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */',
    ],
    ['certificate 0[subject.OU] = "B65TM49E24"', 'certificate leaf[subject.OU] = B65TM49E24'],
    ['anchor[subject.CN] = "Apple Root CA"', 'certificate root[subject.CN] = "Apple Root CA"'],
    ['certificate trusted', 'anchor trusted'],
    ['true and !false', 'always and ! never'],
    ['/* pasted */ identifier "a.b" /* x */ and anchor apple # trailing comment', 'identifier "a.b" and anchor apple'],
    ['identifier "a.b"\n  and anchor apple\t// why\n', 'identifier "a.b" and anchor apple'],
    ['info[CFBundleName] = 0x4d794170702e', 'info[CFBundleName] = "MyApp."'],
    ['info[CFBundleName] = 0xff00', 'info[CFBundleName] = 0xff00'],
    ['info["CFBundleShortVersionString"] >= "1.0"', 'info[CFBundleShortVersionString] >= "1.0"'],
    ['info[CFBundleName] == *"App"*', 'info[CFBundleName] ~ App'],
    ['info[CFBundleName] = *App', 'info[CFBundleName] = *App'],
    ['((identifier "a.b"))', 'identifier "a.b"'],
    [
      'identifier "a.b" and (anchor apple or anchor apple generic)',
      'identifier "a.b" and (anchor apple or anchor apple generic)',
    ],
    ['identifier "a\\"b" or identifier "back\\\\slash"', 'identifier "a\\"b" or identifier "back\\\\slash"'],
    ['identifier "a.b";', 'identifier "a.b"'],
    ['identifier ""', 'identifier ""'],
    ['identifier "anchor"', 'identifier "anchor"'],
    ['anchor apple "com.apple.named"', 'anchor apple "com.apple.named"'],
    ['(com.apple.subrequirement)', '("com.apple.subrequirement")'],
    ['! ! anchor apple', '! ! anchor apple'],
    ['! (anchor apple and anchor apple generic)', '! (anchor apple and anchor apple generic)'],
  ])('%s', (input, canonical) => {
    const tree = parsed(input)
    expect(formatRequirement(tree)).toBe(canonical)
    expect(parsed(canonical)).toEqual(tree)
    const decoded = decodeRequirementBlob(encodeRequirement(tree))
    expect(decoded.ok && formatRequirement(decoded.requirement)).toBe(canonical)
  })
})
