import {execa} from 'execa'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {diagnose} from '../../src/checks/diagnose.js'
import {gatherFacts} from '../../src/checks/gather.js'
import {requireApp} from '../../src/profiles/catalogue.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {pppcInProcess, type CliResult} from '../helpers/cli.js'
import {madeUpMac} from '../helpers/fleet.js'
import {MdmServer} from '../helpers/mdm-server.js'
import {FIXTURES} from '../helpers/paths.js'
import {schemaErrors, SCHEMAS} from '../helpers/schemas.js'
import {makeIdentity, signProfile} from '../helpers/signing.js'
import {DOWNLOADED_ZIP, recordedMacWithZip, SAFARI_APP} from '../helpers/snapshots.js'
import {appBundle, buildZip, CLIENT_APP} from '../helpers/zip.js'

/**
 * Every command's --json output, on representative inputs, against its JSON Schema in schemas/ (shipped with the
 * package, linked from the README). A failure is one JSON document on stdout too: schemas/error.schema.json.
 */

const CLIENT_ID = 'pppc-schema-client'
const CLIENT_SECRET = 'jamf-schema-secret-4Rt7'
const KANDJI_TOKEN = 'kandji-schema-token-8Yq1'
const JAMF_ENV = {JAMF_CLIENT_ID: CLIENT_ID, JAMF_CLIENT_SECRET: CLIENT_SECRET, PPPC_HTTP_BACKOFF_MS: '1'}
const KANDJI_ENV = {KANDJI_API_TOKEN: KANDJI_TOKEN, PPPC_HTTP_BACKOFF_MS: '1'}
const mac = (name: string) => join(FIXTURES, 'macs', name)
const SIGNING_PASSWORD = 'schema signing 3'
const STALE_TCC = join(mac('macos-14.8.9-stale-grants'), 'files', 'Library/Application Support/com.apple.TCC/TCC.db')
const MACS = readdirSync(join(FIXTURES, 'macs')).filter((d) => existsSync(join(mac(d), 'commands.json')))

/** One --json answer kept for the strictness checks below. */
interface Sample {
  schema: string
  args: string[]
  json: unknown
}
const samples: Sample[] = []
const server = new MdmServer()
let work: string
let profile: string
let other: string
let identity: Awaited<ReturnType<typeof makeIdentity>>

/**
 * Runs pppc with --json; exit codes in `ok` answer with the command's schema, any other with the error schema. The
 * answer must be one JSON document on stdout, and conform. In this process: what is checked is the answer, and
 * test/cli/in-process.cli.test.ts holds each command's in-process answer to the binary's.
 */
async function answer(
  schema: string,
  args: string[],
  options: {ok?: number[]; env?: Record<string, string>} = {},
): Promise<{result: CliResult; json: Record<string, unknown>}> {
  const result = await pppcInProcess([...args, '--json'], options.env ? {env: options.env} : {})
  const ok = options.ok ?? [0]
  expect([...ok, 1, 2], `exit code of ${args.join(' ')}: ${result.stderr}`).toContain(result.exitCode)
  const json = JSON.parse(result.stdout) as Record<string, unknown>
  const used = ok.includes(result.exitCode) ? schema : 'error.schema.json'
  expect(schemaErrors(used, json), `${args.join(' ')} against ${used}`).toEqual([])
  samples.push({schema: used, args, json})
  return {result, json}
}

/** Runs `job` over `items` in turn: the runs are in this process (pppcInProcess), which runs one at a time anyway. */
async function each<T>(items: readonly T[], job: (item: T) => Promise<unknown>): Promise<void> {
  for (const item of items) await job(item)
}

beforeAll(async () => {
  await server.start()
  server.jamf.clients.set(CLIENT_ID, CLIENT_SECRET)
  server.kandji.token = KANDJI_TOKEN
  server.jamf.categories.set('Security', 3)
  server.jamf.groups.set('Lab Macs', 7)
  identity = await makeIdentity({password: SIGNING_PASSWORD, ca: true})
  work = await mkdtemp(join(tmpdir(), 'pppc-schemas-'))
  profile = join(work, 'beyondtrust.mobileconfig')
  other = join(work, 'other.mobileconfig')
  expect((await pppcInProcess(['generate', '--app', 'beyondtrust', '--mdm', 'jamf', '-o', profile])).exitCode).toBe(0)
  const args = ['generate', '--app', 'beyondtrust', '--grant', 'input-monitoring=deny', '--mdm', 'jamf', '-o', other]
  expect((await pppcInProcess(args)).exitCode).toBe(0)
})

