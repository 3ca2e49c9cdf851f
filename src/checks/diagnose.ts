import {hasFeature} from '../macos/facts.js'
import type {Authorization} from '../profiles/services.js'
import {serviceByKey, serviceLabel} from '../profiles/services.js'
import {isTranslocated} from './client.js'
import type {ClientCopy, Facts, Known} from './facts.js'
import {buildFlow, type Flow, type SectionStatus, selectFlow} from '../onboarding/flow.js'
import {DOCUMENTED_APP} from '../onboarding/documented-app.js'
import {type MdmKind, type NeededService} from '../onboarding/steps.js'
import {hostAppName} from './host-apps.js'
import {type InstalledProfile, type PppcEntry, profileName} from './installed-profiles.js'
import {describeMacos, majorNumber, type MacosVersion, settingsAppOf, unknownVersionNote} from '../macos/version.js'
import {checkRequirement, type RequirementCheck} from './requirement-check.js'
import {AUTH_REASONS, AUTH_VALUES, type TccRead, type TccRow} from './tcc.js'

export type ServiceState = 'granted-by-mdm' | 'granted' | 'denied' | 'denied-by-mdm' | 'missing' | 'unknown'
export type Level = 'problem' | 'warning' | 'info'

export interface Finding {
  id: string
  level: Level
  text: string
  fix?: string
}

export interface ServiceDiagnosis {
  service: string
  /** The name of its section in the client's Action Required window (or of the service). */
  label: string
  /** What System Settings calls the pane on this macOS. */
  pane: string
  state: ServiceState
  /** The profile that grants or denies it, or names it without effect. */
  profile: string | null
  authValue: number | null
  authReason: string | null
  database: string | null
  /** A profile lets a standard user turn it on (ScreenCapture, AllowStandardUserToSetSystemService). */
  standardUserMayAllow: boolean
  why: string
}

export interface ProfileDiagnosis {
  name: string
  identifier: string
  scope: string
  services: {service: string; authorization: Authorization | null}[]
  requirement: RequirementCheck | null
}

export interface Diagnosis {
  source: string
  app: {key: string; name: string; bundleId: string}
  macos: {
    known: boolean
    version: string | null
    description: string | null
    flow: string | null
    settingsApp: string | null
  }
  enrollment: {
    state: 'user-approved' | 'automated' | 'not-user-approved' | 'not-enrolled' | 'unknown'
    server: string | null
    vendor: string | null
  }
  agents: {kind: string; label: string; found: string[]}[] | null
  client: {
    state: 'installed' | 'not-installed' | 'unknown'
    path: string | null
    teamId: string | null
    requirement: string | null
    gatekeeper: string | null
    running: string[]
  }
  launchers: {path: string; quarantined: boolean; userApproved: boolean | null; downloadedBy: string | null}[]
  reader: {app: string; fullDiskAccess: 'yes' | 'no' | 'unknown'}
  tcc: {database: string; status: string; schema: string | null; message: string | null}[]
  profiles: ProfileDiagnosis[]
  services: ServiceDiagnosis[]
  verdict: {window: 'shows' | 'does-not-show' | 'unknown'; sections: string[]; summary: string}
  findings: Finding[]
  /** What pppc could not find out, and why. */
  unknowns: string[]
  steps: Flow | null
}

function value<T>(known: Known<T>): T | undefined {
  return known.status === 'ok' ? known.value : undefined
}

