import {finding, type Finding} from '../findings.js'
import {listing} from '../words.js'
import type {Check} from './check.js'

/** The enrollment (PPPC needs a user-approved one), which MDM it is, and agents left from another. */
export const checkMdm: Check = ({enrollment, enrollmentState, mdm, settings, generate}) => {
  const findings: Finding[] = []
  if (enrollmentState === 'not-user-approved')
    findings.push(
      finding('mdm-not-user-approved', {
        server: enrollment?.server ? ` (${enrollment.server})` : '',
        profilesPane: settings?.profiles ?? 'System Settings › Privacy & Security › Profiles',
      }),
    )
  if (enrollmentState === 'not-enrolled') findings.push(finding('mdm-not-enrolled'))
  const stray = listing(mdm.strayAgents.map((a) => a.label))
  if (mdm.strayAgents.length > 0 && enrollmentState === 'not-enrolled')
    findings.push(finding('mdm-agent-without-enrollment', {agents: stray}))
  else if (mdm.strayAgents.length > 0 && mdm.kind && mdm.kind !== 'none')
    findings.push(finding('mdm-other-agent', {agents: stray, mdm: mdm.label}))
  if (mdm.kind === 'other' && enrollmentState !== 'not-enrolled')
    findings.push(finding('mdm-unknown-vendor', {host: mdm.host ?? 'no server named', generate}))
  return findings
}
