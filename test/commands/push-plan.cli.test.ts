import {mkdtemp, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse as parsePlist} from 'plist'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {pppcInProcess, type CliResult} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {MdmServer} from '../helpers/mdm-server.js'

// Distinctive, so that any leak into any output is found by a plain search.
const CLIENT_ID = 'pppc-plan-client'
const CLIENT_SECRET = 'jamf-plan-secret-4Kd9V'
const KANDJI_TOKEN = 'kandji-plan-token-7Yq2-b81c'
const JAMF_ENV = {JAMF_CLIENT_ID: CLIENT_ID, JAMF_CLIENT_SECRET: CLIENT_SECRET, PPPC_HTTP_BACKOFF_MS: '1'}
const KANDJI_ENV = {KANDJI_API_TOKEN: KANDJI_TOKEN, PPPC_HTTP_BACKOFF_MS: '1'}
const NAME = 'PPPC BeyondTrust'
const BOMGAR = 'com.bomgar.bomgar-scc'
/**
 * Each test runs pppc several times: milliseconds each in this process, but a second or so each when spawned on a
 * loaded machine.
 */
const SLOW = {timeout: 90_000}

const server = new MdmServer()
const outputs: {args: string[]; result: CliResult}[] = []
let work: string
const files = {beyondtrust: '', deny: '', zoom: '', kandji: '', kandjiZoom: ''}

async function run(args: string[], env: Record<string, string>): Promise<CliResult> {
  const result = await pppcInProcess(args, {env})
  outputs.push({args, result})
  return result
}

const jamf = (file: string, extra: string[] = []) =>
  run(['push', 'jamf', file, '--url', server.url, '--name', NAME, ...extra], JAMF_ENV)
const kandji = (file: string, extra: string[] = []) =>
  run(['push', 'kandji', file, '--api-url', server.url, '--name', NAME, ...extra], KANDJI_ENV)
/** Requests that change something on the server (the token request aside). */
const writes = () => server.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/token'))

beforeAll(async () => {
  await server.start()
  work = await mkdtemp(join(tmpdir(), 'pppc-plan-'))
  const generate = async (key: keyof typeof files, args: string[]) => {
    files[key] = join(work, `${key}.mobileconfig`)
    expect((await pppcInProcess(['generate', ...args, '-o', files[key]])).exitCode).toBe(0)
  }
  await Promise.all([
    generate('beyondtrust', ['--app', 'beyondtrust', '--mdm', 'jamf']),
    // The same app with Screen Recording denied instead of left to standard users: one value changes.
    generate('deny', ['--app', 'beyondtrust', '--grant', 'screen-recording=deny', '--mdm', 'jamf']),
    generate('zoom', ['--app', 'zoom', '--mdm', 'jamf']),
    generate('kandji', ['--app', 'beyondtrust', '--mdm', 'kandji']),
    generate('kandjiZoom', ['--app', 'zoom', '--mdm', 'kandji']),
  ])
}, 60_000)

afterAll(async () => {
  await server.stop()
})

beforeEach(() => {
  server.reset()
  server.jamf.clients.set(CLIENT_ID, CLIENT_SECRET)
  server.kandji.token = KANDJI_TOKEN
  server.jamf.categories.set('Security', 3)
  server.jamf.sites.set('Main Campus', 2)
  server.jamf.groups.set('Lab Macs', 7)
  server.jamf.groups.set('Staff Macs', 8)
})

