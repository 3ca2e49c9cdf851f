import type {GrantFlowId, MacosFeature} from '../macos/releases.js'
import {mdmLabel, type MdmKind} from '../profiles/mdm.js'

/**
 * The BeyondTrust Remote Support customer client's onboarding on macOS, as data: how each grant flow is named (which
 * release gets which is in the macOS release table), what each MDM changes, notes per macOS feature, and every step with the condition under which it shows.
 * The steps are the seed documents' words (SOURCES), kept close to the letter; where a case is not in the documents
 * (a step that comes first because an earlier permission is already granted, Edge on a Mac) the rule says so in
 * `source`.
 */

export type Browser = 'chrome' | 'firefox' | 'edge' | 'safari'
/** Which MDM manages the Mac: the house's one MDM type (profiles/mdm.ts). */
export type {MdmKind}
export type FlowId = GrantFlowId
/** The three sections of the client's Action Required window, by PPPC service key. */
export type NeededService = 'ScreenCapture' | 'Accessibility' | 'SystemPolicyAllFiles'
export type SectionId = 'download' | 'launch' | 'permissions' | 'session'
export type SourceId =
  'ualberta' | 'ttu' | 'facts-2.6' | 'facts-3' | 'facts-4.2' | 'apple-tcc' | 'apple-restrictions' | 'derived'

export const SOURCES: Readonly<Record<SourceId, string>> = {
  ualberta: 'University of Alberta IST, "Information about BeyondTrust Remote Support at the UofA" (seed 000)',
  ttu: 'Texas Tech askIT KB0025822, "Join a remote assistance session using BeyondTrust Remote Support on your Mac" (seed 001)',
  'facts-2.6': 'shared/research/macos-facts.md §2.6 (macOS 13, 14, 15 and 26 changes)',
  'facts-3': 'shared/research/macos-facts.md §3 (System Preferences up to 12, System Settings from 13)',
  'facts-4.2': 'shared/research/macos-facts.md §4.2 (Safari opens "safe" downloads)',
  'apple-tcc':
    "Apple's com.apple.TCC.configuration-profile-policy schema (shared/reference/apple-device-management, @61449b07 and @97a11a86)",
  'apple-restrictions':
    "Apple's com.apple.applicationaccess schema, forceBypassScreenCaptureAlert (macos-facts.md §2.6)",
  derived: 'not in the seed documents: adapted by pppc from the documented steps for a case they do not cover',
}

export const BROWSERS: readonly {id: Browser; label: string}[] = [
  {id: 'chrome', label: 'Google Chrome'},
  {id: 'firefox', label: 'Mozilla Firefox'},
  {id: 'edge', label: 'Microsoft Edge'},
  {id: 'safari', label: 'Safari'},
]

/** How the steps name a grant flow; which releases get which flow is in the macOS release table. */
export interface FlowKind {
  id: FlowId
  label: string
  source: SourceId[]
}

export const FLOW_KINDS: Readonly<Record<FlowId, FlowKind>> = {
  'lock-and-checkbox': {
    id: 'lock-and-checkbox',
    label: 'System Preferences: click the lock, then tick the checkbox',
    source: ['ualberta', 'facts-3'],
  },
  toggle: {id: 'toggle', label: 'System Settings: turn on the toggle', source: ['ualberta', 'facts-3']},
}

export interface MdmAssumption {
  kind: MdmKind
  label: string
  /** Sections the PPPC profile of this MDM is taken to grant already (a green checkmark and Revoke Access). */
  grants: NeededService[]
  note?: string
  source: SourceId[]
}

