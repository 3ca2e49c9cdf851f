/**
 * Every macOS version fact pppc uses, one row per release: what the release is called, which app holds the privacy
 * panes and how a user turns a permission on there, which PPPC services and keys it brings or deprecates, which
 * TCC.db layout it writes, and what changes at its point releases. The onboarding flows, the validate rules and the
 * doctor all read this table; adding a macOS version is adding a row here (and a recorded Mac in fixtures/macs/).
 *
 * Sources: ../shared/research/macos-facts.md §2.3 (TCC.db columns), §2.6 (changes of 13 to 27), §3 (names, Darwin
 * majors from the macadmins/sofa feed @ 00b0d8c, the System Preferences → System Settings switch at 13 from
 * eclecticlight.co); Apple's device-management schema (introduced and deprecated versions of the PPPC services and
 * keys, forceBypassScreenCaptureAlert) in ../shared/reference/apple-device-management. macOS 27 had no marketing name
 * in the sources when this was written.
 */

export type SettingsAppName = 'System Preferences' | 'System Settings'

/** How a user turns a permission on in the settings app of a release. */
export type GrantFlowId = 'lock-and-checkbox' | 'toggle'

/** The layouts of TCC.db's access table (macos-facts.md §2.3); tcc.ts tells them apart by their columns. */
export type TccSchemaId = 'allowed' | 'auth-value' | 'auth-value-pid' | 'auth-value-reminders'

/** Things that start at one macOS version (a major or a point release) and that pppc's answers depend on. */
export type MacosFeature =
  /** The PPPC payload (com.apple.TCC.configuration-profile-policy) itself. */
  | 'pppc-payload'
  /** PPPC's Authorization key; before it, only the boolean Allowed is read. */
  | 'pppc-authorization-key'
  /** Screen Recording exists as a permission (and as the PPPC key ScreenCapture). */
  | 'screen-recording-permission'
  /** System Settings calls the Screen Recording pane "Screen & System Audio Recording". */
  | 'screen-recording-pane-renamed'
  /** The periodic "Allow For One Month" screen-capture alert (macOS 15). */
  | 'screen-capture-periodic-alert'
  /** Local Network privacy: an app asks "Allow … to find devices on local networks?" (macOS 15). */
  | 'local-network-privacy'
  /** The Restrictions key forceBypassScreenCaptureAlert is honoured. */
  | 'force-bypass-screen-capture-alert'
  /** A profile's Accessibility grant is announced to the user, who can turn it off. */
  | 'accessibility-grant-notified'
  /** Declarative permission defaults (com.apple.configuration.app.settings, Privacy.PermissionDefaults). */
  | 'declarative-permission-defaults'
  /** The per-user TCC.db is reported to leave ~/Library/Application Support/com.apple.TCC/ (unverified). */
  | 'user-tcc-db-moved'

export interface FeatureStart {
  feature: MacosFeature
  /** The point release it starts at, when not the major's first ("15.1", "26.2"). */
  at?: string
  source: string
}

/**
 * The window macOS shows after Screen Recording (and Full Disk Access) is turned on for a running app: the button that
 * quits and restarts it, and another label some sources give for the same button on this release.
 */
export interface RestartPrompt {
  button: string
  alternative?: string
  source: string
}

export interface MacosRelease {
  /** The major as Apple counts it: "10.15" for the 10.x years, "11" onwards. */
  major: string
  name?: string
  /** Darwin major, the digits that start a build number (24G830 → 24 → macOS 15). */
  darwin: number
  settingsApp: SettingsAppName
  grantFlow: GrantFlowId
  tccSchema: TccSchemaId
  /** The TCC.db layout is reported, not confirmed. */
  tccSchemaReported?: true
  /** The onboarding steps were written for this release (the documents start at 10.15: 10.14 has no Screen Recording). */
  onboarding: boolean
  /** PPPC service keys first honoured in this release (Apple's schema). */
  servicesIntroduced?: readonly string[]
  /** PPPC service keys Apple marks deprecated from this release. */
  servicesDeprecated?: readonly string[]
  /** Privacy panes renamed in this release, by PPPC service key. */
  panesRenamed?: readonly {service: string; label: string}[]
  features?: readonly FeatureStart[]
  restartPrompt: RestartPrompt
  /** The version numbers Apple skipped before this release, and what to tell someone who names one. */
  skippedBefore?: {from: number; to: number; note: string}
}

// Seed 000 (University of Alberta) says Quit & Reopen for "macOS 12 and below" too; macos-facts.md §3 gives "Quit
// Now"/"Later" for System Preferences (Zoom KB0064868's older text). Both are secondary sources: the flow names the
// document's button and tells the user the other label.
const RESTART_UP_TO_12: RestartPrompt = {
  button: 'Quit & Reopen',
  alternative: 'Quit Now',
  source:
    'seed 000 (macOS 12 and below: Quit & Reopen); macos-facts.md §3 (System Preferences: "Quit Now"/"Later", Zoom KB0064868 older text)',
}
const RESTART_FROM_13: RestartPrompt = {
  button: 'Quit & Reopen',
  source: 'seed 000 (macOS 13 - 15); macos-facts.md §2.6 and §3 (Zoom KB0064868 current text)',
}

const APPLE_TCC =
  "Apple's com.apple.TCC.configuration-profile-policy schema (apple/device-management @61449b07, @97a11a86)"