describe('pppc push jamf --plan, scope, category, site, redeploy', SLOW, () => {
  it('plans create, creates, then plans unchanged; the plans change nothing', async () => {
    const flags = ['--scope-group', 'Lab Macs', '--category', 'Security', '--site', 'Main Campus']
    const plan = await jamf(files.beyondtrust, [...flags, '--plan'])
    expect(plan.exitCode).toBe(0)
    expect(plan.stdout).toBe(
      [
        `plan: create "${NAME}" in Jamf Pro`,
        `  + app ${BOMGAR}: Accessibility Allow, ScreenCapture AllowStandardUserToSetSystemService, SystemPolicyAllFiles Allow`,
        '  scope: + group "Lab Macs"',
        '  category: "Security"',
        '  site: "Main Campus"',
        '',
      ].join('\n'),
    )
    expect(plan.stderr).toBe('')
    expect(writes()).toEqual([])
    expect(server.seen('GET', /computergroups\/name\/Lab%20Macs$/)).toHaveLength(1)

    const push = await jamf(files.beyondtrust, flags)
    expect(push.exitCode).toBe(0)
    expect(push.stdout).toMatch(new RegExp(`^created "${NAME}" in Jamf Pro: id 1\\n`))
    expect(server.jamf.profiles.get(1)).toMatchObject({
      name: NAME,
      category: 'Security',
      site: 'Main Campus',
      scope: {all: false, groups: [{id: 7, name: 'Lab Macs'}]},
    })
    expect(server.seen('POST', /\/id\/0$/)[0]!.body).toMatch(
      /<scope>\s*<all_computers>false<\/all_computers>\s*<computer_groups>\s*<computer_group>\s*<id>7<\/id>\s*<name>Lab Macs<\/name>/,
    )

    server.requests.length = 0
    const again = await jamf(files.beyondtrust, [...flags, '--plan', '--json'])
    expect(again.exitCode).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({
      action: 'unchanged',
      plan: true,
      id: '1',
      scope: {all: false, groups: ['Lab Macs']},
      changes: [],
      notes: [],
    })
    expect(writes()).toEqual([])
  })

  it('an update redeploys to every Mac in scope: redeploy_on_update All by default and with --redeploy all', async () => {
    expect((await jamf(files.beyondtrust, ['--scope', 'all'])).exitCode).toBe(0)
    const plan = await jamf(files.deny, ['--plan'])
    expect(plan.stdout).toBe(
      [
        `plan: update "${NAME}" in Jamf Pro: id 1`,
        `  ~ ${BOMGAR}: ScreenCapture AllowStandardUserToSetSystemService → Deny`,
        '  redeploy: all (every Mac in scope gets the new version)',
        `${server.url}/OSXConfigurationProfiles.html?id=1`,
        '',
      ].join('\n'),
    )
    expect(writes()).toHaveLength(1)

    const update = await jamf(files.deny)
    expect(update.exitCode).toBe(0)
    expect(update.stdout).toMatch(/^updated "PPPC BeyondTrust" in Jamf Pro: id 1\n {2}redeploy: all/)
    const [put] = server.seen('PUT', /\/id\/1$/)
    expect(put!.body).toContain('<redeploy_on_update>All</redeploy_on_update>')
    expect(server.jamf.profiles.get(1)!.redeploy).toBe('All')
    // Scope, made at creation, is not sent again: the PUT leaves what the console holds.
    expect(put!.body).not.toContain('<scope>')
    expect(server.jamf.profiles.get(1)!.scope.all).toBe(true)

    expect((await jamf(files.beyondtrust, ['--redeploy', 'all'])).exitCode).toBe(0)
    expect(server.seen('PUT', /\/id\/1$/)[1]!.body).toContain('<redeploy_on_update>All</redeploy_on_update>')
    expect((await jamf(files.deny, ['--redeploy', 'new'])).exitCode).toBe(0)
    expect(server.seen('PUT', /\/id\/1$/)[2]!.body).toContain('<redeploy_on_update>Newly Assigned</redeploy_on_update>')
  })

  it('adds scope groups to the ones a profile has, and changes nothing else (Newly Assigned, no payloads)', async () => {
    expect((await jamf(files.beyondtrust, ['--scope-group', 'Lab Macs'])).exitCode).toBe(0)
    const plan = await jamf(files.beyondtrust, ['--scope-group', 'Staff Macs', '--plan'])
    expect(plan.stdout).toBe(
      [
        `plan: update "${NAME}" in Jamf Pro: id 1`,
        '  scope: + group "Staff Macs"',
        `${server.url}/OSXConfigurationProfiles.html?id=1`,
        '',
      ].join('\n'),
    )
    expect((await jamf(files.beyondtrust, ['--scope-group', 'Staff Macs'])).exitCode).toBe(0)
    const [put] = server.seen('PUT', /\/id\/1$/)
    expect(put!.body).not.toContain('<payloads>')
    expect(put!.body).toContain('<redeploy_on_update>Newly Assigned</redeploy_on_update>')
    expect(server.jamf.profiles.get(1)!.scope.groups.map((g) => g.name)).toEqual(['Lab Macs', 'Staff Macs'])
  })

  it('looks category, site and groups up by name, and stops at an unknown one before writing anything (exit 2)', async () => {
    expectOneLineError(
      await jamf(files.beyondtrust, ['--scope-group', 'Lab Mac']),
      2,
      /^Error: --scope-group "Lab Mac": Jamf Pro has no computer group by that name; check the name, letter case included \(Jamf Pro › Computers › Smart Computer Groups or Static Computer Groups\)/,
    )
    expectOneLineError(
      await jamf(files.beyondtrust, ['--category', 'security', '--plan']),
      2,
      /--category "security": Jamf Pro has no category by that name; check the name, letter case included \(Jamf Pro › Settings › Global › Categories\)/,
    )
    expectOneLineError(
      await jamf(files.beyondtrust, ['--site', 'Nowhere']),
      2,
      /--site "Nowhere": Jamf Pro has no site/,
    )
    expect(writes()).toEqual([])
    expect(server.jamf.profiles.size).toBe(0)
  })

  it('will not put the Zoom profile over the BeyondTrust one without --replace', async () => {
    expect((await jamf(files.beyondtrust)).exitCode).toBe(0)
    const before = server.jamf.profiles.get(1)!.payloads

    const plan = await jamf(files.zoom, ['--plan'])
    expect(plan.exitCode).toBe(0)
    expect(plan.stdout).toContain(
      `  + app us.zoom.xos: Accessibility Allow, ScreenCapture AllowStandardUserToSetSystemService\n`,
    )
    expect(plan.stdout).toContain(
      `  - app ${BOMGAR}: Accessibility Allow, ScreenCapture AllowStandardUserToSetSystemService, SystemPolicyAllFiles Allow (every grant to it goes)\n`,
    )
    expect(plan.stderr).toContain(
      'note: a push stops here: the profile grants to other apps than the file; pass --replace if that is what you want\n',
    )
    expect((await jamf(files.zoom, ['--plan', '--replace'])).stderr).not.toContain('a push stops here')

    expectOneLineError(
      await jamf(files.zoom),
      1,
      new RegExp(
        `^Error: the profile "${NAME}" in Jamf Pro \\(id 1\\) grants to other apps than .*zoom\\.mobileconfig \\(\\+us\\.zoom\\.xos -${BOMGAR.replace(/\./g, '\\.')}\\); nothing was pushed; check --name .* or pass --replace`,
      ),
    )
    expect(server.seen('PUT', /./)).toHaveLength(0)
    expect(server.jamf.profiles.get(1)!.payloads).toBe(before)

    const replaced = await jamf(files.zoom, ['--replace', '--json'])
    expect(replaced.exitCode).toBe(0)
    expect(JSON.parse(replaced.stdout)).toMatchObject({action: 'updated', replaces: true})
    expect(server.jamf.profiles.get(1)!.payloads).toContain('us.zoom.xos')
  })

  /** Two PPPC profiles as pppc creates them, and a profile of another kind. */
  async function holdThree(): Promise<void> {
    expect((await jamf(files.beyondtrust)).exitCode).toBe(0)
    expect(
      (await run(['push', 'jamf', files.zoom, '--url', server.url, '--name', 'PPPC Zoom'], JAMF_ENV)).exitCode,
    ).toBe(0)
    server.jamf.profiles.set(9, {
      id: 9,
      name: 'Dock',
      payloads:
        '<plist version="1.0"><dict><key>PayloadContent</key><array><dict><key>PayloadType</key><string>com.apple.dock</string></dict></array></dict></plist>',
      scope: {all: true, groups: []},
    })
  }

  it('--list shows the PPPC profiles Jamf Pro holds (name, id, identifier, apps)', async () => {
    await holdThree()
    const identifier = (id: number) =>
      (parsePlist(server.jamf.profiles.get(id)!.payloads) as {PayloadIdentifier: string}).PayloadIdentifier
    const list = await run(['push', 'jamf', '--list', '--url', server.url, '--json'], JAMF_ENV)
    expect(list.exitCode).toBe(0)
    expect(JSON.parse(list.stdout)).toEqual({
      mdm: 'jamf',
      profiles: [
        {name: NAME, id: '1', identifier: identifier(1), apps: [BOMGAR]},
        {name: 'PPPC Zoom', id: '2', identifier: identifier(2), apps: ['us.zoom.xos']},
      ],
    })
    const table = await run(['push', 'jamf', '--list', '--url', server.url], JAMF_ENV)
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME +ID +IDENTIFIER +APPS$/)
    expect(table.stdout).toMatch(new RegExp(`\\nPPPC Zoom +2 +${identifier(2)} +us\\.zoom\\.xos\\n`))
  })

  it('pull writes one as a .mobileconfig, atomically, and not over a file without --force', async () => {
    await holdThree()
    const out = join(work, 'pulled.mobileconfig')
    const pull = await run(['pull', 'jamf', NAME, '--url', server.url, '-o', out, '--json'], JAMF_ENV)
    expect(pull.exitCode).toBe(0)
    expect(JSON.parse(pull.stdout)).toMatchObject({mdm: 'jamf', name: NAME, id: '1', file: out})
    expect(await readFile(out, 'utf8')).toBe(server.jamf.profiles.get(1)!.payloads)
    const asked = server.requests.length
    expectOneLineError(
      await run(['pull', 'jamf', NAME, '--url', server.url, '-o', out], JAMF_ENV),
      2,
      /pulled\.mobileconfig already exists; pass --force to replace it/,
    )
    expect(server.requests).toHaveLength(asked)
    const forced = await run(['pull', 'jamf', 'PPPC Zoom', '--url', server.url, '-o', out, '--force'], JAMF_ENV)
    expect(forced.exitCode).toBe(0)
    expect(forced.stderr).toMatch(/^pulled "PPPC Zoom" from Jamf Pro \(id 2\) to .*pulled\.mobileconfig, \d+ bytes\n$/)
    expect(await readFile(out, 'utf8')).toContain('us.zoom.xos')
    expectOneLineError(
      await run(['pull', 'jamf', 'PPPC Nothing', '--url', server.url, '-o', join(work, 'none.mobileconfig')], JAMF_ENV),
      2,
      /Jamf Pro has no profile named "PPPC Nothing"; check the name, letter case included \(pppc push jamf --list lists the PPPC ones\)/,
    )
  })

  it('needs FILE and --name unless --list, and keeps --plan and --dry-run apart (exit 2)', async () => {
    expectOneLineError(
      await run(['push', 'jamf', '--url', server.url, '--name', NAME], JAMF_ENV),
      2,
      /pppc push jamf needs FILE; give the \.mobileconfig and --name, or --list/,
    )
    expectOneLineError(
      await run(['push', 'jamf', files.beyondtrust, '--url', server.url], JAMF_ENV),
      2,
      /pppc push jamf needs --name NAME/,
    )
    expectOneLineError(
      await jamf(files.beyondtrust, ['--plan', '--dry-run']),
      2,
      /^Error: --plan and --dry-run do not go together; --plan asks the server and changes nothing/,
    )
    expectOneLineError(
      await run(['push', 'jamf', '--list', '--replace', '--url', server.url], JAMF_ENV),
      2,
      /--list and --replace do not go together/,
    )
    expect(server.requests).toHaveLength(0)
  })
})

