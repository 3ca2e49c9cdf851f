/**
 * A command starts from its bundle (scripts/bundle-commands.mjs, src/cli/bundled-command.ts) without
 * loading oclif's runtime. What the user sees must be what oclif gives: for each command line below, run once bundled
 * and once through oclif (PPPC_NO_FAST=1), stdout, stderr, the exit code and any file written are the same. The lines
 * cover success, findings, --json (and PPPC_CONTENT_TYPE=json), every kind of usage error oclif answers (which hands
 * the line back to oclif), input errors pppc answers, and `--`.
 */
import {execa} from 'execa'
import {readdirSync} from 'node:fs'
import {cp, mkdtemp, readdir, readFile, symlink, utimes} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {BIN, FIXTURES, REPO} from '../helpers/paths.js'

interface Run {
  exitCode: number | undefined
  stdout: string
  stderr: string
  files: Record<string, string>
}

const plain = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^(FORCE_COLOR|NO_COLOR|COLORTERM|CI|TF_BUILD|OCLIF_COLUMNS|DEBUG|PPPC_NO_FAST|PPPC_DEBUG)$/.test(k),
  ),
)

const MAC = join(FIXTURES, 'macs', 'macos-14.6-everything-granted')
const STALE = join(FIXTURES, 'macs', 'macos-14.8.9-stale-grants')
const GOOD = join(FIXTURES, 'profiles', 'good')
const BAD = join(FIXTURES, 'profiles', 'bad')

/** Command lines; OUT is replaced by an empty folder of each run's own, whose files are compared afterwards. */
const LINES: string[][] = [
  ['apps'],
  ['apps', '--json'],
  ['apps', 'beyondtrust', '--services'],
  ['apps', 'no-such-app'],
  ['apps', '--no-such-flag'],
  ['apps', 'a', 'b'],
  ['doctor', '--snapshot', MAC],
  ['doctor', '--snapshot', STALE, '--json'],
  ['doctor', '--snapshot', join(FIXTURES, 'macs', 'broken-garbage-tcc')],
  ['doctor', '--snapshot', join(FIXTURES, 'no-such-folder')],
  ['doctor', '--snapshot'],
  ['doctor', '-a', 'zoom', '--snapshot', MAC],
  ['doctor', '--app', 'nope', '--snapshot', MAC, '--json'],
  ['flow', '--macos', '14'],
  ['flow', '--macos', '15', '--mdm', 'jamf', '--json'],
  ['flow', '--os', 'windows', '--browser', 'edge', '--format', 'markdown'],
  ['flow', '--macos', '14', '--format', 'html', '-o', 'OUT/flow.html'],
  ['flow', '--browser', 'lynx'],
  ['flow', '--macos', 'twelve'],
  ['generate', '--app', 'beyondtrust', '--mdm', 'kandji'],
  ['generate', '--app', 'beyondtrust', '--mdm', 'jamf', '--format', 'jamf-xml', '--json'],
  ['generate', '-a', 'beyondtrust', '-m', 'generic', '-o', 'OUT/bt.mobileconfig'],
  ['generate', '--app', 'beyondtrust', '--format', 'ddm', '--organization', 'Example University'],
  ['generate', '--bundle-id', 'com.example.tool'],
  ['generate', '--app', 'beyondtrust', '--grant', 'camera=allow', '--grant', 'microphone=allow'],
  ['generate', '--mdm', 'intune'],
  ['generate', '--app', 'beyondtrust', '--app', 'zoom'],
  ['generate', '--app', 'beyondtrust', '--', '--json'],
  ['inspect', join(GOOD, readdirSyncFirst(GOOD))],
  ['inspect', join(GOOD, readdirSyncFirst(GOOD)), '--json'],
  ['inspect', join(BAD, 'PPPC001-not-a-plist.mobileconfig')],
  ['inspect'],
  ['validate', GOOD],
  ['validate', BAD, '--format', 'json'],
  ['validate', BAD, '--format', 'sarif', '-o', 'OUT/report.sarif'],
  ['validate', join(BAD, 'PPPC013-not-reverse-dns.mobileconfig'), '--strict', '--format', 'github'],
  ['validate', '--explain', 'PPPC045'],
  ['validate', '--format', 'xml', GOOD],
  ['validate', join(FIXTURES, 'no-such-file.mobileconfig')],
  ['validate', GOOD, '--min-macos', 'eleven'],
  ['diff', join(GOOD, readdirSyncFirst(GOOD)), join(GOOD, readdirSyncFirst(GOOD)), '--json'],
  ['diff', join(GOOD, readdirSyncFirst(GOOD))],
  ['import', join(BAD, 'PPPC001-not-a-plist.mobileconfig')],
  ['collect', '-o', 'OUT/mac'],
  ['install', join(FIXTURES, 'no-such.dmg'), '--dry-run'],
  ['sign', join(GOOD, readdirSyncFirst(GOOD)), '--identity', join(FIXTURES, 'no-such.p12')],
  // Commands under a topic: found from several words, as oclif finds them.
  ['push', 'jamf', join(GOOD, readdirSyncFirst(GOOD)), '--url', 'https://example.jamfcloud.com', '--dry-run'],
  ['push', 'kandji', join(GOOD, readdirSyncFirst(GOOD)), '--dry-run', '--json'],
  ['pull', 'jamf', 'PPPC BeyondTrust'],
  ['fleet', 'script', '--mdm', 'jamf'],
  ['fleet', 'script', '--mdm', 'kandji', '-o', 'OUT/fleet.sh'],
  ['fleet', 'report', '--csv', join(FIXTURES, 'no-such.csv')],
  ['fleet', 'push', 'jamf'],
  ['push'],
  ['push', 'nope'],
  ['doctor', 'extra'],
]

