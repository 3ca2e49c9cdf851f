import type {ClientFacts} from '../profiles/app-entry.js'
import {spotlightArgv} from '../system/mac-commands.js'

/**
 * Where a client is installed and how it runs (macos-facts.md §1.1, §4.1). The outputs of spctl and xattr are read by
 * the parsers of the Mac boundary (system/codesign.ts, system/quarantine.ts), shared with `pppc install`.
 */
export interface InstallSearch {
  /** Lists candidate .app bundles, one path a line. */
  argv: string[]
  /** The argv of the first snapshot format, which a snapshot of that format answers instead. */
  legacyArgv?: string[]
  /** The executable name inside the bundle, for pgrep. */
  executable?: string
}

/**
 * How to find the installed copies: the catalogue's install folders when the app hides itself from Spotlight (the
 * BeyondTrust client's per-site folders), otherwise Spotlight by bundle ID. Names are matched without regard to case,
 * as the Mac's file system does (`-iname`, `-ipath`).
 */
export function installSearchFor(bundleId: string, client: ClientFacts): InstallSearch {
  const install = client.install
  const search = (name: string, path: string) => [
    'find',
    ...(install?.roots ?? []),
    '-maxdepth',
    String(install?.maxDepth ?? 1),
    '-type',
    'd',
    name,
    '*.app',
    path,
    install?.pathPattern ?? '*',
  ]
  const argv = install ? search('-iname', '-ipath') : spotlightArgv(bundleId)
  return {
    argv,
    ...(install ? {legacyArgv: search('-name', '-path')} : {}),
    ...(client.executable ? {executable: client.executable} : {}),
  }
}

/**
 * The paths a listing prints, as printed (the next questions about each are asked with the same spelling), once each
 * as the file system compares them.
 */
export function pathsFromListing(stdout: string): string[] {
  const seen = new Set<string>()
  return stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('/'))
    .filter((l) => {
      const key = finderKey(canonicalPath(l))
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
}

/** A running copy of an app launched from its download folder runs from a random read-only mount (§4.1). */
export function isTranslocated(path: string): boolean {
  return path.includes('/AppTranslocation/')
}

/**
 * A name as the Mac's file system compares it: without regard to case or to how accents are composed (APFS and HFS+
 * as formatted by default), so "Open To Start" and "Open to Start", in NFC or NFD, are one name.
 */
export function finderKey(name: string): string {
  return name.normalize('NFD').toLowerCase().normalize('NFC')
}

export function sameFinderName(a: string, b: string): boolean {
  return finderKey(a) === finderKey(b)
}

/** The names the launcher goes by, without extension: the catalogue's name, its former names and its downloads. */
export function launcherNames(client: ClientFacts): string[] {
  const launcher = client.launcher
  if (!launcher) return []
  const names = [
    ...(launcher.name ? [launcher.name] : []),
    ...(launcher.formerNames ?? []),
    ...launcher.downloads.map((d) => d.replace(/\.(zip|app|dmg)$/i, '')),
  ]
  const seen = new Map<string, string>()
  for (const name of names) if (!seen.has(finderKey(name))) seen.set(finderKey(name), name)
  return [...seen.values()]
}

/** The .app bundle an executable path belongs to (the outermost one), or undefined. */
export function bundleOf(executable: string): string | undefined {
  const at = executable.search(/\.app(\/|$)/i)
  return at === -1 ? undefined : executable.slice(0, at + '.app'.length)
}

/** Whether a path is the launcher (the download the user opens), by its bundle's name as Finder compares names. */
export function isLauncherPath(path: string, client: ClientFacts): boolean {
  const bundle = bundleOf(path)
  if (!bundle) return false
  const name = bundle.slice(bundle.lastIndexOf('/') + 1).replace(/\.app$/i, '')
  return launcherNames(client).some((n) => sameFinderName(n, name))
}

/**
 * A path as one place on the Mac: repeated slashes folded, the trailing one dropped, and the Data volume's firmlinked
 * spelling (/System/Volumes/Data/Applications is /Applications) and /private/var (/var) read as the usual ones.
 */
export function canonicalPath(path: string): string {
  return path
    .replace(/\/{2,}/g, '/')
    .replace(/(.)\/+$/, '$1')
    .replace(/^\/System\/Volumes\/Data(?=\/)/, '')
    .replace(/^\/private(?=\/(var|tmp)\/)/, '')
}

/** Whether `path` is `bundle` or inside it, as the file system compares names. */
export function isInside(path: string, bundle: string): boolean {
  const p = finderKey(canonicalPath(path))
  const b = finderKey(canonicalPath(bundle))
  return p === b || p.startsWith(`${b}/`)
}

/** `*bomgar*scc*`-style patterns (find's -ipath) as a test. */
function globMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${source}$`, 'i').test(path)
}

/**
 * What to remove to remove a copy: its per-site folder when the install pattern names that folder (the client installs
 * into /Applications/.com.bomgar.scc.<hash>/, nothing else lives there), otherwise the .app itself.
 */
export function removableFolder(path: string, client: ClientFacts): string {
  const appPath = canonicalPath(path)
  const parent = appPath.slice(0, appPath.lastIndexOf('/'))
  const pattern = client.install?.pathPattern
  const roots = (client.install?.roots ?? []).map(finderKey)
  const isRoot = roots.includes(finderKey(parent)) || parent === ''
  return pattern && !isRoot && globMatches(pattern, parent) ? parent : appPath
}
