import type {ClientFacts} from '../profiles/app-entry.js'
import {spotlightArgv} from '../system/mac-commands.js'

/**
 * Where a client is installed and how it runs (macos-facts.md §1.1, §4.1). The outputs of spctl and xattr are read by
 * the parsers of the Mac boundary (system/codesign.ts, system/quarantine.ts), shared with `pppc install`.
 */
export interface InstallSearch {
  /** Lists candidate .app bundles, one path a line. */
  argv: string[]
  /** The executable name inside the bundle, for pgrep. */
  executable?: string
}

/**
 * How to find the installed copies: the catalogue's install folders when the app hides itself from Spotlight (the
 * BeyondTrust client's per-site folders), otherwise Spotlight by bundle ID.
 */
export function installSearchFor(bundleId: string, client: ClientFacts): InstallSearch {
  const install = client.install
  const argv = install
    ? [
        'find',
        ...install.roots,
        '-maxdepth',
        String(install.maxDepth),
        '-type',
        'd',
        '-name',
        '*.app',
        '-path',
        install.pathPattern,
      ]
    : spotlightArgv(bundleId)
  return {argv, ...(client.executable ? {executable: client.executable} : {})}
}

export function pathsFromListing(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('/'))
}

/** A running copy of an app launched from its download folder runs from a random read-only mount (§4.1). */
export function isTranslocated(path: string): boolean {
  return path.includes('/AppTranslocation/')
}
