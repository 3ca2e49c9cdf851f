/**
 * A small JSON Schema (draft-07) checker for the keywords schemas/spec.schema.json uses, so a test can hold pppc's
 * own spec reader and the schema shipped to editors to the same answers. It throws on a keyword it does not know,
 * so the schema cannot grow past what this checks.
 */
type Schema = {[key: string]: unknown} | boolean

const KNOWN = new Set([
  '$schema',
  'title',
  'description',
  'definitions',
  '$ref',
  'type',
  'enum',
  'pattern',
  'minLength',
  'minItems',
  'properties',
  'additionalProperties',
  'required',
  'propertyNames',
  'items',
  'oneOf',
  'anyOf',
  'not',
  'if',
  'then',
])

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

export function isValid(value: unknown, schema: Schema, root: Schema = schema): boolean {
  if (schema === true) return true
  if (schema === false) return false
  for (const key of Object.keys(schema))
    if (!KNOWN.has(key)) throw new Error(`json-schema helper: unknown keyword ${key}`)
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '')
    return isValid(value, (root as {definitions: Record<string, Schema>}).definitions[name]!, root)
  }
  if (
    typeof schema.type === 'string' &&
    typeOf(value) !== schema.type &&
    !(schema.type === 'number' && typeOf(value) === 'integer')
  )
    return false
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) return false
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) return false
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return false
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return false
    if (schema.items !== undefined && !value.every((v) => isValid(v, schema.items as Schema, root))) return false
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    if (Array.isArray(schema.required) && !schema.required.every((k) => Object.hasOwn(obj, k as string))) return false
    for (const [key, v] of Object.entries(obj)) {
      if (schema.propertyNames !== undefined && !isValid(key, schema.propertyNames as Schema, root)) return false
      if (Object.hasOwn(properties, key)) {
        if (!isValid(v, properties[key]!, root)) return false
      } else if (schema.additionalProperties !== undefined && !isValid(v, schema.additionalProperties as Schema, root))
        return false
    }
  }
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((s) => isValid(value, s as Schema, root)).length !== 1)
    return false
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => isValid(value, s as Schema, root))) return false
  if (schema.not !== undefined && isValid(value, schema.not as Schema, root)) return false
  if (schema.if !== undefined && isValid(value, schema.if as Schema, root) && schema.then !== undefined)
    return isValid(value, schema.then as Schema, root)
  return true
}
