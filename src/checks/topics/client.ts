import {compareNumerically} from '../../requirements/index.js'
import type {Analysis} from '../analysis.js'
import {removableFolder} from '../client.js'
import type {ClientCopy} from '../facts.js'
import {finding, type Finding} from '../findings.js'
import {listing} from '../words.js'
import type {Check} from './check.js'

function versionOf(copy: ClientCopy): string | undefined {
  return copy.version.status === 'ok' ? copy.version.value : undefined
}

/** "version 24.1.2, Team ID B65TM49E24, signed Jun 12, 2024, Gatekeeper: accepted (Notarized Developer ID)". */
export function describeCopy(copy: ClientCopy, teamId: string): string {
  const version = versionOf(copy)
  const team = copy.signature?.teamId ?? copy.identity?.teamId
  const parts = [
    version ? `version ${version}` : 'version unknown',
    copy.identityError
      ? 'codesign cannot read it'
      : team
        ? `Team ID ${team}${team === teamId ? '' : `, not ${teamId}`}`
        : copy.signature?.adhoc
          ? 'ad-hoc signed'
          : 'signer unknown',
    ...(copy.signature?.signedAt ? [`signed ${copy.signature.signedAt}`] : []),
    ...(copy.gatekeeper
      ? [`Gatekeeper: ${[copy.gatekeeper.verdict, copy.gatekeeper.source].filter(Boolean).join(', ')}`]
      : []),
  ]
  return parts.join(', ')
}

function problemsOf(copy: ClientCopy, a: Analysis): Finding[] {
  const {app} = a.facts
  const findings: Finding[] = []
  const folder = removableFolder(copy.path, app.client)
  if (copy.identityError)
    findings.push(finding('client-signature-unreadable', {path: copy.path, error: copy.identityError}))
  const team = copy.signature?.teamId ?? copy.identity?.teamId
  if (team && team !== app.teamId)
    findings.push(finding('client-team-id', {path: copy.path, teamId: team, expected: app.teamId, folder}))
  if (copy.gatekeeper?.verdict === 'rejected')
    findings.push(
      finding('client-gatekeeper-rejected', {
        path: copy.path,
        source: copy.gatekeeper.source ? ` (${copy.gatekeeper.source})` : '',
        folder,
      }),
    )
  return findings
}

const BASIS: Readonly<Record<string, string>> = {
  running: 'it runs',
  'started-by-launcher': 'the launcher started it',
  'only-copy': 'the only copy',
}

/** Which copies are installed, which one is in use, and what is wrong with that one. */
export const checkClient: Check = (a) => {
  const {client, facts} = a
  const {app} = facts
  const findings: Finding[] = []
  if (client.basis === 'none-installed') {
    const launchers = facts.launchers.status === 'ok' ? facts.launchers.value.filter((l) => l.present) : undefined
    if (launchers && launchers.length === 0 && facts.consoleUser.status === 'ok')
      findings.push(
        finding('client-not-downloaded', {app: app.name, downloads: `/Users/${facts.consoleUser.value}/Downloads`}),
      )
    else
      findings.push(
        finding('client-not-installed', {
          app: app.name,
          download: launchers?.length ? listing(launchers.map((l) => l.path)) : 'the download was not checked',
        }),
      )
    return findings
  }
  if (client.inUse) {
    findings.push(...problemsOf(client.inUse, a))
    const others = client.copies.filter((c) => c !== client.inUse)
    if (others.length > 0)
      findings.push(
        finding('client-copies', {
          count: String(client.copies.length),
          app: app.name,
          path: client.inUse.path,
          basis: BASIS[client.basis] ?? client.basis,
        }),
      )
    const inUseVersion = versionOf(client.inUse)
    for (const other of others) {
      const version = versionOf(other)
      const older = inUseVersion && version && compareNumerically(version, inUseVersion) < 0
      findings.push(
        finding('client-copy-other', {
          path: other.path,
          details: describeCopy(other, app.teamId),
          why: older ? `, and it is older than the copy in use (${version} before ${inUseVersion})` : '',
          folder: removableFolder(other.path, app.client),
        }),
      )
    }
    return findings
  }
  if (client.copies.length > 1)
    findings.push(
      finding('client-in-use-unknown', {
        why: client.why ?? 'which copy runs is not known',
        copies: client.copies.map((c) => `${c.path} (${describeCopy(c, app.teamId)})`).join('; '),
      }),
    )
  return findings
}

/** The launcher and the client as they run: translocation from Downloads, the quarantine of the download. */
export const checkLaunchers: Check = ({client, facts}) => {
  const findings: Finding[] = []
  for (const role of client.processes.filter((r) => r.translocated))
    findings.push(
      role.role === 'launcher'
        ? finding('launcher-translocated', {path: role.process.path})
        : finding('client-translocated', {path: role.process.path}),
    )
  const launchers = facts.launchers.status === 'ok' ? facts.launchers.value : []
  for (const copy of launchers.filter((l) => l.quarantine)) {
    const q = copy.quarantine!
    findings.push(
      finding('launcher-quarantined', {
        path: copy.path,
        agent: q.agent ? ` (downloaded by ${q.agent})` : '',
        state: q.userApproved
          ? ' and the user already chose Open in the "downloaded from the internet" window.'
          : ': opening it brings the "downloaded from the internet" window, where the user clicks Open.',
      }),
    )
  }
  return findings
}