afterAll(async () => {
  await server.stop()
})

describe('--json answers conform to schemas/', () => {
  it('generate: every MDM and format, -o, a binary given by path, a partially verified app', async () => {
    const out = join(work, 'out.mobileconfig')
    const helper = 'identifier "helper" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345'
    const runs = [
      ['--app', 'beyondtrust', '--mdm', 'kandji'],
      ['--app', 'beyondtrust', '--mdm', 'jamf', '--format', 'jamf-xml'],
      ['--app', 'beyondtrust', '--format', 'ddm'],
      ['--app', 'beyondtrust', '--organization', 'Example University', '-o', out],
      ['--path', '/usr/local/bin/helper', '--code-requirement', helper, '--grant', 'full-disk-access=allow'],
      ['--app', 'teamviewer', '--mdm', 'jamf'],
      ['--app', 'beyondtrust', '--grant', 'automation:com.apple.systemevents=allow', '--format', 'ddm'],
      [
        '--from-app',
        '/Applications/.com.bomgar.scc.2A7F3C91/Remote Support Customer Client.app',
        '--snapshot',
        mac('macos-14.6-beyondtrust-installed'),
      ],
    ]
    const answers = new Map<string, Record<string, unknown>>()
    await each(runs, async (args) =>
      answers.set(args.join(' '), (await answer('generate.schema.json', ['generate', ...args])).json),
    )
    expect(answers.get(runs[3]!.join(' '))!.output).toBe(out)
    expect(answers.get(runs[5]!.join(' '))!.warnings).not.toEqual([])
  })

  it('validate and inspect: clean, broken (every bad fixture), binary, signed and tampered profiles; --rules', async () => {
    const signed = join(work, 'signed.mobileconfig')
    await writeFile(signed, await signProfile(readFileSync(profile)))
    const sql = `SELECT hex(csreq) FROM access WHERE client = 'com.bomgar.bomgar-scc' AND service = 'kTCCServiceScreenCapture';`
    const csreq = (await execa('sqlite3', ['-readonly', STALE_TCC, sql])).stdout.trim()
    const good = (file: string) => join(FIXTURES, 'profiles', 'good', file)
    const tampered = join(FIXTURES, 'profiles', 'bad', 'PPPC004-tampered-signature.mobileconfig')
    const runs: [string, string[], number[]][] = [
      ['validate.schema.json', ['validate', join(FIXTURES, 'profiles', 'good')], [0]],
      ['validate.schema.json', ['validate', join(FIXTURES, 'profiles', 'bad')], [1]],
      ['validate.schema.json', ['validate', signed, '--mdm', 'jamf', '--min-macos', '12'], [0]],
      ['validate.schema.json', ['validate', '--rules'], [0]],
      ['validate.schema.json', ['validate', '--explain', 'PPPC045'], [0]],
      ['inspect.schema.json', ['inspect', good('or-identifiers.mobileconfig')], [0]],
      ['inspect.schema.json', ['inspect', join(FIXTURES, 'profiles', 'bad', 'PPPC044-stray-text.mobileconfig')], [0]],
      ['inspect.schema.json', ['inspect', good('beyondtrust-binary.mobileconfig')], [0]],
      ['inspect.schema.json', ['inspect', good('multi-payload-with-automation.mobileconfig')], [0]],
      ['inspect.schema.json', ['inspect', signed], [0]],
      ['inspect.schema.json', ['inspect', tampered], [0]],
      ['inspect.schema.json', ['inspect', signed, '--ca', identity.caPem!], [0]],
      ['validate.schema.json', ['validate', signed, '--ca', identity.caPem!], [1]],
      ['inspect.schema.json', ['inspect', '--csreq', csreq], [0]],
    ]
    const answers = new Map<string, Record<string, unknown>>()
    await each(runs, async ([schema, args, ok]) => answers.set(args.join(' '), (await answer(schema, args, {ok})).json))
    const report = answers.get(runs[2]![1].join(' '))!.files as {signature?: unknown}[]
    expect(report[0]!.signature).toMatchObject({verified: true})
    expect(answers.get(`inspect ${tampered}`)!.signature).toMatchObject({verified: false})
    expect(answers.get(`inspect ${signed} --ca ${identity.caPem}`)!.signature).toMatchObject({chain: 'untrusted'})
  })

  it('flow: both flows, one browser or all, an MDM, granted sections, a version pppc does not know, Windows, a site', async () => {
    const site = join(FIXTURES, 'sites', 'example.site.yaml')
    const runs = [
      ['--macos', '12.7.6'],
      ['--macos', '15.1', '--browser', 'safari', '--mdm', 'kandji'],
      ['--macos', '26.1', '--granted', 'screen-recording'],
      ['--macos', '10.13.6'],
      ['--macos', '14.6', '--client-config', 'access-on-request', '--user', 'standard', '--site', site],
      ['--os', 'windows'],
      ['--os', 'windows', '--browser', 'edge', '--site', site],
    ]
    const covered: unknown[] = []
    await each(runs, async (args) =>
      covered.push(
        ((await answer('flow.schema.json', ['flow', ...args])).json.flow as {covered: boolean} | null)?.covered,
      ),
    )
    expect(covered.map(String).sort()).toEqual(['false', 'true', 'true', 'true', 'true', 'undefined', 'undefined'])
  })

  it('doctor: recorded Macs with something to do, nothing to do, no Full Disk Access, a broken TCC.db', async () => {
    const macs = [
      'macos-15.7.9-requirement-mismatch',
      'macos-27.0-beta-kandji-everything-granted',
      'macos-26.6.2-no-full-disk-access',
      'broken-garbage-tcc',
      'macos-14.8.9-stale-grants',
      'macos-15.5-conflicting-profiles',
      'macos-15.6.1-standard-user',
    ]
    await each(macs, (name) => answer('doctor.schema.json', ['doctor', '--snapshot', mac(name)], {ok: [0, 1]}))
  })

  it('doctor: the diagnosis of every recorded Mac in fixtures/macs (what doctor --json prints, in-process)', async () => {
    expect(MACS.length).toBeGreaterThan(15)
    for (const name of MACS) {
      const diagnosis = diagnose(await gatherFacts(await RecordedMac.open(mac(name)), requireApp('beyondtrust')))
      expect(schemaErrors('doctor.schema.json', JSON.parse(JSON.stringify(diagnosis))), name).toEqual([])
    }
  })

  it('collect: from recorded Macs, with and without Full Disk Access', async () => {
    await each(['macos-15.7.9-requirement-mismatch', 'macos-26.6.2-no-full-disk-access'], (name) =>
      answer('collect.schema.json', ['collect', '--snapshot', mac(name), '-o', join(work, `collect-${name}`)]),
    )
  })

  it('install: inspected on Linux, planned, installed, refused, unsafe, cleaned up', async () => {
    const downloads = join(work, 'home', 'Downloads')
    await mkdir(downloads, {recursive: true})
    const zip = join(downloads, 'Open to Start Support Session.zip')
    await writeFile(zip, buildZip(appBundle(CLIENT_APP)))
    const unsafe = join(downloads, 'unsafe.zip')
    await writeFile(unsafe, buildZip([...appBundle(CLIENT_APP), {name: '../../evil.sh', data: 'x'}]))
    const dmg = join(downloads, 'BeyondTrust Remote Support.dmg')
    await writeFile(dmg, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from('koly'), Buffer.alloc(508)]))
    const snapshot = await recordedMacWithZip('install-valid-notarized', appBundle(CLIENT_APP))
    const after = await recordedMacWithZip('install-after-session', appBundle(CLIENT_APP))
    const runs: [string[], number[]][] = [
      [['install', zip, '--dest', '/Applications', '--dry-run'], [0]],
      [['install', dmg, '--dest', '/Applications', '--dry-run'], [0]],
      [['install', unsafe, '--dry-run'], [1]],
      [['install', SAFARI_APP, '--snapshot', mac('install-valid-notarized')], [0]],
      [['install', SAFARI_APP, '--snapshot', mac('install-wrong-team')], [1]],
      [['install', SAFARI_APP, '--snapshot', mac('install-unsigned')], [1]],
      [['install', DOWNLOADED_ZIP, '--dest', '/Applications', '--snapshot', snapshot], [0]],
      [['install', DOWNLOADED_ZIP, '--cleanup', '--snapshot', after], [0]],
    ]
    // Off a Mac the report is the answer, with its error: extraction needs macOS (exit 2).
    if (process.platform !== 'darwin') runs.push([['install', zip], [2]])
    const statuses: unknown[] = []
    await each(runs, async ([args, ok]) => statuses.push((await answer('install.schema.json', args, {ok})).json.status))
    expect(new Set(statuses)).toEqual(
      new Set([
        'planned',
        'unsafe-archive',
        'installed',
        'refused',
        'cleaned',
        ...(process.platform === 'darwin' ? [] : ['needs-macos']),
      ]),
    )
  })

  it('push jamf: created, unchanged, updated, dry runs with an API client and with a user', async () => {
    const push = (file: string, extra: string[] = [], env: Record<string, string> = JAMF_ENV) =>
      answer('push-jamf.schema.json', ['push', 'jamf', file, '--url', server.url, '--name', 'PPPC', ...extra], {env})
    expect((await push(profile, ['--category', 'Security'])).json.action).toBe('created')
    expect((await push(profile)).json.action).toBe('unchanged')
    expect((await push(other)).json.action).toBe('updated')
    expect((await push(profile, ['--dry-run', '--no-validate'])).json.action).toBe('dry-run')
    const user = {JAMF_USER: 'pppc-user', JAMF_PASSWORD: 'jamf-schema-password-2Wd', PPPC_HTTP_BACKOFF_MS: '1'}
    expect((await push(profile, ['--dry-run'], user)).json.action).toBe('dry-run')
    const planned = await push(profile, ['--plan', '--scope-group', 'Lab Macs'])
    expect(planned.json).toMatchObject({action: 'update', plan: true})
    const scoped = await push(profile, ['--scope-group', 'Lab Macs', '--redeploy', 'new'])
    expect(scoped.json).toMatchObject({action: 'updated', redeploy: 'new', scope: {all: false, groups: ['Lab Macs']}})
    expect((await push(profile, ['--plan'])).json).toMatchObject({action: 'unchanged', plan: true})
    const fresh = await answer(
      'push-jamf.schema.json',
      ['push', 'jamf', profile, '--url', server.url, '--name', 'PPPC new', '--plan'],
      {env: JAMF_ENV},
    )
    expect(fresh.json).toMatchObject({action: 'create', plan: true, id: null})
    const list = await answer('push-list.schema.json', ['push', 'jamf', '--list', '--url', server.url], {env: JAMF_ENV})
    expect(list.json.profiles).toHaveLength(1)
    const out = join(work, 'pulled-jamf.mobileconfig')
    const pulled = await answer('pull.schema.json', ['pull', 'jamf', 'PPPC', '--url', server.url, '-o', out], {
      env: JAMF_ENV,
    })
    expect(pulled.json).toMatchObject({mdm: 'jamf', file: out})
  })

  it('push kandji: created, unchanged, a dry run', async () => {
    const push = (extra: string[] = []) =>
      answer(
        'push-kandji.schema.json',
        ['push', 'kandji', profile, '--api-url', server.url, '--name', 'PPPC', ...extra],
        {
          env: KANDJI_ENV,
        },
      )
    expect((await push()).json.action).toBe('created')
    expect((await push()).json.action).toBe('unchanged')
    const dry = await answer(
      'push-kandji.schema.json',
      ['push', 'kandji', profile, '--subdomain', 'example', '--name', 'PPPC', '--dry-run'],
      {env: KANDJI_ENV},
    )
    expect(dry.json.action).toBe('dry-run')
    server.seedBlueprint('Lab Macs')
    expect((await push(['--blueprint', 'Lab Macs', '--plan'])).json).toMatchObject({action: 'update', plan: true})
    const assigned = await push(['--blueprint', 'Lab Macs'])
    expect(assigned.json.blueprints).toMatchObject([{name: 'Lab Macs', already: false}])
    const kandji = ['--api-url', server.url]
    const fresh = await answer(
      'push-kandji.schema.json',
      ['push', 'kandji', profile, ...kandji, '--name', 'PPPC other', '--plan', '--no-validate'],
      {env: KANDJI_ENV},
    )
    expect(fresh.json).toMatchObject({action: 'create', id: null, validation: null})
    const list = await answer('push-list.schema.json', ['push', 'kandji', '--list', ...kandji], {env: KANDJI_ENV})
    expect(list.json.mdm).toBe('kandji')
    const out = join(work, 'pulled-kandji.mobileconfig')
    const pulled = await answer('pull.schema.json', ['pull', 'kandji', 'PPPC', ...kandji, '-o', out], {env: KANDJI_ENV})
    expect(pulled.json).toMatchObject({mdm: 'kandji', file: out})
  })

  it('import, diff and sign: a profile as a spec, two profiles compared, a profile signed', async () => {
    const imported = await answer('import.schema.json', [
      'import',
      join(FIXTURES, 'profiles', 'good', 'multi-payload-with-automation.mobileconfig'),
    ])
    expect(imported.json.check).toMatchObject({generates: true})
    const legacy = await answer('import.schema.json', [
      'import',
      join(FIXTURES, 'profiles', 'good', 'legacy-allowed.mobileconfig'),
      '-o',
      join(work, 'legacy.yaml'),
    ])
    expect(legacy.json.output).toBe(join(work, 'legacy.yaml'))
    const signed = join(work, 'sign-output.mobileconfig')
    const sign = await answer('sign.schema.json', ['sign', profile, '--identity', identity.p12, '-o', signed], {
      env: {PPPC_P12_PASSWORD: SIGNING_PASSWORD},
    })
    expect(sign.json.verified).toBe(true)
    await answer('import.schema.json', ['import', signed])
    expect((await answer('diff.schema.json', ['diff', profile, profile])).json.same).toBe(true)
    const differs = await answer('diff.schema.json', ['diff', profile, signed], {ok: [1]})
    expect(differs.json.same).toBe(false)
    await answer('diff.schema.json', ['diff', other, profile, '--grants-only'], {ok: [1]})
    const automation = join(FIXTURES, 'profiles', 'good', 'multi-payload-with-automation.mobileconfig')
    await answer(
      'diff.schema.json',
      ['diff', automation, join(FIXTURES, 'profiles', 'good', 'legacy-allowed.mobileconfig')],
      {ok: [1]},
    )
  })

  it('apps: the whole catalogue, one entry, the services', async () => {
    const all = await answer('apps.schema.json', ['apps'])
    expect((all.json.apps as unknown[]).length).toBeGreaterThan(15)
    await each(
      [
        ['apps', 'beyondtrust'],
        ['apps', 'teamviewer'],
        ['apps', '--services'],
        ['apps', '--receivers'],
      ],
      (args) => answer('apps.schema.json', args),
    )
  })

  it('errors: usage, input, findings, a refusing server, no Mac', async () => {
    const failures: [string[], Record<string, string>?][] = [
      [['generate', '--app', 'beyondtrust', '--grant', 'screen-recording=allow']],
      [['generate', '--no-such-flag']],
      [['validate', join(work, 'missing.mobileconfig')]],
      [['inspect', join(FIXTURES, 'profiles', 'bad', 'PPPC001-not-a-plist.mobileconfig')]],
      [['flow', '--macos', 'eleven']],
      [['doctor', '--snapshot', join(work, 'no-such-snapshot')]],
      [['apps', 'no-such-app']],
      [
        [
          'push',
          'jamf',
          join(FIXTURES, 'profiles', 'bad', 'PPPC050-allow-screencapture.mobileconfig'),
          '--url',
          server.url,
          '--name',
          'X',
        ],
        JAMF_ENV,
      ],
      [
        ['push', 'kandji', profile, '--api-url', server.url, '--name', 'X'],
        {KANDJI_API_TOKEN: 'kandji-wrong-token-0000'},
      ],
    ]
    failures.push(
      [['flow', '--os', 'windows', '--macos', '15.1']],
      [['diff', profile]],
      [['sign', profile, '--identity', join(work, 'missing.p12')], {PPPC_P12_PASSWORD: ''}],
      [['sign', profile, '--identity', identity.p12, '--password-env', 'PPPC_NO_SUCH_VARIABLE']],
      [['pull', 'jamf', 'PPPC', '--url', server.url]],
      [['push', 'jamf', profile, '--url', server.url, '--name', 'X', '--plan', '--dry-run'], JAMF_ENV],
      [['push', 'kandji', '--list', '--replace', '--api-url', server.url], KANDJI_ENV],
      [['import', join(work, 'missing.mobileconfig')]],
      [['inspect', '--csreq', 'FADE0C00']],
    )
    if (process.platform !== 'darwin') failures.push([['collect', '-o', join(work, 'nowhere')]])
    await each(failures, async ([args, env]) => {
      const {result, json} = await answer('(none)', args, {ok: [], ...(env ? {env} : {})})
      expect(result.exitCode).toBe((json.error as {exit: number}).exit)
    })
  })
})