export const RELEASES: readonly MacosRelease[] = [
  {
    major: '10.14',
    name: 'Mojave',
    darwin: 18,
    settingsApp: 'System Preferences',
    grantFlow: 'lock-and-checkbox',
    tccSchema: 'allowed',
    onboarding: false,
    restartPrompt: RESTART_UP_TO_12,
    servicesIntroduced: [
      'AddressBook',
      'Calendar',
      'Reminders',
      'Photos',
      'Camera',
      'Microphone',
      'Accessibility',
      'PostEvent',
      'SystemPolicyAllFiles',
      'SystemPolicySysAdminFiles',
      'AppleEvents',
    ],
    features: [{feature: 'pppc-payload', source: APPLE_TCC}],
  },
  {
    major: '10.15',
    name: 'Catalina',
    darwin: 19,
    settingsApp: 'System Preferences',
    grantFlow: 'lock-and-checkbox',
    tccSchema: 'allowed',
    onboarding: true,
    restartPrompt: RESTART_UP_TO_12,
    servicesIntroduced: [
      'MediaLibrary',
      'FileProviderPresence',
      'ListenEvent',
      'ScreenCapture',
      'SpeechRecognition',
      'SystemPolicyDesktopFolder',
      'SystemPolicyDocumentsFolder',
      'SystemPolicyDownloadsFolder',
      'SystemPolicyNetworkVolumes',
      'SystemPolicyRemovableVolumes',
    ],
    features: [{feature: 'screen-recording-permission', source: APPLE_TCC}],
  },
  {
    major: '11',
    name: 'Big Sur',
    darwin: 20,
    settingsApp: 'System Preferences',
    grantFlow: 'lock-and-checkbox',
    tccSchema: 'auth-value',
    onboarding: true,
    restartPrompt: RESTART_UP_TO_12,
    servicesIntroduced: ['BluetoothAlways'],
    features: [{feature: 'pppc-authorization-key', source: APPLE_TCC}],
  },
  {
    major: '12',
    name: 'Monterey',
    darwin: 21,
    settingsApp: 'System Preferences',
    grantFlow: 'lock-and-checkbox',
    tccSchema: 'auth-value',
    onboarding: true,
    restartPrompt: RESTART_UP_TO_12,
  },
  {
    major: '13',
    name: 'Ventura',
    darwin: 22,
    settingsApp: 'System Settings',
    grantFlow: 'toggle',
    tccSchema: 'auth-value-pid',
    onboarding: true,
    restartPrompt: RESTART_FROM_13,
    servicesIntroduced: ['SystemPolicyAppBundles'],
  },
  {
    major: '14',
    name: 'Sonoma',
    darwin: 23,
    settingsApp: 'System Settings',
    grantFlow: 'toggle',
    tccSchema: 'auth-value-pid',
    onboarding: true,
    restartPrompt: RESTART_FROM_13,
    servicesIntroduced: ['SystemPolicyAppData'],
  },
  {
    major: '15',
    name: 'Sequoia',
    darwin: 24,
    settingsApp: 'System Settings',
    grantFlow: 'toggle',
    tccSchema: 'auth-value-pid',
    onboarding: true,
    restartPrompt: RESTART_FROM_13,
    panesRenamed: [{service: 'ScreenCapture', label: 'Screen & System Audio Recording'}],
    features: [
      {feature: 'screen-recording-pane-renamed', source: 'macos-facts.md §2.6'},
      {feature: 'screen-capture-periodic-alert', source: 'macos-facts.md §2.6 (pxlnv.com, markbattistella.com)'},
      {feature: 'local-network-privacy', source: 'macos-facts.md §2.6 (Local Network privacy prompt; seed 001 step 6)'},
      {
        feature: 'force-bypass-screen-capture-alert',
        at: '15.1',
        source: "Apple's com.apple.applicationaccess schema, forceBypassScreenCaptureAlert (macos-facts.md §2.6)",
      },
    ],
  },
  {
    major: '26',
    name: 'Tahoe',
    darwin: 25,
    settingsApp: 'System Settings',
    grantFlow: 'toggle',
    tccSchema: 'auth-value-pid',
    onboarding: true,
    restartPrompt: RESTART_FROM_13,
    features: [{feature: 'accessibility-grant-notified', at: '26.2', source: APPLE_TCC}],
    skippedBefore: {from: 16, to: 25, note: 'after 15 Sequoia Apple numbered by year, starting at 26 Tahoe'},
  },
  {
    major: '27',
    darwin: 26,
    settingsApp: 'System Settings',
    grantFlow: 'toggle',
    tccSchema: 'auth-value-reminders',
    tccSchemaReported: true,
    onboarding: true,
    restartPrompt: RESTART_FROM_13,
    servicesDeprecated: ['Camera', 'Microphone', 'Accessibility', 'SpeechRecognition', 'BluetoothAlways'],
    features: [
      {feature: 'declarative-permission-defaults', source: "Apple's com.apple.configuration.app.settings schema"},
      {feature: 'user-tcc-db-moved', source: 'macos-facts.md §2.2 (reported, unverified)'},
    ],
  },
]

/** Where each settings app keeps the privacy panes and the profiles list. */
export const SETTINGS_APPS: Readonly<
  Record<SettingsAppName, {privacy: string; profiles: string; pane: (label: string) => string}>
> = {
  'System Preferences': {
    privacy: 'System Preferences › Security & Privacy › Privacy',
    profiles: 'System Preferences › Profiles',
    pane: (label) => `Security & Privacy › Privacy › ${label}`,
  },
  'System Settings': {
    privacy: 'System Settings › Privacy & Security',
    profiles: 'System Settings › Privacy & Security › Profiles',
    pane: (label) => `Privacy & Security › ${label}`,
  },
}

export function releaseOf(major: string): MacosRelease | undefined {
  return RELEASES.find((r) => r.major === major)
}

export const OLDEST_RELEASE = RELEASES[0]!
export const NEWEST_RELEASE = RELEASES[RELEASES.length - 1]!
