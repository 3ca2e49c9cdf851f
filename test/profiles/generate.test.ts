import {execa} from 'execa'
import {parse as parsePlist} from 'plist'
import {describe, expect, it} from 'vitest'
import {parseJamfClassicXml} from '../../src/profiles/jamf-xml.js'
import {UUID_PATTERN} from '../../src/profiles/uuid.js'
import {BEYONDTRUST, generateFor} from '../helpers/generate.js'

type Dict = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- a parsed profile, read by path in the assertions

function profileOf(text: string): Dict {
  return parsePlist(text) as Dict
}

/** Every <key> sequence inside each <dict>, in file order, to check that keys are written sorted. */
function keyRunsAreSorted(xml: string): boolean {
  const stack: string[][] = []
  for (const token of xml.matchAll(/<dict>|<\/dict>|<key>([^<]*)<\/key>/g)) {
    if (token[0] === '<dict>') stack.push([])
    else if (token[0] === '</dict>') {
      const keys = stack.pop()!
      if (keys.join('\n') !== [...keys].sort().join('\n')) return false
    } else stack.at(-1)!.push(token[1]!)
  }
  return true
}

const kandji = await generateFor([BEYONDTRUST], {
  mdm: 'kandji',
  identity: {identifier: 'edu.example.pppc.beyondtrust', organization: 'Example University'},
})
const profile = profileOf(kandji.content)
const payload = profile.PayloadContent[0] as Dict
const jamfIdentity = {identifier: 'edu.example.pppc.bt', displayName: 'BeyondTrust PPPC & more'}
const jamfMobileconfig = (await generateFor([BEYONDTRUST], {mdm: 'jamf', identity: jamfIdentity})).content
const jamfXml = await generateFor([BEYONDTRUST], {
  mdm: 'jamf',
  format: 'jamf-xml',
  identity: jamfIdentity,
  jamf: {category: 'Remote Support', site: 'Main Campus'},
})
const ddm = await generateFor([BEYONDTRUST], {format: 'ddm', identity: {identifier: 'edu.example.pppc.bt'}})
const declaration = JSON.parse(ddm.content)

describe('generate: the BeyondTrust customer client for Kandji', () => {
  it('is a device-scoped Configuration profile with one PPPC payload', async () => {
    expect(profile.PayloadType).toBe('Configuration')
    expect(profile.PayloadVersion).toBe(1)
    expect(profile.PayloadScope).toBe('System')
    expect(profile.PayloadIdentifier).toBe('edu.example.pppc.beyondtrust')
    expect(profile.PayloadOrganization).toBe('Example University')
    expect(profile.PayloadContent).toHaveLength(1)
    expect(payload.PayloadType).toBe('com.apple.TCC.configuration-profile-policy')
    expect(payload.PayloadVersion).toBe(1)
  })

  it('grants Accessibility and Full Disk Access and lets a standard user allow Screen Recording', async () => {
    expect(Object.keys(payload.Services).sort()).toEqual(['Accessibility', 'ScreenCapture', 'SystemPolicyAllFiles'])
    const value = (service: string) => payload.Services[service][0]
    expect(value('Accessibility').Authorization).toBe('Allow')
    expect(value('SystemPolicyAllFiles').Authorization).toBe('Allow')
    expect(value('ScreenCapture').Authorization).toBe('AllowStandardUserToSetSystemService')
    for (const service of Object.keys(payload.Services)) {
      const entry = value(service)
      expect(entry.Identifier).toBe('com.bomgar.bomgar-scc')
      expect(entry.IdentifierType).toBe('bundleID')
      expect(entry.CodeRequirement).toContain('certificate leaf[subject.OU] = B65TM49E24')
      expect(entry).not.toHaveProperty('Allowed')
      expect(entry).not.toHaveProperty('Comment')
    }
  })

  it('has well-formed, distinct UUIDs and a payload identifier unlike the top-level one', async () => {
    expect(profile.PayloadUUID).toMatch(UUID_PATTERN)
    expect(payload.PayloadUUID).toMatch(UUID_PATTERN)
    expect(payload.PayloadUUID).not.toBe(profile.PayloadUUID)
    expect(payload.PayloadIdentifier).not.toBe(profile.PayloadIdentifier)
    expect(payload.PayloadIdentifier.startsWith(`${profile.PayloadIdentifier}.`)).toBe(true)
  })

  it('writes keys sorted, without timestamps, and the same bytes every time', async () => {
    expect(keyRunsAreSorted(kandji.content)).toBe(true)
    expect(kandji.content).not.toMatch(/<date>/)
    const again = await generateFor([BEYONDTRUST], {
      mdm: 'kandji',
      identity: {identifier: 'edu.example.pppc.beyondtrust', organization: 'Example University'},
    })
    expect(again.content).toBe(kandji.content)
  })

  it('derives UUIDs from the identifier: another identifier, other UUIDs; --uuid is kept', async () => {
    const other = profileOf((await generateFor([BEYONDTRUST], {identity: {identifier: 'com.example.other'}})).content)
    expect(other.PayloadUUID).not.toBe(profile.PayloadUUID)
    expect(other.PayloadContent[0].PayloadUUID).not.toBe(payload.PayloadUUID)
    const given = profileOf(
      (
        await generateFor([BEYONDTRUST], {
          identity: {identifier: 'com.example.other', uuid: '0A1B2C3D-0000-4000-8000-000000000001'},
        })
      ).content,
    )
    expect(given.PayloadUUID).toBe('0A1B2C3D-0000-4000-8000-000000000001')
  })

  it('tells the admin what Kandji does with it', async () => {
    expect(kandji.notes.join('\n')).toMatch(/Custom Profile/)
    expect(kandji.notes.join('\n')).toMatch(/com\.kandji\.profile\.custom/)
    expect(kandji.notes.join('\n')).toMatch(/user approved/)
    expect(kandji.notes.join('\n')).toMatch(/Apple deprecates Accessibility in PPPC from macOS 27\.0.*--format ddm/)
    expect(kandji.warnings).toEqual([])
  })

  it('describes what it grants in PayloadDescription', async () => {
    expect(profile.PayloadDescription).toBe(
      'BeyondTrust Remote Support Customer Client: grants Accessibility and Full Disk Access and lets standard users allow Screen Recording.',
    )
  })

  it('is read by Python plistlib, as Mac-admin tooling reads profiles', async () => {
    const script =
      'import plistlib,sys; p=plistlib.loads(sys.stdin.buffer.read()); print(p["PayloadContent"][0]["Services"]["ScreenCapture"][0]["Authorization"])'
    const {stdout} = await execa('python3', ['-c', script], {input: kandji.content})
    expect(stdout.trim()).toBe('AllowStandardUserToSetSystemService')
  })
})

