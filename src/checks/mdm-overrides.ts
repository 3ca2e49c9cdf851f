import type {PlistDict} from '../profiles/model.js'
import {isDict, parsePlist} from '../profiles/plist.js'
import {type Authorization, entryAuthorization} from '../profiles/services.js'

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

/** The plist as a value: binary (as macOS writes it) or XML. Undefined when it is neither, or over pppc's limits. */
export function parseOverridesFile(data: Buffer): PlistDict | undefined {
  const value = parsePlist(data)
  return isDict(value) ? value : undefined
}

/** The entries for one app. */
export function overridesFor(overrides: PlistDict, identifier: string): OverrideEntry[] {
  const app = overrides[identifier]
  if (!isDict(app)) return []
  const entries: OverrideEntry[] = []
  for (const [tccName, value] of Object.entries(app)) {
    if (!isDict(value) || !tccName.startsWith('kTCCService')) continue
    const authorization = entryAuthorization(value)
    entries.push({
      service: tccName.slice('kTCCService'.length),
      ...(authorization ? {authorization} : {}),
      ...(typeof value.CodeRequirement === 'string' ? {codeRequirement: value.CodeRequirement} : {}),
    })
  }
  return entries
}
