import {readFileSync} from 'node:fs'
import {basename, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {validateBytes, type FileReport} from '../../src/profiles/validate.js'
import {sharedDir} from '../helpers/paths.js'
import {corpusFiles} from '../helpers/profiles.js'

const files = corpusFiles()
const reports = new Map<string, FileReport>()
for (const file of files) reports.set(basename(file), await validateBytes(file, readFileSync(file)))

function rulesOf(name: string): string[] {
  const report = reports.get(name)
  if (!report) throw new Error(`${name} is not in the corpus`)
  return report.findings.map((f) => f.rule)
}

describe('the real-world corpus: every profile gets a verdict', () => {
  it('reads all 87 files without a crash, each either clean or with findings that carry a fix', () => {
    expect(files).toHaveLength(87)
    for (const [name, report] of reports) {
      for (const finding of report.findings) {
        expect(finding.fix, name).toBeTruthy()
        expect(['error', 'warning', 'info'], name).toContain(finding.severity)
      }
    }
  })

  it('says which files are not profiles at all', () => {
    expect(rulesOf('mdm__profiles__com.apple.TCC.configuration-profile-policy.yaml')).toEqual(['PPPC001'])
    expect(rulesOf('PPPC UtilityTests__TCCProfileImporterTests__TestTCCProfileSigned-Broken.mobileconfig')).toEqual([
      'PPPC001',
    ])
  })

  it('places the broken XML at the line Python reports (ExpatError: mismatched tag: line 21)', () => {
    const report = reports.get(
      'PPPC UtilityTests__TCCProfileImporterTests__TestTCCUnsignedProfile-Broken.mobileconfig',
    )!
    expect(report.findings).toHaveLength(1)
    expect(report.findings[0]).toMatchObject({rule: 'PPPC002', line: 21})
  })

  it('reads the all-lowercase export as PPPC Utility would, and flags every wrongly cased key', () => {
    const rules = rulesOf('PPPC UtilityTests__TCCProfileImporterTests__TestTCCUnsignedProfile-allLower.mobileconfig')
    expect(rules.filter((r) => r === 'PPPC021').length).toBeGreaterThan(20)
    expect(rules).toContain('PPPC017') // PayloadScope "system"
    expect(rules).toContain('PPPC041') // IdentifierType "bundleid"
  })

  it('finds the Team ID mangled by a broken comment in the Sophos profile', () => {
    const report = reports.get('Sophos_Full_Disk_Access.mobileconfig')!
    expect(report.findings.some((f) => f.rule === 'PPPC044' && /"2H5GFH377"/.test(f.message))).toBe(true)
  })

  it('warns about Full Disk Access for Terminal and iTerm', () => {
    expect(rulesOf('Privacy Preferences Policy Control Profiles__Terminal_PPPC.mobileconfig')).toContain('PPPC061')
    expect(rulesOf('Privacy Preferences Policy Control Profiles__iTerm_PPPC.mobileconfig')).toContain('PPPC061')
  })

  it('reports old exports whose outer dictionary carries the PPPC PayloadType', () => {
    expect(rulesOf('PPPC-unsigned.mobileconfig')).toContain('PPPC010')
  })

  it('passes well-made profiles without findings', () => {
    for (const name of [
      'docs__deployment__tcc.configuration-profile-policy.santa.example.mobileconfig',
      'it-and-security__lib__macos__configuration-profiles__full-disk-access-for-fleetd.mobileconfig',
    ]) {
      expect(reports.get(name)!.findings, name).toEqual([])
    }
  })
})

describe('signed profiles of the corpus', () => {
  it('reads a real Developer ID signed profile from the corpus and verifies it', async () => {
    const file = join(
      sharedDir(),
      'corpus/real-world/grahampugh__jamf-upload/_tests__templates__Cisco AnyConnect System Extension and Content Filter Whitelist.signed.mobileconfig',
    )
    const report = await validateBytes(file, readFileSync(file))
    expect(report.signature).toMatchObject({
      verified: true,
      subject: expect.stringContaining('CN=Developer ID Application: ETH Zurich (9Z623UDZ5L)'),
    })
    expect(report.profile?.payloadTypes).toContain('com.apple.system-extension-policy')
  })

  it('says a damaged envelope is not a valid signed profile', async () => {
    const file = join(
      sharedDir(),
      'corpus/real-world/jamf__PPPC-Utility/PPPC UtilityTests__TCCProfileImporter__TestTCCProfileSigned.mobileconfig@027eaea5',
    )
    const report = await validateBytes(file, readFileSync(file))
    expect(report.encoding).toBe('unreadable')
    expect(report.findings[0]).toMatchObject({
      rule: 'PPPC001',
      message: expect.stringMatching(/DER data that is not a valid signed profile/),
    })
  })
})
