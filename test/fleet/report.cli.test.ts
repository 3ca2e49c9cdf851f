import {mkdir, mkdtemp, readdir, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {pppc, pppcInProcess, type CliResult} from '../helpers/cli.js'
import {BIN} from '../helpers/paths.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {madeUpMac} from '../helpers/fleet.js'
import {MdmServer} from '../helpers/mdm-server.js'

const CLIENT_SECRET = 'jamf-fleet-secret-8Tq3Z'
const KANDJI_TOKEN = 'kandji-fleet-token-3Rb7-77aa'
const JAMF = {JAMF_CLIENT_ID: 'pppc-fleet', JAMF_CLIENT_SECRET: CLIENT_SECRET, PPPC_HTTP_BACKOFF_MS: '1'}
const KANDJI = {KANDJI_API_TOKEN: KANDJI_TOKEN, PPPC_HTTP_BACKOFF_MS: '1'}
const ATTRIBUTE = 'pppc fleet: beyondtrust-rs-customer-client'
const SLOW = {timeout: 90_000}

const server = new MdmServer()
const outputs: CliResult[] = []
let work: string

/**
 * Runs pppc fleet report, in this process unless `cli` says otherwise: these tests check what the report says, and
 * test/cli/in-process.cli.test.ts holds in-process runs to the binary's.
 */
async function run(args: string[], env: Record<string, string>, cli = pppcInProcess): Promise<CliResult> {
  const result = await cli(['fleet', 'report', ...args], {env})
  outputs.push(result)
  return result
}

beforeAll(async () => {
  await server.start()
  work = await mkdtemp(join(tmpdir(), 'pppc-fleet-report-'))
})
afterAll(async () => {
  await server.stop()
  // No credential reaches any output.
  for (const {stdout, stderr} of outputs) {
    expect(stdout + stderr).not.toContain(CLIENT_SECRET)
    expect(stdout + stderr).not.toContain(KANDJI_TOKEN)
    expect(stdout + stderr).not.toContain('jamf-issued-token')
  }
})
beforeEach(() => {
  server.reset()
  server.jamf.clients.set('pppc-fleet', CLIENT_SECRET)
  server.kandji.token = KANDJI_TOKEN
  server.fleet.count = 1000
  server.fleet.mac = madeUpMac
  server.fleet.attribute = ATTRIBUTE
  server.fleet.inGeneral = false
  server.fleet.scriptId = 'b7c1d2e3-0000-4000-8000-000000000001'
  server.kandji.scripts.push({
    id: server.fleet.scriptId,
    name: ATTRIBUTE,
    active: true,
    execution_frequency: 'every_day',
    restart: false,
    script: '#!/bin/sh',
    remediation_script: '',
    show_in_self_service: false,
  })
})

interface Report {
  source: {kind: string; where: string; item: string}
  apps: string[]
  macs: number
  reported: number
  unassigned: number | null
  verdicts: Record<string, number>
  macos: {version: string; macs: number; shows: number; unknown: number; 'does-not-show': number; 'no-result': number}[]
  causes: {service: string; section: string; cause: string; decided: boolean; macs: number; fix: string}[]
  list: {
    id: string
    name: string
    macos: string | null
    window: string
    sections: {section: string; cause: string; fix: string}[]
  }[]
}

const causes = (r: Report) =>
  Object.fromEntries(r.causes.map((c) => [`${c.service}:${c.cause}${c.decided ? '' : '?'}`, c.macs]))

/** The counts the made-up fleet of 1,000 Macs was built with (test/helpers/fleet.ts), counted by hand. */
function expectMadeUpCounts(report: Report): void {
  expect(report.macs).toBe(1000)
  expect(report.reported).toBe(900)
  expect(report.verdicts).toEqual({shows: 450, unknown: 50, 'does-not-show': 400, 'no-result': 100})
  expect(causes(report)).toEqual({
    'ScreenCapture:not-granted': 200,
    'Accessibility:stale': 100,
    'SystemPolicyAllFiles:stale': 100,
    'ScreenCapture:denied': 50,
    'SystemPolicyAllFiles:no-fda?': 50,
    'ScreenCapture:mismatch': 50,
    'Accessibility:mismatch': 50,
    'SystemPolicyAllFiles:mismatch': 50,
    'ScreenCapture:no-fda?': 50,
    'Accessibility:not-applied': 50,
    'SystemPolicyAllFiles:not-applied': 50,
  })
  expect(report.causes[0]).toMatchObject({section: 'Screen Recording', cause: 'not-granted', macs: 200})
  // The list: every Mac that shows the window, then the undecided ones, each section with its fix.
  expect(report.list).toHaveLength(500)
  expect(report.list.slice(0, 450).every((m) => m.window === 'shows')).toBe(true)
  expect(report.list.slice(450).every((m) => m.window === 'unknown')).toBe(true)
  expect(report.list.find((m) => m.name === 'Mac-000015')).toMatchObject({
    macos: '15.7.9',
    window: 'shows',
    sections: [
      {section: 'Screen Recording', cause: 'mismatch'},
      {section: 'Accessibility', cause: 'mismatch'},
      {section: 'Full Disk Access', cause: 'mismatch'},
    ],
  })
  expect(report.list.find((m) => m.name === 'Mac-000008')?.sections[0]?.fix).toMatch(/allows it when the window asks/)
  expect(report.apps).toEqual(['beyondtrust-rs-customer-client'])
}

describe('pppc fleet report --mdm jamf', () => {
  it(
    'counts a fleet of 1,000 Macs by verdict, macOS version and cause, and lists those that show the window',
    SLOW,
    async () => {
      // Through the binary (bin/run.js): 1,000 Macs read over HTTP by a process of its own.
      const result = await run(['--mdm', 'jamf', '--url', server.url, '--format', 'json'], JAMF, pppc)
      expect(result.stderr).toBe('')
      expect(result.exitCode).toBe(0)
      const report = JSON.parse(result.stdout) as Report
      expectMadeUpCounts(report)
      expect(report.source).toEqual({kind: 'jamf', where: server.url, item: ATTRIBUTE})
      expect(report.unassigned).toBeNull()
      expect(report.macos).toEqual([
        {version: '13.7.8', macs: 100, shows: 0, unknown: 0, 'does-not-show': 0, 'no-result': 100},
        {version: '14.6', macs: 300, shows: 100, unknown: 0, 'does-not-show': 200, 'no-result': 0},
        {version: '15.5', macs: 400, shows: 200, unknown: 0, 'does-not-show': 200, 'no-result': 0},
        {version: '15.7.9', macs: 50, shows: 50, unknown: 0, 'does-not-show': 0, 'no-result': 0},
        {version: '26.1', macs: 100, shows: 100, unknown: 0, 'does-not-show': 0, 'no-result': 0},
        {version: '26.6.2', macs: 50, shows: 0, unknown: 50, 'does-not-show': 0, 'no-result': 0},
      ])
      // Two pages of 500, sorted by id, with the three sections asked for.
      const pages = server.seen('GET', /^\/api\/v1\/computers-inventory/)
      expect(pages).toHaveLength(2)
      for (const [i, page] of pages.entries()) {
        const query = new URL(page.path, server.url).searchParams
        expect(query.getAll('section').sort()).toEqual(['EXTENSION_ATTRIBUTES', 'GENERAL', 'OPERATING_SYSTEM'])
        expect([query.get('page'), query.get('page-size'), query.get('sort')]).toEqual([String(i), '500', 'id:asc'])
      }
    },
  )

  it('stops on Ctrl-C while it reads the fleet and removes its spool of Macs', SLOW, async () => {
    // 200,000 Macs: seconds of pages. The spool (names and serials of the Macs to list) must not outlive the run.
    server.fleet.count = 200_000
    const temp = join(work, 'interrupted-tmp')
    await mkdir(temp)
    const child = execa('node', [BIN, 'fleet', 'report', '--mdm', 'jamf', '--url', server.url, '--format', 'json'], {
      env: {...JAMF, TMPDIR: temp},
      reject: false,
    })
    let spooling = false
    for (let i = 0; i < 5000 && !spooling && child.exitCode === null; i++) {
      spooling = (await readdir(temp)).some((f) => f.startsWith('pppc-fleet-'))
      if (!spooling) await new Promise((r) => setTimeout(r, 2))
    }
    expect(spooling).toBe(true)
    // A few pages in, so that the spool files are open and being written.
    while (server.seen('GET', /^\/api\/v1\/computers-inventory/).length < 3) await new Promise((r) => setTimeout(r, 5))
    child.kill('SIGINT')
    const result = await child
    expect(result.signal ?? result.exitCode).toBe('SIGINT')
    expect(result.stdout).toBe('')
    expect(await readdir(temp)).toEqual([])
  })

  it(
    'finds the attribute under general when Jamf Pro shows it in the General section; --json is --format json',
    SLOW,
    async () => {
      server.fleet.inGeneral = true
      const result = await run(['--mdm', 'jamf', '--url', server.url, '--json'], JAMF)
      expect(result.exitCode).toBe(0)
      expectMadeUpCounts(JSON.parse(result.stdout) as Report)
    },
  )

  it('prints the counts and the Macs with their fixes as text', SLOW, async () => {
    const result = await run(['--mdm', 'jamf', '--url', server.url], JAMF)
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^Fleet readiness for BeyondTrust Remote Support Customer Client: Jamf Pro /)
    expect(result.stdout).toContain('1000 Macs, 900 with a result')
    expect(result.stdout).toMatch(/window shows\s+450\s+45\.0%/)
    expect(result.stdout).toMatch(/no result yet\s+100\s+10\.0%/)
    expect(result.stdout).toMatch(/Screen Recording\s+not granted\s+200\s+the user allows it/)
    expect(result.stdout).toContain(
      'Mac-000016 (id 17, macOS 26.6.2): unknown\n  Screen Recording: TCC.db unreadable (undecided); fix:',
    )
  })

  it('shows a hostile Mac name (escape sequences, bidi overrides) as text, never obeys it', SLOW, async () => {
    server.fleet.mac = (i) => ({
      ...madeUpMac(i),
      name: i === 8 ? 'evil\u001b]0;owned\u0007\u202emac' : madeUpMac(i).name,
    })
    const text = await run(['--mdm', 'jamf', '--url', server.url], JAMF)
    expect(text.stdout).toContain('evil\\x1b]0;owned\\x07\\u202emac (id 9, macOS 15.5): window shows')
    expect(text.stdout).not.toMatch(/[\u001b\u0007\u202e]/)
    for (const format of ['json', 'csv', 'html']) {
      const out = await run(['--mdm', 'jamf', '--url', server.url, '--format', format], JAMF)
      expect(out.stdout).not.toMatch(/[\u001b\u0007\u202e]/)
    }
  })

  it('writes one CSV row per section to fix, and a self-contained HTML page with its charts as SVG', SLOW, async () => {
    const csv = await run(['--mdm', 'jamf', '--url', server.url, '--format', 'csv'], JAMF)
    const rows = csv.stdout.trimEnd().split('\r\n')
    expect(rows[0]).toBe('name,id,macos,window,section,service,cause,decided,fix')
    // 200 + 2×100 + 2×50 + 3×50 + 2×50 (shows) + 50 (unknown) sections.
    expect(rows).toHaveLength(1 + 200 + 200 + 100 + 150 + 100 + 50)
    expect(rows).toContain(
      'Mac-000014,15,26.1,shows,Full Disk Access,SystemPolicyAllFiles,no-fda,false,"grant Full Disk Access to the MDM\'s agent with a PPPC profile, so the script can read TCC.db"',
    )
    const html = await run(['--mdm', 'jamf', '--url', server.url, '--format', 'html'], JAMF)
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/)
    expect(html.stdout.match(/<svg /g)).toHaveLength(3)
    expect(html.stdout).not.toMatch(/\b(src|href)=|url\(|@import/)
    expect(html.stdout).toContain("default-src 'none'")
    expect(html.stdout.match(/<tr><td>Mac-/g)).toHaveLength(500)
  })

  it('fails in one line: no credentials (2), credentials refused (1), --mdm with --csv (2)', SLOW, async () => {
    expectOneLineError(await run(['--mdm', 'jamf', '--url', server.url], {}), 2, /no Jamf Pro credentials/)
    expectOneLineError(
      await run(['--mdm', 'jamf', '--url', server.url], {...JAMF, JAMF_CLIENT_SECRET: 'wrong-secret-value'}),
      1,
      /refused the credentials/,
    )
    expectOneLineError(await run(['--mdm', 'jamf', '--csv', 'x.csv'], JAMF), 2, /--mdm and --csv do not go together/)
    expectOneLineError(await run([], JAMF), 2, /needs --mdm or --csv/)
  })
})

