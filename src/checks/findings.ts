/**
 * The doctor's findings as data, like the validator's rules (profiles/rules.ts): for each id its level, the text and
 * the fix as templates, and, where the fix is a command run on the Mac, that command alone (the fleet script runs
 * these). The checks (checks/topics/) decide which findings hold and fill the {tokens}; nothing else writes a finding.
 * Levels: problem (the window shows, or a grant silently does nothing, because of something to fix), warning (pppc
 * cannot be sure, or something is about to go wrong), info (worth knowing).
 */
export type Level = 'problem' | 'warning' | 'info'

export type FindingId =
  | 'macos-version-unknown'
  | 'mdm-not-user-approved'
  | 'mdm-not-enrolled'
  | 'mdm-agent-without-enrollment'
  | 'mdm-other-agent'
  | 'mdm-unknown-vendor'
  | 'client-not-installed'
  | 'client-not-downloaded'
  | 'client-signature-unreadable'
  | 'client-team-id'
  | 'client-gatekeeper-rejected'
  | 'client-copies'
  | 'client-copy-other'
  | 'client-in-use-unknown'
  | 'launcher-translocated'
  | 'client-translocated'
  | 'launcher-quarantined'
  | 'profile-requirement-mismatch'
  | 'profile-requirement-differs'
  | 'profile-user-level'
  | 'profile-conflict'
  | 'no-profile-for-app'
  | 'force-bypass-screen-capture-alert'
  | 'screen-capture-alert-first'
  | 'screen-capture-alert-due'
  | 'screen-capture-alert-not-due'
  | 'user-tcc-missing'
  | 'no-full-disk-access'
  | 'service-denied-by-mdm'
  | 'service-denied'
  | 'service-stale'
  | 'standard-user-may-allow'
  | 'user-standard'
  | 'user-admin'
  | 'accessibility-pppc-deprecated'

export interface FindingRule {
  level: Level
  /** What was found; {tokens} are filled by the check. */
  text: string
  /** What to do, in words (it may quote the command). */
  fix?: string
  /** The command that fixes it on the Mac, alone, for scripts: no prose. */
  command?: string
}

export interface Finding {
  id: FindingId
  level: Level
  text: string
  fix?: string
  command?: string
}

/**
 * Apple's schema (apple/device-management mdm/profiles/com.apple.applicationaccess.yaml @b6202ca, key
 * forceBypassScreenCaptureAlert): boolean, default false, macOS 15.1, allowmanualinstall false, "If set to true, then the
 * presentation of a screen capture alert will be bypassed". The schema marks no supervision requirement.
 */
const BYPASS =
  'from macOS 15.1 an MDM can stop the alert for every app with forceBypassScreenCaptureAlert = true in a Restrictions (com.apple.applicationaccess) payload'

