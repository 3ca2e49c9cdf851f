import gte from 'semver/functions/gte.js'
import {hasFeature, serviceDeprecatedIn, type SettingsApp, toSemver} from '../macos/facts.js'
import {majorNumber, type MacosVersion, settingsAppOf} from '../macos/version.js'
import {isProfileMdm} from '../profiles/mdm.js'
import {serviceByKey, serviceLabel} from '../profiles/services.js'
import type {Known} from '../system/known.js'
import {DOCUMENTED_APP} from '../onboarding/documented-app.js'
import type {AgentPresence} from './agents.js'
import {screenCaptureAlert, type ScreenCaptureAlert} from './approvals.js'
import {clientInUse, type ClientInUse} from './copies.js'
import type {Enrollment} from './enrollment.js'
import type {Facts} from './facts.js'
import {hostAppName} from './host-apps.js'
import {type InstalledProfile, isDeviceLevel, type PppcEntry, profileName} from './installed-profiles.js'
import {identifyMdm, type MdmIdentity} from './mdm-identity.js'
import {checkRequirement, type RequirementCheck} from './requirement-check.js'
import {judgeService, type ServiceJudgement} from './services.js'
import {
  judgeAgainst,
  publishedClient,
  requirementFromHex,
  requirementFromText,
  signedCopy,
  type SignedCode,
  unreadCopy,
} from './signing.js'
import type {TccRead} from './tcc.js'
import {formatRequirement} from '../requirements/index.js'

/**
 * Everything the checks share, worked out once from the facts: which macOS and settings app, which MDM, which copy of
 * the client runs and what is known of its signature, what each profile and each permission come to, who may approve,
 * and the screen-capture alert. Pure; the checks (topics/) turn it into findings, diagnose() into the Diagnosis.
 */
export type EnrollmentState = 'user-approved' | 'automated' | 'not-user-approved' | 'not-enrolled' | 'unknown'

export interface ServiceAnalysis extends ServiceJudgement {
  /** Its section in the app's permissions window (or the service's name). */
  label: string
  /** What System Settings calls the pane on this macOS. */
  pane: string
}

export interface ProfileAnalysis {
  profile: InstalledProfile
  name: string
  /** Its entries for the diagnosed app. */
  entries: PppcEntry[]
  deviceLevel: boolean
  requirement: RequirementCheck | null
}

export interface Analysis {
  facts: Facts
  macos: MacosVersion | undefined
  settings: SettingsApp | undefined
  /** The app has a permissions window of its own and documented onboarding steps (BeyondTrust's Action Required). */
  documented: boolean
  enrollment: Enrollment | undefined
  enrollmentState: EnrollmentState
  agents: AgentPresence[] | undefined
  mdm: MdmIdentity
  /** `pppc generate --app beyondtrust [--mdm jamf]`. */
  generate: string
  profiles: InstalledProfile[] | undefined
  profileChecks: ProfileAnalysis[]
  /** A profile that sets forceBypassScreenCaptureAlert true. */
  bypass: InstalledProfile | undefined
  client: ClientInUse
  /** The signatures requirements are judged against, and what they are called. */
  judgedAgainst: {codes: SignedCode[]; against: RequirementCheck['against']}
  reads: TccRead[]
  host: string
  fullDiskAccess: 'yes' | 'no' | 'unknown'
  admin: boolean | undefined
  services: ServiceAnalysis[]
  alert: ScreenCaptureAlert
  unknowns: string[]
}

function value<T>(known: Known<T>): T | undefined {
  return known.status === 'ok' ? known.value : undefined
}

function enrollmentStateOf(enrollment: Enrollment | undefined): EnrollmentState {
  if (!enrollment) return 'unknown'
  if (!enrollment.enrolled) return 'not-enrolled'
  if (enrollment.automated) return 'automated'
  return enrollment.userApproved ? 'user-approved' : 'not-user-approved'
}

function windowLabel(facts: Facts, service: string): string {
  return (
    facts.app.client.permissionsWindow?.sections.find((s) => s.service === service)?.label ??
    serviceByKey(service)?.label ??
    service
  )
}