/** The first profile of a folder by name: a stable choice that needs no knowledge of the folder's content. */
function readdirSyncFirst(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mobileconfig'))
    .sort()[0]!
}

async function filesIn(dir: string, prefix = ''): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) Object.assign(files, await filesIn(path, `${prefix}${entry.name}/`))
    else files[`${prefix}${entry.name}`] = await readFile(path, 'utf8')
  }
  return files
}

async function run(line: string[], env: Record<string, string | undefined>, bin = BIN): Promise<Run> {
  const out = await mkdtemp(join(tmpdir(), 'pppc-bundled-'))
  const args = line.map((arg) => arg.replace(/^OUT\//, `${out}/`))
  const result = await execa('node', [bin, ...args], {reject: false, stripFinalNewline: false, env, extendEnv: false})
  const unplace = (text: string) => text.replaceAll(out, 'OUT')
  return {
    exitCode: result.exitCode,
    stdout: unplace(String(result.stdout)),
    stderr: unplace(String(result.stderr)),
    files: await filesIn(out),
  }
}

/** Whether a run of bin/run.js loaded any of oclif's own modules (the bundled start loads none). */
async function loadsOclif(args: string[], env: Record<string, string | undefined>, root = REPO): Promise<boolean> {
  const script = `const start = require(${JSON.stringify(join(root, 'dist', 'cli', 'start.cjs'))})
process.on('exit', () => { if (Object.keys(require.cache).some((f) => f.includes('@oclif'))) console.error('OCLIF-LOADED') })
start.main(process.argv.slice(1))`
  const result = await execa('node', ['-e', script, ...args], {reject: false, env, extendEnv: false})
  return result.stderr.includes('OCLIF-LOADED')
}

describe('the bundled start gives what oclif gives', () => {
  // Side by side: each line runs in folders of its own, and the comparison does not depend on timing.
  it.concurrent.each(LINES.map((line) => [line.join(' ').replaceAll(REPO, '.'), line] as const))(
    'pppc %s',
    async (_, line) => {
      const [bundled, oclif] = await Promise.all([run(line, plain), run(line, {...plain, PPPC_NO_FAST: '1'})])
      expect(bundled).toEqual(oclif)
    },
  )

  it('with PPPC_CONTENT_TYPE=json, as --json', async () => {
    const env = {...plain, PPPC_CONTENT_TYPE: 'json'}
    const [bundled, oclif] = await Promise.all([
      run(['apps', 'beyondtrust'], env),
      run(['apps', 'beyondtrust'], {...env, PPPC_NO_FAST: '1'}),
    ])
    expect(bundled).toEqual(oclif)
    expect(JSON.parse(bundled.stdout)).toBeTruthy()
  })

  it('runs without oclif for a command line it can answer, and leaves the others to oclif', async () => {
    expect(await loadsOclif(['apps'], plain)).toBe(false)
    expect(await loadsOclif(['doctor', '--snapshot', MAC, '--json'], plain)).toBe(false)
    expect(await loadsOclif(['validate', GOOD], plain)).toBe(false)
    expect(await loadsOclif(['fleet', 'script', '--mdm', 'jamf'], plain)).toBe(false)
    // A usage error (oclif says it), help, an unknown command, DEBUG, PPPC_DEBUG (stacks that name dist/'s modules)
    // and PPPC_NO_FAST: oclif.
    expect(await loadsOclif(['apps', '--no-such-flag'], plain)).toBe(true)
    expect(await loadsOclif(['generate', '--help'], {...plain, OCLIF_COLUMNS: '100'})).toBe(true)
    expect(await loadsOclif(['doctor', 'extra'], plain)).toBe(true)
    expect(await loadsOclif(['apps'], {...plain, DEBUG: 'nothing-matches'})).toBe(true)
    expect(await loadsOclif(['apps'], {...plain, PPPC_NO_FAST: '1'})).toBe(true)
    expect(await loadsOclif(['validate', GOOD], {...plain, PPPC_DEBUG: '1'})).toBe(true)
  })

  it("has a code cache for each bundle that this Node accepts (made under V8's own flags)", async () => {
    // Compiled as start.cts compiles a bundle, in a process of its own: a cache V8 refuses (another Node, or a training
    // run that changed V8's flags: validate sets two over 100 files) only makes every start slower, silently.
    const script = `
      const {readFileSync, readdirSync} = require('node:fs')
      const {wrap} = require('node:module')
      const vm = require('node:vm')
      const dir = process.argv[1]
      const result = {}
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.cjs.v8cache'))) {
        const file = dir + '/' + name.slice(0, -'.v8cache'.length)
        const compiled = new vm.Script(wrap(readFileSync(file, 'utf8')), {filename: file, cachedData: readFileSync(file + '.v8cache')})
        result[name] = compiled.cachedDataRejected
      }
      console.log(JSON.stringify(result))`
    const {stdout} = await execa('node', ['-e', script, join(REPO, 'dist', 'bundled')], {env: plain})
    const rejected = JSON.parse(stdout) as Record<string, boolean>
    expect(Object.keys(rejected).length).toBeGreaterThanOrEqual(9)
    expect(Object.entries(rejected).filter(([, refused]) => refused)).toEqual([])
  })

  it('leaves the command to oclif when dist/ changed after the bundle was built', async () => {
    // A copy of the package (node_modules linked): tsc run again after the bundling leaves stale bundles behind.
    const copy = await mkdtemp(join(tmpdir(), 'pppc-stale-bundle-'))
    for (const part of ['bin', 'dist', 'data', 'templates', 'package.json', 'oclif.manifest.json']) {
      await cp(join(REPO, part), join(copy, part), {recursive: true, preserveTimestamps: true})
    }
    await symlink(join(REPO, 'node_modules'), join(copy, 'node_modules'))
    expect(await loadsOclif(['apps'], plain, copy)).toBe(false)
    const later = new Date(Date.now() + 60_000)
    await utimes(join(copy, 'dist', 'profiles', 'catalogue.js'), later, later)
    expect(await loadsOclif(['apps'], plain, copy)).toBe(true)
    const [copied, original] = await Promise.all([
      run(['apps'], plain, join(copy, 'bin', 'run.js')),
      run(['apps'], plain),
    ])
    expect(copied).toEqual(original)
  })
})
