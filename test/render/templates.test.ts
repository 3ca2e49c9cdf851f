/**
 * The templates the build precompiles (dist/render/templates.precompiled.cjs, rendered with the handlebars runtime
 * only) give the same text as the .hbs files compiled at run time, which is what pppc falls back to when the build did
 * not precompile them; and the precompiled file is not older than the templates.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {readFile} from 'node:fs/promises'
import {parseMacosFlag} from '../../src/macos/version.js'
import {buildFlow} from '../../src/onboarding/flow.js'
import {sectionsFor} from '../../src/onboarding/flow-options.js'
import {buildPage} from '../../src/onboarding/page.js'
import {flowView} from '../../src/render/flow-view.js'
import {pageView} from '../../src/render/page-view.js'
import type {renderTemplate} from '../../src/render/templates.js'
import {FIXTURES, REPO} from '../helpers/paths.js'

type Templates = {renderTemplate: typeof renderTemplate}
const BUILT = join(REPO, 'dist', 'render', 'templates.js')
const PRECOMPILED = join(REPO, 'dist', 'render', 'templates.precompiled.cjs')

async function views(): Promise<[name: string, kind: 'text' | 'markdown' | 'html', data: unknown][]> {
  const kandji = sectionsFor('kandji', [])
  const flow = buildFlow({macos: parseMacosFlag('15.1'), mdm: 'kandji', services: kandji})
  const old = buildFlow({macos: parseMacosFlag('12.7.6'), mdm: 'none', services: sectionsFor('none', [])})
  const windows = buildFlow({os: 'windows', browser: 'edge'})
  const page = buildPage({mdm: 'none', services: sectionsFor('none', []), audience: 'technician', preselect: {}})
  // What collect hands the snapshot README (render/snapshot-readme.ts), from a recorded Mac's index.
  const dir = join(FIXTURES, 'macs', 'macos-13.7.8-kandji-profile')
  const index = JSON.parse(await readFile(join(dir, 'commands.json'), 'utf8')) as {
    hostApp?: string
    commands: {argv: string[]; exitCode: number}[]
  }
  const readme = {
    index,
    commands: index.commands.map((c) => ({line: c.argv.join(' '), exitCode: c.exitCode, purpose: 'why'})),
    files: [{path: '/Library/Application Support/com.apple.TCC/TCC.db', status: 'denied', message: 'x', purpose: 'p'}],
    dir,
    reader: {app: 'Terminal', fullDiskAccess: 'no'},
    redacted: [{kind: 'token', place: 'commands.json', count: 2}],
    hostApp: 'Terminal',
  }
  return [
    ['flow', 'text', flowView(flow)],
    ['flow', 'text', flowView(old)],
    ['flow', 'text', flowView(windows)],
    ['flow', 'markdown', flowView(flow)],
    ['flow', 'markdown', flowView(windows)],
    ['flow', 'html', pageView(page)],
    ['snapshot-readme', 'markdown', readme],
  ]
}

describe('precompiled templates', () => {
  it('render what the .hbs files compiled at run time render, for every kind', async () => {
    const {renderTemplate} = (await import(BUILT)) as Templates
    for (const [name, kind, data] of await views()) {
      const built = await renderTemplate(name, kind, data, 'build')
      expect(built.length).toBeGreaterThan(500)
      expect(built).toBe(await renderTemplate(name, kind, data, 'source'))
    }
  })

  it('are written by the build from every template, and are newer than each', () => {
    const written = statSync(PRECOMPILED).mtimeMs
    const text = readFileSync(PRECOMPILED, 'utf8')
    const templates = readdirSync(join(REPO, 'templates')).filter((f) => f.endsWith('.hbs'))
    expect(templates.length).toBeGreaterThanOrEqual(4)
    for (const file of templates) {
      expect(text).toContain(JSON.stringify(file.replace(/\.hbs$/, '')))
      expect(statSync(join(REPO, 'templates', file)).mtimeMs).toBeLessThanOrEqual(written)
    }
  })
})