describe('pppc fleet report --mdm kandji', () => {
  it('counts the same 1,000 Macs from the script statuses, and the Macs the script does not reach', SLOW, async () => {
    server.kandji.otherDevices = 25
    const result = await run(['--mdm', 'kandji', '--api-url', server.url, '--format', 'json'], KANDJI)
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    const report = JSON.parse(result.stdout) as Report
    expectMadeUpCounts(report)
    expect(report.unassigned).toBe(25)
    // macOS comes from the line: a Mac that has not run the script is of unknown version.
    expect(report.macos.map((m) => [m.version, m.macs])).toEqual([
      ['14.6', 300],
      ['15.5', 400],
      ['15.7.9', 50],
      ['26.1', 100],
      ['26.6.2', 50],
      ['unknown', 100],
    ])
    // 1,000 statuses in pages of 300 (4), 1,025 devices (4 pages), the script found by name (1 page of 2).
    expect(server.seen('GET', /\/library-items\/.+\/status/)).toHaveLength(4)
    expect(server.seen('GET', /^\/api\/v1\/devices/)).toHaveLength(4)
  })

  it('says so in one line when Kandji has no script of that name', SLOW, async () => {
    expectOneLineError(
      await run(['--mdm', 'kandji', '--api-url', server.url, '--name', 'nope'], KANDJI),
      2,
      /Kandji has no custom script named "nope"/,
    )
  })
})