function listing(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

interface Context {
  facts: Facts
  macos: MacosVersion | undefined
  findings: Finding[]
  unknowns: string[]
}

function windowLabel(facts: Facts, service: string): string {
  return (
    facts.app.client.permissionsWindow?.sections.find((s) => s.service === service)?.label ??
    serviceByKey(service)?.label ??
    service
  )
}

/** The installed copy that is the client: the first codesign could read, or the first found. */
function primaryClient(copies: ClientCopy[]): ClientCopy | undefined {
  return copies.find((c) => c.identity) ?? copies[0]
}

function entriesFor(
  profiles: InstalledProfile[],
  bundleId: string,
  service: string,
): {profile: InstalledProfile; entry: PppcEntry}[] {
  return profiles.flatMap((profile) =>
    profile.pppc.filter((e) => e.identifier === bundleId && e.service === service).map((entry) => ({profile, entry})),
  )
}

function tccRow(reads: (TccRead | null)[], service: string): {row: TccRow; read: TccRead} | undefined {
  for (const read of reads) {
    const row = read?.rows.find((r) => r.service === service)
    if (read && row) return {row, read}
  }
  return undefined
}

function reasonText(row: TccRow): string | null {
  return row.authReason === undefined ? null : (AUTH_REASONS[row.authReason] ?? `reason ${row.authReason}`)
}

function diagnoseService(
  ctx: Context,
  service: string,
  profiles: InstalledProfile[] | undefined,
  reference: Reference | undefined,
): ServiceDiagnosis {
  const {facts, macos} = ctx
  const label = windowLabel(facts, service)
  const known = serviceByKey(service)
  const pane = known ? serviceLabel(known, macos ? majorNumber(macos) : undefined) : service
  const base = {
    service,
    label,
    pane,
    profile: null,
    authValue: null,
    authReason: null,
    database: null,
    standardUserMayAllow: false,
  }
  const enrollment = value(facts.enrollment)
  const approved = enrollment ? enrollment.userApproved : undefined
  const fromProfiles = profiles ? entriesFor(profiles, facts.app.bundleId, service) : []
  // A missing MDMOverrides.plist is the normal state of a Mac without PPPC profiles: no overrides.
  const overrides =
    facts.mdmOverrides.status === 'ok'
      ? facts.mdmOverrides.value
      : facts.mdmOverrides.status === 'missing'
        ? []
        : undefined
  const notes: string[] = []

  let authorization: Authorization | undefined
  let requirement: string | undefined
  let profile: string | undefined
  let basis = ''
  if (overrides) {
    const override = overrides.find((o) => o.service === service)
    if (override) {
      authorization = override.authorization
      requirement = override.codeRequirement ?? fromProfiles[0]?.entry.codeRequirement
      const source = fromProfiles.find((p) => p.entry.authorization === override.authorization) ?? fromProfiles[0]
      profile = source ? profileName(source.profile) : 'an MDM profile'
      basis = 'per MDMOverrides.plist'
    } else if (fromProfiles.length > 0) {
      profile = profileName(fromProfiles[0]!.profile)
      notes.push(
        approved === false
          ? `profile ${profile} names it, but PPPC needs a user-approved MDM enrollment`
          : `profile ${profile} names it, but TCC has not applied it (no entry in MDMOverrides.plist)`,
      )
    }
  } else if (fromProfiles.length > 0) {
    // Without MDMOverrides.plist, the installed profiles say what TCC should apply; with several, deny wins.
    const chosen = fromProfiles.find((p) => p.entry.authorization === 'Deny') ?? fromProfiles[0]!
    profile = profileName(chosen.profile)
    if (approved === false) notes.push(`profile ${profile} names it, but PPPC needs a user-approved MDM enrollment`)
    else {
      authorization = chosen.entry.authorization
      requirement = chosen.entry.codeRequirement
      basis = 'per the installed profile; MDMOverrides.plist could not be read'
    }
  }
  const check = requirement && reference ? checkRequirement(requirement, reference, reference.against) : undefined
  const mismatch = check?.match === 'mismatch'
  if (authorization === 'Deny')
    return {
      ...base,
      profile: profile ?? null,
      state: 'denied-by-mdm',
      why: `denied by profile ${profile}, ${basis}: the user cannot turn it on`,
    }
  if (authorization === 'Allow' && !mismatch)
    return {...base, profile: profile ?? null, state: 'granted-by-mdm', why: `granted by profile ${profile}, ${basis}`}
  if (authorization === 'Allow' && mismatch)
    notes.push(
      `profile ${profile} grants it, but its code requirement does not match the ${check!.against} (${check!.detail}), so macOS ignores it`,
    )
  const standardUserMayAllow = authorization === 'AllowStandardUserToSetSystemService' && !mismatch
  if (standardUserMayAllow) notes.push(`profile ${profile} lets a standard user turn it on`)

  const reads = [facts.tcc.system, facts.tcc.user]
  const found = tccRow(reads, service)
  const withProfile = {...base, profile: profile ?? null, standardUserMayAllow}
  const tail = notes.length > 0 ? `; ${notes.join('; ')}` : ''
  if (found) {
    const {row, read} = found
    const reason = reasonText(row)
    const recorded = {...withProfile, authValue: row.authValue, authReason: reason, database: read.path}
    const said = `auth_value ${row.authValue} (${AUTH_VALUES[row.authValue] ?? 'unknown value'})${reason ? `, auth_reason ${row.authReason} (${reason})` : ''} in ${read.path}`
    if (row.authValue === 2 || row.authValue === 3)
      return {...recorded, state: row.authReason === 6 ? 'granted-by-mdm' : 'granted', why: `${said}${tail}`}
    if (row.authValue === 0) return {...recorded, state: 'denied', why: `${said}${tail}`}
    return {...recorded, state: 'missing', why: `not decided: ${said}${tail}`}
  }
  if (facts.tcc.system.status === 'ok') return {...withProfile, state: 'missing', why: `no entry in TCC.db${tail}`}
  const system = facts.tcc.system
  const cause =
    system.status === 'unknown-schema'
      ? `pppc does not know ${system.path}: ${system.message}`
      : `${system.path} could not be read (${system.message ?? system.status})`
  return {...withProfile, state: 'unknown', why: `${cause}${tail}`}
}

interface Reference {
  requirement: string
  identifier: string
  teamId?: string
  against: RequirementCheck['against']
}

function unknown(ctx: Context, what: string, known: Known<unknown>): void {
  if (known.status !== 'ok' && known.status !== 'missing') ctx.unknowns.push(`${what}: ${known.message}`)
}

/**
 * The judgement: from facts to what the user will see and what to fix. Pure: the same facts give the same diagnosis,
 * and facts that are missing or unreadable make a partial diagnosis that says what is unknown.
 */
export function diagnose(facts: Facts): Diagnosis {
  const macos = value(facts.macos)
  const ctx: Context = {facts, macos, findings: [], unknowns: []}
  const {findings} = ctx
  // Apps with a permissions window of their own (BeyondTrust's Action Required) get the window's verdict and steps.
  const isBeyondTrust = facts.app.key === DOCUMENTED_APP
  const windowSections = facts.app.client.permissionsWindow?.sections ?? []

  // macOS
  unknown(ctx, 'macOS version', facts.macos)
  const versionNote = macos ? unknownVersionNote(macos) : undefined
  if (versionNote) findings.push({id: 'macos-version-unknown', level: 'warning', text: versionNote})
  const settings = macos ? settingsAppOf(macos) : undefined

  // MDM enrollment and agents
  const enrollment = value(facts.enrollment)
  unknown(ctx, 'MDM enrollment', facts.enrollment)
  let enrollmentState: Diagnosis['enrollment']['state'] = 'unknown'
  if (enrollment)
    enrollmentState = !enrollment.enrolled
      ? 'not-enrolled'
      : enrollment.automated
        ? 'automated'
        : enrollment.userApproved
          ? 'user-approved'
          : 'not-user-approved'
  if (enrollmentState === 'not-user-approved') {
    findings.push({
      id: 'mdm-not-user-approved',
      level: 'problem',
      text: `MDM enrollment${enrollment?.server ? ` (${enrollment.server})` : ''} is not user approved: macOS applies no PPPC profile, so no permission comes from the MDM.`,
      fix: `approve the MDM profile in ${settings?.profiles ?? 'System Settings › Privacy & Security › Profiles'}, or enroll the Mac again through Automated Device Enrollment`,
    })
  }
  if (enrollmentState === 'not-enrolled')
    findings.push({
      id: 'mdm-not-enrolled',
      level: 'info',
      text: 'The Mac is not enrolled in an MDM: no PPPC profile can apply, the user gives every permission.',
    })
  const agents = value(facts.agents)
  unknown(ctx, 'MDM agents', facts.agents)
  const agentKinds = (agents ?? []).filter((a) => a.found.length > 0)
  if (enrollment && !enrollment.enrolled && agentKinds.length > 0) {
    findings.push({
      id: 'mdm-agent-without-enrollment',
      level: 'warning',
      text: `The ${listing(agentKinds.map((a) => a.label))} is installed, but the Mac is not enrolled in its MDM: profiles from it cannot arrive.`,
      fix: 'enroll the Mac again (or remove the stale agent)',
    })
  }
  const vendor = enrollment?.vendor ?? agentKinds[0]?.kind
  const mdmKind: MdmKind = vendor === 'kandji' || vendor === 'jamf' ? vendor : 'none'

  // The client, and what its requirement is compared with.
  unknown(ctx, 'installed client', facts.installed)
  const copies = value(facts.installed)
  const client = copies ? primaryClient(copies) : undefined
  if (copies && copies.length === 0)
    findings.push({
      id: 'client-not-installed',
      level: 'info',
      text: `${facts.app.name} is not installed: it installs itself the first time the user opens the download.`,
    })
  if (client?.identityError)
    findings.push({
      id: 'client-signature-unreadable',
      level: 'warning',
      text: `codesign could not read ${client.path}: ${client.identityError}`,
    })
  if (client?.identity?.teamId && client.identity.teamId !== facts.app.teamId) {
    findings.push({
      id: 'client-team-id',
      level: 'problem',
      text: `${client.path} is signed by Team ID ${client.identity.teamId}, not ${facts.app.teamId}: it is not the genuine client, and profiles for the genuine one do not apply to it.`,
    })
  }
  if (client?.gatekeeper?.verdict === 'rejected')
    findings.push({
      id: 'client-gatekeeper-rejected',
      level: 'problem',
      text: `Gatekeeper rejects ${client.path}${client.gatekeeper.source ? ` (${client.gatekeeper.source})` : ''}.`,
      fix: 'download the client again from the support portal',
    })
  const reference: Reference | undefined = client?.identity
    ? {
        requirement: client.identity.codeRequirement,
        identifier: client.identity.identifier,
        ...(client.identity.teamId ? {teamId: client.identity.teamId} : {}),
        against: 'installed client',
      }
    : {
        requirement: facts.app.codeRequirement,
        identifier: facts.app.bundleId,
        teamId: facts.app.teamId,
        against: 'published requirement',
      }
  const running = value(facts.running) ?? []
  unknown(ctx, 'running processes', facts.running)
  for (const path of running.filter(isTranslocated)) {
    const launcher = facts.app.downloads.some((d) => path.includes(`/${d.replace(/\.zip$/, '')}/`))
    findings.push(
      launcher
        ? {
            id: 'launcher-translocated',
            level: 'info',
            text: `The launcher runs translocated (${path}): normal for an app opened from Downloads; the client it installs is not.`,
          }
        : {
            id: 'client-translocated',
            level: 'warning',
            text: `The client runs translocated, from a random read-only copy (${path}).`,
            fix: 'quit it and open it from its installed place; move a downloaded copy with Finder',
          },
    )
  }
  const launchers = value(facts.launchers) ?? []
  // Without the console user, the Downloads folder is unknown too; that is said once, below.
  if (facts.consoleUser.status === 'ok') unknown(ctx, 'downloads', facts.launchers)
  for (const copy of launchers.filter((l) => l.quarantine)) {
    const q = copy.quarantine!
    findings.push({
      id: 'launcher-quarantined',
      level: 'info',
      text: q.userApproved
        ? `${copy.path} is quarantined${q.agent ? ` (downloaded by ${q.agent})` : ''} and the user already chose Open in the "downloaded from the internet" window.`
        : `${copy.path} is quarantined${q.agent ? ` (downloaded by ${q.agent})` : ''}: opening it brings the "downloaded from the internet" window, where the user clicks Open.`,
    })
  }

  // Profiles
  const profiles = value(facts.profiles)
  unknown(ctx, 'installed profiles', facts.profiles)
  const profileDiagnoses: ProfileDiagnosis[] = []
  for (const profile of profiles ?? []) {
    const entries = profile.pppc.filter((e) => e.identifier === facts.app.bundleId)
    if (profile.hiddenPayloads.length > 0)
      ctx.unknowns.push(
        `profile ${profileName(profile)}: macOS did not show the content of its PPPC payload (run pppc as root to see it)`,
      )
    if (entries.length === 0) continue
    const requirement = entries.find((e) => e.codeRequirement)?.codeRequirement
    const check = requirement && reference ? checkRequirement(requirement, reference, reference.against) : null
    profileDiagnoses.push({
      name: profileName(profile),
      identifier: profile.identifier,
      scope: profile.scope,
      services: entries.map((e) => ({service: e.service, authorization: e.authorization ?? null})),
      requirement: check,
    })
    if (check?.match === 'mismatch') {
      findings.push({
        id: 'profile-requirement-mismatch',
        level: 'problem',
        text: `Profile ${profileName(profile)} names ${facts.app.bundleId}, but its code requirement does not match the ${check.against}: ${check.detail}. macOS ignores its grants without a word.`,
        fix: `deploy a profile with the right requirement: pppc generate --app ${facts.app.cliName}${mdmKind === 'none' ? '' : ` --mdm ${mdmKind}`}${client ? ` (or --from-app "${client.path}")` : ''}`,
      })
    } else if (check?.match === 'differs') {
      findings.push({
        id: 'profile-requirement-differs',
        level: 'warning',
        text: `Profile ${profileName(profile)}: ${check.detail}.`,
      })
    }
  }
  if (
    profiles &&
    profileDiagnoses.length === 0 &&
    (enrollmentState === 'user-approved' || enrollmentState === 'automated')
  ) {
    findings.push({
      id: 'no-profile-for-app',
      level: 'info',
      text: `No installed profile names ${facts.app.bundleId}: the user gives every permission${mdmKind === 'none' ? '' : ` (a PPPC profile from ${mdmKind === 'kandji' ? 'Kandji' : 'Jamf'} would pre-grant Accessibility and Full Disk Access)`}.`,
      fix: `pppc generate --app ${facts.app.cliName}${mdmKind === 'none' ? '' : ` --mdm ${mdmKind}`}`,
    })
  }
  const bypass = (profiles ?? []).find((p) => p.forceBypassScreenCaptureAlert)
  if (bypass && macos) {
    findings.push(
      hasFeature(macos.semver, 'force-bypass-screen-capture-alert')
        ? {
            id: 'force-bypass-screen-capture-alert',
            level: 'info',
            text: `Profile ${profileName(bypass)} sets forceBypassScreenCaptureAlert: macOS does not show the screen-capture alert.`,
          }
        : {
            id: 'force-bypass-screen-capture-alert',
            level: 'info',
            text: `Profile ${profileName(bypass)} sets forceBypassScreenCaptureAlert, which macOS honours only from 15.1.`,
          },
    )
  }
  unknown(ctx, 'MDMOverrides.plist', facts.mdmOverrides)

  // TCC.db and Full Disk Access
  const reads = [facts.tcc.system, ...(facts.tcc.user ? [facts.tcc.user] : [])]
  const host = hostAppName(facts.hostApp)
  const fullDiskAccess: Diagnosis['reader']['fullDiskAccess'] =
    facts.tcc.system.status === 'denied'
      ? 'no'
      : facts.tcc.system.status === 'ok' || facts.tcc.system.status === 'unknown-schema'
        ? 'yes'
        : 'unknown'
  for (const read of reads) {
    if (read.status === 'ok') continue
    if (read.status === 'denied') continue
    if (read.status === 'missing' && read !== facts.tcc.system) {
      findings.push({
        id: 'user-tcc-missing',
        level: 'info',
        text: `There is no ${read.path}${macos && hasFeature(macos.semver, 'user-tcc-db-moved') ? ' (macOS 27 is reported to move the per-user TCC.db)' : ''}; the permissions here live in the system TCC.db.`,
      })
      continue
    }
    ctx.unknowns.push(
      `${read.path}: ${read.status === 'unknown-schema' ? `pppc does not know this TCC.db: ${read.message}` : (read.message ?? read.status)}`,
    )
  }
  if (facts.consoleUser.status !== 'ok')
    unknown(ctx, 'console user (for the user TCC.db and Downloads)', facts.consoleUser)

  const services = facts.app.services.map((s) => diagnoseService(ctx, s, profiles, reference))

  if (reads.some((r) => r.status === 'denied')) {
    const still = [
      macos ? `macOS ${macos.productVersion} and its steps` : undefined,
      enrollment ? 'the MDM enrollment' : undefined,
      profiles
        ? `the installed profiles${services.some((s) => s.state === 'granted-by-mdm') ? ` (${listing(services.filter((s) => s.state === 'granted-by-mdm').map((s) => s.label))} granted by profile)` : ''}`
        : undefined,
      client?.identity ? "the client's signature" : undefined,
    ].filter((s): s is string => Boolean(s))
    findings.push({
      id: 'no-full-disk-access',
      level: 'warning',
      text: `pppc cannot read TCC.db: ${host} needs Full Disk Access. Without it pppc cannot tell what the user granted${still.length > 0 ? `; it still knows ${listing(still)}` : ''}.`,
      fix: `turn on ${host} in ${macos ? settingsAppOf(macos).privacy : 'System Settings › Privacy & Security'} › Full Disk Access, quit and reopen it, and run pppc doctor (or pppc collect) again`,
    })
  }

  for (const s of services) {
    if (s.state === 'denied-by-mdm')
      findings.push({
        id: 'service-denied-by-mdm',
        level: 'problem',
        text: `${s.label}: ${s.why}.`,
        fix: 'change the profile to Allow (Screen Recording: allow-standard-user), or remove it',
      })
    if (s.state === 'denied')
      findings.push({
        id: 'service-denied',
        level: 'info',
        text: `${s.label} was denied before (${s.authReason ?? 'no reason recorded'}): macOS will not ask again; the user turns it on with Grant Access in the Action Required window.`,
        fix: `or reset it: tccutil reset ${s.service} ${facts.app.bundleId}`,
      })
    if (s.standardUserMayAllow)
      findings.push({
        id: 'standard-user-may-allow',
        level: 'info',
        text: `${s.label}: a profile lets a standard user turn it on without an administrator password.`,
      })
  }
  const accessibilityByMdm = services.find((s) => s.service === 'Accessibility' && s.state === 'granted-by-mdm')
  if (accessibilityByMdm && macos && hasFeature(macos.semver, 'accessibility-grant-notified')) {
    findings.push({
      id: 'accessibility-pppc-deprecated',
      level: 'warning',
      text: hasFeature(macos.semver, 'declarative-permission-defaults')
        ? 'Accessibility comes from a PPPC profile, deprecated on macOS 27: the user sees a notification and can turn it off in System Settings.'
        : "Accessibility comes from a PPPC profile; Apple's macOS 27-cycle schema text deprecates granting it that way from 26.2.",
      fix: `also deploy the declarative default: pppc generate --app ${facts.app.cliName} --format ddm`,
    })
  }

  // Verdict
  const needing = services.filter((s) => s.state === 'missing' || s.state === 'denied' || s.state === 'denied-by-mdm')
  const unsure = services.filter((s) => s.state === 'unknown')
  const window = needing.length > 0 ? 'shows' : unsure.length > 0 ? 'unknown' : 'does-not-show'
  const summary =
    window === 'shows'
      ? isBeyondTrust
        ? `The Action Required window will show, with ${listing(needing.map((s) => s.label))} to grant${unsure.length > 0 ? ` (and ${listing(unsure.map((s) => s.label))} unknown)` : ''}.`
        : `${listing(needing.map((s) => s.label))} still to grant.`
      : window === 'unknown'
        ? `pppc cannot tell whether ${isBeyondTrust ? 'the Action Required window will show' : 'the app has every permission'}: ${listing(unsure.map((s) => s.label))} unknown.`
        : isBeyondTrust
          ? 'The Action Required window will not show: every permission it asks for is granted.'
          : 'Every permission the app needs is granted.'

  // Steps for this version
  let steps: Flow | null = null
  if (macos && isBeyondTrust) {
    const status: Partial<Record<NeededService, SectionStatus>> = {}
    for (const s of services) {
      if (!windowSections.some((w) => w.service === s.service)) continue
      status[s.service as NeededService] =
        s.state === 'granted' || s.state === 'granted-by-mdm'
          ? 'granted'
          : s.state === 'denied' || s.state === 'denied-by-mdm'
            ? 'denied'
            : 'not-asked'
    }
    const flow = buildFlow({macos, mdm: mdmKind, services: status})
    // The flow's MDM note assumes the profile is deployed; here the facts say what is granted.
    steps = {...flow, notes: flow.notes.filter((n) => !n.id.startsWith('mdm-'))}
  }

  const order: Record<Level, number> = {problem: 0, warning: 1, info: 2}
  return {
    source: facts.source,
    app: {key: facts.app.key, name: facts.app.name, bundleId: facts.app.bundleId},
    macos: {
      known: Boolean(macos),
      version: macos?.productVersion ?? null,
      description: macos ? describeMacos(macos) : null,
      flow: macos ? selectFlow(macos).kind.id : null,
      settingsApp: settings?.name ?? null,
    },
    enrollment: {state: enrollmentState, server: enrollment?.server ?? null, vendor: enrollment?.vendor ?? null},
    agents: agents ? agents.map((a) => ({kind: a.kind, label: a.label, found: a.found})) : null,
    client: {
      state: copies === undefined ? 'unknown' : client ? 'installed' : 'not-installed',
      path: client?.path ?? null,
      teamId: client?.identity?.teamId ?? null,
      requirement: client?.identity?.codeRequirement ?? null,
      gatekeeper: client?.gatekeeper
        ? [client.gatekeeper.verdict, client.gatekeeper.source].filter(Boolean).join(', ')
        : null,
      running,
    },
    launchers: launchers
      .filter((l) => l.present)
      .map((l) => ({
        path: l.path,
        quarantined: Boolean(l.quarantine),
        userApproved: l.quarantine ? l.quarantine.userApproved : null,
        downloadedBy: l.quarantine?.agent ?? null,
      })),
    reader: {app: host, fullDiskAccess},
    tcc: reads.map((r) => ({
      database: r.path,
      status: r.status,
      schema: r.schema ? `${r.schema.id} (macOS ${r.schema.macos})` : null,
      message: r.message ?? null,
    })),
    profiles: profileDiagnoses,
    services,
    verdict: {window, sections: needing.map((s) => s.label), summary},
    findings: findings.sort((a, b) => order[a.level] - order[b.level]),
    unknowns: ctx.unknowns,
    steps,
  }
}
