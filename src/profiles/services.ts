/**
 * The 24 service keys of Apple's PPPC payload (com.apple.TCC.configuration-profile-policy), as data.
 * Source of truth: apple/device-management mdm/profiles/com.apple.TCC.configuration-profile-policy.yaml @ 61449b07,
 * kept in data/apple. test/profiles/services.conformance.test.ts fails when this table and that file disagree.
 */
import {paneRenamed, serviceDeprecatedIn, serviceIntroducedIn} from '../macos/facts.js'

export type Authorization = 'Allow' | 'Deny' | 'AllowStandardUserToSetSystemService'

export interface Service {
  /** The key in the payload's Services dictionary. */
  key: string
  /** What System Settings (System Preferences up to macOS 12) calls the pane. */
  label: string
  /** A newer name of the pane, from the macOS version that introduced it. */
  renamed?: {macos: string; label: string}
  /** Names an admin would type: `--grant full-disk-access=allow`. */
  aliases: string[]
  /** The Authorization values Apple allows for this service. */
  authorizations: Authorization[]
  /** First macOS that honours the key (the payload itself arrived in 10.14). */
  introduced: string
  /** macOS version from which Apple marks the key deprecated. */
  deprecated?: string
  /** The matching key of the declarative `Privacy.PermissionDefaults` (com.apple.configuration.app.settings). */
  ddmKey?: string
  /** AppleEvents entries must name the receiving process. */
  needsReceiver?: true
}

const ALLOW_DENY: Authorization[] = ['Allow', 'Deny']
const DENY_ONLY: Authorization[] = ['Deny']
const DENY_OR_STANDARD_USER: Authorization[] = ['Deny', 'AllowStandardUserToSetSystemService']

type ServiceData = Omit<Service, 'introduced' | 'deprecated' | 'renamed'>

