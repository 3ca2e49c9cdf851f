import {relative, resolve, sep} from 'node:path'
import {isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Pair} from 'yaml'
import {PppcError} from '../errors.js'
import {closest} from '../util/did-you-mean.js'
import type {RuleSetting, RuleSettings} from './findings.js'
import {isRuleId, nearestRuleId, RULES} from './rules.js'

/**
 * `.pppc.yaml`: rule severities for `pppc validate`, as linters are configured.
 *
 *   rules:                       # every file under this folder
 *     PPPC013: off               # error, warning, info or off
 *   overrides:                   # later entries win; globs are relative to this file's folder
 *     - files: ["legacy/**", "*.plist"]
 *       rules:
 *         PPPC048: off
 *
 * The keys below are the whole format; `schemas/pppc-config.schema.json` is written from them (`npm run docs`).
 */
export const CONFIG_KEYS = ['$schema', 'rules', 'overrides'] as const
export const OVERRIDE_KEYS = ['files', 'rules'] as const
export const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off']
/**
 * Rules no configuration changes: PPPC009 is pppc's own failure on a file (exit 70), a bug to report, not a judgement
 * about the profile that a team could decide to accept.
 */
export const FIXED_RULES: readonly string[] = ['PPPC009']

export interface LintConfig {
  /** The file it was read from, for messages. */
  source: string
  /** The folder globs are relative to. */
  base: string
  rules: RuleSettings
  overrides: {files: string[]; matcher: RegExp; rules: RuleSettings}[]
}

const SCHEMA_HINT = 'the format is in README › Configuration and schemas/pppc-config.schema.json'
const SETTING_WORDS = 'error, warning, info or off'

export function parseLintConfig(text: string, source: string, base: string): LintConfig {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false})
  const lineOf = (node: Node | Pair | null | undefined): number => {
    const range = node && 'range' in node ? node.range : node && 'key' in node ? (node.key as Node | null)?.range : null
    return range ? lineCounter.linePos(range[0]).line : 1
  }
  const fail = (node: Node | Pair | null | undefined, message: string): never => {
    throw new PppcError(`${source}:${lineOf(node)}: ${message}`, {hint: SCHEMA_HINT})
  }
  const error = doc.errors[0]
  if (error)
    throw new PppcError(`${source}:${error.linePos?.[0].line ?? 1}: not valid YAML (${error.message.split('\n')[0]})`, {
      hint: SCHEMA_HINT,
    })

  const keyOf = (pair: Pair, where: string): string => {
    if (!isScalar(pair.key)) fail(pair.key as Node, `a key in ${where} is not a name`)
    return String((pair.key as {value: unknown}).value)
  }
  const checkKeys = (map: {items: Pair[]}, allowed: readonly string[], where: string): void => {
    for (const pair of map.items) {
      const key = keyOf(pair, where)
      if (allowed.includes(key)) continue
      const near = closest(key, allowed)
      fail(pair.key as Node, `unknown key "${key}" ${where}${near ? `; did you mean "${near}"?` : ''}`)
    }
  }
  const readRules = (node: unknown, where: string): RuleSettings => {
    if (node === undefined || node === null) return {}
    if (!isMap(node)) return fail(node as Node, `${where} must be a map of rule ids to ${SETTING_WORDS}`)
    const settings: RuleSettings = {}
    for (const pair of node.items) {
      const id = keyOf(pair, where)
      if (!isRuleId(id)) {
        const near =
          nearestRuleId(id) ??
          closest(
            id,
            RULES.map((r) => r.id),
          )
        fail(pair.key as Node, `"${id}" is not a rule${near ? `; did you mean "${near}"?` : ''}`)
      }
      if (FIXED_RULES.includes(id))
        fail(
          pair.key as Node,
          `${id} cannot be configured: it is pppc's own failure on a file (exit 70), a bug to report`,
        )
      const value = isScalar(pair.value) ? pair.value.value : undefined
      if (typeof value !== 'string' || !(RULE_SETTINGS as string[]).includes(value)) {
        const near = typeof value === 'string' ? closest(value, RULE_SETTINGS) : undefined
        fail(
          (pair.value as Node | null) ?? (pair.key as Node),
          `${id} is set to ${JSON.stringify(value ?? null)}${near ? `; did you mean "${near}"?` : ''} (${SETTING_WORDS})`,
        )
      }
      settings[id as keyof RuleSettings] = value as RuleSetting
    }
    return settings
  }

  const root = doc.contents
  if (root === null) return {source, base, rules: {}, overrides: []}
  if (!isMap(root)) return fail(root, 'the configuration must be a map with rules and overrides')
  checkKeys(root, CONFIG_KEYS, 'at the top level')
  const config: LintConfig = {source, base, rules: readRules(root.get('rules', true), 'rules'), overrides: []}
  const overrides = root.get('overrides', true)
  if (overrides === undefined || overrides === null) return config
  if (!isSeq(overrides)) return fail(overrides as Node, 'overrides must be a list of {files, rules}')
  overrides.items.forEach((item, index) => {
    const where = `overrides[${index}]`
    if (!isMap(item)) return fail(item as Node, `${where} must be a map with files and rules`)
    const map = item
    checkKeys(map, OVERRIDE_KEYS, `in ${where}`)
    const filesNode = map.get('files', true)
    const files =
      isScalar(filesNode) && typeof filesNode.value === 'string'
        ? [filesNode.value]
        : isSeq(filesNode) && filesNode.items.every((f) => isScalar(f) && typeof f.value === 'string')
          ? filesNode.items.map((f) => String((f as {value: unknown}).value))
          : undefined
    if (!files || files.length === 0)
      fail((filesNode as Node) ?? map, `${where}.files must be a glob or a list of globs`)
    config.overrides.push({
      files: files!,
      matcher: globsToRegExp(files!),
      rules: readRules(map.get('rules', true), `${where}.rules`),
    })
  })
  return config
}

