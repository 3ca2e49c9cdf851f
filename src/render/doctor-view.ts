import type {Diagnosis, Finding} from '../checks/diagnose.js'
import {BROWSERS} from '../onboarding/steps.js'
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
  stale: 'stale (decided for another copy)',
  missing: 'missing',
  unknown: 'unknown',
}

const APPROVERS: Readonly<Record<string, string>> = {
  user: 'the user can turn it on',
  administrator: 'needs an administrator',
  'mdm-admin': 'only the MDM admin can change it',
  unknown: 'who can turn it on is unknown',
}

const ALERT: Readonly<Record<Diagnosis['screenCapture']['state'], string>> = {
  'not-applicable': '',
  bypassed: 'the screen-capture alert is bypassed',
  'first-use': 'the screen-capture alert comes at the first capture',
  'not-due': 'the screen-capture alert was approved',
  due: 'the screen-capture alert is due again',
  unknown: 'when the screen-capture alert comes is unknown',
}

/** What render/doctor-text.ts prints: the diagnosis in labelled lines, findings by level, and the steps. */
export interface DoctorView {
  diagnosis: Diagnosis
  rows: {label: string; lines: string[]}[]
  services: {label: string; state: string; why: string}[]
  levels: {title: string; mark: string; findings: Finding[]}[]
  steps: FlowView | null
}

function mdmLine(d: Diagnosis): string {
  const e = d.enrollment
  const which =
    e.state === 'not-enrolled' || d.mdm.kind === null || d.mdm.kind === 'none'
      ? ''
      : d.mdm.kind === 'other'
        ? ' (an MDM pppc does not know)'
        : ` (${d.mdm.label})`
  return `${ENROLLMENT[e.state]}${e.server ? ` at ${e.server}` : ''}${which}`
}

/** The steps' subtitle in the doctor's words: the MDM as identified, and each section as the facts say it stands. */
function stepsSubtitle(d: Diagnosis): string {
  const flow = d.steps!
  const mdm = d.mdm.kind === null ? 'unknown' : d.mdm.kind === 'none' ? 'none' : d.mdm.label
  const labels = (states: string[]) => d.services.filter((s) => states.includes(s.state)).map((s) => s.label)
  const facts = [`Browser: ${BROWSERS.find((b) => b.id === flow.browser)?.label ?? 'any'}`, `MDM: ${mdm}`]
  const said: [string, string[]][] = [
    ['already granted', labels(['granted', 'granted-by-mdm'])],
    ['denied before', labels(['denied'])],
    ['denied by the MDM', labels(['denied-by-mdm'])],
    ['decided for another copy', labels(['stale'])],
  ]
  for (const [what, list] of said) if (list.length > 0) facts.push(`${what}: ${list.join(', ')}`)
  return `${flow.flow.label}. ${facts.join(' · ')}.`
}

export function doctorView(d: Diagnosis): DoctorView {
  const rows: DoctorView['rows'] = []
  rows.push({
    label: 'macOS',
    lines: [d.macos.description ? `${d.macos.description}: ${d.steps?.flow.label ?? d.macos.flow}` : 'unknown'],
  })
  rows.push({
    label: 'MDM',
    lines: [mdmLine(d), ...(d.mdm.evidence.length > 0 ? [`identified by: ${d.mdm.evidence.join('; ')}`] : [])],
  })
  if (d.agents) {
    const found = d.agents.filter((a) => a.found.length > 0)
    rows.push({
      label: 'Agents',
      lines: found.length > 0 ? found.map((a) => `${a.label}: ${a.found.join(', ')}`) : ['no MDM agent found'],
    })
  }
  const c = d.client
  if (c.state === 'installed') {
    const inUse = c.copies.find((x) => x.inUse)
    const details = (x: Diagnosis['client']['copies'][number]) =>
      [
        x.version ? `version ${x.version}` : undefined,
        x.teamId ? `Team ID ${x.teamId}` : 'signature unread',
        x.gatekeeper ? `Gatekeeper: ${x.gatekeeper}` : undefined,
        x.running ? 'running' : 'not running',
      ]
        .filter(Boolean)
        .join('; ')
    const lines = inUse ? [inUse.path, details(inUse)] : ['several copies; which one runs is unknown']
    for (const other of c.copies.filter((x) => !x.inUse)) lines.push(`also ${other.path}: ${details(other)}`)
    rows.push({label: 'Client', lines})
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
  if (d.user.name)
    rows.push({
      label: 'User',
      lines: [
        `${d.user.name}: ${d.user.administrator === null ? 'unknown whether an administrator' : d.user.administrator ? 'administrator' : 'standard user'}`,
      ],
    })
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
        `${p.name}${p.deviceLevel ? '' : ` (user level: ${p.scope})`}`,
        `${p.services.map((s) => `${s.service}=${s.authorization ?? '?'}`).join(', ')}; requirement: ${p.requirement ? `${p.requirement.match} (${p.requirement.against})` : 'unknown'}`,
      ],
    })
  }
  if (d.screenCapture.state !== 'not-applicable')
    rows.push({label: 'Screen', lines: [`${ALERT[d.screenCapture.state]}: ${d.screenCapture.why}`]})
  const width = Math.max(...d.services.map((s) => s.label.length))
  const levels = [
    {title: 'Problems', mark: 'x', findings: d.findings.filter((f) => f.level === 'problem')},
    {title: 'Warnings', mark: '!', findings: d.findings.filter((f) => f.level === 'warning')},
    {title: 'Notes', mark: '-', findings: d.findings.filter((f) => f.level === 'info')},
  ].filter((l) => l.findings.length > 0)
  let steps: FlowView | null = null
  if (d.steps) {
    // Steps start where the user is: at the portal when nothing is installed or downloaded, else at the first launch.
    const sections = d.stepsFrom === 'download' ? d.steps.sections : d.steps.sections.filter((s) => s.id !== 'download')
    const view = flowView({...d.steps, sections})
    steps = {...view, title: `What the user sees and does on ${d.steps.macos.description}`, subtitle: stepsSubtitle(d)}
  }
  return {
    diagnosis: d,
    rows,
    services: d.services.map((s) => ({
      label: s.label.padEnd(width),
      state: `${STATES[s.state] ?? s.state}${s.approver ? `; ${APPROVERS[s.approver]}` : ''}`,
      why: s.why,
    })),
    levels,
    steps,
  }
}
