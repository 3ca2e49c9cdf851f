import {describeMacos} from '../macos/version.js'
import {buildFlow, type Flow, type SectionStatus, selectFlow} from '../onboarding/flow.js'
import type {NeededService} from '../onboarding/steps.js'
import {analyse, type Analysis, type ServiceAnalysis} from './analysis.js'
import {removableFolder} from './client.js'
import type {CopyDiagnosis, Diagnosis, Finding, Level} from './diagnosis.js'
import type {Facts} from './facts.js'
import {CHECKS} from './topics/index.js'
import {listing} from './words.js'

export type {
  Approver,
  CopyDiagnosis,
  Diagnosis,
  Finding,
  FindingId,
  Level,
  ProfileDiagnosis,
  ServiceDiagnosis,
  ServiceState,
} from './diagnosis.js'

const NEEDING = new Set(['missing', 'denied', 'denied-by-mdm', 'stale'])

function verdictOf(a: Analysis): Diagnosis['verdict'] {
  const needing = a.services.filter((s) => NEEDING.has(s.state))
  const unsure = a.services.filter((s) => s.state === 'unknown')
  const window = needing.length > 0 ? 'shows' : unsure.length > 0 ? 'unknown' : 'does-not-show'
  const labels = (list: ServiceAnalysis[]) => listing(list.map((s) => s.label))
  const summary =
    window === 'shows'
      ? a.documented
        ? `The Action Required window will show, with ${labels(needing)} to grant${unsure.length > 0 ? ` (and ${labels(unsure)} unknown)` : ''}.`
        : `${labels(needing)} still to grant.`
      : window === 'unknown'
        ? `pppc cannot tell whether ${a.documented ? 'the Action Required window will show' : 'the app has every permission'}: ${labels(unsure)} unknown.`
        : a.documented
          ? 'The Action Required window will not show: every permission it asks for is granted.'
          : 'Every permission the app needs is granted.'
  return {window, sections: needing.map((s) => s.label), summary}
}

/** The user's steps for this Mac: what is granted is left out, and so is what cannot work (a section the MDM denies). */
function stepsOf(a: Analysis): Flow | null {
  const {macos, facts} = a
  if (!macos || !a.documented) return null
  const windowSections = facts.app.client.permissionsWindow?.sections ?? []
  const status: Partial<Record<NeededService, SectionStatus>> = {}
  const deniedByMdm: NeededService[] = []
  const needsAdministrator: NeededService[] = []
  const staleSections: NeededService[] = []
  for (const s of a.services) {
    if (!windowSections.some((w) => w.service === s.service)) continue
    const service = s.service as NeededService
    // A stale decision is not applied: macOS asks as if it had never been made.
    status[service] =
      s.state === 'granted' || s.state === 'granted-by-mdm'
        ? 'granted'
        : s.state === 'denied' || s.state === 'denied-by-mdm'
          ? 'denied'
          : 'not-asked'
    if (s.state === 'denied-by-mdm') deniedByMdm.push(service)
    if (s.approver === 'administrator') needsAdministrator.push(service)
    if (s.state === 'stale') staleSections.push(service)
  }
  const flow = buildFlow({
    macos,
    mdm: a.mdm.kind ?? 'other',
    services: status,
    ...(deniedByMdm.length > 0 ? {deniedByMdm} : {}),
    ...(needsAdministrator.length > 0 ? {needsAdministrator} : {}),
    ...(staleSections.length > 0 ? {staleSections} : {}),
  })
  // The flow's MDM note assumes the profile is deployed; here the facts say what is granted.
  return {...flow, notes: flow.notes.filter((n) => !n.id.startsWith('mdm-'))}
}

function stepsFromOf(a: Analysis): Diagnosis['stepsFrom'] {
  const launchers = a.facts.launchers
  const downloaded = launchers.status === 'ok' ? launchers.value.some((l) => l.present) : true
  return a.client.basis === 'none-installed' && !downloaded ? 'download' : 'launch'
}

function copiesOf(a: Analysis): CopyDiagnosis[] {
  const running = new Set(a.client.processes.filter((p) => p.copy).map((p) => p.copy!))
  return a.client.copies.map((c) => ({
    path: c.path,
    version: c.version.status === 'ok' ? c.version.value : null,
    teamId: c.signature?.teamId ?? c.identity?.teamId ?? null,
    signedAt: c.signature?.signedAt ?? null,
    gatekeeper: c.gatekeeper ? [c.gatekeeper.verdict, c.gatekeeper.source].filter(Boolean).join(', ') : null,
    inUse: c === a.client.inUse,
    running: running.has(c),
    remove: `sudo rm -rf "${removableFolder(c.path, a.facts.app.client)}"`,
  }))
}

