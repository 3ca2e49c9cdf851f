import {describe, expect, test} from 'vitest'
import {
  acceptsDeveloperId,
  acceptsMacAppStore,
  allowsIdentifier,
  anchorKinds,
  identifierConstraint,
  parseRequirement,
  pinnedTeamIds,
  pinsSigner,
  type Requirement,
  requiresAppleSigned,
  summarizeRequirement,
} from '../../src/requirements/index.js'

function tree(text: string): Requirement {
  const result = parseRequirement(text)
  if (!result.ok) throw new Error(result.problem.message)
  return result.requirement
}

const BEYONDTRUST = tree(
  'identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = B65TM49E24',
)
const TEAMVIEWER = tree(
  'anchor apple generic and identifier "com.teamviewer.TeamViewer" and (certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */ or certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = H7UGFBUGV6)',
)
const MAS_ONLY = tree(
  'identifier "com.example.notes" and anchor apple generic and certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */',
)

describe('which identifiers can satisfy a requirement', () => {
  test.each([
    ['identifier "A" or identifier "B"', {kind: 'only', identifiers: ['A', 'B']}],
    ['! identifier "A"', {kind: 'any-except', identifiers: ['A']}],
    ['! (identifier "A" or identifier "B") and anchor apple', {kind: 'any-except', identifiers: ['A', 'B']}],
    ['anchor apple generic', {kind: 'any-except', identifiers: []}],
    ['identifier "A" and identifier "B"', {kind: 'only', identifiers: []}],
    ['identifier "A" and ! identifier "A"', {kind: 'only', identifiers: []}],
    ['identifier "A" or ! identifier "B"', {kind: 'any-except', identifiers: ['B']}],
    ['! (identifier "A" and anchor apple)', {kind: 'any-except', identifiers: []}],
    ['(identifier "A" or identifier "B") and ! identifier "B"', {kind: 'only', identifiers: ['A']}],
  ])('%s', (text, expected) => {
    expect(identifierConstraint(tree(text))).toEqual(expected)
  })

  test('a lint rule can ask whether the profile entry`s identifier could pass', () => {
    expect(allowsIdentifier(BEYONDTRUST, 'com.bomgar.bomgar-scc')).toBe(true)
    expect(allowsIdentifier(BEYONDTRUST, 'com.bomgar.bomgar-scc.helper')).toBe(false)
    expect(allowsIdentifier(tree('! identifier "A"'), 'A')).toBe(false)
    expect(allowsIdentifier(tree('! identifier "A"'), 'B')).toBe(true)
    expect(allowsIdentifier(tree('anchor apple'), 'anything')).toBe(true)
  })
})

describe('what a requirement pins', () => {
  test('Team IDs come from certificate leaf[subject.OU] = X, not from what it rules out', () => {
    expect(pinnedTeamIds(BEYONDTRUST)).toEqual(['B65TM49E24'])
    expect(pinnedTeamIds(TEAMVIEWER)).toEqual(['H7UGFBUGV6'])
    expect(pinnedTeamIds(tree('anchor apple generic and ! certificate leaf[subject.OU] = ABCDE12345'))).toEqual([])
    expect(pinnedTeamIds(tree('certificate 1[subject.OU] = ABCDE12345'))).toEqual([])
  })

  test('anchors', () => {
    expect(anchorKinds(BEYONDTRUST)).toEqual(['apple-generic'])
    expect(anchorKinds(tree('identifier "com.apple.finder" and anchor apple'))).toEqual(['apple'])
    expect(
      anchorKinds(tree('identifier "x" and certificate root = H"7b976483773b9869fac877afe7d833670ea73d5b"')),
    ).toEqual(['certificate-hash'])
    expect(anchorKinds(tree('anchor trusted'))).toEqual(['trusted'])
    expect(anchorKinds(tree('identifier "x"'))).toEqual([])
  })

  test('Mac App Store and Developer ID signing', () => {
    expect([acceptsMacAppStore(BEYONDTRUST), acceptsDeveloperId(BEYONDTRUST)]).toEqual([false, true])
    expect([acceptsMacAppStore(TEAMVIEWER), acceptsDeveloperId(TEAMVIEWER)]).toEqual([true, true])
    expect([acceptsMacAppStore(MAS_ONLY), acceptsDeveloperId(MAS_ONLY)]).toEqual([true, false])
    // Half of the Developer ID pair is not Developer ID.
    expect(acceptsDeveloperId(tree('certificate leaf[field.1.2.840.113635.100.6.1.13] exists'))).toBe(false)
  })

  test("Apple's own code", () => {
    expect(requiresAppleSigned(tree('identifier "com.apple.finder" and anchor apple'))).toBe(true)
    expect(requiresAppleSigned(tree('identifier "com.apple.finder" or anchor apple'))).toBe(false)
    expect(requiresAppleSigned(BEYONDTRUST)).toBe(false)
    expect(requiresAppleSigned(tree('anchor apple generic'))).toBe(false)
  })

  test.each([
    [BEYONDTRUST, true],
    [TEAMVIEWER, true],
    [MAS_ONLY, true],
    [tree('identifier "com.apple.finder" and anchor apple'), true],
    [tree('identifier "x" and certificate root = H"7b976483773b9869fac877afe7d833670ea73d5b"'), true],
    [tree('cdhash H"3c4a1b2e9f0d8c7b6a5948372615a4b3c2d1e0f9"'), true],
    // Any developer with a certificate from Apple could sign this identifier.
    [tree('identifier "com.example.app" and anchor apple generic'), false],
    // Anyone can make a self-signed certificate with that OU.
    [tree('identifier "com.example.app" and certificate leaf[subject.OU] = ABCDE12345'), false],
    // One way through pins nothing.
    [tree('identifier "com.example.app" or anchor apple'), false],
    [tree('identifier "com.example.app"'), false],
    [tree('! anchor apple'), false],
    [tree('anchor trusted'), false],
  ])('pins a signer on every way through: %#', (requirement, expected) => {
    expect(pinsSigner(requirement)).toBe(expected)
  })

  test('a summary for lint rules and --json', () => {
    expect(summarizeRequirement(BEYONDTRUST)).toEqual({
      identifiers: {kind: 'only', identifiers: ['com.bomgar.bomgar-scc']},
      teamIds: ['B65TM49E24'],
      anchors: ['apple-generic'],
      macAppStore: false,
      developerId: true,
      appleSigned: false,
      pinsSigner: true,
    })
  })
})
