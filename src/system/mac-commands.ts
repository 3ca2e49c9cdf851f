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

/** The designated requirement of an app (stdout: `designated => ...`). */
export const codesignRequirementArgv = (path: string): string[] => ['codesign', '-dr', '-', path]
/** Identifier, Team ID, the Authority chain, CDHash and timestamp of a signature (snapshot format 2). */
export const codesignDetailsArgv = (path: string): string[] => ['codesign', '-dv', '--verbose=4', path]
/** Identifier and Team ID only: what the first snapshot format recorded. */
export const codesignDisplayArgv = (path: string): string[] => ['codesign', '-dv', path]
export const pgrepArgv = (executable: string): string[] => ['pgrep', '-x', executable]
/**
 * Process ID, parent process ID and executable path (no arguments) of processes (snapshot format 2). Separate `-o`
 * options: BSD ps treats text after a keyword's `=` as that column's header.
 */
export const processesArgv = (pids: readonly string[]): string[] => [
  'ps',
  '-o',
  'pid=',
  '-o',
  'ppid=',
  '-o',
  'comm=',
  '-p',
  pids.join(','),
]
/** Executable paths only: what the first snapshot format recorded. */
export const processPathsArgv = (pids: readonly string[]): string[] => ['ps', '-o', 'comm=', '-p', pids.join(',')]
/** An app's version as its Info.plist gives it (`defaults read` takes the path without `.plist`). */
export const bundleVersionArgv = (app: string): string[] => [
  'defaults',
  'read',
  `${app.replace(/\/+$/, '')}/Contents/Info`,
  'CFBundleShortVersionString',
]
/** Whether a user is a member of the admin group, nested groups included: `yes USER is a member of admin` or `no ...`. */
export const adminMemberArgv = (user: string): string[] => ['dseditgroup', '-o', 'checkmember', '-m', user, 'admin']

/** Where replayd keeps, per user, when the macOS 15 screen-capture alert was last shown for each app. */
export const screenCaptureApprovalsPath = (home: string): string =>
  `${home}/Library/Group Containers/group.com.apple.replayd/ScreenCaptureApprovals.plist`

/*
 * Other spellings of the same questions, which snapshots built by hand or by other tools may hold. Doctor asks them only
 * of a recorded Mac that has no answer to its own argv; collect never records them. The first of each list that a
 * snapshot answers is read with the same parser.
 */
export const codesignDetailsAlternatives = (path: string): string[][] => [
  ['codesign', '-dvvvv', path],
  ['codesign', '-d', '--verbose=4', path],
  ['codesign', '-dvvv', path],
  ['codesign', '-dvv', path],
  codesignDisplayArgv(path),
]
export const processesAlternatives = (pids: readonly string[]): string[][] => [
  ['ps', '-o', 'pid=,ppid=,comm=', '-p', pids.join(',')],
  ['ps', '-o', 'pid=,comm=', '-p', pids.join(',')],
  processPathsArgv(pids),
]
export const bundleVersionAlternatives = (app: string): string[][] => [
  ['defaults', 'read', `${app.replace(/\/+$/, '')}/Contents/Info.plist`, 'CFBundleShortVersionString'],
  [
    'plutil',
    '-extract',
    'CFBundleShortVersionString',
    'raw',
    '-o',
    '-',
    `${app.replace(/\/+$/, '')}/Contents/Info.plist`,
  ],
]
/** The user's groups, by name (`staff everyone … admin …`): another way to ask about admin membership. */
export const groupsArgv = (user: string): string[] => ['id', '-Gn', user]
