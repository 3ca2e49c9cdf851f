import {PppcError} from '../errors.js'
import type {AppEntry} from './app-entry.js'
import {APPS} from './apps.js'

function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
}

const INDEX = new Map<string, AppEntry>()
for (const app of APPS) {
  for (const name of [app.key, ...app.aliases, app.bundleId]) INDEX.set(normalise(name), app)
}

export function allApps(): readonly AppEntry[] {
  return APPS
}

/** Finds an app by catalogue key, alias (beyondtrust) or bundle ID. */
export function findApp(name: string): AppEntry | undefined {
  return INDEX.get(normalise(name))
}

export function requireApp(name: string): AppEntry {
  const app = findApp(name)
  if (app) return app
  const near = APPS.filter((a) =>
    [a.key, ...a.aliases].some((n) => n.includes(normalise(name)) || normalise(name).includes(n)),
  ).map((a) => a.key)
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
