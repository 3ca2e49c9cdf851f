import {parseBinary} from 'plist'
import type {Authorization} from '../profiles/services.js'
import {parseXmlPlist} from './plist-text.js'

/**
 * MDMOverrides.plist (macos-facts.md §2.4): what TCC took from the installed PPPC profiles, keyed by identifier, then
 * by kTCCService name. It is what TCC actually applies, so it is read before the profile list.
 */
export const MDM_OVERRIDES_PATH = '/Library/Application Support/com.apple.TCC/MDMOverrides.plist'

export interface OverrideEntry {
  /** PPPC key: Accessibility, ScreenCapture, ... */
  service: string
  authorization?: Authorization
  codeRequirement?: string
}

type Dict = Record<string, unknown>
const isDict = (v: unknown): v is Dict =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v)

/** The plist as a value: binary (as macOS writes it) or XML. Undefined when it is neither. */
export function parseOverridesFile(data: Buffer): Dict | undefined {
  try {
    const value =
      data.subarray(0, 8).toString('latin1') === 'bplist00' ? parseBinary(data) : parseXmlPlist(data.toString('utf8'))
    return isDict(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** The entries for one app. */
export function overridesFor(overrides: Dict, identifier: string): OverrideEntry[] {
  const app = overrides[identifier]
  if (!isDict(app)) return []
  const entries: OverrideEntry[] = []
  for (const [tccName, value] of Object.entries(app)) {
    if (!isDict(value) || !tccName.startsWith('kTCCService')) continue
    const service = tccName.slice('kTCCService'.length)
    let authorization: Authorization | undefined
    if (
      value.Authorization === 'Allow' ||
      value.Authorization === 'Deny' ||
      value.Authorization === 'AllowStandardUserToSetSystemService'
    )
      authorization = value.Authorization
    else if (typeof value.Allowed === 'boolean' || typeof value.Allowed === 'number')
      authorization = value.Allowed ? 'Allow' : 'Deny'
    entries.push({
      service,
      ...(authorization ? {authorization} : {}),
      ...(typeof value.CodeRequirement === 'string' ? {codeRequirement: value.CodeRequirement} : {}),
    })
  }
  return entries
}
