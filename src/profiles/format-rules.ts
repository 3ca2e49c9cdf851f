import {PppcError} from '../errors.js'
import {ddmPermissionFor} from './ddm-permissions.js'
import {checkAuthorization, friendlyAuthorization, permissionLabel} from './grants.js'
import type {AppGrants} from './model.js'
import {serviceByKey} from './services.js'

/**
 * Grants are checked against the rules of what is being written, the same way whether they came from flags or a spec
 * file: a configuration profile (mobileconfig, Jamf XML) follows Apple's PPPC payload, a declaration (ddm) follows
 * Apple's app.settings `Privacy.PermissionDefaults`. What one format cannot say at all is refused with the format that
 * can; what the other format covers (Full Disk Access in a declaration) is left out with a note, so the same grants
 * can be written as both.
 */
export type Target = 'pppc' | 'ddm'

export interface LeftOut {
  identifier: string
  service: string
  reason: string
}

/** Refuses the first grant a configuration profile cannot carry. */
export function checkPppcGrants(apps: AppGrants[]): void {
  for (const app of apps) {
    for (const grant of app.grants) {
      const service = serviceByKey(grant.service)
      if (!service) {
        throw new PppcError(
          `${permissionLabel(grant.service)} (${grant.service}) for ${app.identifier} is not a PPPC service: a configuration profile cannot set it`,
          {hint: 'from macOS 27 it is a declarative default the user accepts: use --format ddm'},
        )
      }
      checkAuthorization(service, grant.authorization)
      if (service.needsReceiver && !grant.receiver) {
        throw new PppcError(`Automation (AppleEvents) for ${app.identifier} needs a receiving app`, {
          hint: 'write --grant automation:com.apple.systemevents=allow, or give receiver in a --spec file',
        })
      }
    }
  }
}

/**
 * Refuses what a declaration cannot say (a default can only allow), and lists what it leaves to the configuration
 * profile: permissions without a declarative default, and apps named by path.
 */
export function checkDdmGrants(apps: AppGrants[]): LeftOut[] {
  const left: LeftOut[] = []
  for (const app of apps) {
    for (const grant of app.grants) {
      const ddm = ddmPermissionFor(grant.service)
      if (!ddm) {
        left.push({
          identifier: app.identifier,
          service: grant.service,
          reason: 'has no declarative default; it stays in the PPPC profile (pppc generate --format mobileconfig)',
        })
        continue
      }
      if (grant.authorization !== 'Allow') {
        throw new PppcError(
          `${friendlyAuthorization(grant.authorization)} for ${ddm.label} (${app.identifier}) cannot be a declarative default: Apple's app.settings takes ${['None', ...ddm.values].join(' or ')} for ${ddm.key}`,
          {
            hint: serviceByKey(grant.service)
              ? 'a declaration can only suggest allowing; write the deny in a configuration profile (--format mobileconfig), or drop it with =none'
              : 'a declaration can only suggest allowing; drop it with =none',
          },
        )
      }
      if (app.identifierType !== 'bundleID') {
        if (!ddm.pppcKey)
          throw new PppcError(`${ddm.label} for ${app.identifier}: declarative defaults need a bundle ID, not a path`, {
            hint: 'name the app by its bundle ID (--bundle-id with its --code-requirement)',
          })
        left.push({
          identifier: app.identifier,
          service: grant.service,
          reason: 'declarative defaults need a bundle ID, not a path; it stays in the PPPC profile',
        })
      }
    }
  }
  return left
}
