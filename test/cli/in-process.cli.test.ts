import {existsSync} from 'node:fs'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {pppc, pppcInProcess, type CliOptions} from '../helpers/cli.js'
import {madeUpMac} from '../helpers/fleet.js'
import {MdmServer} from '../helpers/mdm-server.js'
import {FIXTURES} from '../helpers/paths.js'
import {makeIdentity} from '../helpers/signing.js'
import {SAFARI_APP} from '../helpers/snapshots.js'

/**
 * Most command tests run pppc in the test's process (pppcInProcess). Here every command runs through the binary
 * (`node bin/run.js`, the end-to-end run of each) and then in this process, and both must answer byte for byte the
 * same: stdout, stderr and exit code, along every way a run ends (it returns, it sets process.exitCode, this.exit()
 * after an error, an error oclif itself handles). One after the other, so that what a run writes (a file, a profile
 * on the test server) is put back as it was before the second.
 */

const CLIENT_ID = 'pppc-in-process-client'
const CLIENT_SECRET = 'jamf-in-process-secret-5Tg8'
const KANDJI_TOKEN = 'kandji-in-process-token-2Pw6'
const JAMF = {JAMF_CLIENT_ID: CLIENT_ID, JAMF_CLIENT_SECRET: CLIENT_SECRET, PPPC_HTTP_BACKOFF_MS: '1'}
const KANDJI = {KANDJI_API_TOKEN: KANDJI_TOKEN, PPPC_HTTP_BACKOFF_MS: '1'}
const SIGNING_PASSWORD = 'in-process signing 4'
const FLEET = 'pppc fleet: beyondtrust-rs-customer-client'

const good = (name: string) => join(FIXTURES, 'profiles', 'good', name)

/** Before a pull: the server as the tests left it, no pulled file, and a profile pushed to pull. */
async function pushedFirst(mdm: 'jamf' | 'kandji', urlFlag: string, pulled: string, env: Record<string, string>) {
  serverState()
  await rm(join(work, pulled), {force: true})
  const args = ['push', mdm, good('beyondtrust-authorization.mobileconfig'), urlFlag, server.url, '--name', 'PPPC']
  expect((await pppcInProcess(args, {env})).exitCode).toBe(0)
}
const bad = (name: string) => join(FIXTURES, 'profiles', 'bad', name)
const mac = (name: string) => join(FIXTURES, 'macs', name)
const server = new MdmServer()
let work: string
let identity: Awaited<ReturnType<typeof makeIdentity>>

/** The test server as the two runs of a push, pull or fleet command must both find it. */
function serverState(): void {
  server.reset()
  server.jamf.clients.set(CLIENT_ID, CLIENT_SECRET)
  server.kandji.token = KANDJI_TOKEN
  server.fleet.count = 40
  server.fleet.mac = madeUpMac
  server.fleet.attribute = FLEET
}

beforeAll(async () => {
  await server.start()
  work = await mkdtemp(join(tmpdir(), 'pppc-in-process-'))
  identity = await makeIdentity({password: SIGNING_PASSWORD})
})
afterAll(async () => {
  await server.stop()
  await rm(work, {recursive: true, force: true})
})

interface Case {
  /** The command line; a function when it needs what beforeAll made. */
  args: string[] | (() => string[])
  env?: Record<string, string> | (() => Record<string, string>)
  /** The exit code the binary must give. */
  exit: number
  /** Put back before each of the two runs what the first one changed. */
  before?: () => Promise<void> | void
}

/** Every command, run through the binary, with the exit code it must give there. */
const COMMANDS: Record<string, Case> = {
  generate: {args: ['generate', '--app', 'beyondtrust', '--mdm', 'kandji'], exit: 0},
  validate: {
    args: ['validate', good('beyondtrust-authorization.mobileconfig'), bad('PPPC055-duplicate-entry.mobileconfig')],
    exit: 0,
  },
  inspect: {args: ['inspect', good('multi-payload-with-automation.mobileconfig')], exit: 0},
  import: {args: ['import', good('legacy-allowed.mobileconfig')], exit: 0},
  diff: {args: ['diff', good('legacy-allowed.mobileconfig'), good('beyondtrust-authorization.mobileconfig')], exit: 1},
  sign: {
    args: () => [
      'sign',
      good('beyondtrust-authorization.mobileconfig'),
      '--identity',
      identity.p12,
      '-o',
      join(work, 'signed.mobileconfig'),
    ],
    env: {PPPC_P12_PASSWORD: SIGNING_PASSWORD},
    exit: 0,
    before: () => rm(join(work, 'signed.mobileconfig'), {force: true}),
  },
  flow: {args: ['flow', '--macos', '14.6', '--browser', 'safari', '--mdm', 'kandji'], exit: 0},
  doctor: {args: ['doctor', '--snapshot', mac('macos-14.8.9-stale-grants')], exit: 1},
  collect: {
    args: () => ['collect', '--snapshot', mac('macos-15.7.9-requirement-mismatch'), '-o', join(work, 'collected')],
    exit: 0,
    before: () => rm(join(work, 'collected'), {recursive: true, force: true}),
  },
  install: {args: ['install', SAFARI_APP, '--snapshot', mac('install-wrong-team')], exit: 1},
  apps: {args: ['apps', 'beyondtrust'], exit: 0},
  'push jamf': {
    args: () => ['push', 'jamf', good('beyondtrust-authorization.mobileconfig'), '--url', server.url, '--name', 'PPPC'],
    env: JAMF,
    exit: 0,
    before: serverState,
  },
  'push kandji': {
    args: () => [
      'push',
      'kandji',
      good('beyondtrust-authorization.mobileconfig'),
      '--api-url',
      server.url,
      '--name',
      'PPPC',
      '--plan',
    ],
    env: KANDJI,
    exit: 0,
    before: serverState,
  },
  'pull jamf': {
    args: () => ['pull', 'jamf', 'PPPC', '--url', server.url, '-o', join(work, 'pulled-jamf.mobileconfig')],
    env: JAMF,
    exit: 0,
    before: async () => {
      await pushedFirst('jamf', '--url', 'pulled-jamf.mobileconfig', JAMF)
    },
  },
  'pull kandji': {
    args: () => ['pull', 'kandji', 'PPPC', '--api-url', server.url, '-o', join(work, 'pulled-kandji.mobileconfig')],
    env: KANDJI,
    exit: 0,
    before: async () => {
      await pushedFirst('kandji', '--api-url', 'pulled-kandji.mobileconfig', KANDJI)
      // Kandji gives each new item a random id, which pull prints: the same one for both runs.
      server.kandji.profiles[0]!.id = '6f1c2a3b-0000-4000-8000-00000000a11d'
    },
  },
  'fleet script': {args: ['fleet', 'script', '--mdm', 'kandji'], exit: 0},
  'fleet push jamf': {
    args: () => ['fleet', 'push', 'jamf', '--url', server.url, '--plan'],
    env: JAMF,
    exit: 0,
    before: serverState,
  },
  'fleet push kandji': {
    args: () => ['fleet', 'push', 'kandji', '--api-url', server.url, '--dry-run'],
    env: KANDJI,
    exit: 0,
    before: serverState,
  },
  'fleet report': {
    args: () => ['fleet', 'report', '--mdm', 'jamf', '--url', server.url],
    env: JAMF,
    exit: 0,
    before: serverState,
  },
}

