import {hasFeature} from '../../macos/facts.js'
import {settingsAppOf} from '../../macos/version.js'
import {finding, type Finding} from '../findings.js'
import {SYSTEM_TCC_DB} from '../tcc.js'
import {listing} from '../words.js'
import type {Check} from './check.js'

/** Whether pppc could read TCC.db, and what it still knows when it could not. */
export const checkTccAccess: Check = (a) => {
  const {facts, macos, reads, host, profiles, services, enrollment, client} = a
  const findings: Finding[] = []
  for (const read of reads)
    if (read.status === 'missing' && read !== facts.tcc.system)
      findings.push(
        finding('user-tcc-missing', {
          path: read.path,
          note:
            macos && hasFeature(macos.semver, 'user-tcc-db-moved')
              ? ' (macOS 27 is reported to move the per-user TCC.db)'
              : '',
        }),
      )
  if (reads.some((r) => r.status === 'denied')) {
    const byProfile = services.filter((s) => s.state === 'granted-by-mdm').map((s) => s.label)
    const still = [
      macos ? `macOS ${macos.productVersion} and its steps` : undefined,
      enrollment ? 'the MDM enrollment' : undefined,
      profiles
        ? `the installed profiles${byProfile.length > 0 ? ` (${listing(byProfile)} granted by profile)` : ''}`
        : undefined,
      client.inUse?.identity ? "the client's signature" : undefined,
    ].filter((s): s is string => Boolean(s))
    findings.push(
      finding('no-full-disk-access', {
        host,
        still: still.length > 0 ? `; it still knows ${listing(still)}` : '',
        privacy: macos ? settingsAppOf(macos).privacy : 'System Settings › Privacy & Security',
      }),
    )
  }
  return findings
}

/** Each permission: denied by the MDM, denied before, granted to another copy (stale), or open to standard users. */
export const checkServices: Check = ({services, facts}) => {
  const {app} = facts
  const findings: Finding[] = []
  for (const s of services) {
    const sudo = s.database === SYSTEM_TCC_DB ? 'sudo ' : ''
    if (s.state === 'denied-by-mdm')
      findings.push(
        finding('service-denied-by-mdm', {
          label: s.label,
          why: s.why,
          allow:
            s.service === 'ScreenCapture'
              ? 'AllowStandardUserToSetSystemService (no profile can grant Screen Recording)'
              : 'Allow',
        }),
      )
    if (s.state === 'denied')
      findings.push(
        finding('service-denied', {
          label: s.label,
          reason: s.authReason ?? 'no reason recorded',
          sudo,
          service: s.service,
          bundleId: app.bundleId,
        }),
      )
    if (s.state === 'stale')
      findings.push(
        finding('service-stale', {
          label: s.label,
          decision: s.authValue === 0 ? 'denied for' : 'granted to',
          app: app.name,
          requirement: s.grantRequirement?.text ?? 'unreadable',
          reason: s.grantRequirement?.reason ?? '',
          sudo,
          service: s.service,
          bundleId: app.bundleId,
        }),
      )
    if (s.standardUserMayAllow && s.state !== 'granted' && s.state !== 'granted-by-mdm')
      findings.push(finding('standard-user-may-allow', {label: s.label}))
  }
  return findings
}

/** macOS 26.2 announces a profile's Accessibility grant; macOS 27 deprecates it for a declarative default. */
export const checkDeprecations: Check = ({services, macos, facts}) => {
  const byMdm = services.find((s) => s.service === 'Accessibility' && s.state === 'granted-by-mdm')
  if (!byMdm || !macos || !hasFeature(macos.semver, 'accessibility-grant-notified')) return []
  return [
    finding('accessibility-pppc-deprecated', {
      text: hasFeature(macos.semver, 'declarative-permission-defaults')
        ? 'Accessibility comes from a PPPC profile, deprecated on macOS 27: the user sees a notification and can turn it off in System Settings.'
        : "Accessibility comes from a PPPC profile; Apple's macOS 27-cycle schema text deprecates granting it that way from 26.2.",
      cliName: facts.app.cliName,
    }),
  ]
}
