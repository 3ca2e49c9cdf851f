import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {diagnose} from '../../src/checks/diagnose.js'
import {gatherFacts} from '../../src/checks/gather.js'
import {requireApp} from '../../src/profiles/catalogue.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {pppc, type CliResult} from '../helpers/cli.js'
import {MdmServer} from '../helpers/mdm-server.js'
import {FIXTURES} from '../helpers/paths.js'
import {schemaErrors, SCHEMAS} from '../helpers/schemas.js'
import {signProfile} from '../helpers/signing.js'
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

/**
 * Runs pppc with --json; exit codes in `ok` answer with the command's schema, any other with the error schema. The
 * answer must be one JSON document on stdout, and conform.
 */
async function answer(
  schema: string,
  args: string[],
  options: {ok?: number[]; env?: Record<string, string>} = {},
): Promise<{result: CliResult; json: Record<string, unknown>}> {
  const result = await pppc([...args, '--json'], options.env ? {env: options.env} : {})
  const ok = options.ok ?? [0]
  expect([...ok, 1, 2], `exit code of ${args.join(' ')}: ${result.stderr}`).toContain(result.exitCode)
  const json = JSON.parse(result.stdout) as Record<string, unknown>
  const used = ok.includes(result.exitCode) ? schema : 'error.schema.json'
  expect(schemaErrors(used, json), `${args.join(' ')} against ${used}`).toEqual([])
  samples.push({schema: used, args, json})
  return {result, json}
}

/** Runs `job` over `items`, a few at a time: each pppc run is a process of its own. */
async function eachAtOnce<T>(items: readonly T[], job: (item: T) => Promise<unknown>, width = 3): Promise<void> {
  const queue = [...items]
  await Promise.all(
    Array.from({length: width}, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await job(item)
    }),
  )
}