describe('--json answers of pppc fleet conform to schemas/', () => {
  const ATTRIBUTE = 'pppc fleet: beyondtrust-rs-customer-client'
  const PUSHED = 'pppc fleet: schema test'
  const SCRIPT_ID = 'b7c1d2e3-0000-4000-8000-0000000000f1'
  let script: string
  let script2: string

  beforeAll(async () => {
    script = join(work, 'fleet.sh')
    script2 = join(work, 'fleet2.sh')
    await writeFile(script, '#!/bin/sh\necho "<result>pppc1 window=does-not-show macos=? app=x show=-</result>"\n')
    await writeFile(script2, '#!/bin/sh\necho "<result>pppc1 window=unknown macos=? app=x show=-</result>"\n')
    // A made-up fleet of 40 Macs: two of each of the 20 kinds test/helpers/fleet.ts describes.
    server.fleet.count = 40
    server.fleet.mac = madeUpMac
    server.fleet.attribute = ATTRIBUTE
    server.fleet.scriptId = SCRIPT_ID
    server.kandji.scripts.push({
      id: SCRIPT_ID,
      name: ATTRIBUTE,
      active: true,
      execution_frequency: 'every_day',
      restart: false,
      script: '#!/bin/sh',
      remediation_script: '',
      show_in_self_service: false,
    })
    server.seedBlueprint('Fleet Macs')
  })

  it('fleet script: each MDM to stdout, -o FILE, another catalogue app', async () => {
    const file = join(work, 'pppc-fleet.sh')
    const runs = [
      ['--mdm', 'jamf'],
      ['--mdm', 'kandji'],
      ['--mdm', 'generic'],
      ['--mdm', 'jamf', '-o', file],
      ['--mdm', 'kandji', '--app', 'teamviewer'],
    ]
    const answers = new Map<string, Record<string, unknown>>()
    await each(runs, async (args) =>
      answers.set(args.join(' '), (await answer('fleet-script.schema.json', ['fleet', 'script', ...args])).json),
    )
    for (const [args, json] of answers) {
      expect(json.bytes, args).toBe(Buffer.byteLength(json.script as string))
      expect(json.mdm, args).toBe(args.split(' ')[1])
      expect(json.app, args).toBe(args.includes('teamviewer') ? 'teamviewer' : 'beyondtrust-rs-customer-client')
    }
    const written = answers.get(runs[3]!.join(' '))!
    expect(written.file).toBe(file)
    expect(readFileSync(file, 'utf8')).toBe(written.script)
    expect(answers.get('--mdm jamf')!.file).toBeNull()
    expect(answers.get('--mdm jamf')!.script).toContain('<result>')
  })

  it('fleet push jamf: planned create, created, unchanged, planned update, updated, dry runs', async () => {
    const push = async (file: string | null, extra: string[] = []) =>
      (
        await answer(
          'fleet-push.schema.json',
          ['fleet', 'push', 'jamf', ...(file ? [file] : []), '--url', server.url, '--name', PUSHED, ...extra],
          {env: JAMF_ENV},
        )
      ).json
    expect(await push(script, ['--plan'])).toMatchObject({action: 'create', plan: true, id: null, url: null})
    const created = await push(script)
    expect(created).toMatchObject({mdm: 'jamf', action: 'created', plan: false, blueprints: null, changes: []})
    expect(created.url).toBe(`${server.url}/computerExtensionAttributes.html?id=${String(created.id)}&o=r`)
    expect(await push(script)).toMatchObject({action: 'unchanged', id: created.id, changes: []})
    expect(await push(script2, ['--plan'])).toMatchObject({action: 'update', plan: true, changes: ['script: replaced']})
    expect(await push(script2)).toMatchObject({action: 'updated', id: created.id, changes: ['script: replaced']})
    // Without FILE pppc generates the script for --app.
    const dry = await push(null, ['--dry-run'])
    expect(dry).toMatchObject({action: 'dry-run', id: null, url: null, script: {shebang: '#!/bin/sh'}})
    expect((dry.requests as {method: string}[]).map((r) => r.method)).toEqual(['POST', 'GET', 'POST'])
  })

  it('fleet push kandji: planned create, created in a Blueprint, unchanged, planned update, a dry run', async () => {
    const push = async (file: string, extra: string[] = []) =>
      (
        await answer(
          'fleet-push.schema.json',
          ['fleet', 'push', 'kandji', file, '--api-url', server.url, '--name', PUSHED, ...extra],
          {env: KANDJI_ENV},
        )
      ).json
    const blueprint = ['--blueprint', 'Fleet Macs']
    expect(await push(script, ['--plan', ...blueprint])).toMatchObject({action: 'create', id: null, url: null})
    const created = await push(script, blueprint)
    expect(created).toMatchObject({mdm: 'kandji', action: 'created', url: null, blueprints: [{already: false}]})
    expect(await push(script, blueprint)).toMatchObject({action: 'unchanged', blueprints: [{already: true}]})
    expect(await push(script2, ['--plan', '--frequency', 'every_15_min'])).toMatchObject({
      action: 'update',
      blueprints: [],
      changes: ['script: replaced', 'frequency: every_day → every_15_min'],
    })
    const dry = await answer(
      'fleet-push.schema.json',
      ['fleet', 'push', 'kandji', script, '--subdomain', 'example', '--name', PUSHED, '--dry-run', ...blueprint],
      {env: KANDJI_ENV},
    )
    expect(dry.json).toMatchObject({action: 'dry-run', id: null, blueprints: [{name: 'Fleet Macs', already: false}]})
  })

  it('fleet report: Jamf Pro (--format json and --json), Kandji, a CSV export, a fleet without results', async () => {
    const csv = join(work, 'fleet.csv')
    const rows = [`Computer Name,Jamf Pro Computer ID,Operating System Version,${ATTRIBUTE}`]
    for (let i = 0; i < 40; i++) {
      const m = madeUpMac(i)
      rows.push([m.name, String(i + 1), m.macos, m.line === null ? '' : `"${m.line}"`].join(','))
    }
    await writeFile(csv, `${rows.join('\r\n')}\r\n`)
    const empty = join(work, 'empty.csv')
    await writeFile(empty, `Computer Name,Jamf Pro Computer ID,${ATTRIBUTE}\r\nMac-1,1,\r\n`)
    server.kandji.otherDevices = 3
    const runs: [string[], Record<string, string>][] = [
      [['--mdm', 'jamf', '--url', server.url, '--format', 'json'], JAMF_ENV],
      [['--mdm', 'jamf', '--url', server.url], JAMF_ENV],
      [['--mdm', 'kandji', '--api-url', server.url], KANDJI_ENV],
      [['--csv', csv], {}],
      [['--csv', empty], {}],
    ]
    const answers = new Map<string, Record<string, unknown>>()
    await each(runs, async ([args, env]) =>
      answers.set(args[1]!, (await answer('fleet-report.schema.json', ['fleet', 'report', ...args], {env})).json),
    )
    type Counts = Record<'shows' | 'unknown' | 'does-not-show' | 'no-result', number>
    for (const [from, json] of answers) {
      if (from === empty) continue
      // Two of each kind: 16 do not show, 18 show, 2 unknown, 4 without a result.
      expect(json.verdicts, from).toEqual({shows: 18, unknown: 2, 'does-not-show': 16, 'no-result': 4})
      expect(json.macs, from).toBe(40)
      expect(json.reported, from).toBe(36)
      expect((json.list as unknown[]).length, from).toBe(20)
      const versions = json.macos as (Counts & {macs: number})[]
      expect(
        versions.reduce((n, v) => n + v.macs, 0),
        from,
      ).toBe(40)
      for (const v of versions) expect(v.shows + v.unknown + v['does-not-show'] + v['no-result']).toBe(v.macs)
    }
    expect(answers.get('jamf')!.unassigned).toBeNull()
    expect(answers.get('kandji')!.unassigned).toBe(3)
    expect(answers.get(csv)!.source).toEqual({kind: 'csv', where: 'fleet.csv', item: ATTRIBUTE})
    expect(answers.get(empty)).toMatchObject({macs: 1, reported: 0, causes: [], list: []})
  })

  it('fleet errors: an unknown app, FILE exists, no credentials, not a script, no source, an unknown script', async () => {
    const notScript = join(work, 'notes.txt')
    await writeFile(notScript, 'echo hello\n')
    const failures: [string[], Record<string, string>?][] = [
      [['fleet', 'script', '--mdm', 'jamf', '--app', 'no-such-app']],
      [['fleet', 'script', '--mdm', 'jamf', '-o', script]],
      [['fleet', 'push', 'jamf', script, '--url', server.url]],
      [['fleet', 'push', 'kandji', notScript, '--api-url', server.url], KANDJI_ENV],
      [['fleet', 'report']],
      [['fleet', 'report', '--mdm', 'kandji', '--api-url', server.url, '--name', 'nope'], KANDJI_ENV],
      [['fleet', 'report', '--mdm', 'jamf', '--url', server.url], {...JAMF_ENV, JAMF_CLIENT_SECRET: 'wrong-secret-0'}],
    ]
    const exits: number[] = []
    await each(failures, async ([args, env]) => {
      const {result, json} = await answer('(none)', args, {ok: [], ...(env ? {env} : {})})
      expect(result.exitCode).toBe((json.error as {exit: number}).exit)
      exits.push(result.exitCode)
    })
    expect(exits.sort()).toEqual([1, 2, 2, 2, 2, 2, 2])
  })
})

