import {serviceByKey, serviceLabel} from '../profiles/services.js'
import {grantFlowFor, grantFlowSpan, hasFeature, hasService, restartPromptFor} from '../macos/facts.js'
import {
  describeMacos,
  majorNumber,
  marketingName,
  type MacosVersion,
  settingsAppOf,
  unknownVersionNote,
} from '../macos/version.js'
import {CLIENT_CONFIGS, type ClientConfigId, type ClientTraits, DEFAULT_CLIENT_CONFIG} from './client-configs.js'
import {documentedApp} from './documented-app.js'
import type {Site, SiteContact} from './site.js'
import {
  type Audience,
  FLOW_KINDS,
  type FlowId,
  type FlowKind,
  type IllustrationId,
  mdmAssumption,
  type SectionId,
  SECTIONS,
  type StepCondition,
  type StepRule,
  STEPS,
  VERSION_NOTES,
} from './steps.js'
import {
  BROWSERS,
  type Browser,
  type MdmKind,
  type NeededService,
  OPERATING_SYSTEMS,
  type Os,
  SOURCES,
  type SourceId,
} from './vocabulary.js'

/** Where a section of the Action Required window stands before the session. */
export type SectionStatus = 'not-asked' | 'denied' | 'granted'

/** Whether the user's account on the Mac is an administrator. */
export type UserKind = 'administrator' | 'standard'

/** A Mac's onboarding (the options the doctor and `pppc flow --os macos` pass). */
export interface FlowOptions {
  os?: 'macos'
  macos: MacosVersion
  /** Undefined: the download steps of every browser. */
  browser?: Browser
  mdm: MdmKind
  /** Sections not listed have never been asked about. */
  services: Partial<Record<NeededService, SectionStatus>>
  /** How the portal configures the client; default permissions-upfront. */
  clientConfig?: ClientConfigId
  /** The help desk's site file: its portal goes into the first step. */
  site?: Site
  /** Undefined: not known, and the standard-user note covers both. */
  user?: UserKind
  /** Sections a profile lets a standard user turn on (AllowStandardUserToSetSystemService); default: the MDM's. */
  standardUserAllowed?: NeededService[]
  /**
   * Sections an MDM profile denies: the user cannot turn them on, so their grant steps are left out and a step says to
   * leave them and tell the technician (pppc doctor).
   */
  deniedByMdm?: NeededService[]
  /** Sections this user cannot turn on alone (a standard user): a step says an administrator is needed (pppc doctor). */
  needsAdministrator?: NeededService[]
  /**
   * Sections whose old decision was made for another copy of the app (pppc doctor): System Settings may show them on,
   * and a step says to have the old decision reset first.
   */
  staleSections?: NeededService[]
}

/** A Windows PC's onboarding (`pppc flow --os windows`). */
export interface WindowsFlowOptions {
  os: 'windows'
  browser?: Browser
  clientConfig?: ClientConfigId
  site?: Site
}

/** What a drawing of the step shows (src/render/illustrations.ts draws it). */
export interface Illustration {
  id: IllustrationId
  os: Os
  browser?: Browser
  app?: string
  file?: string
  settingsApp?: string
  pane?: string
  button?: string
  sections?: {label: string; granted: boolean}[]
  highlight?: string
}

export interface FlowStep {
  id: string
  text: string
  /** Help for the user. */
  detail?: string
  /** For the technician: where the step comes from when the documents do not say it so. */
  technicianNote?: string
  illustration?: Illustration
  source: SourceId[]
}

export interface FlowSection {
  id: SectionId
  title: string
  steps: FlowStep[]
  /** Per-browser steps when no browser was given. */
  groups?: {browser: Browser; title: string; steps: FlowStep[]}[]
}

export interface FlowNote {
  id: string
  audience: Audience
  text: string
}

interface FlowCommon {
  os: Os
  app: string
  browser: Browser | null
  clientConfig: {id: ClientConfigId; label: string; documented: boolean}
  site: {organization: string | null; portal: string | null; contact: SiteContact | null} | null
  sections: FlowSection[]
  notes: FlowNote[]
  sources: {id: SourceId; text: string}[]
}

/** One onboarding on a Mac, ready to render: the same shape in every format, and what `--json` prints. */
export interface Flow extends FlowCommon {
  os: 'macos'
  macos: {
    productVersion: string
    semver: string
    build: string | null
    beta: boolean
    name: string | null
    description: string
    settingsApp: string
  }
  flow: {id: FlowId; label: string; covered: boolean}
  mdm: MdmKind
  window: {shows: boolean; sections: {service: NeededService; label: string; status: SectionStatus}[]}
}

