import {readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {PppcError} from '../errors.js'
import {closest} from '../util/did-you-mean.js'
import type {AppEntry} from './app-entry.js'
import {checkAppEntry} from './app-entry-check.js'

/**
 * The app catalogue: one JSON file per app in data/apps/ (at the package root, beside dist/), like Installomator's
 * labels, so adding an app is adding one file. Facts and their sources are in each file; schemas/app.schema.json
 * describes the shape, and every file is checked against it when it is loaded.
 */
const APPS_DIR = fileURLToPath(new URL('../../data/apps/', import.meta.url))

let loaded: {apps: readonly AppEntry[]; index: Map<string, AppEntry>} | undefined

function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
}

function load(): {apps: readonly AppEntry[]; index: Map<string, AppEntry>} {
  if (loaded) return loaded
  const apps = readdirSync(APPS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((file) => checkAppEntry(JSON.parse(readFileSync(APPS_DIR + file, 'utf8')) as unknown, `data/apps/${file}`))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const index = new Map<string, AppEntry>()
  for (const app of apps) {
    for (const name of [app.key, ...app.aliases, app.bundleId]) {
      const known = index.get(normalise(name))
      if (known && known !== app) throw new Error(`data/apps: "${name}" names both ${known.key} and ${app.key}`)
      index.set(normalise(name), app)
    }
  }
  loaded = {apps, index}
  return loaded
}

export function allApps(): readonly AppEntry[] {
  return load().apps
}

/** Finds an app by catalogue key, alias (beyondtrust) or bundle ID. */
export function findApp(name: string): AppEntry | undefined {
  return load().index.get(normalise(name))
}

export function requireApp(name: string): AppEntry {
  const app = findApp(name)
  if (app) return app
  const contains = allApps()
    .filter((a) => [a.key, ...a.aliases].some((n) => n.includes(normalise(name)) || normalise(name).includes(n)))
    .map((a) => a.key)
  // A slip of the keyboard (beyondtrsut): the closest key or alias, by edit distance.
  const typo = closest(
    name,
    allApps().flatMap((a) => [a.key, ...a.aliases]),
  )
  const near = contains.length > 0 ? contains : typo ? [typo] : []
  throw new PppcError(`no app "${name}" in the catalogue`, {
    hint:
      near.length > 0
        ? `did you mean ${near.join(', ')}?`
        : 'run `pppc apps` for the list, or give --bundle-id with --code-requirement',
  })
}

export function isVerified(app: AppEntry): boolean {
  return app.verification === 'verified'
}