describe('generate: grants and apps', () => {
  it('adds an optional grant and removes a default one with --grant', async () => {
    const profile = profileOf(
      (await generateFor([BEYONDTRUST], {grants: ['post-event=allow', 'full-disk-access=none']})).content,
    )
    expect(Object.keys(profile.PayloadContent[0].Services).sort()).toEqual([
      'Accessibility',
      'PostEvent',
      'ScreenCapture',
    ])
  })

  it('puts several apps in one payload, each service listing each app', async () => {
    const profile = profileOf(
      (
        await generateFor(
          [
            BEYONDTRUST,
            {
              kind: 'bundleID',
              identifier: 'com.example.tool',
              codeRequirement:
                'identifier "com.example.tool" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345',
            },
          ],
          {grants: ['full-disk-access=allow']},
        )
      ).content,
    )
    const fda = profile.PayloadContent[0].Services.SystemPolicyAllFiles as Dict[]
    expect(fda.map((e) => e.Identifier)).toEqual(['com.bomgar.bomgar-scc', 'com.example.tool'])
    expect(profile.PayloadContent[0].Services.Accessibility).toHaveLength(1)
  })

  it('names a binary by path', async () => {
    const profile = profileOf(
      (
        await generateFor(
          [
            {
              kind: 'path',
              identifier: '/usr/local/bin/tool',
              codeRequirement:
                'identifier "tool" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345',
            },
          ],
          {grants: ['fda=allow']},
        )
      ).content,
    )
    expect(profile.PayloadContent[0].Services.SystemPolicyAllFiles[0]).toMatchObject({
      Identifier: '/usr/local/bin/tool',
      IdentifierType: 'path',
    })
  })

  it('writes the AppleEvents receiver keys for Automation', async () => {
    const profile = profileOf(
      (await generateFor([BEYONDTRUST], {grants: ['automation:com.apple.systemevents=allow']})).content,
    )
    expect(profile.PayloadContent[0].Services.AppleEvents[0]).toMatchObject({
      AEReceiverIdentifier: 'com.apple.systemevents',
      AEReceiverIdentifierType: 'bundleID',
      AEReceiverCodeRequirement: 'identifier "com.apple.systemevents" and anchor apple',
    })
  })

  it('marks entries from an unverified catalogue entry, in the profile and in a warning', async () => {
    const result = await generateFor([{kind: 'catalogue', name: 'jump-desktop'}])
    expect(profileOf(result.content).PayloadContent[0].Services.Accessibility[0].Comment).toMatch(
      /unverified; confirm the requirement with codesign -dr -/,
    )
    expect(result.warnings.join('\n')).toMatch(/unverified catalogue entry; confirm its code requirement/)
  })

  it('refuses what a profile cannot say', async () => {
    await expect(
      generateFor([{kind: 'bundleID', identifier: 'com.example.tool'}], {grants: ['fda=allow']}),
    ).rejects.toThrow(/no code requirement for com.example.tool/)
    await expect(
      generateFor([{kind: 'bundleID', identifier: 'com.example.tool', codeRequirement: 'anchor apple'}]),
    ).rejects.toThrow(/no grants for com.example.tool/)
    await expect(generateFor([BEYONDTRUST, {kind: 'catalogue', name: 'bomgar'}])).rejects.toThrow(/listed twice/)
    await expect(generateFor([BEYONDTRUST], {identity: {identifier: 'not reverse dns'}})).rejects.toThrow(
      /is not reverse DNS/,
    )
    await expect(generateFor([BEYONDTRUST], {identity: {identifier: 'com.example.x', uuid: 'nope'}})).rejects.toThrow(
      /is not a UUID/,
    )
    await expect(
      generateFor([{kind: 'path', identifier: 'tool', codeRequirement: 'anchor apple'}], {grants: ['fda=allow']}),
    ).rejects.toThrow(/not an absolute path/)
    await expect(
      generateFor([{kind: 'catalogue', name: 'screenconnect'}], {grants: ['automation=allow']}),
    ).rejects.toThrow(/needs a receiving app/)
  })
})

