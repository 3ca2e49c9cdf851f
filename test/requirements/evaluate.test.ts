import {describe, expect, test} from 'vitest'
import {
  certificatesFromAuthorities,
  compareNumerically,
  evaluateRequirement,
  parseRequirement,
  type Requirement,
  type SigningFacts,
} from '../../src/requirements/index.js'
import {adHoc, developerId} from './facts.js'

function tree(text: string): Requirement {
  const result = parseRequirement(text)
  if (!result.ok) throw new Error(result.problem.message)
  return result.requirement
}

const TEAM = tree('certificate leaf[subject.OU] = B65TM49E24')
const BEYONDTRUST = tree(
  'identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = B65TM49E24',
)
/** What `codesign -dv` gives without the chain: identifier, TeamIdentifier and that Apple issued the certificate. */
const bare = (teamId?: string): SigningFacts => ({
  identifier: 'com.bomgar.bomgar-scc',
  anchor: 'apple-generic',
  ...(teamId ? {teamId} : {}),
})

describe('a Team ID pin against the app’s TeamIdentifier', () => {
  test('the same Team ID satisfies it', () => {
    expect(evaluateRequirement(TEAM, bare('B65TM49E24'))).toEqual({
      result: 'satisfied',
      reason: 'the app is signed by Team ID B65TM49E24',
      clause: 'certificate leaf[subject.OU] = B65TM49E24',
    })
  })

  test('another Team ID does not, and the reason names both', () => {
    expect(evaluateRequirement(TEAM, bare('XXXXXXXXXX'))).toEqual({
      result: 'not-satisfied',
      reason: 'requires Team ID B65TM49E24, the app is signed by XXXXXXXXXX',
      clause: 'certificate leaf[subject.OU] = B65TM49E24',
    })
  })

  test('without the Team ID or the certificate, it is unknown', () => {
    expect(evaluateRequirement(TEAM, bare())).toMatchObject({
      result: 'unknown',
      reason: 'the facts do not include subject.OU of the leaf certificate',
    })
  })

  test('a TeamIdentifier does not stand in for the OU of a certificate Apple did not issue', () => {
    expect(evaluateRequirement(TEAM, {identifier: 'x', teamId: 'B65TM49E24', anchor: 'other'}).result).toBe('unknown')
  })
})

describe('partial facts give unknown, never a guess', () => {
  test('the full designated requirement with only codesign -dv facts is unknown, at the first undecided clause', () => {
    expect(evaluateRequirement(BEYONDTRUST, bare('B65TM49E24'))).toEqual({
      result: 'unknown',
      reason:
        "the facts do not say whether certificate 1 (the leaf's issuer) carries 1.2.840.113635.100.6.2.6 (the Developer ID intermediate marker)",
      clause: 'certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */',
    })
  })

  test('the Authority chain fills in the markers', () => {
    const facts: SigningFacts = {
      ...bare('B65TM49E24'),
      certificates: certificatesFromAuthorities([
        'Developer ID Application: BeyondTrust Corporation (B65TM49E24)',
        'Developer ID Certification Authority',
        'Apple Root CA',
      ]),
    }
    expect(evaluateRequirement(BEYONDTRUST, facts)).toMatchObject({result: 'satisfied'})
  })

  test('a known false decides an and even when another clause is unknown', () => {
    expect(evaluateRequirement(BEYONDTRUST, {...bare('B65TM49E24'), identifier: 'com.other.app'})).toMatchObject({
      result: 'not-satisfied',
      reason: "requires identifier com.bomgar.bomgar-scc, the app's is com.other.app",
      clause: 'identifier "com.bomgar.bomgar-scc"',
    })
  })

  test('a known true decides an or even when another alternative is unknown', () => {
    const requirement = tree('identifier "com.bomgar.bomgar-scc" or certificate 1[field.1.2.840.113635.100.6.2.6]')
    expect(evaluateRequirement(requirement, bare()).result).toBe('satisfied')
  })

  test('! of unknown stays unknown', () => {
    expect(evaluateRequirement(tree('! certificate leaf[subject.OU] = B65TM49E24'), bare()).result).toBe('unknown')
  })

  test('Info.plist keys not recorded are unknown, but entitlements recorded are the whole dictionary', () => {
    expect(evaluateRequirement(tree('info[LSUIElement] absent'), {...adHoc('x'), info: {}}).result).toBe('unknown')
    expect(
      evaluateRequirement(tree('entitlement["com.example.key"] absent'), {...adHoc('x'), entitlements: {}}).result,
    ).toBe('satisfied')
  })

  test('a chain shorter than the position asked for fails, as on the Mac', () => {
    const facts: SigningFacts = {identifier: 'x', anchor: 'other', certificates: [{subject: {CN: 'x'}}]}
    expect(evaluateRequirement(tree('certificate 1[subject.CN] = "CA"'), facts)).toMatchObject({
      result: 'not-satisfied',
      reason: "requires certificate 1 (the leaf's issuer), but the chain has 1 certificates",
    })
  })
})

describe('what the app is signed with', () => {
  test('an ad-hoc signed app fails every certificate condition', () => {
    expect(evaluateRequirement(BEYONDTRUST, adHoc('com.bomgar.bomgar-scc'))).toMatchObject({
      result: 'not-satisfied',
      reason: 'requires a certificate Apple issued (anchor apple generic), the app is ad-hoc signed or unsigned',
    })
  })

  test("Apple's own code satisfies anchor apple generic too", () => {
    expect(
      evaluateRequirement(tree('anchor apple generic'), {identifier: 'com.apple.finder', anchor: 'apple'}).result,
    ).toBe('satisfied')
  })

  test('a Developer ID app is not Apple’s own code', () => {
    expect(evaluateRequirement(tree('anchor apple'), developerId('x', 'ABCDE12345'))).toMatchObject({
      result: 'not-satisfied',
      reason:
        "requires Apple's own signature (anchor apple), the app is signed with a certificate Apple issued to a developer",
    })
  })

  test('entitlement arrays match when one element does', () => {
    const facts: SigningFacts = {...adHoc('x'), entitlements: {'keychain-access-groups': ['A.one', 'A.two']}}
    expect(evaluateRequirement(tree('entitlement["keychain-access-groups"] = "A.two"'), facts).result).toBe('satisfied')
    expect(evaluateRequirement(tree('entitlement["keychain-access-groups"] = "A.three"'), facts).result).toBe(
      'not-satisfied',
    )
  })
})

test('version strings compare numerically, as CFStringCompare with kCFCompareNumerically', () => {
  expect(compareNumerically('1.10', '1.9')).toBe(1)
  expect(compareNumerically('10', '9')).toBe(1)
  expect(compareNumerically('1.0', '1.0')).toBe(0)
  expect(compareNumerically('1.0', '1.0.1')).toBe(-1)
  expect(compareNumerically('2.0b1', '2.0b2')).toBe(-1)
})
