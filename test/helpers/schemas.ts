import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Ajv2020, type ErrorObject} from 'ajv/dist/2020.js'
import {REPO} from './paths.js'

export const SCHEMAS = join(REPO, 'schemas')

/** Every schema in schemas/, compiled once by ajv (JSON Schema 2020-12), strict: an unknown keyword is an error (a `required` under `not` names keys defined beside it, so strictRequired is off). */
const ajv = new Ajv2020({allErrors: true, strict: true, strictRequired: false})
for (const file of readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json')))
  ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as object)

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
}

/** What is wrong with `value` against schemas/`schema`: an empty list when it conforms. */
export function schemaErrors(schema: string, value: unknown): string[] {
  const validate = ajv.getSchema(schema)
  if (!validate) throw new Error(`no schema ${schema} in schemas/`)
  return validate(value) ? [] : describeErrors(validate.errors)
}