export const FINDINGS: {readonly [K in FindingId]: FindingRule} = {
  'macos-version-unknown': {level: 'warning', text: '{note}'},
  'mdm-not-user-approved': {
    level: 'problem',
    text: 'MDM enrollment{server} is not user approved: macOS applies no PPPC profile, so no permission comes from the MDM.',
    fix: 'approve the MDM profile in {profilesPane}, or enroll the Mac again through Automated Device Enrollment',
  },
  'mdm-not-enrolled': {
    level: 'info',
    text: 'The Mac is not enrolled in an MDM: no PPPC profile can apply, the user gives every permission.',
  },
  'mdm-agent-without-enrollment': {
    level: 'warning',
    text: 'The {agents} is installed, but the Mac is not enrolled in its MDM: profiles from it cannot arrive.',
    fix: 'enroll the Mac again (or remove the stale agent)',
  },
  'mdm-other-agent': {
    level: 'info',
    text: 'The {agents} is installed, but the Mac is enrolled in {mdm}: profiles come from {mdm} only.',
  },
  'mdm-unknown-vendor': {
    level: 'info',
    text: 'The Mac is enrolled in an MDM pppc does not know ({host}): profiles come from it as from any MDM.',
    fix: 'a PPPC profile for any MDM that takes custom profiles: {generate}',
  },
  'client-not-installed': {
    level: 'info',
    text: '{app} is not installed: it installs itself the first time the user opens the download ({download}).',
  },
  'client-not-downloaded': {
    level: 'info',
    text: '{app} is not installed and not downloaded (nothing in {downloads}): the user starts at the support portal, with the first step below.',
  },
  'client-signature-unreadable': {level: 'warning', text: 'codesign could not read {path}: {error}'},
  'client-team-id': {
    level: 'problem',
    text: '{path} is signed by Team ID {teamId}, not {expected}: it is not the genuine client, and profiles for the genuine one do not apply to it.',
    fix: 'remove it ({command}) and download the client again from the support portal',
    command: 'sudo rm -rf "{folder}"',
  },
  'client-gatekeeper-rejected': {
    level: 'problem',
    text: 'Gatekeeper rejects {path}{source}, the copy in use.',
    fix: 'remove it ({command}) and download the client again from the support portal',
    command: 'sudo rm -rf "{folder}"',
  },
  'client-copies': {
    level: 'info',
    text: '{count} copies of {app} are installed (the client installs one per support site); the one in use is {path} ({basis}).',
  },
  'client-copy-other': {
    level: 'info',
    text: 'Also installed, not in use: {path} ({details}). It does not change what the user sees{why}.',
    fix: 'remove it if no session needs it: {command}',
    command: 'sudo rm -rf "{folder}"',
  },
  'client-in-use-unknown': {
    level: 'warning',
    text: '{why}: {copies}. pppc judges what holds for every copy and says unknown where they differ.',
    fix: 'start the session once (so the client runs) and run pppc doctor again, or remove the copies no session needs',
  },
  'launcher-translocated': {
    level: 'info',
    text: 'The launcher runs translocated ({path}): normal for an app opened from Downloads; the client it installs is not.',
  },
  'client-translocated': {
    level: 'warning',
    text: 'The client runs translocated, from a random read-only copy ({path}).',
    fix: 'quit it and open it from its installed place; move a downloaded copy with Finder',
  },
  'launcher-quarantined': {level: 'info', text: '{path} is quarantined{agent}{state}'},
  'profile-requirement-mismatch': {
    level: 'problem',
    text: 'Profile {profile} names {bundleId}, but its code requirement does not match the {against}: {reason}. macOS ignores its grants without a word.',
    fix: 'deploy a profile with the right requirement: {generate}{fromApp}',
  },
  'profile-requirement-differs': {
    level: 'warning',
    text: 'Profile {profile}: pppc cannot tell whether its code requirement holds for the {against}: {reason}.',
    fix: '{check}',
  },
  'profile-user-level': {
    level: 'warning',
    text: 'Profile {profile} is installed for the user {user}, not for the device: macOS applies PPPC payloads only from device-level profiles, so it grants nothing ({services}).',
    fix: 'deploy it at the device (computer) level from the MDM, and remove the user-level one',
  },
  'profile-conflict': {
    level: 'warning',
    text: 'Profiles disagree about {label}: {profiles}. macOS applies the most restrictive setting, Deny.',
    fix: 'remove the Deny entry for {bundleId}, or the profile that holds it, if the client should have {label}',
  },
  'no-profile-for-app': {
    level: 'info',
    text: 'No installed profile names {bundleId}: the user gives every permission{hint}.',
    fix: '{generate}',
  },
  'force-bypass-screen-capture-alert': {
    level: 'info',
    text: 'Profile {profile} sets forceBypassScreenCaptureAlert{effect}.',
  },
  'screen-capture-alert-first': {
    level: 'info',
    text: 'On macOS {version} the first screen capture of a session brings the screen-capture alert ("{name} is requesting to bypass the system private window picker and directly access your screen and audio"): the user clicks Allow For One Month. It comes back about every {days} days.',
    fix: BYPASS,
  },
  'screen-capture-alert-due': {
    level: 'info',
    text: 'The screen-capture alert is due again: the client was last approved on {last}, more than {days} days before this snapshot. At the next session the user sees it ("{name} is requesting to bypass the system private window picker …") and clicks Allow For One Month.',
    fix: BYPASS,
  },
  'screen-capture-alert-not-due': {
    level: 'info',
    text: 'The screen-capture alert was last approved on {last}: it should not come back before {due}; then the user clicks Allow For One Month again.',
    fix: BYPASS,
  },
  'user-tcc-missing': {
    level: 'info',
    text: 'There is no {path}{note}; the permissions here live in the system TCC.db.',
  },
  'no-full-disk-access': {
    level: 'warning',
    text: 'pppc cannot read TCC.db: {host} needs Full Disk Access. Without it pppc cannot tell what the user granted{still}.',
    fix: 'turn on {host} in {privacy} › Full Disk Access, quit and reopen it, and run pppc doctor (or pppc collect) again',
  },
  'service-denied-by-mdm': {
    level: 'problem',
    text: '{label}: {why}.',
    fix: 'change the profile to {allow}, or remove it: the user cannot turn it on, so the steps below leave it out',
  },
  'service-denied': {
    level: 'info',
    text: '{label} was denied before ({reason}): macOS will not ask again; the user turns it on with Grant Access in the Action Required window.',
    fix: 'or reset it: {command}',
    command: '{sudo}tccutil reset {service} {bundleId}',
  },
  'service-stale': {
    level: 'problem',
    text: '{label} was {decision} another copy or signature of {app}: TCC.db keeps the code requirement it was given for ({requirement}), and the client that runs does not satisfy it ({reason}). macOS does not apply it, and the Action Required window shows {label} again.',
    fix: 'reset the old decision, then grant it again: {command}',
    command: '{sudo}tccutil reset {service} {bundleId}',
  },
  'standard-user-may-allow': {
    level: 'info',
    text: '{label}: a profile lets a standard user turn it on without an administrator password.',
  },
  'user-standard': {
    level: 'warning',
    text: '{user} is a standard user: {sections} need an administrator, who types an administrator name and password when {settings} asks{alone}.',
    fix: 'have an administrator at the Mac for the session{mdmFix}',
  },
  'user-admin': {
    level: 'info',
    text: '{user} is an administrator: they can turn on {sections} themselves.',
  },
  'accessibility-pppc-deprecated': {
    level: 'warning',
    text: '{text}',
    fix: 'also deploy the declarative default: pppc generate --app {cliName} --format ddm',
  },
}

function fill(template: string, values: Readonly<Record<string, string>>, id: string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`finding ${id}: no value for {${name}}`)
    return value
  })
}

/** The finding `id` with its templates filled; an empty fix or command is left out. */
export function finding(id: FindingId, values: Readonly<Record<string, string>> = {}): Finding {
  const rule = FINDINGS[id]
  const command = rule.command ? fill(rule.command, values, id).trim() : ''
  const fix = rule.fix ? fill(rule.fix, {...values, command}, id).trim() : ''
  return {
    id,
    level: rule.level,
    text: fill(rule.text, values, id),
    ...(fix ? {fix} : {}),
    ...(command ? {command} : {}),
  }
}