const SERVICE_DATA: readonly ServiceData[] = [
  {
    key: 'AddressBook',
    label: 'Contacts',
    aliases: ['contacts', 'address-book'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'Calendar',
    label: 'Calendars',
    aliases: ['calendar', 'calendars'],
    authorizations: ALLOW_DENY,
  },
  {key: 'Reminders', label: 'Reminders', aliases: ['reminders'], authorizations: ALLOW_DENY},
  {key: 'Photos', label: 'Photos', aliases: ['photos'], authorizations: ALLOW_DENY},
  {
    key: 'Camera',
    label: 'Camera',
    aliases: ['camera'],
    authorizations: DENY_ONLY,
    ddmKey: 'Camera',
  },
  {
    key: 'Microphone',
    label: 'Microphone',
    aliases: ['microphone', 'mic'],
    authorizations: DENY_ONLY,
    ddmKey: 'Microphone',
  },
  {
    key: 'Accessibility',
    label: 'Accessibility',
    aliases: ['accessibility'],
    authorizations: ALLOW_DENY,
    ddmKey: 'Accessibility',
  },
  {
    key: 'PostEvent',
    label: 'Accessibility (send input events)',
    aliases: ['post-event', 'post-events', 'send-events'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'SystemPolicyAllFiles',
    label: 'Full Disk Access',
    aliases: ['full-disk-access', 'fda', 'all-files'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'SystemPolicySysAdminFiles',
    label: 'Administrator files',
    aliases: ['admin-files', 'sysadmin-files'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'AppleEvents',
    label: 'Automation',
    aliases: ['automation', 'apple-events'],
    authorizations: ALLOW_DENY,
    needsReceiver: true,
  },
  {
    key: 'MediaLibrary',
    label: 'Media & Apple Music',
    aliases: ['media-library', 'apple-music'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'FileProviderPresence',
    label: 'Files and Folders (File Provider)',
    aliases: ['file-provider', 'file-provider-presence'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'ListenEvent',
    label: 'Input Monitoring',
    aliases: ['input-monitoring', 'listen-event'],
    authorizations: DENY_OR_STANDARD_USER,
  },
  {
    key: 'ScreenCapture',
    label: 'Screen Recording',
    aliases: ['screen-recording', 'screen-capture', 'screen-and-system-audio-recording'],
    authorizations: DENY_OR_STANDARD_USER,
  },
  {
    key: 'SpeechRecognition',
    label: 'Speech Recognition',
    aliases: ['speech-recognition', 'dictation'],
    authorizations: ALLOW_DENY,
    ddmKey: 'Dictation',
  },
  {
    key: 'SystemPolicyDesktopFolder',
    label: 'Files and Folders: Desktop Folder',
    aliases: ['desktop-folder', 'desktop'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'SystemPolicyDocumentsFolder',
    label: 'Files and Folders: Documents Folder',
    aliases: ['documents-folder', 'documents'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'SystemPolicyDownloadsFolder',
    label: 'Files and Folders: Downloads Folder',
    aliases: ['downloads-folder', 'downloads'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'SystemPolicyNetworkVolumes',
    label: 'Files and Folders: Network Volumes',
    aliases: ['network-volumes'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'SystemPolicyRemovableVolumes',
    label: 'Files and Folders: Removable Volumes',
    aliases: ['removable-volumes'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'SystemPolicyAppBundles',
    label: 'App Management',
    aliases: ['app-management', 'app-bundles'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'SystemPolicyAppData',
    label: 'App Data (data of other apps)',
    aliases: ['app-data'],
    authorizations: ALLOW_DENY,
  },
  {
    key: 'BluetoothAlways',
    label: 'Bluetooth',
    aliases: ['bluetooth'],
    authorizations: ALLOW_DENY,
    ddmKey: 'Bluetooth',
  },
]

/**
 * The services with the versions that concern them (introduced, deprecated, pane renamed), which live in the macOS
 * release table: a release's row says what it brings.
 */
export const SERVICES: readonly Service[] = SERVICE_DATA.map((data) => {
  const introduced = serviceIntroducedIn(data.key)
  if (!introduced) throw new Error(`the macOS release table does not say which release introduced ${data.key}`)
  const deprecated = serviceDeprecatedIn(data.key)
  const renamed = paneRenamed(data.key)
  return {...data, introduced, ...(deprecated ? {deprecated} : {}), ...(renamed ? {renamed} : {})}
})

/** Names people use for permissions that are not PPPC keys, with what to use instead. */
export const NOT_A_SERVICE: Readonly<Record<string, string>> = {
  screenrecording: 'the key is ScreenCapture (Screen Recording)',
  screensharing: 'screen sharing needs ScreenCapture (Screen Recording) and Accessibility',
  fulldiskaccess: 'the key is SystemPolicyAllFiles (Full Disk Access)',
  remotedesktop:
    'there is no Remote Desktop key; Apple Remote Desktop is managed with com.apple.RemoteManagement, and remote control needs Accessibility and ScreenCapture',
  developertools: 'Developer Tools has no PPPC key; it cannot be managed by a profile',
  analytics: 'Analytics has no PPPC key',
  localnetwork:
    'Local Network has no PPPC key; from macOS 27 it can be a default in the declarative app settings (pppc generate --format ddm)',
  location: 'Location Services has no PPPC key',
  inputmonitoring: 'the key is ListenEvent (Input Monitoring)',
  automation: 'the key is AppleEvents (Automation)',
  files: 'name the folder: SystemPolicyDesktopFolder, SystemPolicyDocumentsFolder, SystemPolicyDownloadsFolder, ...',
}

const BY_KEY = new Map(SERVICES.map((s) => [s.key, s]))
const BY_NAME = new Map<string, Service>()
for (const s of SERVICES) {
  BY_NAME.set(s.key.toLowerCase(), s)
  for (const alias of s.aliases) BY_NAME.set(normalise(alias), s)
}

function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_&]+/g, '-')
    .replace(/-+/g, '-')
}

/** The service with this exact Apple key, or undefined. */
export function serviceByKey(key: string): Service | undefined {
  return BY_KEY.get(key)
}

/** Resolves an Apple key (any case) or a friendly name such as full-disk-access. */
export function findService(name: string): Service | undefined {
  return BY_NAME.get(normalise(name)) ?? BY_NAME.get(name.trim().toLowerCase())
}

/** Why a name that is not a service key was probably meant, if we know. */
export function notAServiceHint(name: string): string | undefined {
  return NOT_A_SERVICE[name.toLowerCase().replace(/[^a-z]/g, '')]
}

/** The pane's name on a given macOS major version (Screen Recording became Screen & System Audio Recording in 15). */
export function serviceLabel(service: Service, macosMajor?: number): string {
  if (service.renamed && macosMajor !== undefined && macosMajor >= Number.parseFloat(service.renamed.macos))
    return service.renamed.label
  return service.label
}

const AUTHORIZATIONS: readonly string[] = ['Allow', 'Deny', 'AllowStandardUserToSetSystemService']

/**
 * What a PPPC entry (or an MDMOverrides.plist entry) decides: `Authorization`, or the legacy `Allowed` (a boolean, or
 * the integer 0/1 of old exports) read as Allow or Deny. Undefined when it says neither.
 */
export function entryAuthorization(entry: {Authorization?: unknown; Allowed?: unknown}): Authorization | undefined {
  const value = entry.Authorization
  if (typeof value === 'string' && AUTHORIZATIONS.includes(value)) return value as Authorization
  if (typeof entry.Allowed === 'boolean' || typeof entry.Allowed === 'number') return entry.Allowed ? 'Allow' : 'Deny'
  return undefined
}