export function analyse(facts: Facts): Analysis {
  const unknowns: string[] = []
  const unknown = (what: string, known: Known<unknown>) => {
    if (known.status !== 'ok' && known.status !== 'missing') unknowns.push(`${what}: ${known.message}`)
  }
  const macos = value(facts.macos)
  unknown('macOS version', facts.macos)
  const settings = macos ? settingsAppOf(macos) : undefined

  const enrollment = value(facts.enrollment)
  unknown('MDM enrollment', facts.enrollment)
  const agents = value(facts.agents)
  unknown('MDM agents', facts.agents)
  const profiles = value(facts.profiles)
  unknown('installed profiles', facts.profiles)
  const mdm = identifyMdm(enrollment, profiles, agents)
  const generate = `pppc generate --app ${facts.app.cliName}${mdm.kind && isProfileMdm(mdm.kind) ? ` --mdm ${mdm.kind}` : ''}`

  // The client: every copy, the one in use, and what requirements are judged against.
  unknown('installed client', facts.installed)
  unknown('running processes', facts.processes)
  const client = clientInUse(value(facts.installed), facts.processes, facts.app.client)
  // A copy codesign could not read still counts: it may be the one that runs, so what it would say is unknown.
  const signed = (copies: typeof client.copies) => copies.map((c) => signedCopy(c) ?? unreadCopy(c))
  const judgedAgainst: Analysis['judgedAgainst'] = client.inUse
    ? {codes: signed([client.inUse]), against: 'installed client'}
    : client.basis === 'none-installed'
      ? {codes: [publishedClient(facts.app)], against: 'published requirement'}
      : {codes: client.copies.length > 0 ? signed(client.copies) : [], against: 'installed copies'}
  const reference =
    judgedAgainst.against === 'installed client' ? client.inUse?.identity?.codeRequirement : facts.app.codeRequirement
  const judgeText = (text: string) => {
    const parsed = requirementFromText(text)
    return parsed.ok
      ? judgeAgainst(parsed.requirement, judgedAgainst.codes)
      : {result: 'unknown' as const, reason: parsed.reason, clause: null}
  }
  const judgeBlob = (hex: string) => {
    const decoded = requirementFromHex(hex)
    return decoded.ok
      ? {...judgeAgainst(decoded.requirement, judgedAgainst.codes), text: formatRequirement(decoded.requirement)}
      : {result: 'unknown' as const, reason: decoded.reason, clause: null, text: null}
  }

  const launchers = facts.launchers
  // Without the console user, the Downloads folder is unknown too; that is said once, below.
  if (facts.consoleUser.status === 'ok') unknown('downloads', launchers)

  const profileChecks: ProfileAnalysis[] = []
  for (const profile of profiles ?? []) {
    if (profile.hiddenPayloads.length > 0)
      unknowns.push(
        `profile ${profileName(profile)}: macOS did not show the content of its PPPC payload (run pppc as root to see it)`,
      )
    const entries = profile.pppc.filter((e) => e.identifier === facts.app.bundleId)
    if (entries.length === 0) continue
    const text = entries.find((e) => e.codeRequirement)?.codeRequirement
    profileChecks.push({
      profile,
      name: profileName(profile),
      entries,
      deviceLevel: isDeviceLevel(profile),
      requirement: text ? checkRequirement(text, judgedAgainst.codes, judgedAgainst.against, reference) : null,
    })
  }
  const bypass = (profiles ?? []).find((p) => p.forceBypassScreenCaptureAlert)
  unknown('MDMOverrides.plist', facts.mdmOverrides)

  // TCC.db, and whether pppc could read it.
  const reads = [facts.tcc.system, ...(facts.tcc.user ? [facts.tcc.user] : [])]
  const fullDiskAccess: Analysis['fullDiskAccess'] =
    facts.tcc.system.status === 'denied'
      ? 'no'
      : facts.tcc.system.status === 'ok' || facts.tcc.system.status === 'unknown-schema'
        ? 'yes'
        : 'unknown'
  for (const read of reads) {
    if (read.status === 'ok' || read.status === 'denied') continue
    if (read.status === 'missing' && read !== facts.tcc.system) continue
    unknowns.push(
      `${read.path}: ${read.status === 'unknown-schema' ? `pppc does not know this TCC.db: ${read.message}` : (read.message ?? read.status)}`,
    )
  }
  if (facts.consoleUser.status !== 'ok') unknown('console user (for the user TCC.db and Downloads)', facts.consoleUser)

  const admin = value(facts.consoleUserAdmin)
  const services: ServiceAnalysis[] = facts.app.services.map((service) => {
    const known = serviceByKey(service)
    return {
      ...judgeService({
        service,
        bundleId: facts.app.bundleId,
        profiles,
        overrides: facts.mdmOverrides,
        enrollmentApproved: enrollment ? enrollment.userApproved : undefined,
        reads,
        judgeText,
        judgeBlob,
        authorizations: known?.authorizations,
        standardUserValueHonoured: macos ? hasFeature(macos.semver, 'pppc-authorization-key') : false,
        consoleUserAdmin: admin,
      }),
      label: windowLabel(facts, service),
      pane: known ? serviceLabel(known, macos ? majorNumber(macos) : undefined) : service,
    }
  })
  if (services.some((s) => s.approver === 'unknown') && facts.consoleUser.status === 'ok')
    unknown(`whether ${facts.consoleUser.value} is an administrator`, facts.consoleUserAdmin)

  const screen = services.find((s) => s.service === 'ScreenCapture')
  const alert: ScreenCaptureAlert =
    screen?.state === 'denied-by-mdm'
      ? {
          state: 'not-applicable',
          entry: null,
          lastAlerted: null,
          lastUsed: null,
          dueAfter: null,
          why: 'the MDM denies Screen Recording, so the client never captures the screen',
        }
      : screenCaptureAlert({
          macos,
          bypass: bypass ? profileName(bypass) : undefined,
          approvals: facts.screenCaptureApprovals,
          bundleId: facts.app.bundleId,
          copies: client.copies.map((c) => c.path),
          observedAt: facts.observedAt,
        })
  const capturing = facts.app.services.includes('ScreenCapture')
  if (capturing && alert.state === 'unknown') unknowns.push(`when the screen-capture alert comes back: ${alert.why}`)

  // macOS 27 moves Accessibility (and others) to declarative permission defaults (Apple's app.settings declaration,
  // Privacy.PermissionDefaults). Nothing on the Mac lists active declarations: `profiles` does not show them (SimpleMDM,
  // "Declarative Device Management": "The profiles command will not return Declarations in the results"), their state
  // goes to the MDM server in the management.declarations status item (apple/device-management
  // declarative/status/management.declarations.yaml), and `mdmclient` has no documented verb for them. So: unknown.
  // When one becomes documented, it is one more argv in mac-commands.ts and collect records it.
  if (macos && hasFeature(macos.semver, 'declarative-permission-defaults')) {
    const deprecated = services.filter(
      (s) => s.state !== 'granted' && s.state !== 'granted-by-mdm' && serviceDeprecated(s.service, macos),
    )
    if (deprecated.length > 0)
      unknowns.push(
        `whether an MDM declaration (com.apple.configuration.app.settings, Privacy.PermissionDefaults) offers ${deprecated.map((s) => s.label).join(' and ')}: macOS has no documented command that lists active declarations (\`profiles\` does not show them), so pppc cannot see one; the MDM console shows the declaration's status`,
      )
  }

  return {
    facts,
    macos,
    settings,
    documented: facts.app.key === DOCUMENTED_APP,
    enrollment,
    enrollmentState: enrollmentStateOf(enrollment),
    agents,
    mdm,
    generate,
    profiles,
    profileChecks,
    bypass,
    client,
    judgedAgainst,
    reads,
    host: hostAppName(facts.hostApp),
    fullDiskAccess,
    admin,
    services,
    alert,
    unknowns,
  }
}

/** Apple marks the service's PPPC key deprecated on this macOS (the release table). */
function serviceDeprecated(service: string, macos: MacosVersion): boolean {
  const since = serviceDeprecatedIn(service)
  return since !== undefined && gte(macos.semver, toSemver(since))
}
