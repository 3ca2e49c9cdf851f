/**
 * Which MDM manages a Mac: one type for the whole house (the onboarding steps, generate's flavours, push's targets,
 * the doctor), and how each MDM shows itself on a Mac, as data: the files its agent installs, the host of its server
 * (the `MDM server:` line of `profiles status -type enrollment`), the path of that URL where a self-hosted server has
 * a host of its own, and the identifier of its enrollment profile. Every row names its sources; what a source only
 * reports is marked so. Matching is pure (checks/mdm-identity.ts combines the clues).
 */

/** `none`: not managed; `other`: an MDM this table does not know (named by its server's host where known). */
export const MDM_KINDS = [
  'none',
  'jamf',
  'kandji',
  'intune',
  'mosyle',
  'addigy',
  'workspace-one',
  'jumpcloud',
  'simplemdm',
  'hexnode',
  'meraki',
  'other',
] as const

export type MdmKind = (typeof MDM_KINDS)[number]

/** A known MDM product. */
export type MdmVendorKind = Exclude<MdmKind, 'none' | 'other'>

/** The MDMs pppc writes tailored profiles for (`generate --mdm`) and uploads to (`push`). */
export type ProfileMdm = Extract<MdmKind, 'jamf' | 'kandji'>

export const PROFILE_MDMS: readonly ProfileMdm[] = ['kandji', 'jamf']

export interface MdmVendor {
  kind: MdmVendorKind
  label: string
  /** Files or folders its agent installs; any one present is a clue (`ls -1d` of them all). */
  agentPaths: readonly string[]
  /** Host names, or the domains its hosted servers sit under (matched on a label boundary). */
  serverHosts: readonly string[]
  /** The path of its MDM server URL, which a self-hosted server keeps under a host name of its own. */
  serverPaths?: readonly RegExp[]
  /** Identifiers of its MDM enrollment profile: exact, or a prefix when it ends in a dot. */
  enrollmentProfiles: readonly string[]
  sources: readonly string[]
}

const MQL = 'mondoohq/mql providers/os/resources/mdm.go (mdmVendorHosts) @21040db'
const MDM_URLS = 'fcjr/mdm-urls mdm_urls.json (patterns read from `profiles status -type enrollment`) @3590e43'
const JUMP_IN =
  'JUMP-IN MDMVendorRegistry.swift (S. Pathak, 2025; public code, agent paths and profile patterns: secondary)'

