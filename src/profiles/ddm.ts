import {createHash} from 'node:crypto'
import type {AppGrants} from './model.js'
import {serviceByKey} from './services.js'

export const DDM_DECLARATION_TYPE = 'com.apple.configuration.app.settings'

/** Said with every DDM output: a permission default is a suggestion the user accepts, not a grant. */
export const DDM_NOTES: readonly string[] = [
  'macOS 27 and later: this declaration sets privacy permission DEFAULTS. The user sees a consent prompt (Allow / Not Now) when the app launches; nothing is granted silently.',
  'It needs a supervised Mac and applies in the user scope; only AppKit apps support it.',
]

export interface DdmResult {
  declaration: Record<string, unknown>
  /** Grants a declaration cannot express, with the reason. */
  left: {identifier: string; service: string; reason: string}[]
}

/**
 * The com.apple.configuration.app.settings declaration whose Privacy.PermissionDefaults covers the grants that have a
 * declarative equivalent. Keys are "BundleID {DesignatedRequirement}" (Apple's composed identifier for macOS).
 */
export function buildDdmDeclaration(
  apps: AppGrants[],
  identifier: string,
  justification: (app: AppGrants) => string,
): DdmResult {
  const defaults: Record<string, Record<string, string>> = {}
  const left: DdmResult['left'] = []
  for (const app of apps) {
    const entry: Record<string, string> = {}
    for (const grant of app.grants) {
      const service = serviceByKey(grant.service)
      if (!service?.ddmKey) {
        left.push({
          identifier: app.identifier,
          service: grant.service,
          reason: 'has no declarative default; it stays in the PPPC profile (pppc generate --format mobileconfig)',
        })
      } else if (grant.authorization !== 'Allow') {
        left.push({
          identifier: app.identifier,
          service: grant.service,
          reason: `${grant.authorization} cannot be a declarative default (only Allow); a PPPC profile can still deny it`,
        })
      } else if (app.identifierType !== 'bundleID') {
        left.push({
          identifier: app.identifier,
          service: grant.service,
          reason: 'declarative defaults need a bundle ID, not a path',
        })
      } else {
        entry[service.ddmKey] = 'Allow'
      }
    }
    if (Object.keys(entry).length > 0) {
      entry.OrganizationJustification = justification(app)
      defaults[`${app.identifier} {${app.codeRequirement}}`] = entry
    }
  }
  const payload = {Privacy: {PermissionDefaults: defaults}}
  const serverToken = createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 32)
  return {
    declaration: {
      Identifier: `${identifier}.app-settings`,
      Payload: payload,
      ServerToken: serverToken,
      Type: DDM_DECLARATION_TYPE,
    },
    left,
  }
}
