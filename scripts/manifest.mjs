// Writes oclif.manifest.json so `pppc` starts without importing every command module.
// This is what `oclif manifest` does, without pulling the whole oclif CLI into devDependencies.
import {Plugin} from '@oclif/core'
import {writeFile, rename} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {dirname, join} from 'node:path'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const plugin = new Plugin({root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, isRoot: true})
await plugin.load()
const target = join(root, 'oclif.manifest.json')
await writeFile(`${target}.tmp`, JSON.stringify(plugin.manifest, null, 2) + '\n')
await rename(`${target}.tmp`, target)
console.log(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands`)
