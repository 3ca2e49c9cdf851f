import {readFile} from 'node:fs/promises'
import {execa} from 'execa'
import type {CommandResult, Mac} from './mac.js'

const DEFAULT_TIMEOUT_MS = 30_000

/** This Mac: commands run without a shell, with a timeout, never throwing on a non-zero exit. */
export class LiveMac implements Mac {
  readonly kind = 'live'
  readonly source = 'this Mac'

  async run(argv: string[], options: {timeoutMs?: number} = {}): Promise<CommandResult> {
    const [file, ...args] = argv
    const result = await execa(file!, args, {reject: false, timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, stripFinalNewline: false, encoding: 'utf8'})
    const exitCode = result.exitCode ?? (result.timedOut ? 124 : 1)
    return {argv, exitCode, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '')}
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    try {
      return await readFile(path)
    } catch {
      return undefined
    }
  }
}