describe('pppc fleet report --csv', () => {
  it("reads Jamf Pro's advanced search export and Kandji's device export", SLOW, async () => {
    const jamfCsv = join(work, 'jamf.csv')
    const lines = ['Computer Name,Jamf Pro Computer ID,Operating System Version,Last Check-in,' + ATTRIBUTE]
    for (let i = 0; i < 1000; i++) {
      const mac = madeUpMac(i)
      // As Jamf Pro exports it: a value with a comma in quotes.
      const value = mac.line === null ? '' : `"${mac.line}"`
      lines.push([mac.name, String(i + 1), mac.macos, '2026-11-30 08:00:00', value].join(','))
    }
    await writeFile(jamfCsv, `${lines.join('\r\n')}\r\n`)
    const jamf = await run(['--csv', jamfCsv, '--json'], {})
    expect(jamf.exitCode).toBe(0)
    expectMadeUpCounts(JSON.parse(jamf.stdout) as Report)

    const kandjiCsv = join(work, 'kandji.csv')
    const rows = ['"Device Name","Serial Number","OS Version","Blueprint","Last Audit Log"']
    for (let i = 0; i < 1000; i++) {
      const mac = madeUpMac(i)
      const log = mac.line === null ? '' : `Executing audit script...\n${mac.line}`
      rows.push(`"${mac.name}","C02${i}","${mac.macos}","Lab Macs","${log}"`)
    }
    await writeFile(kandjiCsv, `\uFEFF${rows.join('\n')}\n`)
    const kandji = await run(['--csv', kandjiCsv, '--format', 'json'], {})
    expect(kandji.exitCode).toBe(0)
    const report = JSON.parse(kandji.stdout) as Report
    expectMadeUpCounts(report)
    expect(report.list[0]?.id).toBe('C028')
  })

  it('says which columns it needs', SLOW, async () => {
    const bad = join(work, 'bad.csv')
    await writeFile(bad, 'Serial,Thing\n1,2\n')
    expectOneLineError(await run(['--csv', bad], {}), 2, /has no column naming the Macs.*"Serial", "Thing"/)
    expectOneLineError(await run(['--csv', join(work, 'none.csv')], {}), 2, /cannot read .*none\.csv \(ENOENT\)/)
  })
})
