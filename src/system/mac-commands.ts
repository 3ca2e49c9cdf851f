/**
 * The questions pppc asks a Mac, as argv: the doctor runs exactly these and `pppc collect` records exactly these, so a
 * snapshot answers every question the doctor will ask of it (macos-facts.md §1, §5.3).
 */
export const SW_VERS = ['sw_vers']
export const CONSOLE_USER = ['stat', '-f', '%Su', '/dev/console']
export const ENROLLMENT = ['profiles', 'status', '-type', 'enrollment']
/** Every installed profile with its payloads; run as root, macOS shows PPPC payload content too. */
export const PROFILES = ['profiles', '-P', '-o', 'stdout-xml']

export const spctlArgv = (path: string): string[] => ['spctl', '--assess', '--type', 'execute', '-vv', path]
export const quarantineArgv = (path: string): string[] => ['xattr', '-p', 'com.apple.quarantine', path]
export const spotlightArgv = (bundleId: string): string[] => ['mdfind', `kMDItemCFBundleIdentifier == "${bundleId}"`]
/** One `ls -1d` of every path: it prints those that exist and names the rest on stderr. */
export const existingPathsArgv = (paths: readonly string[]): string[] => ['ls', '-1d', ...paths]