describe('pppc push kandji --plan and Blueprints', SLOW, () => {
  it('plans create, creates and assigns to the Blueprint, then plans unchanged; the plans change nothing', async () => {
    const lab = server.seedBlueprint('Lab Macs')
    server.seedBlueprint('Lab Macs (old)')
    server.seedBlueprint('Staff')
    const plan = await kandji(files.kandji, ['--blueprint', 'Lab Macs', '--plan'])
    expect(plan.exitCode).toBe(0)
    expect(plan.stdout).toBe(
      [
        `plan: create "${NAME}" in Kandji`,
        `  + app ${BOMGAR}: Accessibility Allow, ScreenCapture AllowStandardUserToSetSystemService, SystemPolicyAllFiles Allow`,
        '  blueprint: + "Lab Macs"',
        '',
      ].join('\n'),
    )
    expect(writes()).toEqual([])

    const push = await kandji(files.kandji, ['--blueprint', 'Lab Macs'])
    expect(push.exitCode).toBe(0)
    const [item] = server.kandji.profiles
    expect(push.stdout).toBe(`created "${NAME}" in Kandji: id ${item!.id}\n  blueprint: + "Lab Macs"\n`)
    expect(push.stderr).toBe('')
    expect(lab.items).toEqual([item!.id])
    const [assign] = server.seen('POST', /assign-library-item$/)
    expect(assign!.path).toBe(`/api/v1/blueprints/${lab.id}/assign-library-item`)
    expect(JSON.parse(assign!.body)).toEqual({library_item_id: item!.id})

    server.requests.length = 0
    const again = await kandji(files.kandji, ['--blueprint', 'Lab Macs', '--plan', '--json'])
    expect(JSON.parse(again.stdout)).toMatchObject({
      action: 'unchanged',
      plan: true,
      id: item!.id,
      blueprints: [{name: 'Lab Macs', id: lab.id, already: true}],
      changes: [],
    })
    expect(writes()).toEqual([])
  })

  it('assigns an existing item to another Blueprint without sending the file again', async () => {
    expect((await kandji(files.kandji)).stderr).toMatch(
      /^note: "PPPC BeyondTrust" is in no Blueprint: Kandji sends it to no Mac/,
    )
    const staff = server.seedBlueprint('Staff')
    const plan = await kandji(files.kandji, ['--blueprint', 'Staff', '--plan'])
    expect(plan.stdout).toBe(
      [`plan: update "${NAME}" in Kandji: id ${server.kandji.profiles[0]!.id}`, '  blueprint: + "Staff"', ''].join(
        '\n',
      ),
    )
    expect((await kandji(files.kandji, ['--blueprint', 'Staff'])).exitCode).toBe(0)
    expect(server.seen('PATCH', /./)).toHaveLength(0)
    expect(staff.items).toEqual([server.kandji.profiles[0]!.id])
  })

  it('refuses an unknown Blueprint and an Assignment Map before writing anything (exit 2)', async () => {
    server.seedBlueprint('Lab Macs (old)')
    server.seedBlueprint('Fleet map', 'map')
    expectOneLineError(
      await kandji(files.kandji, ['--blueprint', 'Lab Macs']),
      2,
      /^Error: --blueprint "Lab Macs": Kandji has no Blueprint by that name; check the name, letter case included/,
    )
    expectOneLineError(
      await kandji(files.kandji, ['--blueprint', 'Fleet map']),
      2,
      /--blueprint "Fleet map" is an Assignment Map; pppc assigns to classic Blueprints only/,
    )
    expect(writes()).toEqual([])
    expect(server.kandji.profiles).toHaveLength(0)
  })

  it('will not put the Zoom profile over the BeyondTrust one without --replace', async () => {
    expect((await kandji(files.kandji)).exitCode).toBe(0)
    const id = server.kandji.profiles[0]!.id
    expectOneLineError(
      await kandji(files.kandjiZoom),
      1,
      new RegExp(`the profile "${NAME}" in Kandji \\(id ${id}\\) grants to other apps than .*; nothing was pushed`),
    )
    expect(server.seen('PATCH', /./)).toHaveLength(0)
    expect((await kandji(files.kandjiZoom, ['--replace'])).exitCode).toBe(0)
    expect(server.kandji.profiles[0]!.profile).toContain('us.zoom.xos')
  })

  it('--list and pull', async () => {
    expect((await kandji(files.kandji)).exitCode).toBe(0)
    server.seedKandji(
      'Wi-Fi',
      '<plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string></dict></plist>',
    )
    const [item] = server.kandji.profiles
    const list = await run(['push', 'kandji', '--list', '--api-url', server.url, '--json'], KANDJI_ENV)
    expect(JSON.parse(list.stdout)).toEqual({
      mdm: 'kandji',
      profiles: [{name: NAME, id: item!.id, identifier: `com.kandji.profile.custom.${item!.id}`, apps: [BOMGAR]}],
    })
    const out = join(work, 'kandji-pulled.mobileconfig')
    const pull = await run(['pull', 'kandji', NAME, '--api-url', server.url, '-o', out], KANDJI_ENV)
    expect(pull.exitCode).toBe(0)
    expect(await readFile(out, 'utf8')).toBe(item!.profile)
  })
})

describe('secrets', SLOW, () => {
  it('never appear in any output of the cases above', () => {
    expect(outputs.length).toBeGreaterThan(20)
    const secrets = [CLIENT_SECRET, KANDJI_TOKEN, ...server.jamf.issued]
    for (const {args, result} of outputs)
      for (const secret of secrets) {
        expect(result.stdout, `stdout of ${args.join(' ')}`).not.toContain(secret)
        expect(result.stderr, `stderr of ${args.join(' ')}`).not.toContain(secret)
      }
  })
})
