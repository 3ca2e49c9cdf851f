import type {Diagnosis, Finding} from '../checks/diagnose.js'
import {type FlowView, flowView} from './flow-view.js'

const ENROLLMENT: Readonly<Record<Diagnosis['enrollment']['state'], string>> = {
  automated: 'enrolled through Automated Device Enrollment (user approved)',
  'user-approved': 'enrolled, user approved',
  'not-user-approved': 'enrolled, NOT user approved',
  'not-enrolled': 'not enrolled',
  unknown: 'unknown',
}

const STATES: Readonly<Record<string, string>> = {
  'granted-by-mdm': 'granted by MDM',
  granted: 'granted',
  denied: 'denied',
  'denied-by-mdm': 'denied by MDM',
  missing: 'missing',
  unknown: 'unknown',
}

const VENDORS: Readonly<Record<string, string>> = {kandji: 'Kandji', jamf: 'Jamf Pro', other: 'another MDM'}

/** What templates/doctor.text.hbs reads: the diagnosis in labelled lines, findings by level, and the steps. */
export interface DoctorView {
  diagnosis: Diagnosis
  rows: {label: string; lines: string[]}[]
  services: {label: string; state: string; why: string}[]
  levels: {title: string; mark: string; findings: Finding[]}[]
  steps: FlowView | null
}

export function doctorView(d: Diagnosis): DoctorView {
  const rows: DoctorView['rows'] = []
  rows.push({
    label: 'macOS',
    lines: [d.macos.description ? `${d.macos.description}: ${d.steps?.flow.label ?? d.macos.flow}` : 'unknown'],
  })
  const e = d.enrollment
  rows.push({
    label: 'MDM',
    lines: [
      `${ENROLLMENT[e.state]}${e.server ? ` at ${e.server}` : ''}${e.vendor ? ` (${VENDORS[e.vendor] ?? e.vendor})` : ''}`,
    ],
  })
  if (d.agents) {
    const found = d.agents.filter((a) => a.found.length > 0)
    rows.push({
      label: 'Agents',
      lines:
        found.length > 0 ? found.map((a) => `${a.label}: ${a.found.join(', ')}`) : ['no Kandji (Iru) or Jamf agent'],
    })
  }
  const c = d.client
  if (c.state === 'installed') {
    const details = [
      c.teamId ? `Team ID ${c.teamId}` : 'signature unread',
      c.gatekeeper ? `Gatekeeper: ${c.gatekeeper}` : undefined,
      c.running.length > 0 ? `running (${c.running.length} process${c.running.length > 1 ? 'es' : ''})` : 'not running',
    ].filter(Boolean)
    rows.push({label: 'Client', lines: [c.path!, details.join('; ')]})
  } else {
    rows.push({label: 'Client', lines: [c.state === 'not-installed' ? 'not installed' : 'unknown']})
  }
  if (d.launchers.length > 0) {
    rows.push({
      label: 'Downloads',
      lines: d.launchers.map(
        (l) =>
          `${l.path}: ${l.quarantined ? `quarantined${l.downloadedBy ? ` (${l.downloadedBy})` : ''}, ${l.userApproved ? 'opened before' : 'not opened yet'}` : 'not quarantined'}`,
      ),
    })
  }
  rows.push({
    label: 'TCC.db',
    lines: [
      `read as ${d.reader.app}: Full Disk Access ${d.reader.fullDiskAccess}`,
      ...d.tcc.map(
        (t) =>
          `${t.database}: ${t.status === 'ok' ? `read (${t.schema})` : `${t.status}${t.message ? ` (${t.message})` : ''}`}`,
      ),
    ],
  })
  for (const p of d.profiles) {
    rows.push({
      label: 'Profile',
      lines: [
        p.name,
        `${p.services.map((s) => `${s.service}=${s.authorization ?? '?'}`).join(', ')}; requirement: ${p.requirement ? `${p.requirement.match} (${p.requirement.against})` : 'unknown'}`,
      ],
    })
  }
  const width = Math.max(...d.services.map((s) => s.label.length))
  const levels = [
    {title: 'Problems', mark: 'x', findings: d.findings.filter((f) => f.level === 'problem')},
    {title: 'Warnings', mark: '!', findings: d.findings.filter((f) => f.level === 'warning')},
    {title: 'Notes', mark: '-', findings: d.findings.filter((f) => f.level === 'info')},
  ].filter((l) => l.findings.length > 0)
  let steps: FlowView | null = null
  if (d.steps) {
    // The download is behind the user by now; doctor shows what happens from the first launch on.
    const view = flowView({...d.steps, sections: d.steps.sections.filter((s) => s.id !== 'download')})
    steps = {...view, title: `What the user sees and does on ${d.steps.macos.description}`}
  }
  return {
    diagnosis: d,
    rows,
    services: d.services.map((s) => ({label: s.label.padEnd(width), state: STATES[s.state] ?? s.state, why: s.why})),
    levels,
    steps,
  }
}
