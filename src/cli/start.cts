/**
 * How pppc starts (bin/run.js calls main), in CommonJS so that nothing of Node's ES module loader runs before it is
 * needed. Two command lines are answered without loading oclif, each only when the answer is provably oclif's:
 *   - `pppc --version`: oclif prints Config.userAgent (package, platform, CPU, Node), computed here the same way;
 *   - help (`pppc`, `pppc --help`, `pppc COMMAND --help`, `pppc TOPIC`, `pppc TOPIC --help`): the text oclif printed
 *     for exactly that command line when the build rendered it (dist/help.json, scripts/render-help.mjs), used only
 *     when oclif would render it the same: stdout not a terminal (80 columns), no colour (ansis, which oclif colours
 *     with, would not colour), no OCLIF_COLUMNS, and the same package, platform and Node as the build, and
 *     package.json and the manifest as they were then (by size).
 * Every other command line runs its command from the command's bundle (dist/bundled/, scripts/bundle-commands.mjs),
 * without oclif's runtime, unless oclif would answer it itself (help, a usage error: see bundled-command.ts).
 * What is left, and DEBUG=* (oclif's debug output), goes to oclif. So does PPPC_DEBUG=1, whose stacks are asked for in
 * bug reports: through oclif they name dist/'s modules and their lines, not a place in a minified bundle's one line.
 * PPPC_NO_FAST=1 always does (the tests compare both ways: test/cli/fast-start.cli.test.ts,
 * test/cli/bundled-start.cli.test.ts).
 */
import {readFileSync, statSync, writeFileSync} from 'node:fs'
import * as nodeModule from 'node:module'
import {arch, platform, release} from 'node:os'
import {dirname, join} from 'node:path'
import * as vm from 'node:vm'

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
  if (!process.env.DEBUG && !process.env.PPPC_DEBUG && !process.env.PPPC_NO_FAST && !onWsl()) {
    if (argv[0] === '--version') {
      process.stdout.write(`${userAgent()}\n`)
      return
    }
    // A command line with a bundle is never one of help's (it asks no help): the bundle is looked for first, as
    // reading the rendered help costs more than a look for a bundle.
    if (await bundled(argv)) return
    if (help(argv)) return
  }
  await oclif()
}

/**
 * The build's training run of a bundle (scripts/bundle-commands.mjs): the command line runs as a user's would, and
 * V8's code cache of what it compiled is written to `cache` as the process exits.
 */
export async function train(argv: string[], cache: string, run = true): Promise<void> {
  if (!(await bundled(argv, {cache, run}))) throw new Error(`no bundle ran for: ${argv.join(' ')}`)
}

/** What a bundle (scripts/bundle-commands.mjs) exports. */
interface Bundle {
  Command: {id?: string; new (argv: string[], config: unknown): {_run(): Promise<unknown>}}
  bundledConfig(root: string, pjson: unknown, userAgent: string): unknown
  FallBackToOclif: new (...args: never[]) => Error
  ExitError: new (...args: never[]) => Error & {oclif: {exit: number}}
}

/** Every command's id (topic words joined by ":"), and whether it takes arguments (then no word after it is a topic). */
type BundledCommands = Record<string, {takesArgs: boolean}>

/**
 * The command a command line names, found as oclif finds it with topics separated by spaces (collateSpacedCmdIDFromArgs
 * in oclif's help/util): words are taken while they name a topic or command, and stop at a flag, a word with "=", or
 * once the command taken so far takes arguments. Undefined when the first word is no word at all.
 */
function commandId(argv: string[], commands: BundledCommands): string | undefined {
  if (argv.length === 0 || !/^[a-z][a-z-]*$/.test(argv[0]!)) return undefined
  if (argv.length === 1) return argv[0]
  const usable = new Set(
    Object.keys(commands).flatMap((id) => id.split(':').map((_, i, a) => a.slice(0, i + 1).join(':'))),
  )
  const words: string[] = []
  for (const arg of argv) {
    const joined = [...words, arg].join(':')
    if (usable.has(joined)) words.push(arg)
    else if (arg.includes('=') || arg.startsWith('-') || commands[words.join(':')]?.takesArgs) break
    else words.push(arg)
  }
  return words.join(':')
}