beforeAll(async () => {
  await server.start()
  server.jamf.clients.set(CLIENT_ID, CLIENT_SECRET)
  server.kandji.token = KANDJI_TOKEN
  work = await mkdtemp(join(tmpdir(), 'pppc-schemas-'))
  profile = join(work, 'beyondtrust.mobileconfig')
  other = join(work, 'other.mobileconfig')
  expect((await pppc(['generate', '--app', 'beyondtrust', '--mdm', 'jamf', '-o', profile])).exitCode).toBe(0)
  const args = ['generate', '--app', 'beyondtrust', '--grant', 'input-monitoring=deny', '--mdm', 'jamf', '-o', other]
  expect((await pppc(args)).exitCode).toBe(0)
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
    ]
    const answers = new Map<string, Record<string, unknown>>()
    await eachAtOnce(runs, async (args) =>
      answers.set(args.join(' '), (await answer('generate.schema.json', ['generate', ...args])).json),
    )
    expect(answers.get(runs[3]!.join(' '))!.output).toBe(out)
    expect(answers.get(runs[5]!.join(' '))!.warnings).not.toEqual([])
  })

  it('validate and inspect: clean, broken (every bad fixture), binary, signed and tampered profiles; --rules', async () => {
    const signed = join(work, 'signed.mobileconfig')
    await writeFile(signed, await signProfile(readFileSync(profile)))
    const good = (file: string) => join(FIXTURES, 'profiles', 'good', file)
    const tampered = join(FIXTURES, 'profiles', 'bad', 'PPPC004-tampered-signature.mobileconfig')
    const runs: [string, string[], number[]][] = [
      ['validate.schema.json', ['validate', join(FIXTURES, 'profiles', 'good')], [0]],
      ['validate.schema.json', ['validate', join(FIXTURES, 'profiles', 'bad')], [1]],
      ['validate.schema.json', ['validate', signed, '--mdm', 'jamf', '--min-macos', '12'], [0]],
      ['validate.schema.json', ['validate', '--rules'], [0]],
      ['inspect.schema.json', ['inspect', good('beyondtrust-binary.mobileconfig')], [0]],
      ['inspect.schema.json', ['inspect', good('multi-payload-with-automation.mobileconfig')], [0]],
      ['inspect.schema.json', ['inspect', signed], [0]],
      ['inspect.schema.json', ['inspect', tampered], [0]],
    ]
    const answers = new Map<string, Record<string, unknown>>()
    await eachAtOnce(runs, async ([schema, args, ok]) =>
      answers.set(args.join(' '), (await answer(schema, args, {ok})).json),
    )
    const report = answers.get(runs[2]![1].join(' '))!.files as {signature?: unknown}[]
    expect(report[0]!.signature).toMatchObject({verified: true})
    expect(answers.get(`inspect ${tampered}`)!.signature).toMatchObject({verified: false})
  })

  it('flow: both flows, one browser or all, an MDM, granted sections, a version pppc does not know', async () => {
    const runs = [
      ['--macos', '12.7.6'],
      ['--macos', '15.1', '--browser', 'safari', '--mdm', 'kandji'],
      ['--macos', '26.1', '--granted', 'screen-recording'],
      ['--macos', '10.13.6'],
    ]
    const covered: boolean[] = []
    await eachAtOnce(runs, async (args) =>
      covered.push(((await answer('flow.schema.json', ['flow', ...args])).json.flow as {covered: boolean}).covered),
    )
    expect(covered.sort()).toEqual([false, true, true, true])
  })

  it('doctor: recorded Macs with something to do, nothing to do, no Full Disk Access, a broken TCC.db', async () => {
    const macs = [
      'macos-15.7.9-requirement-mismatch',
      'macos-27.0-beta-kandji-everything-granted',
      'macos-26.6.2-no-full-disk-access',
      'broken-garbage-tcc',
    ]
    await eachAtOnce(macs, (name) => answer('doctor.schema.json', ['doctor', '--snapshot', mac(name)], {ok: [0, 1]}))
  })

  it('doctor: the diagnosis of every recorded Mac in fixtures/macs (what doctor --json prints, in-process)', async () => {
    expect(MACS.length).toBeGreaterThan(15)
    for (const name of MACS) {
      const diagnosis = diagnose(await gatherFacts(await RecordedMac.open(mac(name)), requireApp('beyondtrust')))
      expect(schemaErrors('doctor.schema.json', JSON.parse(JSON.stringify(diagnosis))), name).toEqual([])
    }
  })

  it('collect: from recorded Macs, with and without Full Disk Access', async () => {
    await eachAtOnce(['macos-15.7.9-requirement-mismatch', 'macos-26.6.2-no-full-disk-access'], (name) =>
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
    const snapshot = await recordedMacWithZip('install-valid-notarized', appBundle(CLIENT_APP))
    const after = await recordedMacWithZip('install-after-session', appBundle(CLIENT_APP))
    const runs: [string[], number[]][] = [
      [['install', zip, '--dest', '/Applications', '--dry-run'], [0]],
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
    await eachAtOnce(runs, async ([args, ok]) =>
      statuses.push((await answer('install.schema.json', args, {ok})).json.status),
    )
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
  })

  it('apps: the whole catalogue, one entry, the services', async () => {
    const all = await answer('apps.schema.json', ['apps'])
    expect((all.json.apps as unknown[]).length).toBeGreaterThan(15)
    await eachAtOnce(
      [
        ['apps', 'beyondtrust'],
        ['apps', 'teamviewer'],
        ['apps', '--services'],
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
    if (process.platform !== 'darwin') failures.push([['collect', '-o', join(work, 'nowhere')]])
    await eachAtOnce(failures, async ([args, env]) => {
      const {result, json} = await answer('(none)', args, {ok: [], ...(env ? {env} : {})})
      expect(result.exitCode).toBe((json.error as {exit: number}).exit)
    })
  })
})

/** Objects whose keys are data (header names, form fields), not fields of the answer. */
const MAPS = [/^requests\[\d+\]\.(headers|form)$/]

/** Fields an answer may leave out, per schema; every other field, when left out, must fail its schema. */
const OPTIONAL: Record<string, string[]> = {
  'validate.schema.json': ['signature', 'problem', 'profile', 'identifier', 'displayName', 'path', 'line', 'column'],
  'inspect.schema.json': ['problem', 'receiver', 'identifier', 'teamId', 'anchor'],
  'flow.schema.json': ['groups', 'detail'],
  'doctor.schema.json': ['fix', 'groups', 'detail'],
  'collect.schema.json': ['message'],
  'install.schema.json': ['when', 'entry'],
  'push-jamf.schema.json': ['body', 'form'],
  'push-kandji.schema.json': ['body', 'form'],
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

describe('the schemas are strict', () => {
  it('every schema in schemas/ was used above', () => {
    const files = readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'))
    const used = new Set(samples.map((s) => s.schema))
    expect(
      files.filter((f) => !used.has(f) && !['common.schema.json', 'app.schema.json', 'push.schema.json'].includes(f)),
    ).toEqual([])
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
