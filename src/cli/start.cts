/**
 * How pppc starts (bin/run.js calls main), in CommonJS so that nothing of Node's ES module loader runs before it is
 * needed. Two command lines are answered without loading oclif, each only when the answer is provably oclif's:
 *   - `pppc --version`: oclif prints Config.userAgent (package, platform, CPU, Node), computed here the same way;
 *   - help (`pppc`, `pppc --help`, `pppc COMMAND --help`, `pppc TOPIC`, `pppc TOPIC --help`): the text oclif printed
 *     for exactly that command line when the build rendered it (dist/help.json, scripts/render-help.mjs), used only
 *     when oclif would render it the same: stdout not a terminal (80 columns), no colour (ansis, which oclif colours
 *     with, would not colour), no OCLIF_COLUMNS, and the same package, platform and Node as the build, and
 *     package.json and the manifest as they were then (by size).
 * Everything else, and DEBUG=* (oclif's debug output), goes to oclif. PPPC_NO_FAST=1 always does (the tests compare
 * both ways: test/cli/fast-start.cli.test.ts).
 */
import {readFileSync, statSync} from 'node:fs'
import * as nodeModule from 'node:module'
import {arch, platform, release} from 'node:os'
import {join} from 'node:path'

const ROOT = join(__dirname, '..', '..')

interface RenderedHelp {
  userAgent: string
  /** The sizes of package.json and oclif.manifest.json (what oclif renders help from) when the help was rendered. */
  sources: Record<string, number>
  lines: Record<string, {stdout: string; stderr: string}>
}

export async function main(argv: string[]): Promise<void> {
  // Node 22 and later keep compiled code in a cache of their own; Node 20 has no such function.
  ;(nodeModule as {enableCompileCache?: () => unknown}).enableCompileCache?.()
  if (!process.env.DEBUG && !process.env.PPPC_NO_FAST && !onWsl()) {
    if (argv[0] === '--version') {
      process.stdout.write(`${userAgent()}\n`)
      return
    }
    if (help(argv)) return
  }
  await oclif()
}

/** oclif's Config.userAgent, what it prints for --version. */
export function userAgent(): string {
  const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {name: string; version: string}
  const cpu = arch() === 'ia32' ? 'x86' : arch()
  return `${pjson.name}/${pjson.version} ${platform()}-${cpu} node-${process.version}`
}

/** The help the build rendered for exactly this command line, when oclif would print the same text now. */
function help(argv: string[]): boolean {
  if (process.stdout.isTTY || process.env.OCLIF_COLUMNS) return false
  let rendered: RenderedHelp
  try {
    rendered = JSON.parse(readFileSync(join(ROOT, 'dist', 'help.json'), 'utf8')) as RenderedHelp
  } catch {
    return false
  }
  const key = argv.join(' ')
  const answer = Object.hasOwn(rendered.lines, key) ? rendered.lines[key] : undefined
  // Anything oclif wrote to stderr was wrapped at stderr's width: 80 columns only when stderr is not a terminal.
  if (!answer || (answer.stderr && process.stderr.isTTY) || rendered.userAgent !== userAgent() || colour()) return false
  if (!Object.entries(rendered.sources ?? {}).every(([file, size]) => sizeOf(join(ROOT, file)) === size)) return false
  process.stdout.write(answer.stdout)
  process.stderr.write(answer.stderr)
  return true
}

function sizeOf(file: string): number | undefined {
  return statSync(file, {throwIfNoEntry: false})?.size
}

/**
 * Whether oclif could colour its output when stdout is not a terminal. oclif colours with ansis, which then colours
 * only for FORCE_COLOR, COLORTERM, a CI service (CI, TF_BUILD, TEAMCITY_*), PM2 or an edge runtime: any of these set,
 * and oclif renders. (Asking ansis itself costs more than the rest of this path: about 8 ms to load it.)
 */
function colour(): boolean {
  return Object.keys(process.env).some(
    (key) => /^(FORCE_COLOR|COLORTERM|CI|TF_BUILD|PM2_HOME|NEXT_RUNTIME)$/.test(key) || key.startsWith('TEAMCITY'),
  )
}

/** oclif's platform is "wsl" on Windows' Linux (wsl-utils): its answers there are left to it. */
function onWsl(): boolean {
  if (platform() !== 'linux') return false
  if (release().toLowerCase().includes('microsoft')) return true
  try {
    return readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')
  } catch {
    return false
  }
}

async function oclif(): Promise<void> {
  // With DEBUG set, oclif logs the command line (process.argv) as execute() starts: mask credentials in it first.
  if (process.env.DEBUG) (await import('../deploy/debug-output.js')).redactDebugOutput()
  const {execute} = await import('@oclif/core/execute')
  // The package root, not this file's folder: oclif looks for package.json from there up (bin/ has one of its own).
  await execute({dir: ROOT})
}