/** The MDMs the onboarding documents (and `pppc flow --mdm`) describe; mdmAssumption() answers for any other. */
export const MDM_ASSUMPTIONS: Readonly<Record<'kandji' | 'jamf' | 'none', MdmAssumption>> = {
  kandji: {
    kind: 'kandji',
    label: 'Kandji (Iru)',
    grants: ['Accessibility', 'SystemPolicyAllFiles'],
    note: 'On a Kandji Mac (bee icon in the menu bar) the Kandji PPPC profile for the client already grants Accessibility and Full Disk Access; Screen Recording can never be granted by a profile, so the user still turns it on.',
    source: ['ualberta'],
  },
  jamf: {
    kind: 'jamf',
    label: 'Jamf Pro',
    grants: ['Accessibility', 'SystemPolicyAllFiles'],
    note: 'The BeyondTrust document describes Kandji Macs; on a Jamf Mac the same holds when a PPPC profile gives the client Accessibility and Full Disk Access (pppc generate --app beyondtrust --mdm jamf). Safari is shown as on an unmanaged Mac: if the .zip stays in Downloads, use Show in Finder as on Kandji.',
    source: ['derived'],
  },
  none: {kind: 'none', label: 'none', grants: [], source: ['ualberta']},
}

/**
 * What the steps assume of a Mac managed by `kind`. An MDM the documents do not describe is assumed to grant nothing
 * (the doctor says what is granted from the Mac's own facts) and to change no step.
 */
export function mdmAssumption(kind: MdmKind): MdmAssumption {
  return kind in MDM_ASSUMPTIONS
    ? MDM_ASSUMPTIONS[kind as keyof typeof MDM_ASSUMPTIONS]
    : {kind, label: mdmLabel(kind), grants: [], source: ['derived']}
}

export type Audience = 'user' | 'admin'

/** A note for the releases where a macOS feature holds (releases.ts), up to where another starts. */
export interface VersionNote {
  id: string
  feature: MacosFeature
  until?: MacosFeature
  /** Releases the documents already cover, where the note would repeat them. */
  exceptMajors?: string[]
  audience: Audience
  text: string
  source: SourceId[]
}

export const VERSION_NOTES: readonly VersionNote[] = [
  {
    id: 'screen-recording-renamed',
    feature: 'screen-recording-pane-renamed',
    audience: 'user',
    text: 'From macOS 15, System Settings calls the Screen Recording pane "Screen & System Audio Recording"; the Action Required window calls its section Screen Recording.',
    source: ['facts-2.6', 'ualberta'],
  },
  {
    id: 'allow-windows-after-15',
    feature: 'screen-capture-periodic-alert',
    exceptMajors: ['15'],
    audience: 'user',
    text: "The BeyondTrust document describes the extra Allow windows for macOS 15 only; macOS 26 is reported to still show macOS 15's screen-capture alert. If a window asks to allow the app, click Allow.",
    source: ['ualberta', 'facts-2.6'],
  },
  {
    id: 'force-bypass-screen-capture-alert',
    feature: 'force-bypass-screen-capture-alert',
    audience: 'admin',
    text: 'From macOS 15.1 an MDM can stop the screen-capture alert with forceBypassScreenCaptureAlert in a Restrictions (com.apple.applicationaccess) payload; whether it needs supervision is not confirmed.',
    source: ['apple-restrictions'],
  },
  {
    id: 'accessibility-grant-notice-26.2',
    feature: 'accessibility-grant-notified',
    until: 'declarative-permission-defaults',
    audience: 'admin',
    text: "Apple's macOS 27-cycle schema text says a PPPC profile's ability to grant Accessibility is deprecated as of macOS 26.2. The Kandji or Jamf grant still works here; prepare the declarative default for 27 (pppc generate --app beyondtrust --format ddm).",
    source: ['apple-tcc'],
  },
  {
    id: 'deprecations-27',
    feature: 'declarative-permission-defaults',
    audience: 'admin',
    text: 'macOS 27 deprecates Accessibility, Camera, Microphone, Speech Recognition and Bluetooth in PPPC profiles: when a profile sets Accessibility the Mac shows the user a non-blocking notification and lets them change it in System Settings. The replacement is a declarative default (com.apple.configuration.app.settings, Privacy.PermissionDefaults) that the user accepts in a prompt: pppc generate --app beyondtrust --format ddm. Screen Recording and Full Disk Access stay in the PPPC profile.',
    source: ['apple-tcc'],
  },
]

