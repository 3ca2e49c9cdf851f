import {Console} from 'node:console'
import {execa} from 'execa'
import {BIN, REPO} from './paths.js'

export interface CliResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface CliOptions {
  cwd?: string
  env?: Record<string, string>
}

/**
 * Runs the built `pppc` as a user would, in a process of its own (`node bin/run.js`), in a given folder. For what
 * only a separate process shows: how bin/run.js starts (the fast path of --version and help), the exit of the process
 * itself, what a module reads from the environment as it loads (DEBUG, colours). About 150-250 ms a run on 2 cores.
 */
export async function pppc(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const result = await execa('node', [BIN, ...args], {
    reject: false,
    ...(options.cwd ? {cwd: options.cwd} : {}),
    env: {...options.env, NO_COLOR: '1'},
    stripFinalNewline: false,
  })
  return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)}
}

/** In-process runs share the test's process (its stdout, env, cwd, exit code): one at a time. */
let queue: Promise<unknown> = Promise.resolve()

/**
 * Runs a pppc command line in the test's own process, as oclif runs it from bin/run.js (`@oclif/core/execute`: `run`,
 * then oclif's `handle` for whatever it throws), and answers as `pppc` does: what went to stdout and stderr, and the
 * exit code the process would have had. A few milliseconds instead of a process start, for tests of what a command
 * prints and answers; `test/cli/in-process.test.ts` holds it to the same answers as the binary.
 *
 * The run sees what a spawned one would: the environment with `env` and NO_COLOR added, `cwd`, process.argv, and
 * process.exitCode unset; afterwards all of these, and oclif's global settings, are as they were. Independent of bin/run.js and of its fast path:
 * it loads the package root as oclif's Config does.
 */
export function pppcInProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const turn = queue.then(() => runHere(args, options))
  queue = turn.catch(() => undefined)
  return turn
}

/** A stream's write, keeping the bytes; always "written", so nothing waits for a 'drain' that never comes. */
function keep(into: Buffer[]): typeof process.stdout.write {
  return ((
    chunk: string | Uint8Array,
    encoding?: BufferEncoding | ((error?: Error | null) => void),
    done?: (error?: Error | null) => void,
  ): boolean => {
    into.push(
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
        : Buffer.from(chunk),
    )
    const callback = typeof encoding === 'function' ? encoding : done
    // A stream calls back after the write, never during it.
    if (callback) process.nextTick(callback)
    return true
  }) as typeof process.stdout.write
}

async function runHere(args: string[], options: CliOptions): Promise<CliResult> {
  const env: Record<string, string> = {...options.env, NO_COLOR: '1'}
  const before = new Map(Object.keys(env).map((key) => [key, process.env[key]]))
  const saved = {
    out: process.stdout.write,
    err: process.stderr.write,
    console: globalThis.console,
    argv: process.argv,
    exit: process.exit,
    exitCode: process.exitCode,
    cwd: process.cwd(),
  }
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  Object.assign(process.env, env)
  // oclif's modules are loaded at the first run, with NO_COLOR already set: ansis decides on colours as it loads.
  const [{run}, {Exit, handle}, {ExitError}, {settings}] = await Promise.all([
    import('@oclif/core/run'),
    import('@oclif/core/handle'),
    import('@oclif/core/errors'),
    import('@oclif/core/settings'),
  ])
  const exitBefore = Exit.exit
  // oclif's settings are global to the process (globalThis.oclif): Config.load turns on `debug` for PPPC_DEBUG=1, and
  // every later run would then print oclif's errors with their stack.
  const settingsBefore = {...settings}
  let exitCode: number | undefined
  try {
    process.stdout.write = keep(stdout)
    process.stderr.write = keep(stderr)
    // oclif prints through console.log and console.error (vitest's console would report them as the test's logs).
    globalThis.console = new Console({stdout: process.stdout, stderr: process.stderr})
    process.argv = [process.execPath, BIN, ...args]
    process.exitCode = undefined
    // process.exit would end the test's process: as oclif's this.exit() does, it ends the command instead.
    process.exit = ((code?: number | string | null) => {
      throw new ExitError(Number(code ?? process.exitCode ?? 0))
    }) as typeof process.exit
    // What handle() ends with: the exit code, kept (it is oclif's documented stub for tests).
    Exit.exit = ((code = 0) => {
      exitCode = code
    }) as typeof Exit.exit
    if (options.cwd) process.chdir(options.cwd)
    try {
      await run(args, REPO)
      exitCode = Number(process.exitCode ?? 0)
    } catch (error) {
      await handle(error as Error)
    }
  } finally {
    for (const key of Object.keys(settings)) if (!(key in settingsBefore)) delete settings[key as keyof typeof settings]
    Object.assign(settings, settingsBefore)
    Exit.exit = exitBefore
    process.chdir(saved.cwd)
    process.exit = saved.exit
    process.exitCode = saved.exitCode
    process.argv = saved.argv
    globalThis.console = saved.console
    process.stderr.write = saved.err
    process.stdout.write = saved.out
    for (const [key, value] of before) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
  return {
    exitCode: exitCode ?? -1,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  }
}
