import {Command} from '@oclif/core/command'
import {ExitError} from '@oclif/core/errors'
import {type ErrorCode, EXIT, isPppcError} from '../errors.js'
import {jsonSafe, terminalSafe} from '../util/safe-text.js'
import {describeParseError} from './parse-errors.js'

/** The exit codes, as each command's --help ends. */
export const EXIT_CODES_HELP =
  'Exit codes: 0 ok, 1 findings or a failed check, 2 usage or unreadable input, 70 a bug in pppc.'

/**
 * Every pppc command: --json on, and any failure becomes one line on stderr and an exit code (2 bad input or usage,
 * 1 failed check, 70 a bug), never a stack trace. PPPC_DEBUG=1 prints the stack of an unexpected error.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  protected override async catch(
    error: Error & {exitCode?: number; oclif?: {exit?: number}; args?: {name?: string}[]},
  ): Promise<unknown> {
    if (error instanceof ExitError) throw error
    let message: string
    let exit: number
    let code: ErrorCode
    if (isPppcError(error)) {
      message = error.oneLine()
      exit = error.exitCode
      code = error.code
    } else if (error.oclif) {
      // oclif's own parse errors (missing or unknown flag, bad option value), said in one line.
      message = `${describeParseError(error)}; see --help`
      exit = EXIT.usage
      code = 'PPPC_USAGE'
    } else {
      if (process.env.PPPC_DEBUG) process.stderr.write(`${terminalSafe(String(error.stack ?? error), true)}\n`)
      const what = `${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${String(error.message ?? error).split('\n')[0]}`
      message = `unexpected error (${what}); please report this with pppc ${this.config?.version ?? 'version unknown'}${process.env.PPPC_DEBUG ? '' : ' and the output of PPPC_DEBUG=1'}`
      exit = EXIT.internal
      code = 'PPPC_INTERNAL'
    }
    message = terminalSafe(message)
    if (this.jsonEnabled()) this.logJson({error: {code, exit, message}})
    else process.stderr.write(`Error: ${message}\n`)
    return this.exit(exit)
  }

  /**
   * --json output: pretty JSON, with what a terminal would obey (C1 controls, bidi overrides) as \u escapes and
   * integers beyond 2^53 exact; the same value once parsed.
   */
  override logJson(json: unknown): void {
    process.stdout.write(`${jsonSafe(json, 2)}\n`)
  }

  /**
   * Lines for the terminal: whatever they quote from input (paths, names, tool output), escape sequences and control
   * characters are shown, not obeyed. Multi-line text (a table, a profile) keeps its newlines and tabs.
   */
  override log(message = '', ...args: unknown[]): void {
    super.log(terminalSafe(String(message), true), ...args)
  }

  /** Notes and warnings go to stderr so that stdout carries only the document the user asked for. */
  protected say(line: string): void {
    if (!this.jsonEnabled()) process.stderr.write(`${terminalSafe(line, true)}\n`)
  }
}