/** All given conditions must hold; a list of conditions holds when any of them does. */
export interface StepCondition {
  flow?: FlowId
  /** The releases a document names ("For macOS 15 specifically"). */
  majors?: string[]
  browser?: Browser[]
  mdm?: MdmKind[]
  /** Any MDM but these. */
  notMdm?: MdmKind[]
  /** The Action Required window shows (some section still needs the user). */
  window?: boolean
  /** These sections still need the user (their button says Grant Access). */
  needs?: NeededService[]
  /** These sections are already granted (a green checkmark and Revoke Access). */
  granted?: NeededService[]
  /** macOS has never asked about these, so its own request window still comes (a denial is not asked again). */
  asks?: NeededService[]
  /** An MDM profile denies these sections (pppc doctor): the user cannot turn them on. */
  blocked?: NeededService[]
  /** Some section is denied by an MDM profile (true), or none is (false). */
  anyBlocked?: boolean
  /** Some section needs an administrator, because the user is a standard user (true), or none does (false). */
  anyAdministrator?: boolean
  /** Some section's old decision was made for another copy of the app (true), or none was (false). */
  anyStale?: boolean
}

export interface StepRule {
  id: string
  section: SectionId
  /**
   * Tokens: {app}, {launcher}, {settingsApp}, {windowSections}, {screenRecordingPane}, {accessibilityPane},
   * {fullDiskAccessPane}, {blockedSections}, {administratorSections}, {staleSections}.
   */
  text: string
  /**
   * The text when no permission step came before it (so there is no "go back", and the unlock or password is asked
   * here). The seeds do not cover that case: these texts are always pppc's adaptation of `text`.
   */
  textWhenFirst?: string
  detail?: string
  when?: StepCondition | StepCondition[]
  source: SourceId[]
}

export const SECTIONS: readonly {id: SectionId; title: string}[] = [
  {id: 'download', title: 'Download the app'},
  {id: 'launch', title: 'Start the app'},
  {id: 'permissions', title: 'Give the permissions in {settingsApp}'},
  {id: 'session', title: 'The session'},
]

const SHOW_IN_FINDER_BROWSERS: StepCondition[] = [
  {browser: ['chrome', 'firefox', 'edge']},
  {browser: ['safari'], mdm: ['kandji']},
]

