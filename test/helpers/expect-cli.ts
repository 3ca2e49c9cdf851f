import {expect} from 'vitest'
import type {CliResult} from './cli.js'

/** A failure is one line on stderr starting with "Error:", no stack trace, nothing on stdout, and the given exit code. */
export function expectOneLineError(result: CliResult, exitCode: number, message: RegExp): void {
  expect(result.exitCode).toBe(exitCode)
  expect(result.stdout).toBe('')
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^Error: /)
  expect(lines[0]).toMatch(message)
  expect(result.stderr).not.toMatch(/\n\s+at /)
}
