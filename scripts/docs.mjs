// Regenerates, from the rule data (via the build in dist/): the rule table in README.md and the JSON Schema of
// .pppc.yaml in schemas/.
import {readFile, writeFile} from 'node:fs/promises'
import {withRulesTable} from '../dist/render/rules-table.js'
import {CONFIG_SCHEMA_PATH, configSchemaJson} from '../dist/render/config-schema.js'

async function regenerate(relative, make) {
  const path = new URL(`../${relative}`, import.meta.url)
  const before = await readFile(path, 'utf8').catch(() => '')
  const after = make(before)
  if (after !== before) await writeFile(path, after)
  console.log(after === before ? `${relative} is up to date` : `${relative} regenerated`)
}

await regenerate('README.md', withRulesTable)
await regenerate(CONFIG_SCHEMA_PATH, () => configSchemaJson())
