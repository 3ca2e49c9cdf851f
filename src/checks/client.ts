/**
 * Where a client is installed, whether Gatekeeper accepts it, whether it is quarantined or translocated: the outputs of
 * find, spctl, xattr, pgrep and ps (macos-facts.md §1.1, §4.1, §4.4).
 */

export interface InstallSearch {
  /** Lists candidate .app bundles, one path a line. */
  argv: string[]
  /** The executable name inside the bundle, for pgrep. */
  executable: string
}

/**
 * The BeyondTrust client installs itself in a hidden, per-site folder (/Applications/.com.bomgar.scc.<hex>/) that
 * Spotlight does not index, or in /Users/Shared/bomgar-scc-<id>/ in older releases; its executable is sdcust.
 */
export const INSTALL_SEARCH: Readonly<Record<string, InstallSearch>> = {
  'com.bomgar.bomgar-scc': {
    argv: [
      'find',
      '/Applications',
      '/Users/Shared',
      '-maxdepth',
      '2',
      '-type',
      'd',
      '-name',
      '*.app',
      '-path',
      '*bomgar*scc*',
    ],
    executable: 'sdcust',
  },
}

/** Any other catalogue app: Spotlight by bundle ID. */
export function installSearchFor(bundleId: string): InstallSearch | undefined {
  return INSTALL_SEARCH[bundleId]
}

export function spotlightArgv(bundleId: string): string[] {
  return ['mdfind', `kMDItemCFBundleIdentifier == "${bundleId}"`]
}

export function pathsFromListing(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('/'))
}

export interface Gatekeeper {
  verdict: 'accepted' | 'rejected' | 'unknown'
  source?: string
  origin?: string
}

/** `spctl --assess --type execute -vv APP` prints on stderr: "<path>: accepted", "source=...", "origin=...". */
export function parseSpctl(output: string): Gatekeeper {
  const verdict = /:\s*(accepted|rejected)\s*$/m.exec(output)?.[1] as Gatekeeper['verdict'] | undefined
  const source = /^source=(.*)$/m.exec(output)?.[1]?.trim()
  const origin = /^origin=(.*)$/m.exec(output)?.[1]?.trim()
  return {verdict: verdict ?? 'unknown', ...(source ? {source} : {}), ...(origin ? {origin} : {})}
}

export const spctlArgv = (path: string) => ['spctl', '--assess', '--type', 'execute', '-vv', path]
export const quarantineArgv = (path: string) => ['xattr', '-p', 'com.apple.quarantine', path]

export interface Quarantine {
  flags: number
  /** Set once the user clicked Open in Gatekeeper's "downloaded from the internet" window. */
  userApproved: boolean
  agent?: string
  downloadedAt?: string
}

/** `flags;hex time;agent;UUID` (quarantine.h: 0x0040 user approved). */
export function parseQuarantine(value: string): Quarantine | undefined {
  const [flags, time, agent] = value.trim().split(';')
  if (!flags || !/^[0-9a-f]+$/i.test(flags)) return undefined
  const bits = Number.parseInt(flags, 16)
  const seconds = time && /^[0-9a-f]+$/i.test(time) ? Number.parseInt(time, 16) : undefined
  return {
    flags: bits,
    userApproved: (bits & 0x40) !== 0,
    ...(agent ? {agent} : {}),
    ...(seconds ? {downloadedAt: new Date(seconds * 1000).toISOString()} : {}),
  }
}

/** xattr's "No such xattr" (present, not quarantined) and "No such file" (absent), as macOS prints them. */
export function xattrAnswer(result: {
  exitCode: number
  stdout: string
  stderr: string
}): {present: boolean; quarantine?: Quarantine} | undefined {
  if (result.exitCode === 0) {
    const quarantine = parseQuarantine(result.stdout)
    return quarantine ? {present: true, quarantine} : undefined
  }
  if (/No such xattr/i.test(result.stderr)) return {present: true}
  if (/No such file/i.test(result.stderr)) return {present: false}
  return undefined
}

/** A running copy of an app launched from its download folder runs from a random read-only mount (§4.1). */
export function isTranslocated(path: string): boolean {
  return path.includes('/AppTranslocation/')
}
