import {existsSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {PppcError} from '../errors.js'
import type {RuleSettings} from '../profiles/findings.js'
import type * as LintConfigReader from '../profiles/lint-config.js'
import type {LintConfig} from '../profiles/lint-config.js'

export const CONFIG_FILE_NAME = '.pppc.yaml'

/**
 * The configuration for each file `pppc validate` reads: the one given with --config, or the nearest .pppc.yaml in
 * the file's folder or above it. Each folder is looked at once and each configuration read once per run; the YAML
 * reader is loaded only when there is a configuration to read, so runs without one start as fast as before.
 */
export class LintConfigs {
  private readonly byFolder = new Map<string, string | undefined>()
  /** The same, by the folder as the file's path names it: most files of a run share a few folders. */
  private readonly byFolderAsNamed = new Map<string, string | undefined>()
  private readonly loaded = new Map<string, LintConfig>()
  private reader: typeof LintConfigReader | undefined
  private readonly given: string | undefined

  constructor(private readonly configFile?: string) {
    this.given = configFile ? resolve(configFile) : undefined
  }

  async settingsFor(file: string): Promise<RuleSettings | undefined> {
    const path = this.given ?? this.nearestFor(file)
    if (!path) return undefined
    this.reader ??= await import('../profiles/lint-config.js')
    let config = this.loaded.get(path)
    if (!config) {
      const shown = this.configFile ?? path
      config = this.reader.parseLintConfig(read(path, shown), shown, dirname(path))
      this.loaded.set(path, config)
    }
    return this.reader.settingsFor(config, file)
  }

  private nearestFor(file: string): string | undefined {
    // Resolving every path against the working folder cost more than the lookups it feeds.
    const folder = dirname(file)
    if (this.byFolderAsNamed.has(folder)) return this.byFolderAsNamed.get(folder)
    const found = this.nearest(dirname(resolve(file)))
    this.byFolderAsNamed.set(folder, found)
    return found
  }

  /** The nearest .pppc.yaml at or above a folder. */
  private nearest(folder: string): string | undefined {
    if (this.byFolder.has(folder)) return this.byFolder.get(folder)
    const candidate = join(folder, CONFIG_FILE_NAME)
    const parent = dirname(folder)
    const found = existsSync(candidate) ? candidate : parent === folder ? undefined : this.nearest(parent)
    this.byFolder.set(folder, found)
    return found
  }
}

function read(path: string, shown: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new PppcError(`cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
}