describe('generate --format jamf-xml', () => {
  it('is a Classic API os_x_configuration_profile carrying the escaped mobileconfig', async () => {
    expect(jamfXml.content.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<os_x_configuration_profile>')).toBe(
      true,
    )
    expect(jamfXml.content).toContain('&lt;key&gt;Services&lt;/key&gt;')
    const {general} = parseJamfClassicXml(jamfXml.content)!
    // The parser trims the text node's ends; everything inside must survive the escaping.
    expect(general.payloads).toBe(jamfMobileconfig.trim())
    expect(general.name).toBe('BeyondTrust PPPC & more')
    expect(general.level).toBe('computer')
    expect(general.distribution_method).toBe('Install Automatically')
    expect(general.category).toEqual({name: 'Remote Support'})
    expect(general.site).toEqual({name: 'Main Campus'})
  })

  it('is refused for another MDM', async () => {
    await expect(generateFor([BEYONDTRUST], {mdm: 'kandji', format: 'jamf-xml'})).rejects.toThrow(
      /use it with --mdm jamf/,
    )
  })
})

describe('generate --format ddm', () => {
  it('is an app.settings declaration whose PermissionDefaults key is "BundleID {DesignatedRequirement}"', async () => {
    expect(declaration.Type).toBe('com.apple.configuration.app.settings')
    expect(declaration.Identifier).toBe('edu.example.pppc.bt.app-settings')
    const defaults = declaration.Payload.Privacy.PermissionDefaults
    const key = Object.keys(defaults)[0]!
    expect(key).toMatch(
      /^com\.bomgar\.bomgar-scc \{identifier "com\.bomgar\.bomgar-scc" and anchor apple generic .* = B65TM49E24\}$/,
    )
    expect(defaults[key].Accessibility).toBe('Allow')
    expect(defaults[key].OrganizationJustification.length).toBeGreaterThan(20)
  })

  it('says it is a default the user accepts, and that Screen Recording and Full Disk Access stay in the profile', async () => {
    const notes = ddm.notes.join('\n')
    expect(notes).toMatch(/consent prompt/)
    expect(notes).toMatch(/nothing is granted silently/)
    expect(notes).toMatch(/ScreenCapture has no declarative default; it stays in the PPPC profile/)
    expect(notes).toMatch(/SystemPolicyAllFiles has no declarative default; it stays in the PPPC profile/)
  })

  it('uses the given justification, and refuses when nothing has a declarative default', async () => {
    const given = JSON.parse(
      (await generateFor([BEYONDTRUST], {format: 'ddm', justification: 'IT support needs this.'})).content,
    )
    expect(Object.values<Dict>(given.Payload.Privacy.PermissionDefaults)[0]!.OrganizationJustification).toBe(
      'IT support needs this.',
    )
    await expect(generateFor([BEYONDTRUST], {format: 'ddm', grants: ['accessibility=none']})).rejects.toThrow(
      /none of these grants has a declarative default/,
    )
  })
})
