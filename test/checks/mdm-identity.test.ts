import {describe, expect, it} from 'vitest'
import {parseAgents, AGENTS_ARGV, AGENTS_ARGV_V1} from '../../src/checks/agents.js'
import {parseEnrollment} from '../../src/checks/enrollment.js'
import type {InstalledProfile} from '../../src/checks/installed-profiles.js'
import {identifyMdm} from '../../src/checks/mdm-identity.js'
import {MDM_KINDS, MDM_VENDORS, mdmLabel, vendorByServerHost} from '../../src/profiles/mdm.js'

const enrolled = (server: string) =>
  parseEnrollment(`Enrolled via DEP: No\nMDM enrollment: Yes (User Approved)\nMDM server: ${server}\n`)!

const mdmProfile = (identifier: string): InstalledProfile => ({
  identifier,
  scope: '_computerlevel',
  payloadTypes: ['com.apple.mdm', 'com.apple.security.pkcs12'],
  pppc: [],
  hiddenPayloads: [],
})

describe('which MDM manages the Mac, from the data of profiles/mdm.ts', () => {
  it.each([
    ['https://acme.kandji.io/mdm/checkin', 'kandji'],
    ['https://example.jamfcloud.com/mdm/ServerURL', 'jamf'],
    ['https://ACME.JAMFCLOUD.COM:8443/mdm/ServerURL', 'jamf'],
    ['https://jss.acme.edu:8443/mdm/ServerURL', 'jamf'],
    ['https://i.manage.microsoft.com/DeviceGatewayProxy/cimhandler.ashx', 'intune'],
    ['https://businessapi.mosyle.com/mdm', 'mosyle'],
    ['https://prod.addigy.com/mdm/checkin', 'addigy'],
    ['https://cn1234.awmdm.com/deviceservices/AppleMDM/Processor.aspx', 'workspace-one'],
    ['https://mdm.jumpcloud.com/checkin', 'jumpcloud'],
    ['https://a.simplemdm.com/mdm', 'simplemdm'],
    ['https://mdm.example.org/checkin', 'other'],
    // A host only matches on a label boundary.
    ['https://notjamfcloud.com/mdm', 'other'],
    ['https://jamfcloud.com.evil.example/mdm', 'other'],
  ])('%s is %s', (server, kind) => {
    expect(identifyMdm(enrolled(server), [], []).kind).toBe(kind)
  })

  it('names an MDM it does not know by its host', () => {
    const mdm = identifyMdm(enrolled('https://mdm.example.org:8443/checkin'), [], [])
    expect(mdm).toMatchObject({
      kind: 'other',
      label: 'another MDM (mdm.example.org:8443)',
      host: 'mdm.example.org:8443',
    })
  })

  it('falls back to the enrollment profile, then to a single agent, and says what it used', () => {
    const noServer = parseEnrollment('Enrolled via DEP: Yes\nMDM enrollment: Yes (User Approved)\n')!
    expect(identifyMdm(noServer, [mdmProfile('Microsoft.Profiles.MDM')], [])).toMatchObject({
      kind: 'intune',
      evidence: ["the MDM enrollment profile Microsoft.Profiles.MDM is Microsoft Intune's"],
    })
    const agents = parseAgents('/Library/Addigy\n', AGENTS_ARGV)
    expect(identifyMdm(noServer, [], agents)).toMatchObject({
      kind: 'addigy',
      evidence: ['the Addigy agent is installed'],
    })
  })

  it('a Mac that is not enrolled is managed by none, whatever agent is left on it; an agent of another MDM is stray', () => {
    const notEnrolled = parseEnrollment('Enrolled via DEP: No\nMDM enrollment: No\n')!
    const jamf = parseAgents('/usr/local/jamf/bin/jamf\n', AGENTS_ARGV)
    expect(identifyMdm(notEnrolled, [], jamf)).toMatchObject({kind: 'none', strayAgents: [{kind: 'jamf'}]})
    expect(identifyMdm(enrolled('https://acme.kandji.io/mdm/checkin'), [], jamf).strayAgents).toEqual([
      {kind: 'jamf', label: 'Jamf Pro agent', found: ['/usr/local/jamf/bin/jamf']},
    ])
    expect(identifyMdm(undefined, undefined, jamf)).toMatchObject({kind: null, label: 'unknown', strayAgents: []})
  })

  it('an older snapshot asked about Kandji and Jamf only: other agents are unknown, not absent', () => {
    expect(parseAgents('', AGENTS_ARGV_V1).map((a) => a.kind)).toEqual(['kandji', 'jamf'])
    expect(parseAgents('', AGENTS_ARGV).map((a) => a.kind)).toContain('intune')
  })

  it('every MDM row names its sources, and every kind has a label', () => {
    for (const vendor of MDM_VENDORS) expect(vendor.sources.length, vendor.kind).toBeGreaterThan(0)
    for (const kind of MDM_KINDS) expect(mdmLabel(kind)).not.toBe('')
    expect(vendorByServerHost('not a url')).toBeUndefined()
  })
})
