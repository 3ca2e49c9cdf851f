import {optional} from '../util/optional.js'
import type {PlistDict} from '../profiles/model.js'
import {PPPC_PAYLOAD_TYPE, RESTRICTIONS_PAYLOAD_TYPE} from '../profiles/payload-types.js'
import {isDict, parsePlist} from '../profiles/plist.js'
import {type Authorization, entryAuthorization} from '../profiles/services.js'

/** What a PPPC payload on the Mac says about one app and one service. */
export interface PppcEntry {
  service: string
  identifier: string
  identifierType?: string
  codeRequirement?: string
  /** `Authorization`, or the legacy `Allowed` read as Allow/Deny. */
  authorization?: Authorization
}

export interface InstalledProfile {
  identifier: string
  displayName?: string
  organization?: string
  /** `_computerlevel`, or the user name for a user-level profile. */
  scope: string
  payloadTypes: string[]
  pppc: PppcEntry[]
  /** Payload types whose content the listing did not show (macOS redacts some when not run as root). */
  hiddenPayloads: string[]
  /** `forceBypassScreenCaptureAlert` of a Restrictions payload, when one sets it. */
  forceBypassScreenCaptureAlert?: boolean
}

type Dict = PlistDict
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** The entries of a PPPC payload's Services dictionary. */
export function pppcEntries(content: Dict): PppcEntry[] {
  const services = content.Services
  if (!isDict(services)) return []
  const entries: PppcEntry[] = []
  for (const [service, list] of Object.entries(services)) {
    if (!Array.isArray(list)) continue
    for (const item of list.filter(isDict)) {
      const identifier = text(item.Identifier)
      if (!identifier) continue
      const authorization = entryAuthorization(item)
      entries.push({
        service,
        identifier,
        ...optional('identifierType', text(item.IdentifierType)),
        ...optional('codeRequirement', text(item.CodeRequirement)),
        ...(authorization ? {authorization} : {}),
      })
    }
  }
  return entries
}

/**
 * `profiles -P -o stdout-xml`: {_computerlevel: [profile...], <user>: [profile...]}, each profile with ProfileItems
 * (macos-facts.md §5.3). Undefined when the output is not that plist; an empty list when no profile is installed.
 */
export function parseInstalledProfiles(output: string): InstalledProfile[] | undefined {
  if (/no configuration profiles/i.test(output) && !output.includes('<plist')) return []
  const root = parsePlist(output)
  if (!isDict(root)) return undefined
  const profiles: InstalledProfile[] = []
  for (const [scope, list] of Object.entries(root)) {
    if (!Array.isArray(list)) continue
    for (const profile of list.filter(isDict)) {
      const items = Array.isArray(profile.ProfileItems) ? profile.ProfileItems.filter(isDict) : []
      const pppc: PppcEntry[] = []
      const hiddenPayloads: string[] = []
      let forceBypass: boolean | undefined
      for (const item of items) {
        const type = text(item.PayloadType) ?? ''
        const content = isDict(item.PayloadContent) ? item.PayloadContent : undefined
        if (type === PPPC_PAYLOAD_TYPE) {
          if (content) for (const entry of pppcEntries(content)) pppc.push(entry)
          else hiddenPayloads.push(type)
        }
        if (type === RESTRICTIONS_PAYLOAD_TYPE && content && typeof content.forceBypassScreenCaptureAlert === 'boolean')
          forceBypass = content.forceBypassScreenCaptureAlert
      }
      profiles.push({
        identifier: text(profile.ProfileIdentifier) ?? '(no identifier)',
        ...optional('displayName', text(profile.ProfileDisplayName)),
        ...optional('organization', text(profile.ProfileOrganization)),
        scope,
        payloadTypes: items.map((i) => text(i.PayloadType) ?? '?'),
        pppc,
        hiddenPayloads,
        ...(forceBypass === undefined ? {} : {forceBypassScreenCaptureAlert: forceBypass}),
      })
    }
  }
  return profiles
}

/** How a report names a profile: its display name, with the identifier. */
export function profileName(profile: InstalledProfile): string {
  return profile.displayName ? `"${profile.displayName}" (${profile.identifier})` : profile.identifier
}

/** The scope `profiles -P` gives device-level profiles; any other key is the user a profile was installed for. */
export const DEVICE_SCOPE = '_computerlevel'

/**
 * PPPC payloads are honoured from device-level profiles only (Apple's schema: devicechannel true, userchannel false).
 */
export function isDeviceLevel(profile: InstalledProfile): boolean {
  return profile.scope === DEVICE_SCOPE
}
