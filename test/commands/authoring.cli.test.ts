import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse as parsePlist} from 'plist'
import {beforeAll, describe, expect, it} from 'vitest'
import {pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'

/**
 * The defects measured in issue 14 (author, review, deploy, update), each as the admin met it on the command line.
 * Every test here failed before the fix: typos were dropped, the admin's mistakes were reported as pppc's bugs,
 * --format ddm refused what Apple allows, and receivers got a requirement that never matches.
 */
let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pppc-authoring-'))
})

const TOOL_REQUIREMENT =
  'identifier "com.example.tool" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = ABCDE12345'

async function spec(name: string, text: string): Promise<string> {
  const file = join(work, name)
  await writeFile(file, text)
  return file
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed profile or declaration, read by path
type Doc = Record<string, any>

function tool(requirement: string): string[] {
  return ['generate', '--bundle-id', 'com.example.tool', '--code-requirement', requirement, '--grant', 'fda=allow']
}

describe('typos in a spec file are errors, with what was meant', () => {
  it('grant: for grants (the app would silently get no Full Disk Access)', async () => {
    const file = await spec('grant.yaml', 'apps:\n  - app: beyondtrust\n    grant: {post-event: allow}\n')
    expectOneLineError(
      await pppcInProcess(['generate', '--spec', file]),
      2,
      /grant\.yaml:3:5: apps\[0\]: unknown key "grant"; did you mean "grants"\?$/,
    )
  })

  it('identifer: and organisation: (the identifier, and every PayloadUUID, would fall back)', async () => {
    const file = await spec('identifer.yaml', 'identifer: edu.example.pppc.bt\napps: [{app: beyondtrust}]\n')
    expectOneLineError(
      await pppcInProcess(['generate', '--spec', file]),
      2,
      /identifer\.yaml:1:1: unknown key "identifer"; did you mean "identifier"\?$/,
    )
    const org = await spec('organisation.yaml', 'organisation: Example University\napps: [{app: beyondtrust}]\n')
    expectOneLineError(
      await pppcInProcess(['generate', '--spec', org]),
      2,
      /unknown key "organisation"; did you mean "organization"\?/,
    )
  })

  it('app: and bundleId: in one entry (app used to win silently)', async () => {
    const file = await spec('both.yaml', 'apps:\n  - app: beyondtrust\n    bundleId: com.example.tool\n')
    expectOneLineError(
      await pppcInProcess(['generate', '--spec', file]),
      2,
      /apps\[0\]: has both app and bundleId; keep one/,
    )
  })
})

describe("the admin's mistakes are input errors (exit 2) that say what to change, not pppc bugs", () => {
  it('a pasted "designated => " is taken off, with a note', async () => {
    const result = await pppcInProcess([...tool(`designated => ${TOOL_REQUIREMENT}`), '--json'])
    expect(result.exitCode).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(json.notes[0]).toMatch(/--code-requirement of com\.example\.tool: removed "designated => "/)
    const entry = (parsePlist(json.content) as Doc).PayloadContent[0].Services.SystemPolicyAllFiles[0]
    expect(entry.CodeRequirement).toBe(TOOL_REQUIREMENT)
  })

  it.each([
    [
      'stray text',
      `${TOOL_REQUIREMENT} Authority=Developer ID`,
      /--code-requirement of com\.example\.tool: .*\(at \d+\); /,
    ],
    ['a 9-character Team ID', TOOL_REQUIREMENT.replace('ABCDE12345', 'ABCDE1234'), /Team ID "ABCDE1234"/],
    [
      'a requirement for another app',
      TOOL_REQUIREMENT.replace('com.example.tool', 'com.example.other'),
      /allows only identifier "com\.example\.other", not com\.example\.tool: macOS would never match it; copy the requirement of com\.example\.tool with `codesign -dr -/,
    ],
  ])('%s', async (_, requirement, message) => {
    const result = await pppcInProcess(tool(requirement))
    expectOneLineError(result, 2, message)
    expect(result.stderr).not.toMatch(/please report|fails its own validation/)
  })

  it('a --uuid that collides with the payload UUID pppc derives', async () => {
    const result = await pppcInProcess([
      'generate',
      '--app',
      'beyondtrust',
      '--identifier',
      'pppc.beyondtrust-rs-customer-client',
      '--uuid',
      'EA41DF9B-2CDA-5E72-9465-944E9B0B873F',
    ])
    expectOneLineError(
      result,
      2,
      /--uuid EA41DF9B-2CDA-5E72-9465-944E9B0B873F is the PayloadUUID pppc derives for the PPPC payload/,
    )
    expect(result.stderr).not.toMatch(/please report/)
  })

  it('the same mistakes in a spec file name the file and the app', async () => {
    const file = await spec(
      'team.yaml',
      `apps:\n  - bundleId: com.example.tool\n    codeRequirement: '${TOOL_REQUIREMENT.replace('ABCDE12345', 'ABCDE1234')}'\n    grants: {fda: allow}\n`,
    )
    expectOneLineError(
      await pppcInProcess(['generate', '--spec', file]),
      2,
      /team\.yaml apps\[0\]\.codeRequirement: the Team ID "ABCDE1234"/,
    )
  })
})

describe('--format ddm follows Apple app.settings schema, the same from flags and from --spec', () => {
  it('Camera and Microphone Allow, refused by flags before, are defaults in the declaration', async () => {
    const flags = await pppcInProcess([
      'generate',
      '--app',
      'zoom',
      '--format',
      'ddm',
      '--grant',
      'camera=allow',
      '--grant',
      'microphone=allow',
      '--identifier',
      'edu.example.zoom',
    ])
    expect(flags.exitCode).toBe(0)
    const file = await spec(
      'zoom.yaml',
      'identifier: edu.example.zoom\napps:\n  - app: zoom\n    grants: {camera: allow, microphone: allow}\n',
    )
    const fromSpec = await pppcInProcess(['generate', '--spec', file, '--format', 'ddm'])
    expect(fromSpec.exitCode).toBe(0)
    expect(fromSpec.stdout).toBe(flags.stdout)
    const defaults = Object.values<Doc>(JSON.parse(flags.stdout).Payload.Privacy.PermissionDefaults)[0]!
    expect(defaults).toMatchObject({Camera: 'Allow', Microphone: 'Allow'})
  })

  it('Local Network (and Location) are declarative defaults, not refused with a hint to use --format ddm', async () => {
    const result = await pppcInProcess([
      'generate',
      '--bundle-id',
      'com.example.tool',
      '--code-requirement',
      TOOL_REQUIREMENT,
      '--grant',
      'local-network=allow',
      '--grant',
      'location=allow',
      '--format',
      'ddm',
    ])
    expect(result.exitCode).toBe(0)
    const defaults = JSON.parse(result.stdout).Payload.Privacy.PermissionDefaults
    expect(defaults[`com.example.tool {${TOOL_REQUIREMENT}}`]).toMatchObject({
      LocalNetwork: 'Allow',
      Location: 'Always',
    })
    expectOneLineError(
      await pppcInProcess([...tool(TOOL_REQUIREMENT), '--grant', 'local-network=allow']),
      2,
      /Local Network \(LocalNetwork\) for com\.example\.tool is not a PPPC service.*use --format ddm/,
    )
  })

  it('the default justification is neutral and names the organisation and the app', async () => {
    const result = await pppcInProcess([
      'generate',
      '--app',
      'beyondtrust',
      '--format',
      'ddm',
      '--organization',
      'Example University',
    ])
    const justification = Object.values<Doc>(JSON.parse(result.stdout).Payload.Privacy.PermissionDefaults)[0]!
      .OrganizationJustification as string
    expect(justification).not.toMatch(/remote support|technician/)
    expect(justification).toMatch(
      /^Example University asks you to allow Accessibility for BeyondTrust Remote Support Customer Client\./,
    )
  })

  it('a deny cannot be a default: refused, with the format that can say it', async () => {
    expectOneLineError(
      await pppcInProcess(['generate', '--app', 'zoom', '--format', 'ddm', '--grant', 'camera=deny']),
      2,
      /deny for Camera \(us\.zoom\.xos\) cannot be a declarative default.*--format mobileconfig/,
    )
  })
})

describe('Apple Events receivers come from a table with real requirements', () => {
  it('Keynote is an App Store app: no "anchor apple" guess, the admin is asked for its requirement', async () => {
    expectOneLineError(
      await pppcInProcess(['generate', '--app', 'beyondtrust', '--grant', 'automation:com.apple.iWork.Keynote=allow']),
      2,
      /Keynote \(com\.apple\.iWork\.Keynote\) is an App Store app.*codesign -dr - "\/Applications\/Keynote\.app".*--receiver-requirement/,
    )
  })

  it('--receiver-requirement gives it; Finder and Numbers come from the table', async () => {
    const keynote =
      '(anchor apple generic and certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */) and identifier "com.apple.iWork.Keynote"'
    const result = await pppcInProcess([
      'generate',
      '--app',
      'beyondtrust',
      '--grant',
      'automation:com.apple.iWork.Keynote=allow',
      '--receiver-requirement',
      `com.apple.iWork.Keynote=${keynote}`,
      '--grant',
      'automation:com.apple.finder=allow',
      '--grant',
      'automation:com.apple.iWork.Numbers=allow',
    ])
    expect(result.exitCode).toBe(0)
    const entries = (parsePlist(result.stdout) as Doc).PayloadContent[0].Services.AppleEvents as Doc[]
    expect(Object.fromEntries(entries.map((e) => [e.AEReceiverIdentifier, e.AEReceiverCodeRequirement]))).toEqual({
      'com.apple.iWork.Keynote': keynote,
      'com.apple.finder': 'identifier "com.apple.finder" and anchor apple',
      'com.apple.iWork.Numbers': expect.stringMatching(
        /certificate leaf\[field\.1\.2\.840\.113635\.100\.6\.1\.9\].*K36BKF7T3D\) and identifier "com\.apple\.iWork\.Numbers"$/,
      ),
    })
  })

  it('an Apple receiver not in the table gets the built-in requirement with a warning', async () => {
    const result = await pppcInProcess([
      'generate',
      '--app',
      'beyondtrust',
      '--grant',
      'automation:com.apple.Music=allow',
      '--json',
    ])
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.stdout).warnings.join('\n')).toMatch(
      /receiver com\.apple\.Music is not in pppc's receiver table/,
    )
  })

  it('`pppc apps beyondtrust` suggests --grant flags that work', async () => {
    const shown = await pppcInProcess(['apps', 'beyondtrust'])
    const line = shown.stdout.split('\n').find((l) => l.includes('optional grants:'))!
    const flags = [...line.matchAll(/--grant ([^\s)]+)/g)].map((m) => m[1]!)
    expect(flags).toEqual(['post-event=allow', 'automation:com.apple.systemevents=allow'])
    const result = await pppcInProcess(['generate', '--app', 'beyondtrust', ...flags.flatMap((f) => ['--grant', f])])
    expect(result.exitCode).toBe(0)
  })
})
