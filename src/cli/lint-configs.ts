import {existsSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {PppcError} from '../errors.js'
import type {RuleSettings} from '../profiles/findings.js'
import {CONFIG_FILE_NAME, type LintConfig, parseLintConfig, settingsFor} from '../profiles/lint-config.js'

/**
 * The configuration for each file `pppc validate` reads: the one given with --config, or the nearest .pppc.yaml in
 * the file's folder or above it. Each folder is looked at once and each configuration read once per run.
 */
export class LintConfigs {
  private readonly byFolder = new Map<string, LintConfig | undefined>()
  private readonly fixed: LintConfig | undefined

  constructor(configFile?: string) {
    if (configFile) this.fixed = load(resolve(configFile), configFile)
  }

  settingsFor(file: string): RuleSettings | undefined {
    const config = this.fixed ?? this.nearest(dirname(resolve(file)))
    return config ? settingsFor(config, file) : undefined
  }

  private nearest(folder: string): LintConfig | undefined {
    if (this.byFolder.has(folder)) return this.byFolder.get(folder)
    const candidate = join(folder, CONFIG_FILE_NAME)
    const parent = dirname(folder)
    const config = existsSync(candidate)
      ? load(candidate, candidate)
      : parent === folder
        ? undefined
        : this.nearest(parent)
    this.byFolder.set(folder, config)
    return config
  }
}

function load(path: string, shown: string): LintConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new PppcError(`cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  return parseLintConfig(text, shown, dirname(path))
}
