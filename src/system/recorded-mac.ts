import {readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {PppcError} from '../errors.js'
import {type CommandResult, type Mac, NOT_RECORDED} from './mac.js'

/**
 * A snapshot folder, as `pppc collect` writes it on a Mac:
 *   commands.json   {"commands": [{"argv": [...], "exitCode": 0, "stdout": "...", "stderr": "..."}]}
 *   files/<absolute path>   copies of the files read (TCC.db, MDMOverrides.plist, ...)
 */
export class RecordedMac implements Mac {
  readonly kind = 'recorded'
  private readonly byArgv: Map<string, CommandResult>

  private constructor(readonly source: string, commands: CommandResult[]) {
    this.byArgv = new Map(commands.map((c) => [JSON.stringify(c.argv), c]))
  }

  static async open(dir: string): Promise<RecordedMac> {
    const info = await stat(dir).catch(() => undefined)
    if (!info?.isDirectory()) throw new PppcError(`snapshot "${dir}" is not a folder`, {hint: 'give the folder written by `pppc collect -o DIR`'})
    const text = await readFile(join(dir, 'commands.json'), 'utf8').catch(() => undefined)
    if (text === undefined) throw new PppcError(`snapshot "${dir}" has no commands.json`, {hint: 'give the folder written by `pppc collect -o DIR`'})
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new PppcError(`snapshot "${dir}": commands.json is not JSON`, {hint: 'collect the snapshot again with `pppc collect`'})
    }
    const commands = (parsed as {commands?: unknown}).commands
    if (!Array.isArray(commands) || !commands.every(isCommandResult)) {
      throw new PppcError(`snapshot "${dir}": commands.json has no valid "commands" list`, {hint: 'collect the snapshot again with `pppc collect`'})
    }
    return new RecordedMac(dir, commands)
  }

  async run(argv: string[]): Promise<CommandResult> {
    return this.byArgv.get(JSON.stringify(argv)) ?? {argv, exitCode: NOT_RECORDED, stdout: '', stderr: `not recorded in snapshot ${this.source}: ${argv.join(' ')}`}
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    return readFile(join(this.source, 'files', path)).catch(() => undefined)
  }
}

function isCommandResult(value: unknown): value is CommandResult {
  const c = value as CommandResult
  return Boolean(c) && Array.isArray(c.argv) && c.argv.every((a) => typeof a === 'string') && typeof c.exitCode === 'number' && typeof c.stdout === 'string' && typeof c.stderr === 'string'
}
