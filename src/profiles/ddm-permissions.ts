/**
 * The privacy permission defaults of Apple's declarative app settings on macOS (com.apple.configuration.app.settings,
 * `Privacy.PermissionDefaults`, macOS 27), as data. Source of truth: apple/device-management
 * declarative/declarations/configurations/app.settings.yaml, copied in ../shared/reference;
 * test/profiles/ddm-permissions.conformance.test.ts fails when this table and that file disagree.
 *
 * A default is a suggestion the user accepts in a consent prompt, not a grant, and it can only allow: each key takes
 * `None` (no default, which pppc writes by leaving the key out) or an allowing value.
 */
export interface DdmPermission {
  /** The key in an app's PermissionDefaults dictionary. */
  key: string
  /** What System Settings calls it. */
  label: string
  /** The PPPC service of the same permission, when a configuration profile has one. */
  pppcKey?: string
  /** Names an admin types for the permissions without a PPPC service (the others are named through their service). */
  aliases: string[]
  /** Apple's values on macOS, without None. */
  values: string[]
  /** What pppc writes for allow. */
  allowValue: string
}

export const DDM_PERMISSIONS: readonly DdmPermission[] = [
  {
    key: 'Accessibility',
    label: 'Accessibility',
    pppcKey: 'Accessibility',
    aliases: [],
    values: ['Allow'],
    allowValue: 'Allow',
  },
  {
    key: 'Bluetooth',
    label: 'Bluetooth',
    pppcKey: 'BluetoothAlways',
    aliases: [],
    values: ['Allow'],
    allowValue: 'Allow',
  },
  {key: 'Camera', label: 'Camera', pppcKey: 'Camera', aliases: [], values: ['Allow'], allowValue: 'Allow'},
  {
    key: 'Dictation',
    label: 'Dictation',
    pppcKey: 'SpeechRecognition',
    aliases: [],
    values: ['Allow'],
    allowValue: 'Allow',
  },
  {key: 'LocalNetwork', label: 'Local Network', aliases: ['local-network'], values: ['Allow'], allowValue: 'Allow'},
  // Apple: "WhileUsing ... In macOS, this is equivalent to Always".
  {
    key: 'Location',
    label: 'Location Services',
    aliases: ['location', 'location-services'],
    values: ['WhileUsing', 'Always'],
    allowValue: 'Always',
  },
  {key: 'Microphone', label: 'Microphone', pppcKey: 'Microphone', aliases: [], values: ['Allow'], allowValue: 'Allow'},
]

/** The DDM permission of a PPPC service key or of a DDM-only key (LocalNetwork, Location). */
export function ddmPermissionFor(key: string): DdmPermission | undefined {
  return DDM_PERMISSIONS.find((p) => p.pppcKey === key) ?? DDM_PERMISSIONS.find((p) => !p.pppcKey && p.key === key)
}

/** Permissions only a declaration can set: a configuration profile has no key for them. */
export const DDM_ONLY: readonly DdmPermission[] = DDM_PERMISSIONS.filter((p) => !p.pppcKey)

function fold(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
}

/** A DDM-only permission by key (any case) or alias. */
export function findDdmOnly(name: string): DdmPermission | undefined {
  const folded = fold(name)
  return DDM_ONLY.find((p) => p.key.toLowerCase() === folded || p.aliases.includes(folded))
}
