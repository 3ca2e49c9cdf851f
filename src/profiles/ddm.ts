import {createHash} from 'node:crypto'
import {ddmPermissionFor} from './ddm-permissions.js'
import type {AppGrants} from './model.js'

export const DDM_DECLARATION_TYPE = 'com.apple.configuration.app.settings'

/** Said with every DDM output: a permission default is a suggestion the user accepts, not a grant. */
export const DDM_NOTES: readonly string[] = [
  'macOS 27 and later: this declaration sets privacy permission DEFAULTS. The user sees a consent prompt (Allow / Not Now) when the app launches; nothing is granted silently.',
  'It needs a supervised Mac and applies in the user scope; only AppKit apps support it.',
]

/**
 * The com.apple.configuration.app.settings declaration whose Privacy.PermissionDefaults holds the grants that have a
 * declarative default (format-rules.ts has refused the rest or left them to the profile). Keys are
 * "BundleID {DesignatedRequirement}" (Apple's composed identifier for macOS).
 */
export function buildDdmDeclaration(
  apps: AppGrants[],
  identifier: string,
  justification: (app: AppGrants) => string,
): Record<string, unknown> {
  const defaults: Record<string, Record<string, string>> = {}
  for (const app of apps) {
    if (app.identifierType !== 'bundleID') continue
    const entry: Record<string, string> = {}
    for (const grant of app.grants) {
      const permission = ddmPermissionFor(grant.service)
      if (permission && grant.authorization === 'Allow') entry[permission.key] = permission.allowValue
    }
    if (Object.keys(entry).length > 0) {
      entry.OrganizationJustification = justification(app)
      defaults[`${app.identifier} {${app.codeRequirement}}`] = entry
    }
  }
  const payload = {Privacy: {PermissionDefaults: defaults}}
  const serverToken = createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 32)
  return {
    Identifier: `${identifier}.app-settings`,
    Payload: payload,
    ServerToken: serverToken,
    Type: DDM_DECLARATION_TYPE,
  }
}