/** Objects whose keys are data (header names, form fields), not fields of the answer. */
const MAPS = [/^requests\[\d+\]\.(headers|form)$/, /^spec\.apps\[\d+\]\.grants$/]

/** Fields an answer may leave out, per schema; every other field, when left out, must fail its schema. */
/** A step's drawing and its parts are there when the step has one; a site's contact lists what the file gives. */
const FLOW_OPTIONAL = [
  'groups',
  'detail',
  'technicianNote',
  'illustration',
  'browser',
  'app',
  'file',
  'settingsApp',
  'pane',
  'button',
  'sections',
  'highlight',
  'phone',
  'email',
  'hours',
]

const OPTIONAL: Record<string, string[]> = {
  'validate.schema.json': [
    'signature',
    'problem',
    'chainProblem',
    'profile',
    'identifier',
    'displayName',
    'path',
    'line',
    'column',
  ],
  'inspect.schema.json': ['problem', 'chainProblem', 'receiver'],
  'flow.schema.json': FLOW_OPTIONAL,
  // Doctor's answer holds the flow for this Mac.
  'doctor.schema.json': ['fix', 'command', ...FLOW_OPTIONAL],
  'collect.schema.json': ['message'],
  'install.schema.json': ['when', 'entry'],
  'push-jamf.schema.json': ['body', 'form', 'receiver'],
  'push-kandji.schema.json': ['body', 'form', 'receiver'],
  'push-list.schema.json': [],
  'pull.schema.json': [],
  'diff.schema.json': ['receiver', 'a', 'b', 'receiverRequirement', 'requirement'],
  // The spec's optional keys, as spec.schema.json has them.
  'import.schema.json': [
    'problem',
    'warnings',
    'identifier',
    'uuid',
    'displayName',
    'organization',
    'description',
    'bundleId',
    'path',
    'codeRequirement',
    'grants',
    'receiver',
    'identifierType',
  ],
  'sign.schema.json': [],
  'fleet-push.schema.json': ['body', 'form'],
  'fleet-script.schema.json': [],
  'fleet-report.schema.json': [],
  'apps.schema.json': [
    'client',
    'optional',
    'receiver',
    'shownName',
    'executable',
    'install',
    'launcher',
    'name',
    'permissionsWindow',
    'renamed',
    'deprecated',
    'ddmKey',
    'needsReceiver',
    'formerNames',
    'notes',
  ],
  'generate.schema.json': [],
  'error.schema.json': [],
}