/** One onboarding on a Windows PC: no macOS, grant flow, MDM or Action Required window. */
export interface WindowsFlow extends FlowCommon {
  os: 'windows'
  macos: null
  flow: null
  mdm: null
  window: null
}

export type AnyFlow = Flow | WindowsFlow

/**
 * The flow a version gets, from the release table; a version the table does not know gets its nearest release's
 * (the caller adds unknownVersionNote). The label names the releases that share the flow.
 */
export function selectFlow(macos: MacosVersion): {kind: FlowKind; covered: boolean} {
  const base = FLOW_KINDS[grantFlowFor(macos.semver)]
  const kind = {...base, label: `${base.label} (macOS ${grantFlowSpan(base.id)})`}
  return {kind, covered: unknownVersionNote(macos) === undefined}
}

/** A section's standing on this computer; absent: this macOS (or Windows) has no such permission. */
type Standing = SectionStatus | 'absent'

interface Context {
  os: Os
  flow: FlowId | undefined
  semver: string | undefined
  browser: Browser | undefined
  mdm: MdmKind
  client: ClientTraits
  status: Record<NeededService, Standing>
  window: boolean
  blocked: ReadonlySet<NeededService>
  administrator: ReadonlySet<NeededService>
  stale: ReadonlySet<NeededService>
}

function holds(condition: StepCondition, ctx: Context): boolean {
  if (condition.flow && condition.flow !== ctx.flow) return false
  if (condition.feature && (!ctx.semver || !hasFeature(ctx.semver, condition.feature))) return false
  if (condition.browser && (!ctx.browser || !condition.browser.includes(ctx.browser))) return false
  if (condition.mdm && !condition.mdm.includes(ctx.mdm)) return false
  if (condition.notMdm?.includes(ctx.mdm)) return false
  if (condition.client) {
    for (const [trait, value] of Object.entries(condition.client))
      if (ctx.client[trait as keyof ClientTraits] !== value) return false
  }
  if (condition.window !== undefined && condition.window !== ctx.window) return false
  if (condition.needs?.some((s) => ctx.status[s] === 'granted' || ctx.status[s] === 'absent' || ctx.blocked.has(s)))
    return false
  if (condition.blocked?.some((s) => !ctx.blocked.has(s))) return false
  if (condition.anyBlocked !== undefined && condition.anyBlocked !== ctx.blocked.size > 0) return false
  if (condition.anyAdministrator !== undefined && condition.anyAdministrator !== ctx.administrator.size > 0)
    return false
  if (condition.anyStale !== undefined && condition.anyStale !== ctx.stale.size > 0) return false
  if (condition.granted?.some((s) => ctx.status[s] !== 'granted')) return false
  if (condition.settled?.some((s) => ctx.status[s] !== 'granted' && ctx.status[s] !== 'absent')) return false
  if (condition.asks?.some((s) => ctx.status[s] !== 'not-asked')) return false
  return true
}

function applies(rule: StepRule, ctx: Context): boolean {
  if (!rule.os.includes(ctx.os)) return false
  if (!rule.when) return true
  return Array.isArray(rule.when) ? rule.when.some((c) => holds(c, ctx)) : holds(rule.when, ctx)
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (token, name: string) => vars[name] ?? token)
}