/**
 * The ways a run ends besides those above (a return, process.exitCode 1 from diff and doctor), and what oclif itself
 * answers.
 */
const ENDINGS: Record<string, Case> = {
  'a usage error: one line, exit 2 (this.exit)': {args: ['generate', '--app', 'beyondtrust', '--frobnicate'], exit: 2},
  'an error as --json': {args: ['validate', join(FIXTURES, 'no-such.mobileconfig'), '--json'], exit: 2},
  'a command oclif does not know (its own handler)': {args: ['generat'], exit: 2},
  'a topic without a command': {args: ['push'], exit: 0},
  // The binary answers help and --version from dist/help.json without oclif; in this process oclif renders them.
  help: {args: ['generate', '--help'], exit: 0},
  '--version': {args: ['--version'], exit: 0},
}

async function bothWays(c: Case): Promise<void> {
  const args = typeof c.args === 'function' ? c.args() : c.args
  const env = typeof c.env === 'function' ? c.env() : c.env
  const options: CliOptions = env ? {env} : {}
  await c.before?.()
  const spawned = await pppc(args, options)
  expect(spawned.exitCode, spawned.stderr).toBe(c.exit)
  await c.before?.()
  expect(await pppcInProcess(args, options)).toEqual(spawned)
}

describe('every command answers the same through bin/run.js and in the test process', () => {
  it.each(Object.entries(COMMANDS))('pppc %s', async (_name, c) => bothWays(c))
})

describe('every way a run ends answers the same through bin/run.js and in the test process', () => {
  it.each(Object.entries(ENDINGS))('%s', async (_name, c) => bothWays(c))
})

describe('pppcInProcess leaves the test process as it was', () => {
  it('runs in the folder given, and leaves the exit code, environment, folder and argv as they were', async () => {
    const cwd = process.cwd()
    const argv = process.argv
    process.exitCode = undefined
    const result = await pppcInProcess(
      ['generate', '--app', 'beyondtrust', '--mdm', 'jamf', '-o', 'here.mobileconfig'],
      {
        cwd: work,
        env: {PPPC_IN_PROCESS_MARK: '1'},
      },
    )
    expect(result.exitCode, result.stderr).toBe(0)
    expect(existsSync(join(work, 'here.mobileconfig'))).toBe(true)
    expect(await readFile(join(work, 'here.mobileconfig'), 'utf8')).toContain(
      'com.apple.TCC.configuration-profile-policy',
    )
    const failed = await pppcInProcess(['validate', bad('PPPC003-array-not-profile.mobileconfig')])
    expect(failed.exitCode).toBe(1)
    expect(process.exitCode).toBeUndefined()
    expect(process.cwd()).toBe(cwd)
    expect(process.argv).toBe(argv)
    expect(process.env.PPPC_IN_PROCESS_MARK).toBeUndefined()
  })

  it("leaves oclif's settings as they were: PPPC_DEBUG=1 for one run (oclif's debug) is not there for the next", async () => {
    const debug = await pppcInProcess(['generat'], {env: {PPPC_DEBUG: '1'}})
    expect(debug.stderr).toMatch(/\n\s+at /)
    expect(await pppcInProcess(['generat'])).toEqual(await pppc(['generat']))
  })

  it('runs started at once keep their own output', async () => {
    const runs = ['kandji', 'jamf', 'generic', 'jamf'].map((mdm) =>
      pppcInProcess(['generate', '--app', 'beyondtrust', '--mdm', mdm, '--json']),
    )
    const answers = (await Promise.all(runs)).map((r) => (JSON.parse(r.stdout) as {mdm: string}).mdm)
    expect(answers).toEqual(['kandji', 'jamf', 'generic', 'jamf'])
  })
})