const ORDER: Record<Level, number> = {problem: 0, warning: 1, info: 2}

/**
 * The judgement: from facts to what the user will see and what to fix. Pure: the same facts give the same diagnosis,
 * and facts that are missing or unreadable make a partial diagnosis that says what is unknown.
 */
export function diagnose(facts: Facts): Diagnosis {
  const a = analyse(facts)
  const findings: Finding[] = CHECKS.flatMap((check) => check(a))
  const {macos, client, enrollment} = a
  const inUse = client.inUse
  const launchers = facts.launchers.status === 'ok' ? facts.launchers.value : []
  return {
    source: facts.source,
    app: {key: facts.app.key, name: facts.app.name, bundleId: facts.app.bundleId},
    macos: {
      known: Boolean(macos),
      version: macos?.productVersion ?? null,
      description: macos ? describeMacos(macos) : null,
      flow: macos ? selectFlow(macos).kind.id : null,
      settingsApp: a.settings?.name ?? null,
    },
    enrollment: {
      state: a.enrollmentState,
      server: enrollment?.server ?? null,
      vendor: enrollment?.enrolled ? a.mdm.kind : null,
    },
    mdm: {kind: a.mdm.kind, label: a.mdm.label, host: a.mdm.host, evidence: a.mdm.evidence},
    agents: a.agents ? a.agents.map((x) => ({kind: x.kind, label: x.label, found: x.found})) : null,
    client: {
      state: facts.installed.status !== 'ok' ? 'unknown' : client.copies.length > 0 ? 'installed' : 'not-installed',
      path: inUse?.path ?? null,
      teamId: inUse ? (inUse.signature?.teamId ?? inUse.identity?.teamId ?? null) : null,
      requirement: inUse?.identity?.codeRequirement ?? null,
      gatekeeper: inUse?.gatekeeper
        ? [inUse.gatekeeper.verdict, inUse.gatekeeper.source].filter(Boolean).join(', ')
        : null,
      running: client.processes.map((p) => p.process.path),
      version: inUse?.version.status === 'ok' ? inUse.version.value : null,
      inUse: client.basis,
      copies: copiesOf(a),
    },
    launchers: launchers
      .filter((l) => l.present)
      .map((l) => ({
        path: l.path,
        quarantined: Boolean(l.quarantine),
        userApproved: l.quarantine ? l.quarantine.userApproved : null,
        downloadedBy: l.quarantine?.agent ?? null,
      })),
    reader: {app: a.host, fullDiskAccess: a.fullDiskAccess},
    tcc: a.reads.map((r) => ({
      database: r.path,
      status: r.status,
      schema: r.schema ? `${r.schema.id} (macOS ${r.schema.macos})` : null,
      message: r.message ?? null,
    })),
    profiles: a.profileChecks.map((p) => ({
      name: p.name,
      identifier: p.profile.identifier,
      scope: p.profile.scope,
      deviceLevel: p.deviceLevel,
      services: p.entries.map((e) => ({service: e.service, authorization: e.authorization ?? null})),
      requirement: p.requirement,
    })),
    services: a.services.map((s) => ({
      service: s.service,
      label: s.label,
      pane: s.pane,
      state: s.state,
      profile: s.profile,
      authorization: s.authorization,
      authValue: s.authValue,
      authReason: s.authReason,
      database: s.database,
      standardUserMayAllow: s.standardUserMayAllow,
      why: s.why,
      grantRequirement: s.grantRequirement,
      approver: s.approver,
      ignoredProfiles: s.ignoredProfiles,
      conflict: s.conflict,
    })),
    user: {
      name: facts.consoleUser.status === 'ok' ? facts.consoleUser.value : null,
      administrator: facts.consoleUserAdmin.status === 'ok' ? facts.consoleUserAdmin.value : null,
    },
    screenCapture: {
      state: a.alert.state,
      lastAlerted: a.alert.lastAlerted,
      lastUsed: a.alert.lastUsed,
      dueAfter: a.alert.dueAfter,
      why: a.alert.why,
    },
    verdict: verdictOf(a),
    findings: findings.sort((x, y) => ORDER[x.level] - ORDER[y.level]),
    unknowns: a.unknowns,
    steps: stepsOf(a),
    stepsFrom: stepsFromOf(a),
    snapshot: {format: facts.snapshotFormat, observedAt: facts.observedAt},
  }
}