export function listing(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

function osLabel(os: Os): string {
  return OPERATING_SYSTEMS.find((o) => o.id === os)!.label
}

const SOURCE_NAMES: Partial<Record<SourceId, string>> = {
  ualberta: "The University of Alberta's document",
  ttu: "Texas Tech's document",
}

interface Built {
  sections: FlowSection[]
  cited: Set<SourceId>
  /** The permissions some step has the user turn on. */
  turnedOn: Set<NeededService>
}

function buildSections(ctx: Context, vars: Record<string, string>, windowSections: Illustration['sections']): Built {
  const cited = new Set<SourceId>()
  const turnedOn = new Set<NeededService>()
  const restart = ctx.semver ? restartPromptFor(ctx.semver) : undefined
  const toStep = (rule: StepRule, first: boolean, browser: Browser | undefined): FlowStep => {
    const documented = rule.documentedOn ?? rule.os
    const derivedHere = !documented.includes(ctx.os)
    const source: SourceId[] =
      derivedHere && !rule.source.includes('derived') ? [...rule.source, 'derived'] : rule.source
    for (const s of source) cited.add(s)
    if (rule.turnsOn) turnedOn.add(rule.turnsOn)
    const text = first && rule.textWhenFirst ? rule.textWhenFirst : rule.text
    const details = rule.detail ? [fill(rule.detail, vars)] : []
    const notes = rule.technicianNote ? [fill(rule.technicianNote, vars)] : []
    if (rule.restartPrompt && restart?.alternative) {
      details.push(`If the button reads ${restart.alternative}, click it: it does the same.`)
      notes.push(`The restart button's label on this release: ${restart.source}.`)
    }
    if (derivedHere) {
      const by = rule.source.map((s) => SOURCE_NAMES[s]).find(Boolean) ?? 'The source'
      notes.push(
        `${by} shows this step on ${listing(documented.map(osLabel))} only; the client draws this window itself, so pppc shows it on ${osLabel(ctx.os)} too.`,
      )
    }
    const illustration = rule.illustration
      ? illustrate(rule, {...ctx, browser: browser ?? ctx.browser}, vars, windowSections)
      : undefined
    return {
      id: rule.id,
      text: fill(text, vars),
      ...(details.length > 0 ? {detail: details.join(' ')} : {}),
      ...(notes.length > 0 ? {technicianNote: notes.join(' ')} : {}),
      ...(illustration ? {illustration} : {}),
      source,
    }
  }

  const sections: FlowSection[] = []
  for (const section of SECTIONS) {
    const rules = STEPS.filter((r) => r.section === section.id)
    const title = fill(section.title, vars)
    if (section.id === 'download' && !ctx.browser) {
      const common = rules.filter((r) => !mentionsBrowser(r))
      const groups = BROWSERS.filter((b) => b.os.includes(ctx.os)).map((b) => ({
        browser: b.id,
        title: b.label,
        steps: rules
          .filter((r) => mentionsBrowser(r) && applies(r, {...ctx, browser: b.id}))
          .map((r) => toStep(r, false, b.id)),
      }))
      sections.push({
        id: section.id,
        title,
        steps: common.filter((r) => applies(r, ctx)).map((r) => toStep(r, false, undefined)),
        groups,
      })
      continue
    }
    let grantStepsBefore = 0
    const steps = rules
      .filter((r) => applies(r, ctx))
      .map((r) => {
        const step = toStep(r, grantStepsBefore === 0, undefined)
        if (section.id === 'permissions') grantStepsBefore++
        return step
      })
    if (steps.length > 0) sections.push({id: section.id, title, steps})
  }
  return {sections, cited, turnedOn}
}

function illustrate(
  rule: StepRule,
  ctx: Context,
  vars: Record<string, string>,
  windowSections: Illustration['sections'],
): Illustration {
  const id = rule.illustration!
  const base = {id, os: ctx.os}
  switch (id) {
    case 'browser-downloads':
      return {
        ...base,
        ...(ctx.browser ? {browser: ctx.browser} : {}),
        file:
          ctx.os === 'windows'
            ? 'downloaded file'
            : rule.id === 'safari-open-app-line'
              ? `${vars.launcher}.app`
              : `${vars.launcher}.zip`,
      }
    case 'downloaded-app-dialog':
      return {...base, file: `${vars.launcher}.app`, button: 'Open'}
    case 'action-required': {
      const highlight = rule.highlight
        ? windowSections?.find((s) => s.label === sectionLabel(rule.highlight!))?.label
        : undefined
      return {
        ...base,
        sections: windowSections ?? [],
        ...(highlight ? {highlight} : {}),
        button: 'Grant Access',
      }
    }
    case 'settings-toggle':
      return {
        ...base,
        app: vars.app!,
        settingsApp: 'System Settings',
        pane: rule.section === 'control' ? vars.accessibilityPane! : vars.screenRecordingPane!,
      }
    case 'preferences-lock':
      return {
        ...base,
        app: vars.app!,
        settingsApp: 'System Preferences',
        pane: rule.section === 'control' ? vars.accessibilityPane! : vars.screenRecordingPane!,
      }
    case 'restart-prompt':
      return {...base, app: vars.app!, button: vars.quitButton!}
    case 'uac-prompt':
      return {...base, button: 'Yes'}
  }
}

let labels: Map<NeededService, string> | undefined
function sectionLabel(service: NeededService): string {
  labels ??= new Map(documentedApp().sections.map((s) => [s.service, s.label]))
  return labels.get(service) ?? service
}

function portalText(site: Site | undefined): string {
  return site?.portal ?? 'the support portal your technician gave you'
}

function siteSummary(site: Site | undefined): FlowCommon['site'] {
  if (!site) return null
  return {
    organization: site.organization ?? null,
    portal: site.portal ?? null,
    contact: site.contact && Object.keys(site.contact).length > 0 ? site.contact : null,
  }
}

function clientSummary(id: ClientConfigId, os: Os): FlowCommon['clientConfig'] {
  const config = CLIENT_CONFIGS[id]
  return {id, label: config.label, documented: config.documentedOn.includes(os)}
}

function sourcesOf(cited: Set<SourceId>): {id: SourceId; text: string}[] {
  return (Object.keys(SOURCES) as SourceId[]).filter((id) => cited.has(id)).map((id) => ({id, text: SOURCES[id]}))
}

/** The steps a user sees on this computer, from the download to the end of the session. Pure: data in, data out. */
export function buildFlow(options: FlowOptions): Flow
export function buildFlow(options: WindowsFlowOptions): WindowsFlow
export function buildFlow(options: FlowOptions | WindowsFlowOptions): AnyFlow
export function buildFlow(options: FlowOptions | WindowsFlowOptions): AnyFlow {
  return options.os === 'windows' ? buildWindowsFlow(options) : buildMacFlow(options)
}

function buildWindowsFlow(options: WindowsFlowOptions): WindowsFlow {
  const {shownName, launcherName, sections: WINDOW_SECTIONS} = documentedApp()
  const configId = options.clientConfig ?? DEFAULT_CLIENT_CONFIG
  const status = Object.fromEntries(WINDOW_SECTIONS.map((s) => [s.service, 'absent'])) as Record<
    NeededService,
    Standing
  >
  const ctx: Context = {
    os: 'windows',
    flow: undefined,
    semver: undefined,
    browser: options.browser,
    mdm: 'none',
    client: CLIENT_CONFIGS[configId],
    status,
    window: false,
    blocked: new Set(),
    administrator: new Set(),
    stale: new Set(),
  }
  const vars = {app: shownName, launcher: launcherName, portal: portalText(options.site)}
  const {sections, cited} = buildSections(ctx, vars, undefined)
  for (const s of CLIENT_CONFIGS[configId].source) cited.add(s)
  return {
    os: 'windows',
    app: shownName,
    macos: null,
    flow: null,
    browser: options.browser ?? null,
    mdm: null,
    window: null,
    clientConfig: clientSummary(configId, 'windows'),
    site: siteSummary(options.site),
    sections,
    notes: [],
    sources: sourcesOf(cited),
  }
}

function buildMacFlow(options: FlowOptions): Flow {
  const {shownName, launcherName, sections: WINDOW_SECTIONS} = documentedApp()
  const {macos} = options
  const configId = options.clientConfig ?? DEFAULT_CLIENT_CONFIG
  const config = CLIENT_CONFIGS[configId]
  const {kind, covered} = selectFlow(macos)
  const settings = settingsAppOf(macos)
  // A section this macOS does not have (Screen Recording before 10.15) is neither asked for nor shown.
  const present = WINDOW_SECTIONS.filter((s) => hasService(macos.semver, s.service))
  const status = Object.fromEntries(
    WINDOW_SECTIONS.map((s) => [
      s.service,
      present.includes(s) ? (options.services[s.service] ?? 'not-asked') : 'absent',
    ]),
  ) as Record<NeededService, Standing>
  const needed = present.filter((s) => status[s.service] !== 'granted')
  const ctx: Context = {
    os: 'macos',
    flow: kind.id,
    semver: macos.semver,
    browser: options.browser,
    mdm: options.mdm,
    client: config,
    status,
    window: config.permissions === 'action-required-window' && needed.length > 0,
    blocked: new Set(options.deniedByMdm ?? []),
    administrator: new Set(
      (options.needsAdministrator ?? []).filter((s) => status[s] === 'not-asked' || status[s] === 'denied'),
    ),
    stale: new Set((options.staleSections ?? []).filter((s) => status[s] === 'not-asked' || status[s] === 'denied')),
  }

  const major = majorNumber(macos)
  const pane = (key: NeededService) => settings.pane(serviceLabel(serviceByKey(key)!, major))
  const vars: Record<string, string> = {
    app: shownName,
    launcher: launcherName,
    portal: portalText(options.site),
    settingsApp: settings.name,
    windowSections: listing(present.map((s) => s.label)),
    screenRecordingPane: pane('ScreenCapture'),
    accessibilityPane: pane('Accessibility'),
    fullDiskAccessPane: pane('SystemPolicyAllFiles'),
    quitButton: restartPromptFor(macos.semver).button,
    blockedSections: listing(present.filter((s) => ctx.blocked.has(s.service)).map((s) => s.label)),
    administratorSections: listing(present.filter((s) => ctx.administrator.has(s.service)).map((s) => s.label)),
    staleSections: listing(present.filter((s) => ctx.stale.has(s.service)).map((s) => s.label)),
  }
  const windowSections = present.map((s) => ({label: s.label, granted: status[s.service] === 'granted'}))
  const {sections, cited, turnedOn} = buildSections(ctx, vars, windowSections)
  for (const s of kind.source) cited.add(s)
  for (const s of config.source) cited.add(s)

  const notes: FlowNote[] = []
  const unknown = unknownVersionNote(macos)
  if (unknown) notes.push({id: 'unknown-version', audience: 'user', text: unknown})
  if (macos.beta)
    notes.push({
      id: 'beta',
      audience: 'user',
      text: `This is a beta of macOS ${macos.productVersion}${macos.build ? ` (${macos.build})` : ''}: the steps are those of the release and may differ.`,
    })
  for (const note of VERSION_NOTES) {
    if (!hasFeature(macos.semver, note.feature)) continue
    if (note.until && hasFeature(macos.semver, note.until)) continue
    notes.push({id: note.id, audience: note.audience, text: note.text})
    for (const s of note.source) cited.add(s)
  }
  const standard = standardUserNote(
    options,
    ctx,
    present.filter((s) => turnedOn.has(s.service)),
    settings.name,
  )
  if (standard) {
    notes.push(standard)
    for (const s of ['facts-3', 'apple-tcc'] as const) cited.add(s)
  }
  const mdm = mdmAssumption(options.mdm)
  if (mdm.note) notes.push({id: `mdm-${mdm.kind}`, audience: 'user', text: mdm.note})
  if (mdm.adminNote) notes.push({id: `mdm-${mdm.kind}-admin`, audience: 'admin', text: mdm.adminNote})
  if (mdm.note || mdm.adminNote) for (const s of mdm.source) cited.add(s)

  return {
    os: 'macos',
    app: shownName,
    macos: {
      productVersion: macos.productVersion,
      semver: macos.semver,
      build: macos.build ?? null,
      beta: macos.beta,
      name: marketingName(macos) ?? null,
      description: describeMacos(macos),
      settingsApp: settings.name,
    },
    flow: {id: kind.id, label: kind.label, covered},
    browser: options.browser ?? null,
    mdm: options.mdm,
    window: {
      shows: ctx.window,
      sections: present.map((s) => ({
        service: s.service,
        label: s.label,
        status: status[s.service] as SectionStatus,
      })),
    },
    clientConfig: clientSummary(configId, 'macos'),
    site: siteSummary(options.site),
    sections,
    notes,
    sources: sourcesOf(cited),
  }
}

/**
 * Turning a permission on in these panes takes an administrator's name and password, unless a profile lets standard
 * users turn that service on (AllowStandardUserToSetSystemService, Screen Recording and Input Monitoring only, from
 * macOS 11): macos-facts.md §3, Apple's TCC schema.
 */
function standardUserNote(
  options: FlowOptions,
  ctx: Context,
  toTurnOn: readonly {service: NeededService; label: string}[],
  settingsApp: string,
): FlowNote | undefined {
  if (options.user === 'administrator') return undefined
  if (toTurnOn.length === 0) return undefined
  const authorizationKey = hasFeature(ctx.semver!, 'pppc-authorization-key')
  const allowed = new Set(
    authorizationKey ? (options.standardUserAllowed ?? mdmAssumption(options.mdm).standardUserAllowed) : [],
  )
  const byAdmin = toTurnOn.filter((s) => !allowed.has(s.service)).map((s) => s.label)
  const byAnyone = toTurnOn.filter((s) => allowed.has(s.service)).map((s) => s.label)
  const who =
    options.user === 'standard'
      ? 'Your account on this Mac is not an administrator'
      : 'If your account on this Mac is not an administrator'
  const parts: string[] = []
  if (byAdmin.length > 0)
    parts.push(
      `${who}: ${settingsApp} asks for an administrator's name and password to turn on ${listing(byAdmin)}. Ask the Mac's administrator (or your help desk) to type them.`,
    )
  if (byAnyone.length > 0)
    parts.push(`Your organization lets any user of this Mac turn on ${listing(byAnyone)} with their own password.`)
  return {id: 'standard-user', audience: 'user', text: parts.join(' ')}
}

function mentionsBrowser(rule: StepRule): boolean {
  const conditions = rule.when === undefined ? [] : Array.isArray(rule.when) ? rule.when : [rule.when]
  return conditions.some((c) => c.browser !== undefined)
}
