import {hasFeature} from '../../macos/facts.js'
import {mdmLabel} from '../../profiles/mdm.js'
import {finding, type Finding} from '../findings.js'
import {profileName} from '../installed-profiles.js'
import {listing} from '../words.js'
import type {Check} from './check.js'

/** The profiles that name the app: their scope, their code requirement against the client, and their conflicts. */
export const checkProfiles: Check = (a) => {
  const {facts, profileChecks, client, generate, mdm, enrollmentState, services, macos, bypass} = a
  const {app} = facts
  const findings: Finding[] = []
  for (const p of profileChecks) {
    if (!p.deviceLevel) {
      findings.push(
        finding('profile-user-level', {
          profile: p.name,
          user: p.profile.scope,
          services: listing(p.entries.map((e) => `${e.service}${e.authorization ? `=${e.authorization}` : ''}`)),
        }),
      )
      continue
    }
    const check = p.requirement
    if (check?.match === 'mismatch')
      findings.push(
        finding('profile-requirement-mismatch', {
          profile: p.name,
          bundleId: app.bundleId,
          against: check.against,
          reason: check.detail,
          generate,
          fromApp: client.inUse ? ` (or --from-app "${client.inUse.path}")` : '',
        }),
      )
    else if (check?.match === 'differs') {
      const requirement = p.entries.find((e) => e.codeRequirement)?.codeRequirement ?? ''
      findings.push(
        finding('profile-requirement-differs', {
          profile: p.name,
          against: check.against,
          reason: check.detail,
          check: client.inUse
            ? `check it on the Mac: codesign --verify -R='=${requirement}' "${client.inUse.path}"`
            : "check it on the Mac once the client is installed: codesign --verify -R='=<requirement>' <client>",
        }),
      )
    }
  }
  const named = profileChecks.length > 0
  if (a.profiles && !named && (enrollmentState === 'user-approved' || enrollmentState === 'automated')) {
    const vendor = mdm.kind && mdm.kind !== 'none' && mdm.kind !== 'other' ? mdmLabel(mdm.kind) : undefined
    findings.push(
      finding('no-profile-for-app', {
        bundleId: app.bundleId,
        hint: vendor ? ` (a PPPC profile from ${vendor} would pre-grant Accessibility and Full Disk Access)` : '',
        generate,
      }),
    )
  }
  for (const s of services.filter((x) => x.conflict))
    findings.push(
      finding('profile-conflict', {
        label: s.label,
        profiles: s.conflict!.profiles.map((p) => `${p.profile} says ${p.authorization}`).join(', '),
        bundleId: app.bundleId,
      }),
    )
  if (bypass && macos)
    findings.push(
      finding('force-bypass-screen-capture-alert', {
        profile: profileName(bypass),
        effect: hasFeature(macos.semver, 'force-bypass-screen-capture-alert')
          ? ': macOS does not show the screen-capture alert'
          : ', which macOS honours only from 15.1',
      }),
    )
  return findings
}