export const STEPS: readonly StepRule[] = [
  // Download (seed 000 "General Information" and "macOS › Downloading the App"; seed 001 steps 1 to 4).
  {
    id: 'portal',
    section: 'download',
    text: 'Go to the support portal your technician gave you, type the session key and click Submit. The page then starts the download of the file that starts the session (into the Downloads folder, unless that default was changed).',
    source: ['ualberta', 'ttu'],
  },
  {
    id: 'safari-allow-downloads',
    section: 'download',
    text: 'Click Allow in the popup asking to allow downloads from the site.',
    when: {browser: ['safari']},
    source: ['ualberta', 'ttu'],
  },
  {
    id: 'chrome-show-in-finder',
    section: 'download',
    text: 'Click the download icon at the top right, then click the Show in Finder icon (looks like a file folder).',
    when: {browser: ['chrome']},
    source: ['ualberta'],
  },
  {
    id: 'firefox-show-in-finder',
    section: 'download',
    text: 'Click the download icon at the top right, then click the Show in Finder icon (looks like a magnifying glass).',
    when: {browser: ['firefox']},
    source: ['ualberta'],
  },
  {
    id: 'edge-show-in-finder',
    section: 'download',
    text: 'Click the downloads icon at the top right of the window, then click the Show in Finder icon (looks like a file folder). If the download icon disappears, click the three dots at the top right of the window, then click Downloads.',
    detail:
      "The BeyondTrust document gives Edge's steps for Windows only (the downloads icon, the three dots › Downloads); on a Mac, Edge leaves the .zip in Downloads as Chrome does, so the Finder steps are Chrome's.",
    when: {browser: ['edge']},
    source: ['ualberta', 'derived'],
  },
  {
    id: 'safari-kandji-show-in-finder',
    section: 'download',
    text: 'Click the download icon at the top right, then click the Show in Finder icon (looks like a magnifying glass).',
    when: {browser: ['safari'], mdm: ['kandji']},
    source: ['ualberta'],
  },
  {
    id: 'open-zip-then-app',
    section: 'download',
    text: 'In the Finder window that comes up, double-click the {launcher}.zip file, then double-click the {launcher}.app file.',
    when: SHOW_IN_FINDER_BROWSERS,
    source: ['ualberta'],
  },
  {
    id: 'safari-open-app-line',
    section: 'download',
    text: 'Click the download icon at the top right, then double-click the {launcher}.app line.',
    detail: 'Safari opens "safe" files after downloading, so the .zip is already expanded in Downloads.',
    // Safari opens the .zip itself unless an MDM turned that off, as Kandji does on the documents' Macs.
    when: {browser: ['safari'], notMdm: ['kandji']},
    source: ['ualberta', 'facts-4.2'],
  },

  // Start (seed 000 "Running the App": the same on every macOS version).
  {
    id: 'open-downloaded-app',
    section: 'launch',
    text: 'A window asks to run an app downloaded from the internet ("{launcher}.app" is an app downloaded from the internet. Are you sure you want to open it?): click Open.',
    source: ['ualberta', 'ttu'],
  },
  {
    id: 'loading',
    section: 'launch',
    text: 'A brief loading window shows a bar moving back and forth.',
    source: ['ualberta'],
  },
  {
    id: 'agreement',
    section: 'launch',
    text: 'In the agreement window, put the dot next to "I have read and agree to the terms above." and click OK.',
    source: ['ualberta'],
  },
  {
    id: 'deny-screen-recording-request',
    section: 'launch',
    text: 'A window asks to grant Screen Recording permission: click Deny. Screen Recording is given a different way, from the Action Required window.',
    when: {asks: ['ScreenCapture']},
    source: ['ualberta'],
  },
  {
    id: 'action-required',
    section: 'launch',
    text: 'The Action Required window opens: here the app gets the permissions the session needs ({windowSections}).',
    when: {window: true},
    source: ['ualberta'],
  },
  {
    id: 'screen-recording-already',
    section: 'launch',
    text: 'The Screen Recording section already has a green checkmark and its button says Revoke Access: leave it.',
    when: {window: true, granted: ['ScreenCapture']},
    source: ['derived'],
  },
  {
    id: 'accessibility-already',
    section: 'launch',
    text: 'The Accessibility section already has a green checkmark and its button says Revoke Access: leave it.',
    when: {window: true, granted: ['Accessibility']},
    source: ['ualberta'],
  },
  {
    id: 'full-disk-access-already',
    section: 'launch',
    text: 'The Full Disk Access section already has a green checkmark and its button says Revoke Access: leave it.',
    when: {window: true, granted: ['SystemPolicyAllFiles']},
    source: ['ualberta'],
  },
  {
    id: 'mdm-denies-section',
    section: 'launch',
    text: "The {blockedSections} section cannot be turned on on this Mac: the organisation's MDM denies it. Leave it as it is and tell the technician.",
    detail:
      'A profile that denies a permission wins over the user (the toggle in {settingsApp} cannot be changed); only the MDM admin can change it.',
    when: {window: true, anyBlocked: true},
    source: ['apple-tcc', 'derived'],
  },
  {
    id: 'administrator-needed',
    section: 'launch',
    text: "{administratorSections}: this user is a standard user, so an administrator has to be there: when {settingsApp} asks for a name and password, an administrator types theirs (the user's own password is not enough).",
    when: {window: true, anyAdministrator: true},
    source: ['facts-3', 'derived'],
  },
  {
    id: 'stale-sections',
    section: 'launch',
    text: '{staleSections}: {settingsApp} may already show {app} turned on, from an older copy of the app; that decision does not count. The technician resets it before the session (tccutil reset); then turn it on as below.',
    detail:
      'macOS keeps each decision with the code requirement of the app it was made for; a copy signed differently is asked again.',
    when: {window: true, anyStale: true},
    source: ['derived'],
  },
  {
    id: 'no-window',
    section: 'launch',
    text: 'The Action Required window does not show up: the app already has every permission it needs, as on a Mac supported through BeyondTrust before.',
    when: {window: false},
    source: ['ualberta'],
  },
  {
    id: 'macos-15-allow-windows',
    section: 'launch',
    text: 'For macOS 15 specifically you may see two windows in the course of running the app that indicate other permissions are required. On both of them click Allow.',
    detail:
      'One is likely the Local Network request ("Allow "{app}" to find devices on local networks?"); the other may be the screen-capture alert of macOS 15, whose button reads Allow For One Month.',
    when: {majors: ['15'], window: false},
    source: ['ualberta', 'ttu', 'facts-2.6'],
  },

  // Permissions, macOS 13 and later (seed 000 "macOS 13 - 15").
  {
    id: 'toggle-screen-recording-grant',
    section: 'permissions',
    text: 'Click the Grant Access button in the Screen Recording section.',
    when: {flow: 'toggle', needs: ['ScreenCapture']},
    source: ['ualberta'],
  },
  {
    id: 'toggle-screen-recording-switch',
    section: 'permissions',
    text: 'In the System Settings window that comes up ({screenRecordingPane}), click the toggle to the right of {app} and enter the user password when asked.',
    when: {flow: 'toggle', needs: ['ScreenCapture']},
    source: ['ualberta'],
  },
  {
    id: 'toggle-screen-recording-restart',
    section: 'permissions',
    text: 'After entering the password a window will come up indicating that the app needs to be restarted. In this window click Quit & Reopen.',
    when: {flow: 'toggle', needs: ['ScreenCapture']},
    source: ['ualberta'],
  },
  {
    id: 'toggle-accessibility',
    section: 'permissions',
    text: 'Go back to the Action Required window and click the Grant Access button in the Accessibility section, then click the toggle next to {app}.',
    textWhenFirst:
      'In the Action Required window, click the Grant Access button in the Accessibility section. In the System Settings window that comes up ({accessibilityPane}), click the toggle next to {app} and enter the user password when asked.',
    when: {flow: 'toggle', needs: ['Accessibility']},
    source: ['ualberta'],
  },
  {
    id: 'toggle-full-disk-access',
    section: 'permissions',
    text: 'Go back to the Action Required window and click the Grant Access button in the Full Disk Access section, then click the toggle next to {app}.',
    textWhenFirst:
      'In the Action Required window, click the Grant Access button in the Full Disk Access section. In the System Settings window that comes up ({fullDiskAccessPane}), click the toggle next to {app} and enter the user password when asked.',
    when: {flow: 'toggle', needs: ['SystemPolicyAllFiles']},
    source: ['ualberta'],
  },

  // Permissions, macOS 12 and below (seed 000 "macOS 12 and below").
  {
    id: 'lock-screen-recording-grant',
    section: 'permissions',
    text: 'Click the Grant Access button in the Screen Recording section.',
    when: {flow: 'lock-and-checkbox', needs: ['ScreenCapture']},
    source: ['ualberta'],
  },
  {
    id: 'lock-screen-recording-checkbox',
    section: 'permissions',
    text: "In the System Preferences window ({screenRecordingPane}), click the lock at the lower left corner of the window (if it's not already open) and enter the user password to unlock the window. After this put a check mark in the box to the left of {app}.",
    when: {flow: 'lock-and-checkbox', needs: ['ScreenCapture']},
    source: ['ualberta'],
  },
  {
    id: 'lock-screen-recording-restart',
    section: 'permissions',
    text: 'A window will come up indicating that the app needs to be restarted. In this window click Quit & Reopen.',
    when: {flow: 'lock-and-checkbox', needs: ['ScreenCapture']},
    source: ['ualberta'],
  },
  {
    id: 'lock-accessibility',
    section: 'permissions',
    text: 'Go back to the Action Required window and click the Grant Access button in the Accessibility section, then put a checkmark to the left of {app}.',
    textWhenFirst:
      "In the Action Required window, click the Grant Access button in the Accessibility section. In the System Preferences window ({accessibilityPane}), click the lock at the lower left corner (if it's not already open) and enter the user password, then put a checkmark to the left of {app}.",
    when: {flow: 'lock-and-checkbox', needs: ['Accessibility']},
    source: ['ualberta'],
  },
  {
    id: 'lock-full-disk-access',
    section: 'permissions',
    text: 'Go back to the Action Required window and click the Grant Access button in the Full Disk Access section, then put a checkmark to the left of {app}.',
    textWhenFirst:
      "In the Action Required window, click the Grant Access button in the Full Disk Access section. In the System Preferences window ({fullDiskAccessPane}), click the lock at the lower left corner (if it's not already open) and enter the user password, then put a checkmark to the left of {app}.",
    when: {flow: 'lock-and-checkbox', needs: ['SystemPolicyAllFiles']},
    source: ['ualberta'],
  },

  // Both flows: the restart after Full Disk Access, and macOS 15's extra windows.
  {
    id: 'full-disk-access-restart-again',
    section: 'permissions',
    text: 'The same app restart window will come up again, so click Quit & Reopen.',
    when: {needs: ['SystemPolicyAllFiles', 'ScreenCapture']},
    source: ['ualberta'],
  },
  {
    id: 'full-disk-access-restart',
    section: 'permissions',
    text: 'A window will come up indicating that the app needs to be restarted. In this window click Quit & Reopen.',
    when: [
      {needs: ['SystemPolicyAllFiles'], granted: ['ScreenCapture']},
      {needs: ['SystemPolicyAllFiles'], blocked: ['ScreenCapture']},
    ],
    source: ['ualberta', 'derived'],
  },
  {
    id: 'macos-15-allow-windows-during-permissions',
    section: 'permissions',
    text: 'For macOS 15 specifically you may see two windows in the course of running the app that indicate other permissions are required. On both of them click Allow.',
    detail:
      'One is likely the Local Network request ("Allow "{app}" to find devices on local networks?"); the other may be the screen-capture alert of macOS 15, whose button reads Allow For One Month.',
    when: {majors: ['15'], window: true},
    source: ['ualberta', 'ttu', 'facts-2.6'],
  },

  // The session (seed 000 "Session Elevation", "Ending the Session").
  {
    id: 'main-window-after-permissions',
    section: 'session',
    text: 'After the permissions have been granted, the main window shows up, where you and the technician can communicate by text if needed.',
    when: {window: true},
    source: ['ualberta'],
  },
  {
    id: 'main-window',
    section: 'session',
    text: 'The main window shows up, where you and the technician can communicate by text if needed.',
    when: {window: false},
    source: ['ualberta'],
  },
  {
    id: 'elevation',
    section: 'session',
    text: 'If the technician elevates the session and needs your password, a window comes up: type your password and click OK.',
    source: ['ualberta'],
  },
  {
    id: 'end-session',
    section: 'session',
    text: 'To end the session at any time, click STOP SHARING or the red dot at the top left of the main window, then click Yes.',
    source: ['ualberta'],
  },
  {
    id: 'delete-downloads',
    section: 'session',
    text: 'Once the session has ended, the downloaded files can be deleted manually (from Downloads).',
    source: ['ualberta'],
  },
]
