// Regenerates the rule table in README.md from src/profiles/rules.ts (via the build in dist/).
import {readFile, writeFile} from 'node:fs/promises'
import {withRulesTable} from '../dist/render/rules-table.js'

const path = new URL('../README.md', import.meta.url)
const before = await readFile(path, 'utf8')
const after = withRulesTable(before)
if (after !== before) await writeFile(path, after)
console.log(after === before ? 'README.md rule table is up to date' : 'README.md rule table regenerated')
