// Precompiles templates/*.hbs (and the partials, once for each kind of template, since escaping is compiled in) into
// dist/render/templates.precompiled.cjs, so that a command renders with the handlebars runtime only: no parser or
// compiler loads at run time. src/render/templates.ts compiles from the .hbs files when this file is missing.
import Handlebars from 'handlebars'
import {mkdir, readdir, readFile, rename, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const templatesDir = join(root, 'templates')
const target = join(root, 'dist', 'render', 'templates.precompiled.cjs')

/** The options src/render/templates.ts compiles with: only HTML is escaped. */
const optionsFor = (kind) => ({noEscape: kind !== 'html', strict: false})

const files = (await readdir(templatesDir)).filter((f) => /^[^.]+\.(text|markdown|html)\.hbs$/.test(f)).sort()
const partialFiles = (await readdir(join(templatesDir, 'partials')).catch(() => [])).filter((f) => f.endsWith('.hbs'))
const kinds = [...new Set(files.map((f) => f.split('.')[1]))].sort()

const templates = []
for (const file of files) {
  const key = file.replace(/\.hbs$/, '')
  const spec = Handlebars.precompile(await readFile(join(templatesDir, file), 'utf8'), optionsFor(key.split('.')[1]))
  templates.push(`    ${JSON.stringify(key)}: ${spec}`)
}
const partials = []
for (const kind of kinds) {
  const specs = []
  for (const file of partialFiles.sort()) {
    const source = await readFile(join(templatesDir, 'partials', file), 'utf8')
    specs.push(
      `      ${JSON.stringify(file.replace(/\.hbs$/, ''))}: ${Handlebars.precompile(source, optionsFor(kind))}`,
    )
  }
  partials.push(`    ${JSON.stringify(kind)}: {\n${specs.join(',\n')}\n    }`)
}

const text = `// Written by scripts/templates.mjs from templates/ (npm run build): do not edit.
'use strict'
module.exports = {
  compiler: ${JSON.stringify(Handlebars.VERSION)},
  templates: {
${templates.join(',\n')}
  },
  partials: {
${partials.join(',\n')}
  },
}
`
await mkdir(dirname(target), {recursive: true})
await writeFile(`${target}.tmp`, text)
await rename(`${target}.tmp`, target)
console.log(`templates.precompiled.cjs: ${files.length} templates, ${partialFiles.length} partials`)
