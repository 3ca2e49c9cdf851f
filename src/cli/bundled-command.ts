/**
 * oclif's Command, as much of it as pppc's commands use, for the bundled start (scripts/bundle-commands.mjs,
 * src/cli/start.cts). The build bundles each command with this module in place of `@oclif/core/command` and with
 * oclif's own flag parser, so that a command starts without loading oclif's runtime (its configuration, plugins,
 * help, ux and error rendering: about twice Node's own start-up).
 *
 * Only the way a command succeeds or fails after parsing is run here. Whatever oclif would answer itself (a parse or
 * usage error, a deprecated flag, help, a hook) makes the run stop before the command has done anything, and oclif runs
 * the same command line from the start (`FallBackToOclif`). The methods below do what oclif 4's do
 * (node_modules/@oclif/core/lib/command.js), and test/cli/bundled-start.cli.test.ts runs each command line both ways
 * and compares stdout, stderr and the exit code.
 */
import {format, inspect} from 'node:util'
import {boolean} from '@oclif/core/flags'
import type {Command as OclifCommand, Interfaces} from '@oclif/core'
import {parse as oclifParse} from '@oclif/core/parser'

/** oclif's ExitError (what `this.exit` throws), so that `catch` can tell an exit from a failure. */
export class ExitError extends Error {
  readonly oclif: {exit: number}
  readonly code = 'EEXIT'
  constructor(exitCode: number) {
    super(`EEXIT: ${exitCode}`)
    this.oclif = {exit: exitCode}
  }
}

/** Thrown where oclif would answer itself: nothing has been done yet, and oclif runs the command line instead. */
export class FallBackToOclif extends Error {
  constructor(readonly reason: string) {
    super(`handled by oclif: ${reason}`)
  }
}

/** The parts of oclif's Config that pppc's commands and this class read. */
export interface BundledConfig {
  name: string
  version: string
  bin: string
  root: string
  userAgent: string
  scopedEnvVar(key: string): string | undefined
  scopedEnvVarKeys(key: string): string[]
}

export function bundledConfig(
  root: string,
  pjson: {name: string; version: string; oclif: {bin: string}},
  userAgent: string,
): BundledConfig {
  const bin = pjson.oclif.bin
  const keys = (key: string): string[] => [`${bin.replaceAll('@', '').replaceAll(/[/-]/g, '_')}_${key}`.toUpperCase()]
  return {
    name: pjson.name,
    version: pjson.version,
    bin,
    root,
    userAgent,
    scopedEnvVarKeys: keys,
    scopedEnvVar: (key) => process.env[keys(key).find((k) => process.env[k]) ?? ''],
  }
}

// oclif swallows EPIPE on stdout (the reader went away, as with `| head`): the command module does it as it loads.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error?.code === 'EPIPE') return
  throw error
})

const jsonFlag = boolean({description: 'Format output as json.', helpGroup: 'GLOBAL'})

type Flags = Record<string, Interfaces.Flag<unknown> & {deprecated?: unknown; deprecateAliases?: unknown}>

export abstract class Command {
  static enableJsonFlag = false
  static flags: Flags = {}
  static baseFlags: Flags = {}
  static args = {}
  static strict = true
  static id: string | undefined
  static state: string | undefined
  static deprecateAliases: boolean | undefined

  id: string | undefined
  parsed = false

  constructor(
    public argv: string[],
    public config: BundledConfig,
  ) {
    this.id = this.ctor.id
  }

  get ctor(): typeof Command {
    return this.constructor as typeof Command
  }

  abstract run(): Promise<unknown>

  async _run(): Promise<unknown> {
    let failure: unknown
    let result: unknown
    try {
      for (const key of this.config.scopedEnvVarKeys('REDIRECTED')) delete process.env[key]
      await this.init()
      result = await this.run()
    } catch (error) {
      if (error instanceof FallBackToOclif) throw error
      failure = error
      await this.catch(error as Error)
    } finally {
      await this.finally(failure)
    }
    if (result && this.jsonEnabled()) this.logJson(this.toSuccessJson(result))
    return result
  }

  async init(): Promise<void> {
    if (this.ctor.state === 'deprecated') throw new FallBackToOclif('a deprecated command')
  }

  async finally(_: unknown): Promise<void> {}

  async catch(error: Error & {exitCode?: number}): Promise<unknown> {
    // pppc's BaseCommand answers every failure itself; oclif's default would print it, which this start does not do.
    process.exitCode = process.exitCode ?? error.exitCode ?? 1
    throw error
  }

  exit(code = 0): never {
    throw new ExitError(code)
  }

  jsonEnabled(): boolean {
    if (!this.ctor?.enableJsonFlag) return false
    if (this.config.scopedEnvVar('CONTENT_TYPE')?.toLowerCase() === 'json') return true
    const passThrough = this.argv.indexOf('--')
    const json = this.argv.indexOf('--json')
    return passThrough === -1 ? json !== -1 : json !== -1 && json < passThrough
  }

  log(message: unknown = '', ...args: unknown[]): void {
    if (this.jsonEnabled()) return
    const text = typeof message === 'string' ? message : inspect(message)
    // oclif's ux.stdout: console.log of the formatted text.
    if (!text) console.log(format(...args))
    else console.log(format(text, ...args))
  }

  logJson(json: unknown): void {
    console.log(JSON.stringify(json, null, 2))
  }

  toSuccessJson(result: unknown): unknown {
    return result
  }

  async parse<T extends Interfaces.ParserOutput>(options?: typeof Command, argv = this.argv): Promise<T> {
    const ctor = options ?? this.ctor
    const flags: Flags = {...(ctor.enableJsonFlag ? {json: jsonFlag} : {}), ...ctor.baseFlags, ...ctor.flags}
    // oclif warns of deprecated flags in its own words: those command lines are left to it.
    if (Object.values(flags).some((flag) => flag.deprecated || flag.deprecateAliases)) {
      throw new FallBackToOclif('a deprecated flag')
    }
    let parsed: T
    try {
      // As oclif's Command.parse: the class's own static fields, spread (inherited ones are the parser's defaults).
      const input = {context: this as unknown as OclifCommand, ...ctor, flags}
      parsed = (await oclifParse(argv, input as Parameters<typeof oclifParse>[1])) as unknown as T
    } catch (error) {
      // A usage error, said by oclif in its words (and exit code).
      throw new FallBackToOclif(`a parse error (${String((error as Error)?.message ?? error).split('\n')[0]})`)
    }
    this.argv = [...argv]
    this.parsed = true
    return parsed
  }
}
