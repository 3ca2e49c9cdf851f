import {hostAppName} from '../checks/host-apps.js'
import type {SnapshotIndex} from '../system/snapshot.js'
import {renderTemplate} from './templates.js'

/** Why each recorded command is there, by the start of its argv. */
const PURPOSES: readonly [prefix: string, purpose: string][] = [
  ['sw_vers', 'macOS version and build'],
  ['stat -f %Su /dev/console', 'the user logged in at the console, whose TCC.db and Downloads folder are read'],
  ['profiles status', 'MDM enrollment, and whether it is user approved (PPPC profiles need it)'],
  [
    'profiles -P',
    'installed profiles: payload content kept only for PPPC payloads (and forceBypassScreenCaptureAlert); keys that look like secrets removed',
  ],
  ['ls -1d', 'which MDM agent files exist (Kandji, Jamf, Intune, Mosyle, Addigy, Workspace ONE, JumpCloud, …)'],
  ['find', 'where the client is installed'],
  ['mdfind', 'where the app is installed'],
  ['codesign -dr', "the installed client's designated requirement"],
  [
    'codesign -dv --verbose=4',
    "the installed client's signing identifier, Team ID, certificate chain (Authority), CDHash and signing time",
  ],
  ['codesign -dv', "the installed client's signing identifier and Team ID"],
  ['defaults read', "the installed client's version (CFBundleShortVersionString)"],
  ['dseditgroup', 'whether the console user is an administrator (member of the admin group)'],
  ['spctl', "Gatekeeper's verdict on the installed client"],
  ['pgrep', 'whether the client or its launcher runs (process IDs)'],
  [
    'ps -o pid=',
    'process and parent process IDs and executable paths (no arguments): which copy runs, what started it',
  ],
  ['ps -o comm=', 'the executable paths of those processes (no arguments), to see translocation'],
  ['xattr -p com.apple.quarantine', 'quarantine of the downloaded launcher'],
]

const FILE_PURPOSES: readonly [suffix: string, purpose: string][] = [
  [
    '/Library/Application Support/com.apple.TCC/TCC.db',
    "the system TCC.db: every app's Screen Recording, Accessibility, Full Disk Access... decisions on this Mac",
  ],
  ['/com.apple.TCC/TCC.db', "the console user's TCC.db: their per-user privacy decisions"],
  ['MDMOverrides.plist', 'what TCC took from the installed PPPC profiles'],
  [
    'ScreenCaptureApprovals.plist',
    "the console user's screen-capture approvals (macOS 15): when each app's screen-capture alert was last shown and used",
  ],
]

export function renderSnapshotReadme(
  index: SnapshotIndex,
  context: {
    dir: string
    reader: {app: string; fullDiskAccess: string}
    redacted?: {kind: string; place: string; count: number}[]
  },
): Promise<string> {
  const commands = index.commands.map((c) => {
    const line = c.argv.join(' ')
    return {line, exitCode: c.exitCode, purpose: PURPOSES.find(([prefix]) => line.startsWith(prefix))?.[1] ?? ''}
  })
  const files = (index.files ?? []).map((f) => ({
    ...f,
    purpose:
      (f.path === FILE_PURPOSES[0]![0]
        ? FILE_PURPOSES[0]![1]
        : FILE_PURPOSES.slice(1).find(([suffix]) => f.path.endsWith(suffix))?.[1]) ?? '',
  }))
  return renderTemplate('snapshot-readme', 'markdown', {
    index,
    commands,
    files,
    dir: context.dir,
    reader: context.reader,
    redacted: context.redacted ?? [],
    hostApp: index.hostApp ? hostAppName(index.hostApp) : undefined,
  })
}
