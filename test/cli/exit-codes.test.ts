import {Config} from '@oclif/core/config'
import {afterEach, describe, expect, it, vi} from 'vitest'
import {BaseCommand} from '../../src/cli/base-command.js'
import {PppcError} from '../../src/errors.js'
import {pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {REPO} from '../helpers/paths.js'

/** A command that fails the way a bug does: not a PppcError, not an oclif parse error. */
class Crashes extends BaseCommand {
  static override id = 'crashes'
  async run(): Promise<void> {
    const value = undefined as unknown as {field: string}
    this.log(value.field)
  }
}

class FailsWithInput extends BaseCommand {
  static override id = 'fails'
  async run(): Promise<void> {
    throw new PppcError('cannot read x.mobileconfig (ENOENT)')
  }
}

afterEach(() => {
  delete process.env.PPPC_DEBUG
})

describe('exit codes CI can trust', () => {
  it('an internal error exits 70 with "unexpected error ...; please report this with pppc <version>"', async () => {
    const config = await Config.load(REPO)
    let stderr = ''
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk)
      return true
    })
    let exit = -1
    try {
      await Crashes.run([], config)
    } catch (error) {
      exit = (error as {oclif?: {exit?: number}}).oclif?.exit ?? -1
    } finally {
      write.mockRestore()
    }
    expect(exit).toBe(70)
    expect(stderr).toMatch(
      new RegExp(`^Error: unexpected error \\(TypeError: .*field.*\\); please report this with pppc ${config.version}`),
    )
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  it('PPPC_DEBUG=1 prints the stack of an internal error', async () => {
    process.env.PPPC_DEBUG = '1'
    const config = await Config.load(REPO)
    let stderr = ''
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk)
      return true
    })
    try {
      await Crashes.run([], config)
    } catch {
      // the exit
    } finally {
      write.mockRestore()
    }
    expect(stderr).toMatch(/\n\s+at /)
  })

  it('an input error stays exit 2', async () => {
    const config = await Config.load(REPO)
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    let exit = -1
    try {
      await FailsWithInput.run([], config)
    } catch (error) {
      exit = (error as {oclif?: {exit?: number}}).oclif?.exit ?? -1
    } finally {
      write.mockRestore()
    }
    expect(exit).toBe(2)
  })

  it('a missing required flag names it (exit 2)', async () => {
    expectOneLineError(await pppcInProcess(['collect']), 2, /^Error: missing --output; see --help$/)
  })

  it('a missing required argument names it (exit 2)', async () => {
    expectOneLineError(await pppcInProcess(['inspect']), 2, /^Error: missing argument FILE; see --help/)
  })

  it('says the exit codes in each command’s --help', async () => {
    for (const command of ['validate', 'inspect', 'generate', 'install', 'collect', 'doctor', 'flow', 'apps']) {
      const help = await pppcInProcess([command, '--help'])
      expect(help.stdout.replace(/\s+/g, ' '), command).toMatch(/Exit codes: 0 .*70 /)
    }
  })
})
