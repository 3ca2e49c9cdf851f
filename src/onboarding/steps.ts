import type {GrantFlowId, MacosFeature} from '../macos/releases.js'
import {mdmLabel} from '../profiles/mdm.js'
import type {ClientTraits} from './client-configs.js'
import type {Browser, MdmKind, NeededService, Os, SourceId} from './vocabulary.js'

/**
 * The BeyondTrust Remote Support customer client's onboarding on a Mac and on a Windows PC, as data: how each grant
 * flow is named (which release gets which is in the macOS release table), what each MDM changes, notes per macOS
 * feature, and every step with the systems, client configurations and conditions under which it shows.
 * The steps are the seed documents' words (SOURCES), kept close to the letter; where a case is not in the documents
 * (a step that comes first because an earlier permission is already granted, a configuration on a system its
 * document does not show) the rule says so in `source` and in a note for the technician.
 */

export {BROWSERS, OPERATING_SYSTEMS, SOURCES, browsersOn} from './vocabulary.js'
export type {Browser, MdmKind, NeededService, Os, SourceId} from './vocabulary.js'

export type FlowId = GrantFlowId
export type SectionId = 'download' | 'launch' | 'permissions' | 'sharing' | 'control' | 'session'

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
  /** Sections its profile lets a standard user turn on (AllowStandardUserToSetSystemService). */
  standardUserAllowed: NeededService[]
  /** For the user, in plain words. */
  note?: string
  /** For the technician and the Mac admin. */
  adminNote?: string
  source: SourceId[]
}

/** The MDMs the onboarding documents (and `pppc flow --mdm`) describe; mdmAssumption() answers for any other. */
export const MDM_ASSUMPTIONS: Readonly<Record<'kandji' | 'jamf' | 'none', MdmAssumption>> = {
  kandji: {
    kind: 'kandji',
    label: 'Kandji (Iru)',
    grants: ['Accessibility', 'SystemPolicyAllFiles'],
    standardUserAllowed: ['ScreenCapture'],
    note: 'On a Mac managed with Kandji (a bee icon in the menu bar), Accessibility and Full Disk Access are already turned on for the app; you still turn on Screen Recording yourself.',
    adminNote:
      'The Kandji PPPC profile for the client grants Accessibility and Full Disk Access; Screen Recording can never be granted by a profile (at most AllowStandardUserToSetSystemService), so the user still turns it on.',
    source: ['ualberta', 'apple-tcc'],
  },
  jamf: {
    kind: 'jamf',
    label: 'Jamf Pro',
    grants: ['Accessibility', 'SystemPolicyAllFiles'],
    standardUserAllowed: ['ScreenCapture'],
    note: 'On a Mac managed with Jamf, Accessibility and Full Disk Access are already turned on for the app; you still turn on Screen Recording yourself.',
    adminNote:
      'The BeyondTrust document describes Kandji Macs; on a Jamf Mac the same holds when a PPPC profile gives the client Accessibility and Full Disk Access (pppc generate --app beyondtrust --mdm jamf). Safari is shown as on an unmanaged Mac: if the .zip stays in Downloads, use Show in Finder as on Kandji.',
    source: ['derived'],
  },
  none: {kind: 'none', label: 'none', grants: [], standardUserAllowed: [], source: ['ualberta']},
}

/**
 * What the steps assume of a Mac managed by `kind`. An MDM the documents do not describe is assumed to grant nothing
 * (the doctor says what is granted from the Mac's own facts) and to change no step.
 */
export function mdmAssumption(kind: MdmKind): MdmAssumption {
  return kind in MDM_ASSUMPTIONS
    ? MDM_ASSUMPTIONS[kind as keyof typeof MDM_ASSUMPTIONS]
    : {kind, label: mdmLabel(kind), grants: [], standardUserAllowed: [], source: ['derived']}
}

export type Audience = 'user' | 'admin'

