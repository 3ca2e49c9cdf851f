import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import {APPLE_SCHEMA} from '../helpers/paths.js'

/** One key of Apple's device-management YAML (data/apple): its type, presence, allowed values and subkeys. */
export interface AppleKey {
  key: string
  type: string
  presence?: 'required' | 'optional'
  rangelist?: unknown[]
  subkeys?: AppleKey[]
}

/** The payload keys of one of Apple's YAML files in data/apple, with YAML anchors resolved. */
export function appleKeys(file: string): AppleKey[] {
  const doc = parse(readFileSync(join(APPLE_SCHEMA, file), 'utf8'), {maxAliasCount: -1}) as {payloadkeys: AppleKey[]}
  return doc.payloadkeys
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value instanceof Date) return 'date'
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return 'data'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'real'
  if (typeof value === 'object' && value !== null) return 'dictionary'
  return typeof value
}

/**
 * What in `value` Apple's keys do not allow: a key the schema does not name, a required key missing, a wrong type, a
 * value outside the range list; checked all the way down (arrays by their item key, dictionaries by their subkeys,
 * "ANY" standing for keys of any name). Empty when the value conforms.
 */
export function schemaProblems(value: unknown, keys: AppleKey[], path = ''): string[] {
  const problems: string[] = []
  const dict = value as Record<string, unknown>
  const named = keys.filter((k) => k.key !== 'ANY')
  const any = keys.find((k) => k.key === 'ANY')
  for (const spec of named)
    if (spec.presence === 'required' && !(spec.key in dict)) problems.push(`${path}${spec.key}: required, missing`)
  for (const [key, item] of Object.entries(dict)) {
    const spec = named.find((k) => k.key === key) ?? any
    if (!spec) {
      problems.push(`${path}${key}: not a key of the schema`)
      continue
    }
    problems.push(...valueProblems(item, spec, `${path}${key}`))
  }
  return problems
}

function valueProblems(value: unknown, spec: AppleKey, path: string): string[] {
  const want = spec.type.replace(/[<>]/g, '')
  if (want === 'any') return []
  const got = typeOf(value)
  if (got !== want && !(want === 'real' && got === 'integer')) return [`${path}: ${got}, the schema says ${want}`]
  if (spec.rangelist && !spec.rangelist.includes(value))
    return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(spec.rangelist)}`]
  if (want === 'array' && spec.subkeys?.[0]) {
    const item = spec.subkeys[0]
    return (value as unknown[]).flatMap((v, i) => valueProblems(v, item, `${path}[${i}]`))
  }
  if (want === 'dictionary' && spec.subkeys) return schemaProblems(value, spec.subkeys, `${path}.`)
  return []
}