/** Every object in an answer, with its path, outside the maps. */
function objects(value: unknown, path = ''): {path: string; object: Record<string, unknown>}[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objects(v, `${path}[${i}]`))
  if (typeof value !== 'object' || value === null) return []
  const here = MAPS.some((m) => m.test(path)) ? [] : [{path, object: value as Record<string, unknown>}]
  return [...here, ...Object.entries(value).flatMap(([k, v]) => objects(v, path ? `${path}.${k}` : k))]
}

/** Schemas that are not a command's answer: shared definitions, and the input files (the spec, the site file). */
const NOT_ANSWERS = [
  'common.schema.json',
  'app.schema.json',
  'push.schema.json',
  'spec.schema.json',
  'site.schema.json',
  // .pppc.yaml, checked by test/profiles/lint-config.test.ts.
  'pppc-config.schema.json',
]

describe('the schemas are strict', () => {
  it('every schema in schemas/ was used above', () => {
    const files = readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'))
    const used = new Set(samples.map((s) => s.schema))
    expect(files.filter((f) => !used.has(f) && !NOT_ANSWERS.includes(f))).toEqual([])
  })

  it('an added or renamed field, anywhere in an answer, fails; so does a missing one unless it may be absent', () => {
    // Every object of every answer above is changed, one field at a time.
    expect(samples.length).toBeGreaterThan(50)
    for (const sample of samples) {
      for (const {path, object} of objects(sample.json)) {
        object.unexpectedField = true
        expect(
          schemaErrors(sample.schema, sample.json).length,
          `a field added to ${sample.schema} ${path}`,
        ).toBeGreaterThan(0)
        delete object.unexpectedField
        for (const key of Object.keys(object)) {
          const value = object[key]
          delete object[key]
          const missing = schemaErrors(sample.schema, sample.json)
          object[`${key}Renamed`] = value
          const renamed = schemaErrors(sample.schema, sample.json)
          delete object[`${key}Renamed`]
          object[key] = value
          const where = `${sample.schema} ${path}.${key}`
          expect(renamed.length, `renaming ${where}`).toBeGreaterThan(0)
          if (missing.length === 0) expect(OPTIONAL[sample.schema], `leaving out ${where}`).toContain(key)
        }
      }
      expect(schemaErrors(sample.schema, sample.json)).toEqual([])
    }
  })
})