/** The files of dist/ a bundle was built from, and their sizes then. */
type BundleInputs = Record<string, number>

/**
 * The command run from its bundle (src/cli/bundled-command.ts), when the bundle was built from the files
 * there are now; false when oclif is to run the command line (no bundle, help asked, the bundle out of date, or the
 * command line is one oclif answers itself: a usage error, for one).
 */
async function bundled(argv: string[], train?: {cache: string; run: boolean}): Promise<boolean> {
  // oclif answers --help anywhere before `--` with the command's help.
  for (const arg of argv) {
    if (arg === '--help') return false
    if (arg === '--') break
  }
  let commands: BundledCommands
  try {
    commands = JSON.parse(readFileSync(join(ROOT, 'dist', 'bundled', 'commands.json'), 'utf8')) as BundledCommands
  } catch {
    return false
  }
  const id = commandId(argv, commands)
  if (!id || !Object.hasOwn(commands, id)) return false
  const rest = argv.slice(id.split(':').length)
  const base = join(ROOT, 'dist', 'bundled', id.replaceAll(':', '.'))
  let inputs: BundleInputs
  try {
    inputs = JSON.parse(readFileSync(`${base}.inputs.json`, 'utf8')) as BundleInputs
  } catch {
    return false
  }
  // Stale when a file it was built from changed since: another size, or written after it (tsc run alone). npm pack
  // gives every file the same date, so in a package nothing is newer than the bundle.
  const built = statSync(`${base}.cjs`, {throwIfNoEntry: false})?.mtimeMs
  if (built === undefined) return false
  for (const [file, size] of Object.entries(inputs)) {
    const stat = statSync(join(ROOT, file), {throwIfNoEntry: false})
    if (!stat || stat.size !== size || stat.mtimeMs > built) return false
  }
  const bundle = loadBundle(`${base}.cjs`, built, train?.cache)
  if (train && !train.run) return true
  const pjson = packageJson()
  bundle.Command.id = id
  try {
    await new bundle.Command(rest, bundle.bundledConfig(ROOT, pjson, userAgent(pjson)))._run()
  } catch (error) {
    if (error instanceof bundle.FallBackToOclif) return false
    // oclif's ending of a command that exits (this.exit): process.exit with its code, at once.
    if (error instanceof bundle.ExitError) process.exit(error.oclif.exit)
    process.stderr.write(`Error: unexpected error (${String((error as Error)?.message ?? error).split('\n')[0]})\n`)
    process.exit(70)
  }
  await flushed()
  return true
}

/**
 * A bundle's exports. Compiled with the V8 code cache the build wrote beside it (`.v8cache`, from a run of the
 * command: scripts/bundle-commands.mjs), which spares compiling most of the functions a run needs; V8 itself rejects
 * a cache from another V8 version or other flags, and the bundle then compiles as without one. `keep` writes the
 * cache as this process exits (the build's training run).
 */
function loadBundle(file: string, built: number, keep?: string): Bundle {
  const cache = `${file}.v8cache`
  const cacheStat = keep ? undefined : statSync(cache, {throwIfNoEntry: false})
  // A cache older than its bundle is another build's.
  const cachedData = cacheStat && cacheStat.mtimeMs >= built ? readFileSync(cache) : undefined
  const script = new vm.Script(nodeModule.wrap(readFileSync(file, 'utf8')), {
    // No import() in a bundle (the build refuses one): a script compiled here could not run it.
    filename: file,
    ...(cachedData ? {cachedData} : {}),
  })
  const module = {exports: {}}
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  wrapper.call(module.exports, module.exports, nodeModule.createRequire(file), module, file, dirname(file))
  if (keep) process.once('exit', () => writeFileSync(keep, script.createCachedData()))
  return module.exports as Bundle
}

/** oclif's flush after a command: stdout drained, or an error after 10 s. */
async function flushed(): Promise<void> {
  if (process.stdout.write('')) return
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('timed out')), 10_000)
    timer.unref()
    process.stdout.once('drain', () => {
      clearTimeout(timer)
      done()
    })
  })
}

interface PackageJson {
  name: string
  version: string
}

function packageJson(): PackageJson {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson
}

/** oclif's Config.userAgent, what it prints for --version. */
export function userAgent(pjson: PackageJson = packageJson()): string {
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
