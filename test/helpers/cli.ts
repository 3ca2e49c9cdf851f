import {execa} from 'execa'
import {BIN} from './paths.js'

export interface CliResult {
  exitCode: number
  stdout: string
  stderr: string
}

/** Runs the built `pppc` as a user would, in a given folder. */
export async function pppc(
  args: string[],
  options: {cwd?: string; env?: Record<string, string>} = {},
): Promise<CliResult> {
  const result = await execa('node', [BIN, ...args], {
    reject: false,
    ...(options.cwd ? {cwd: options.cwd} : {}),
    env: {...options.env, NO_COLOR: '1'},
    stripFinalNewline: false,
  })
  return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)}
}
