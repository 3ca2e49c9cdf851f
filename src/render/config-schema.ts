import {CONFIG_KEYS, FIXED_RULES, OVERRIDE_KEYS, RULE_SETTINGS} from '../profiles/lint-config.js'
import {RULES} from '../profiles/rules.js'

export const CONFIG_SCHEMA_PATH = 'schemas/pppc-config.schema.json'

/**
 * The JSON Schema of .pppc.yaml, written from the keys the reader accepts and the rule table (`npm run docs`), so
 * that editors (yaml-language-server) and pppc agree; a test fails when the file in schemas/ differs.
 */
export function configSchemaJson(): string {
  const rules = {
    type: 'object',
    description: 'Rule ids and the severity to give their findings; off drops them.',
    propertyNames: {enum: RULES.map((r) => r.id).filter((id) => !FIXED_RULES.includes(id))},
    additionalProperties: {$ref: '#/$defs/setting'},
  }
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'pppc-config.schema.json',
    title: 'pppc validate configuration (.pppc.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: {type: 'string', description: 'Where this schema is, for editors.'},
      rules: {$ref: '#/$defs/rules'},
      overrides: {
        type: 'array',
        description: 'Rules for files matching globs (relative to the folder of the configuration); later entries win.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: {
              description: 'A glob or a list of globs: * and ? within a name, ** across folders, [abc], {a,b}.',
              oneOf: [{type: 'string'}, {type: 'array', items: {type: 'string'}, minItems: 1}],
            },
            rules: {$ref: '#/$defs/rules'},
          },
        },
      },
    },
    $defs: {
      setting: {enum: [...RULE_SETTINGS]},
      rules,
    },
  }
  // The reader and the schema list the same keys.
  const keys = Object.keys(schema.properties)
  const overrideKeys = Object.keys(schema.properties.overrides.items.properties)
  if (keys.join() !== CONFIG_KEYS.join() || overrideKeys.join() !== OVERRIDE_KEYS.join())
    throw new Error('the configuration schema and reader list different keys')
  return `${JSON.stringify(schema, null, 2)}\n`
}