/** The severities for one file: the configuration's rules, then every override whose globs match it, in order. */
export function settingsFor(config: LintConfig, file: string): RuleSettings {
  const path = relative(config.base, resolve(file)).split(sep).join('/')
  const settings: RuleSettings = {...config.rules}
  for (const override of config.overrides) if (override.matcher.test(path)) Object.assign(settings, override.rules)
  return settings
}

/**
 * Globs as .gitignore reads them: `*` and `?` within a name, `**` across folders, `[abc]` and `{a,b}`; a pattern
 * without a slash matches a name in any folder, one with a slash is relative to the configuration's folder; a
 * pattern that names a folder matches what is inside it.
 */
export function globsToRegExp(globs: readonly string[]): RegExp {
  return new RegExp(globs.flatMap(expandBraces).map(globSource).join('|'))
}

function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{')
  if (open < 0) return [glob]
  let depth = 0
  const parts: string[] = []
  let start = open + 1
  for (let i = open; i < glob.length; i++) {
    const c = glob[i]
    if (c === '{') depth++
    else if (c === '}' && --depth === 0) {
      parts.push(glob.slice(start, i))
      const [head, tail] = [glob.slice(0, open), glob.slice(i + 1)]
      return parts.flatMap((p) => expandBraces(`${head}${p}${tail}`))
    } else if (c === ',' && depth === 1) {
      parts.push(glob.slice(start, i))
      start = i + 1
    }
  }
  return [glob]
}

function globSource(glob: string): string {
  let pattern = glob.replace(/^\.\//, '')
  const anchored = pattern.replace(/\/$/, '').includes('/')
  if (pattern.endsWith('/')) pattern = pattern.slice(0, -1)
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '*' && pattern[i + 1] === '*') {
      const whole = (i === 0 || pattern[i - 1] === '/') && (i + 2 === pattern.length || pattern[i + 2] === '/')
      if (whole && pattern[i + 2] === '/') {
        source += '(?:.*/)?'
        i += 2
      } else {
        source += whole ? '.*' : '[^/]*'
        i += 1
      }
    } else if (c === '*') source += '[^/]*'
    else if (c === '?') source += '[^/]'
    else if (c === '[' && pattern.indexOf(']', i + 2) > 0) {
      const close = pattern.indexOf(']', i + 2)
      const body = pattern.slice(i + 1, close)
      source += `[${body.startsWith('!') ? `^${escapeClass(body.slice(1))}` : escapeClass(body)}]`
      i = close
    } else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return `${anchored ? '^' : '(?:^|/)'}${source}(?:/.*)?$`
}

function escapeClass(body: string): string {
  return body.replace(/[\\\]^]/g, '\\$&')
}
