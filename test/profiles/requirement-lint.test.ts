import {describe, expect, it} from 'vitest'
import {lintRequirement} from '../../src/profiles/requirement-lint.js'

const DEVELOPER_ID =
  'identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = B65TM49E24'

describe('code requirement lint', () => {
  it('reads a Developer ID requirement: identifier, anchor and Team ID', () => {
    expect(lintRequirement(DEVELOPER_ID)).toEqual({
      ok: true,
      facts: {
        identifier: 'com.bomgar.bomgar-scc',
        teamId: 'B65TM49E24',
        anchors: ['apple generic'],
        pinsCertificate: false,
        pinsCdHash: false,
      },
    })
  })

  it.each([
    'identifier "com.apple.systemevents" and anchor apple',
    'anchor apple generic and identifier "com.teamviewer.TeamViewer" and (certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */ or certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = H7UGFBUGV6)',
    'identifier "com.nomachine.nxdock" and anchor apple generic and certificate leaf[subject.OU] = "493C5JZAGR"',
    'cdhash H"2b5e0e7a8c6c7e3c3c4f1d8e5b8b0f2a1c3d4e5f"',
    'identifier com.example.tool and certificate leaf = H"0123456789abcdef0123456789abcdef01234567"',
    'anchor apple generic and info [CFBundleShortVersionString] >= "1.2" and entitlement ["com.apple.security.app-sandbox"] exists',
    '!(identifier "a" or identifier "b") and anchor trusted and platform = 1',
  ])('accepts %s', (requirement) => {
    expect(lintRequirement(requirement).ok).toBe(true)
  })

  it.each([
    [`designated => ${DEVELOPER_ID}`, 1, /"designated =>" prefix/],
    [
      `${DEVELOPER_ID} Authority=Developer ID`,
      DEVELOPER_ID.length + 2,
      /stray text "Authority" after a complete requirement/,
    ],
    [`${DEVELOPER_ID}\n`, DEVELOPER_ID.length + 1, /a line break/],
    ['identifier "com.example and anchor apple', 12, /a quote is not closed/],
    ['identifier "a" and (anchor apple', 33, /expected \) at the end/],
    ['identifier "a" and certificate leaf[subject.OU = X', 48, /expected \], found "="/],
    ['identifier "a" and anchor apple and', 36, /ends where a condition should follow/],
    ['identifier "a" and anchor apple generic /* exists', 41, /comment is not closed/],
    ['', 1, /empty/],
  ])('refuses %j at column %i', (requirement: string, column: number, problem: RegExp) => {
    const result = lintRequirement(requirement)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.problem).toMatch(problem)
      expect(result.column).toBe(column)
    }
  })
})