/** A note for the releases where a macOS feature holds (releases.ts), up to where another starts. */
export interface VersionNote {
  id: string
  feature: MacosFeature
  until?: MacosFeature
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
  /** The Mac has this feature of the release table (a release or point release starts it). */
  feature?: MacosFeature
  browser?: Browser[]
  mdm?: MdmKind[]
  /** Any MDM but these. */
  notMdm?: MdmKind[]
  /** Traits of the client configuration (client-configs.ts). */
  client?: Partial<ClientTraits>
  /** The Action Required window shows (some section still needs the user). */
  window?: boolean
  /** These sections still need the user (this Mac has them and they are not granted). */
  needs?: NeededService[]
  /** These sections are already granted (a green checkmark and Revoke Access). */
  granted?: NeededService[]
  /** These sections need nothing from the user: granted, or a permission this macOS does not have. */
  settled?: NeededService[]
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

/** The project's own drawings (src/render/illustrations.ts); the flow fills in what they depend on. */
export type IllustrationId =
  | 'browser-downloads'
  | 'downloaded-app-dialog'
  | 'action-required'
  | 'settings-toggle'
  | 'preferences-lock'
  | 'restart-prompt'
  | 'uac-prompt'

export interface StepRule {
  id: string
  /** The systems the step is shown on. */
  os: Os[]
  section: SectionId
  /**
   * Tokens: {app}, {launcher}, {portal}, {settingsApp}, {windowSections}, {screenRecordingPane}, {accessibilityPane},
   * {fullDiskAccessPane}, {quitButton}, {blockedSections}, {administratorSections}, {staleSections}.
   */
  text: string
  /**
   * The text when no permission step came before it (so there is no "go back", and the unlock or password is asked
   * here). The seeds do not cover that case: these texts are always pppc's adaptation of `text`.
   */
  textWhenFirst?: string
  /** Help for the user, shown under the step. */
  detail?: string
  /** For the technician only: where a step comes from when the documents do not say it that way. */
  technicianNote?: string
  /** The step ends with macOS's restart window: its button and the other label some sources give come from the release table. */
  restartPrompt?: true
  /** The permission this step has the user turn on (the standard-user note lists them). */
  turnsOn?: NeededService
  /** The section of the Action Required window a drawing of it highlights. */
  illustration?: IllustrationId
  highlight?: NeededService
  when?: StepCondition | StepCondition[]
  /** The systems its source shows it on, when fewer than `os`; elsewhere it is marked derived. */
  documentedOn?: Os[]
  source: SourceId[]
}

export const SECTIONS: readonly {id: SectionId; title: string}[] = [
  {id: 'download', title: 'Download the app'},
  {id: 'launch', title: 'Start the app'},
  {id: 'permissions', title: 'Give the permissions in {settingsApp}'},
  {id: 'sharing', title: 'Share your screen'},
  {id: 'control', title: 'Let the technician control the pointer and keyboard'},
  {id: 'session', title: 'The session'},
]

const MAC: Os[] = ['macos']
const WINDOWS: Os[] = ['windows']
const BOTH: Os[] = ['macos', 'windows']

const SHOW_IN_FINDER_BROWSERS: StepCondition[] = [
  {browser: ['chrome', 'firefox']},
  {browser: ['safari'], mdm: ['kandji']},
]
const UPFRONT: Partial<ClientTraits> = {permissions: 'action-required-window'}
const ON_REQUEST: Partial<ClientTraits> = {permissions: 'on-request'}

export const STEPS: readonly StepRule[] = [
  // Download (seed 000 "General Information" and "<system> › Downloading the App"; seed 001 steps 1 to 4).
  {
    id: 'portal',
    os: BOTH,
    section: 'download',
    text: 'Go to {portal}, type the session key and click Submit. The page then starts the download of the file that starts the session (into the Downloads folder, unless that default was changed).',
    source: ['ualberta', 'ttu'],
  },
  {
    id: 'safari-allow-downloads',
    os: MAC,
    section: 'download',
    text: 'Click Allow in the popup asking to allow downloads from the site.',
    when: {browser: ['safari']},
    source: ['ualberta', 'ttu'],
  },
  {
    id: 'chrome-show-in-finder',
    os: MAC,
    section: 'download',
    text: 'Click the download icon at the top right, then click the Show in Finder icon (looks like a file folder).',
    illustration: 'browser-downloads',
    when: {browser: ['chrome']},
    source: ['ualberta'],
  },
  {
    id: 'firefox-show-in-finder',
    os: MAC,
    section: 'download',
    text: 'Click the download icon at the top right, then click the Show in Finder icon (looks like a magnifying glass).',
    illustration: 'browser-downloads',
    when: {browser: ['firefox']},
    source: ['ualberta'],
  },
  {
    id: 'safari-kandji-show-in-finder',
    os: MAC,
    section: 'download',
    text: 'Click the download icon at the top right, then click the Show in Finder icon (looks like a magnifying glass).',
    illustration: 'browser-downloads',
    when: {browser: ['safari'], mdm: ['kandji']},
    source: ['ualberta'],
  },
  {
    id: 'open-zip-then-app',
    os: MAC,
    section: 'download',
    text: 'In the Finder window that comes up, double-click the {launcher}.zip file, then double-click the {launcher}.app file.',
    when: SHOW_IN_FINDER_BROWSERS,
    source: ['ualberta', 'ttu'],
  },
  {
    id: 'safari-open-app-line',
    os: MAC,
    section: 'download',
    text: 'Click the download icon at the top right, then double-click the {launcher}.app line.',
    detail: 'Safari has already unpacked the downloaded file, so the app is there in Downloads.',
    technicianNote: 'Safari opens "safe" files after downloading, so the .zip is already expanded in Downloads.',
    illustration: 'browser-downloads',
    // Safari opens the .zip itself unless an MDM turned that off, as Kandji does on the documents' Macs.
    when: {browser: ['safari'], notMdm: ['kandji']},
    source: ['ualberta', 'ttu', 'facts-4.2'],
  },
  {
    id: 'windows-chrome-open-download',
    os: WINDOWS,
    section: 'download',
    text: 'After the file has finished downloading, click the downloads icon at the top right of the window, then click the downloaded file.',
    illustration: 'browser-downloads',
    when: {browser: ['chrome']},
    source: ['ualberta'],
  },
  {
    id: 'windows-firefox-open-download',
    os: WINDOWS,
    section: 'download',
    text: 'After the file has finished downloading, click the downloads icon at the top right of the window, then click the downloaded file.',
    illustration: 'browser-downloads',
    when: {browser: ['firefox']},
    source: ['ualberta'],
  },
  {
    id: 'windows-edge-open-download',
    os: WINDOWS,
    section: 'download',
    text: 'After the file has finished downloading, click the downloads icon at the top right of the window, then single-click the downloaded file.',
    illustration: 'browser-downloads',
    when: {browser: ['edge']},
    source: ['ualberta'],
  },
  {
    id: 'windows-edge-downloads-menu',
    os: WINDOWS,
    section: 'download',
    text: 'If the download icon disappears, click the three dots at the top right of the window, then click Downloads.',
    when: {browser: ['edge']},
    source: ['ualberta'],
  },

  // Start (seed 000 "Running the App"; seed 001 steps 5 to 8).
  {
    id: 'open-downloaded-app',
    os: MAC,
    section: 'launch',
    text: 'A window asks to run an app downloaded from the internet ("{launcher}.app" is an app downloaded from the internet. Are you sure you want to open it?): click Open.',
    illustration: 'downloaded-app-dialog',
    source: ['ualberta', 'ttu'],
  },
  {
    id: 'local-network',
    os: MAC,
    section: 'launch',
    text: 'A window asks: Allow "{app}" to find devices on local networks? Click Allow.',
    when: {feature: 'local-network-privacy', client: {localNetworkAtStart: true}},
    source: ['ttu', 'facts-2.6'],
  },
  {
    id: 'loading',
    os: MAC,
    section: 'launch',
    text: 'A brief loading window shows a bar moving back and forth.',
    source: ['ualberta'],
  },
  {
    id: 'windows-loading',
    os: WINDOWS,
    section: 'launch',
    text: 'After opening the app you will briefly see a window with a loading bar in the middle.',
    source: ['ualberta'],
  },
  {
    id: 'agreement',
    os: BOTH,
    section: 'launch',
    text: 'In the agreement window, put the dot next to "I have read and agree to the terms above." and click OK.',
    when: {client: {agreement: 'agree-and-ok'}},
    source: ['ualberta'],
  },
  {
    id: 'full-terms',
    os: BOTH,
    section: 'launch',
    text: 'In the {app} window, click Full Terms & Conditions.',
    when: {client: {agreement: 'terms-and-accept'}},
    documentedOn: MAC,
    source: ['ttu'],
  },
  {
    id: 'waiver-accept',
    os: BOTH,
    section: 'launch',
    text: 'The BeyondTrust Customer Waiver window shows the terms. Review the terms. If you agree to the terms, click ACCEPT.',
    when: {client: {agreement: 'terms-and-accept'}},
    documentedOn: MAC,
    source: ['ttu'],
  },
  {
    id: 'deny-screen-recording-request',
    os: MAC,
    section: 'launch',
    text: 'A window asks to grant Screen Recording permission: click Deny. Screen Recording is given a different way, from the Action Required window.',
    when: {asks: ['ScreenCapture'], client: UPFRONT},
    source: ['ualberta'],
  },
  {
    id: 'action-required',
    os: MAC,
    section: 'launch',
    text: 'The Action Required window opens: here the app gets the permissions the session needs ({windowSections}).',
    illustration: 'action-required',
    when: {window: true},
    source: ['ualberta'],
  },
  {
    id: 'screen-recording-already',
    os: MAC,
    section: 'launch',
    text: 'The Screen Recording section already has a green checkmark and its button says Revoke Access: leave it.',
    technicianNote:
      'The document shows this state for Accessibility and Full Disk Access (granted by Kandji); Screen Recording looks the same once granted.',
    when: {window: true, granted: ['ScreenCapture']},
    source: ['derived'],
  },
  {
    id: 'accessibility-already',
    os: MAC,
    section: 'launch',
    text: 'The Accessibility section already has a green checkmark and its button says Revoke Access: leave it.',
    when: {window: true, granted: ['Accessibility']},
    source: ['ualberta'],
  },
  {
    id: 'full-disk-access-already',
    os: MAC,
    section: 'launch',
    text: 'The Full Disk Access section already has a green checkmark and its button says Revoke Access: leave it.',
    when: {window: true, granted: ['SystemPolicyAllFiles']},
    source: ['ualberta'],
  },
  {
    id: 'mdm-denies-section',
    os: MAC,
    section: 'launch',
    text: "The {blockedSections} section cannot be turned on on this Mac: the organisation's MDM denies it. Leave it as it is and tell the technician.",
    detail:
      'A profile that denies a permission wins over the user (the toggle in {settingsApp} cannot be changed); only the MDM admin can change it.',
    when: {window: true, anyBlocked: true},
    source: ['apple-tcc', 'derived'],
  },
  {
    id: 'administrator-needed',
    os: MAC,
    section: 'launch',
    text: "{administratorSections}: this user is a standard user, so an administrator has to be there: when {settingsApp} asks for a name and password, an administrator types theirs (the user's own password is not enough).",
    when: {window: true, anyAdministrator: true},
    source: ['facts-3', 'derived'],
  },
  {
    id: 'stale-sections',
    os: MAC,
    section: 'launch',
    text: '{staleSections}: {settingsApp} may already show {app} turned on, from an older copy of the app; that decision does not count. The technician resets it before the session (tccutil reset); then turn it on as below.',
    detail:
      'macOS keeps each decision with the code requirement of the app it was made for; a copy signed differently is asked again.',
    when: {window: true, anyStale: true},
    source: ['derived'],
  },
  {
    id: 'no-window',
    os: MAC,
    section: 'launch',
    text: 'The Action Required window does not show up: the app already has every permission it needs, as on a Mac supported through BeyondTrust before.',
    when: {window: false, client: UPFRONT},
    source: ['ualberta'],
  },
  // The ids keep their first names (the doctor and its tests know them); the steps now follow the macOS feature.
  {
    id: 'macos-15-allow-windows',
    os: MAC,
    section: 'launch',
    text: 'You may see two windows in the course of running the app that indicate other permissions are required. On both of them click Allow.',
    detail:
      'One of them probably asks to let "{app}" find devices on local networks; the other may ask to let it record your screen and audio, with a button that reads Allow For One Month.',
    technicianNote:
      'The document says "For macOS 15 specifically"; the screen-capture alert (Allow For One Month) starts with macOS 15 and is reported to remain on 26, so pppc shows this step from 15 on.',
    when: {feature: 'screen-capture-periodic-alert', window: false, client: UPFRONT},
    source: ['ualberta', 'ttu', 'facts-2.6'],
  },

  // Permissions up front, macOS 13 and later (seed 000 "macOS 13 - 15").
  {
    id: 'toggle-screen-recording-grant',
    os: MAC,
    section: 'permissions',
    text: 'Click the Grant Access button in the Screen Recording section.',
    illustration: 'action-required',
    highlight: 'ScreenCapture',
    when: {flow: 'toggle', needs: ['ScreenCapture'], client: UPFRONT},
    source: ['ualberta'],
  },
  {
    id: 'toggle-screen-recording-switch',
    turnsOn: 'ScreenCapture',
    os: MAC,
    section: 'permissions',
    text: 'In the System Settings window that comes up ({screenRecordingPane}), click the toggle to the right of {app} and enter the user password when asked.',
    illustration: 'settings-toggle',
    when: {flow: 'toggle', needs: ['ScreenCapture'], client: UPFRONT},
    source: ['ualberta'],
  },
  {
    id: 'toggle-screen-recording-restart',
    os: MAC,
    section: 'permissions',
    text: 'After entering the password a window will come up indicating that the app needs to be restarted. In this window click {quitButton}.',
    restartPrompt: true,
    illustration: 'restart-prompt',
    when: {flow: 'toggle', needs: ['ScreenCapture'], client: UPFRONT},
    source: ['ualberta'],
  },
  {
    id: 'toggle-accessibility',
    turnsOn: 'Accessibility',
    os: MAC,
    section: 'permissions',
    text: 'Go back to the Action Required window and click the Grant Access button in the Accessibility section, then click the toggle next to {app}.',
    textWhenFirst:
      'In the Action Required window, click the Grant Access button in the Accessibility section. In the System Settings window that comes up ({accessibilityPane}), click the toggle next to {app} and enter the user password when asked.',
    when: {flow: 'toggle', needs: ['Accessibility'], client: UPFRONT},
    source: ['ualberta'],
  },
  {
    id: 'toggle-full-disk-access',
    turnsOn: 'SystemPolicyAllFiles',
    os: MAC,
    section: 'permissions',
    text: 'Go back to the Action Required window and click the Grant Access button in the Full Disk Access section, then click the toggle next to {app}.',
    textWhenFirst:
      'In the Action Required window, click the Grant Access button in the Full Disk Access section. In the System Settings window that comes up ({fullDiskAccessPane}), click the toggle next to {app} and enter the user password when asked.',
    when: {flow: 'toggle', needs: ['SystemPolicyAllFiles'], client: UPFRONT},
    source: ['ualberta'],
  },

  // Permissions up front, macOS 12 and below (seed 000 "macOS 12 and below").
  {
    id: 'lock-screen-recording-grant',
    os: MAC,
    section: 'permissions',
    text: 'Click the Grant Access button in the Screen Recording section.',
    illustration: 'action-required',
    highlight: 'ScreenCapture',
    when: {flow: 'lock-and-checkbox', needs: ['ScreenCapture'], client: UPFRONT},
    source: ['ualberta'],
  },
  {
    id: 'lock-screen-recording-checkbox',
    turnsOn: 'ScreenCapture',
    os: MAC,
    section: 'permissions',
    text: "In the System Preferences window ({screenRecordingPane}), click the lock at the lower left corner of the window (if it's not already open) and enter the user password to unlock the window. After this put a check mark in the box to the left of {app}.",
    illustration: 'preferences-lock',
    when: {flow: 'lock-and-checkbox', needs: ['ScreenCapture'], client: UPFRONT},
    source: ['ualberta'],
  },
  {
    id: 'lock-screen-recording-restart',
    os: MAC,
    section: 'permissions',
    text: 'A window will come up indicating that the app needs to be restarted. In this window click {quitButton}.',
    restartPrompt: true,
    illustration: 'restart-prompt',
    when: {flow: 'lock-and-checkbox', needs: ['ScreenCapture'], client: UPFRONT},
    source: ['ualberta'],
  },
  {
    id: 'lock-accessibility',
    turnsOn: 'Accessibility',
    os: MAC,
    section: 'permissions',
    text: 'Go back to the Action Required window and click the Grant Access button in the Accessibility section, then put a checkmark to the left of {app}.',
    textWhenFirst:
      "In the Action Required window, click the Grant Access button in the Accessibility section. In the System Preferences window ({accessibilityPane}), click the lock at the lower left corner (if it's not already open) and enter the user password, then put a checkmark to the left of {app}.",
    when: {flow: 'lock-and-checkbox', needs: ['Accessibility'], client: UPFRONT},
    source: ['ualberta'],
  },
  {
    id: 'lock-full-disk-access',
    turnsOn: 'SystemPolicyAllFiles',
    os: MAC,
    section: 'permissions',
    text: 'Go back to the Action Required window and click the Grant Access button in the Full Disk Access section, then put a checkmark to the left of {app}.',
    textWhenFirst:
      "In the Action Required window, click the Grant Access button in the Full Disk Access section. In the System Preferences window ({fullDiskAccessPane}), click the lock at the lower left corner (if it's not already open) and enter the user password, then put a checkmark to the left of {app}.",
    when: {flow: 'lock-and-checkbox', needs: ['SystemPolicyAllFiles'], client: UPFRONT},
    source: ['ualberta'],
  },

  // Both grant flows: the restart after Full Disk Access, and the extra windows of macOS 15 and later.
  {
    id: 'full-disk-access-restart-again',
    os: MAC,
    section: 'permissions',
    text: 'The same app restart window will come up again, so click {quitButton}.',
    restartPrompt: true,
    when: {needs: ['SystemPolicyAllFiles', 'ScreenCapture'], client: UPFRONT},
    source: ['ualberta'],
  },
  {
    id: 'full-disk-access-restart',
    os: MAC,
    section: 'permissions',
    text: 'A window will come up indicating that the app needs to be restarted. In this window click {quitButton}.',
    restartPrompt: true,
    illustration: 'restart-prompt',
    technicianNote:
      'The document shows this window after Screen Recording first; with Screen Recording already settled it comes here first.',
    when: [
      {needs: ['SystemPolicyAllFiles'], settled: ['ScreenCapture'], client: UPFRONT},
      {needs: ['SystemPolicyAllFiles'], blocked: ['ScreenCapture'], client: UPFRONT},
    ],
    source: ['ualberta', 'derived'],
  },
  {
    id: 'macos-15-allow-windows-during-permissions',
    os: MAC,
    section: 'permissions',
    text: 'You may see two windows in the course of running the app that indicate other permissions are required. On both of them click Allow.',
    detail:
      'One of them probably asks to let "{app}" find devices on local networks; the other may ask to let it record your screen and audio, with a button that reads Allow For One Month.',
    technicianNote:
      'The document says "For macOS 15 specifically"; the screen-capture alert (Allow For One Month) starts with macOS 15 and is reported to remain on 26, so pppc shows this step from 15 on.',
    when: {feature: 'screen-capture-periodic-alert', window: true},
    source: ['ualberta', 'ttu', 'facts-2.6'],
  },

  // Access on request: sharing the screen (seed 001 "Share your screen with your support agent").
  {
    id: 'access-request-allow',
    os: BOTH,
    section: 'sharing',
    text: 'An Access Request window asks you to share your screen with the technician: click Allow.',
    when: {client: ON_REQUEST},
    documentedOn: MAC,
    source: ['ttu'],
  },
  {
    id: 'on-request-screen-recording',
    turnsOn: 'ScreenCapture',
    os: MAC,
    section: 'sharing',
    text: "If a window asks to let {app} record this computer's screen, click Open {settingsApp}; in {screenRecordingPane}, turn on {app} and enter the user password when asked, then click {quitButton} in the window that comes up.",
    restartPrompt: true,
    technicianNote:
      "Texas Tech's document does not show this window; macOS asks for Screen Recording before any app can see the screen (from 10.15). The pane and the restart button are the University of Alberta document's.",
    when: {client: ON_REQUEST, needs: ['ScreenCapture']},
    source: ['ualberta', 'derived'],
  },
  {
    id: 'on-request-screen-capture-alert',
    os: MAC,
    section: 'sharing',
    text: 'If a window says that {app} is requesting to bypass the system private window picker and directly access your screen and audio, click Allow For One Month.',
    technicianNote:
      "Texas Tech's document does not show this window; macOS 15 and later show it to apps that capture the screen without the picker.",
    when: {client: ON_REQUEST, feature: 'screen-capture-periodic-alert'},
    source: ['facts-2.6', 'derived'],
  },
  {
    id: 'choose-applications',
    os: BOTH,
    section: 'sharing',
    text: 'In the Choose Applications window, check the box next to "Automatically share new windows". Click Select All, then click Close.',
    detail: 'The technician will not be able to view your screen or applications until you click Close.',
    when: {client: {sharing: 'choose-applications'}},
    documentedOn: MAC,
    source: ['ttu'],
  },
  {
    id: 'modify-sharing',
    os: BOTH,
    section: 'sharing',
    text: 'You can change the applications the technician can see at any time by clicking MODIFY SHARING.',
    detail:
      'The technician will never be able to access any part of your computer without your knowledge. Each time a different component is requested, you will be notified by a prompt.',
    when: {client: {sharing: 'choose-applications'}},
    documentedOn: MAC,
    source: ['ttu'],
  },

  // Access on request: control of the pointer and keyboard (seed 001 "Allow your support agent to control …").
  {
    id: 'accessibility-request',
    os: MAC,
    section: 'control',
    text: 'The technician may ask to control your pointer and keyboard; your Mac then asks you to change your accessibility settings. Click Open {settingsApp}.',
    when: {client: ON_REQUEST, needs: ['Accessibility']},
    source: ['ttu'],
  },
  {
    id: 'accessibility-switch-on',
    turnsOn: 'Accessibility',
    os: MAC,
    section: 'control',
    text: 'Next to "{app}", make sure the switch is slid to the "on" position (to the right), and enter the user password if asked.',
    illustration: 'settings-toggle',
    when: {client: ON_REQUEST, needs: ['Accessibility'], flow: 'toggle'},
    source: ['ttu'],
  },
  {
    id: 'accessibility-checkbox-on-request',
    turnsOn: 'Accessibility',
    os: MAC,
    section: 'control',
    text: "In the System Preferences window ({accessibilityPane}), click the lock at the lower left corner (if it's not already open) and enter the user password, then put a checkmark to the left of {app}.",
    illustration: 'preferences-lock',
    technicianNote:
      "Texas Tech's document shows System Settings (macOS 13 and later); on System Preferences the lock and checkbox are the University of Alberta document's.",
    when: {client: ON_REQUEST, needs: ['Accessibility'], flow: 'lock-and-checkbox'},
    source: ['ttu', 'ualberta', 'derived'],
  },

  // The session (seed 000 "Session Elevation", "Ending the Session"; seed 001 chat and end).
  {
    id: 'main-window-after-permissions',
    os: MAC,
    section: 'session',
    text: 'After the permissions have been granted, the main window shows up, where you and the technician can communicate by text if needed.',
    when: {window: true},
    source: ['ualberta'],
  },
  {
    id: 'main-window',
    os: BOTH,
    section: 'session',
    text: 'The main window shows up, where you and the technician can communicate by text if needed.',
    when: {window: false, client: {ending: 'stop-sharing'}},
    source: ['ualberta'],
  },
  {
    id: 'chat-log',
    os: BOTH,
    section: 'session',
    text: 'The chat window shows a log of all interactions between you and the technician.',
    when: {client: {ending: 'close-chat'}},
    documentedOn: MAC,
    source: ['ttu'],
  },
  {
    id: 'chat-send',
    os: BOTH,
    section: 'session',
    text: 'To chat with the technician, type your message into the text box at the bottom of the window, then click Send.',
    when: {client: {ending: 'close-chat'}},
    documentedOn: MAC,
    source: ['ttu'],
  },
  {
    id: 'elevation',
    os: MAC,
    section: 'session',
    text: 'If the technician elevates the session and needs your password, a window comes up: type your password and click OK.',
    source: ['ualberta'],
  },
  {
    id: 'windows-elevation',
    os: WINDOWS,
    section: 'session',
    text: 'To see User Account Control screens (to run apps as an administrator) or to log in as a different user, the technician elevates the session. Once they enter the necessary credentials on their side, a User Account Control window asks whether to allow the app to make changes: click Yes.',
    illustration: 'uac-prompt',
    source: ['ualberta'],
  },
  {
    id: 'end-session',
    os: MAC,
    section: 'session',
    text: 'To end the session at any time, click STOP SHARING or the red dot at the top left of the main window, then click Yes.',
    when: {client: {ending: 'stop-sharing'}},
    source: ['ualberta'],
  },
  {
    id: 'windows-end-session',
    os: WINDOWS,
    section: 'session',
    text: 'To end the session at any time, click STOP SHARING or the X at the top right of the main window, then click Yes.',
    when: {client: {ending: 'stop-sharing'}},
    source: ['ualberta'],
  },
  {
    id: 'close-chat',
    os: MAC,
    section: 'session',
    text: 'When you are ready to end the session, close the chat window by clicking the red circle in the top left-hand corner of the window.',
    when: {client: {ending: 'close-chat'}},
    source: ['ttu'],
  },
  {
    id: 'windows-close-chat',
    os: WINDOWS,
    section: 'session',
    text: 'When you are ready to end the session, close the chat window by clicking the X at the top right of the window.',
    technicianNote:
      "Texas Tech's document shows a Mac (the red circle); on Windows the window closes with the X, as the University of Alberta document shows.",
    when: {client: {ending: 'close-chat'}},
    source: ['ttu', 'ualberta', 'derived'],
  },
  {
    id: 'confirm-end',
    os: BOTH,
    section: 'session',
    text: 'Click Yes to confirm.',
    when: {client: {ending: 'close-chat'}},
    documentedOn: MAC,
    source: ['ttu'],
  },
  {
    id: 'session-ended-ok',
    os: BOTH,
    section: 'session',
    text: 'A Remote Support window confirms that the session has ended: click OK to close the confirmation message.',
    when: {client: {ending: 'close-chat'}},
    documentedOn: MAC,
    source: ['ttu'],
  },
  {
    id: 'delete-downloads',
    os: MAC,
    section: 'session',
    text: 'Once the session has ended, the downloaded files can be deleted manually (from Downloads).',
    source: ['ualberta'],
  },
  {
    id: 'windows-download-removed',
    os: WINDOWS,
    section: 'session',
    text: 'Once the session has ended, the downloaded file is removed by itself.',
    source: ['ualberta'],
  },
]
