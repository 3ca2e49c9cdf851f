import {Command} from '@oclif/core/command'
import {ExitError} from '@oclif/core/errors'
import {isPppcError} from '../errors.js'
import {describeParseError} from './parse-errors.js'

/**
 * Every pppc command: --json on, and any failure becomes one line on stderr and an exit code (2 bad input or usage,
 * 1 failed check), never a stack trace. PPPC_DEBUG=1 prints the stack of an unexpected error.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  protected override async catch(
    error: Error & {exitCode?: number; oclif?: {exit?: number}; args?: {name?: string}[]},
  ): Promise<unknown> {
    if (error instanceof ExitError) throw error
    let message: string
    let exit: number
    let code: string
    if (isPppcError(error)) {
      message = error.oneLine()
      exit = error.exitCode
      code = error.code
    } else if (error.oclif) {
      // oclif's own parse errors (missing or unknown flag, bad option value), said in one line.
      message = `${describeParseError(error)}; see --help`
      exit = error.oclif.exit ?? 2
      code = 'PPPC_USAGE'
    } else {
      if (process.env.PPPC_DEBUG) process.stderr.write(`${error.stack ?? error}\n`)
      message = `unexpected error: ${error.message.split('\n')[0]}`
      exit = 1
      code = 'PPPC_INTERNAL'
    }
    if (this.jsonEnabled()) this.logJson({error: {code, exit, message}})
    else process.stderr.write(`Error: ${message}\n`)
    return this.exit(exit)
  }

  /** Notes and warnings go to stderr so that stdout carries only the document the user asked for. */
  protected say(line: string): void {
    if (!this.jsonEnabled()) process.stderr.write(`${line}\n`)
  }
}