export const MDM_VENDORS: readonly MdmVendor[] = [
  {
    kind: 'kandji',
    label: 'Kandji (Iru)',
    // The first five paths are those of pppc's first snapshot format: keep them first and in this order.
    agentPaths: [
      '/Library/Kandji/Kandji Agent.app',
      '/usr/local/bin/kandji',
      '/Applications/Kandji Self Service.app',
      '/Library/Kandji/Iru Agent.app',
      '/Library/Iru/Iru Agent.app',
    ],
    serverHosts: ['kandji.io', 'iru.com'],
    enrollmentProfiles: ['com.kandji.', 'io.kandji.'],
    sources: [
      'macos-facts.md §5.1 (agent, CLI and Self Service paths; <tenant>.kandji.io/mdm/checkin; Iru rename, Iru paths and iru.com unverified)',
      MQL,
      MDM_URLS,
      `${JUMP_IN}: profile identifiers io.kandji, com.kandji`,
    ],
  },
  {
    kind: 'jamf',
    label: 'Jamf Pro',
    agentPaths: [
      '/usr/local/jamf/bin/jamf',
      '/usr/local/jamf/bin/jamfAgent',
      '/Library/Application Support/JAMF/Jamf.app',
    ],
    serverHosts: ['jamfcloud.com'],
    // Jamf Pro's MDM endpoint; a self-hosted Jamf Pro serves it from its own host, usually on port 8443.
    serverPaths: [/^\/mdm\/ServerURL\/?$/i],
    enrollmentProfiles: ['00000000-0000-0000-A000-4A414D460003'],
    sources: [
      'macos-facts.md §5.2 (agent paths; https://<x>.jamfcloud.com/mdm/ServerURL)',
      'docs.jamf.com/10.36.0/jamf-pro/documentation/User-Initiated_Enrollment_Settings.html (on-premise servers: https://JAMF_PRO_URL.com:8443/)',
      'Jamf admin scripts that test enrollment with `profiles -C | grep 00000000-0000-0000-A000-4A414D460003` (the "MDM Profile" Jamf Pro installs; 4A414D46 is "JAMF")',
      MQL,
      MDM_URLS,
    ],
  },
  {
    kind: 'intune',
    label: 'Microsoft Intune',
    agentPaths: ['/Library/Intune/Microsoft Intune Agent.app', '/Applications/Company Portal.app'],
    serverHosts: ['manage.microsoft.com'],
    enrollmentProfiles: ['Microsoft.Profiles.MDM'],
    sources: [
      'learn.microsoft.com/en-us/mem/intune/apps/lob-apps-macos-agent (/Library/Intune/Microsoft Intune Agent.app)',
      MQL,
      MDM_URLS,
      `${JUMP_IN}: Company Portal, Microsoft.Profiles.MDM`,
    ],
  },
  {
    kind: 'mosyle',
    label: 'Mosyle',
    agentPaths: ['/Library/Application Support/Mosyle'],
    serverHosts: ['mosyle.com'],
    enrollmentProfiles: ['com.mosyle.'],
    sources: [MQL, MDM_URLS, JUMP_IN],
  },
  {
    kind: 'addigy',
    label: 'Addigy',
    agentPaths: ['/Library/Addigy', '/usr/local/bin/addigy'],
    serverHosts: ['addigy.com'],
    enrollmentProfiles: ['com.addigy.'],
    sources: [MQL, MDM_URLS, JUMP_IN],
  },
  {
    kind: 'workspace-one',
    label: 'Workspace ONE',
    agentPaths: ['/Applications/Workspace ONE Intelligent Hub.app', '/Library/Application Support/AirWatch'],
    serverHosts: ['awmdm.com'],
    enrollmentProfiles: ['com.air-watch.', 'com.airwatch.'],
    sources: [MQL, MDM_URLS, JUMP_IN],
  },
  {
    kind: 'jumpcloud',
    label: 'JumpCloud',
    agentPaths: ['/opt/jc'],
    serverHosts: ['jumpcloud.com'],
    enrollmentProfiles: [],
    sources: [
      MQL,
      MDM_URLS,
      'TheJumpCloud/support "Mac - Set Agent Log Level to Default" command (/opt/jc, com.jumpcloud.darwin-agent)',
    ],
  },
  {
    kind: 'simplemdm',
    label: 'SimpleMDM',
    agentPaths: [],
    serverHosts: ['simplemdm.com'],
    enrollmentProfiles: [],
    sources: [MQL, MDM_URLS],
  },
  {
    kind: 'hexnode',
    label: 'Hexnode',
    agentPaths: ['/Applications/Hexnode MDM.app'],
    serverHosts: ['hexnodemdm.com'],
    enrollmentProfiles: ['com.hexnode.'],
    sources: [MQL, MDM_URLS, JUMP_IN],
  },
  {
    kind: 'meraki',
    label: 'Meraki Systems Manager',
    agentPaths: [],
    serverHosts: ['meraki.com'],
    enrollmentProfiles: [],
    sources: [MDM_URLS],
  },
]

const LABELS: Readonly<Record<'none' | 'other', string>> = {none: 'none', other: 'another MDM'}

export function mdmVendor(kind: MdmKind): MdmVendor | undefined {
  return MDM_VENDORS.find((v) => v.kind === kind)
}

export function mdmLabel(kind: MdmKind): string {
  return kind === 'none' || kind === 'other' ? LABELS[kind] : (mdmVendor(kind)?.label ?? kind)
}

export function isProfileMdm(kind: MdmKind): kind is ProfileMdm {
  return (PROFILE_MDMS as readonly string[]).includes(kind)
}

/** The host and path of a server URL, or undefined when it is not a URL. */
export function serverParts(url: string): {host: string; port: string; path: string} | undefined {
  try {
    const parsed = new URL(url.trim())
    if (!parsed.hostname) return undefined
    return {host: parsed.hostname.toLowerCase(), port: parsed.port, path: parsed.pathname}
  } catch {
    return undefined
  }
}

function hostMatches(host: string, suffix: string): boolean {
  return host === suffix || host.endsWith(`.${suffix}`)
}

/** The vendor whose hosted servers have this host (a suffix counts only on a label boundary: notjamfcloud.com is not). */
export function vendorByServerHost(url: string): MdmVendor | undefined {
  const parts = serverParts(url)
  return parts ? MDM_VENDORS.find((v) => v.serverHosts.some((s) => hostMatches(parts.host, s))) : undefined
}

/** The vendor whose server software answers at this URL's path, whatever its host (a self-hosted server). */
export function vendorByServerPath(url: string): MdmVendor | undefined {
  const parts = serverParts(url)
  return parts ? MDM_VENDORS.find((v) => v.serverPaths?.some((p) => p.test(parts.path))) : undefined
}

/** The vendor whose enrollment profile has this identifier. */
export function vendorByEnrollmentProfile(identifier: string): MdmVendor | undefined {
  const id = identifier.toLowerCase()
  return MDM_VENDORS.find((v) =>
    v.enrollmentProfiles.some((p) => (p.endsWith('.') ? id.startsWith(p.toLowerCase()) : id === p.toLowerCase())),
  )
}
