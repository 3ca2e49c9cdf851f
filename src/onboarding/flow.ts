import {serviceByKey, serviceLabel} from '../profiles/services.js'
import {grantFlowFor, grantFlowSpan, hasFeature} from '../macos/facts.js'
import {
  describeMacos,
  majorNumber,
  marketingName,
  type MacosVersion,
  settingsAppOf,
  unknownVersionNote,
} from '../macos/version.js'
import {
  type Audience,
  type Browser,
  BROWSERS,
  FLOW_KINDS,
  type FlowId,
  type FlowKind,
  mdmAssumption,
  type MdmKind,
  type NeededService,
  type SectionId,
  SECTIONS,
  SOURCES,
  type SourceId,
  type StepCondition,
  type StepRule,
  STEPS,
  VERSION_NOTES,
} from './steps.js'
import {documentedApp} from './documented-app.js'

/** Where a section of the Action Required window stands before the session. */
export type SectionStatus = 'not-asked' | 'denied' | 'granted'

export interface FlowOptions {
  macos: MacosVersion
  /** Undefined: the download steps of every browser. */
  browser?: Browser
  mdm: MdmKind
  /** Sections not listed have never been asked about. */
  services: Partial<Record<NeededService, SectionStatus>>
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

export interface FlowStep {
  id: string
  text: string
  detail?: string
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

/** One onboarding, ready to render: the same shape in every format, and what `--json` prints. */
export interface Flow {
  app: string
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
  browser: Browser | null
  mdm: MdmKind
  window: {shows: boolean; sections: {service: NeededService; label: string; status: SectionStatus}[]}
  sections: FlowSection[]
  notes: FlowNote[]
  sources: {id: SourceId; text: string}[]
}

/**
 * The flow a version gets, from the release table; a version the table does not know gets its nearest release's
 * (the caller adds unknownVersionNote). The label names the releases that share the flow.
 */
export function selectFlow(macos: MacosVersion): {kind: FlowKind; covered: boolean} {
  const base = FLOW_KINDS[grantFlowFor(macos.semver)]
  const kind = {...base, label: `${base.label} (macOS ${grantFlowSpan(base.id)})`}
  return {kind, covered: unknownVersionNote(macos) === undefined}
}

interface Context {
  flow: FlowId
  semver: string
  major: string
  browser: Browser | undefined
  mdm: MdmKind
  status: Record<NeededService, SectionStatus>
  window: boolean
  blocked: ReadonlySet<NeededService>
  administrator: ReadonlySet<NeededService>
  stale: ReadonlySet<NeededService>
}

function holds(condition: StepCondition, ctx: Context): boolean {
  if (condition.flow && condition.flow !== ctx.flow) return false
  if (condition.majors && !condition.majors.includes(ctx.major)) return false
  if (condition.browser && (!ctx.browser || !condition.browser.includes(ctx.browser))) return false
  if (condition.mdm && !condition.mdm.includes(ctx.mdm)) return false
  if (condition.notMdm?.includes(ctx.mdm)) return false
  if (condition.window !== undefined && condition.window !== ctx.window) return false
  if (condition.needs?.some((s) => ctx.status[s] === 'granted' || ctx.blocked.has(s))) return false
  if (condition.blocked?.some((s) => !ctx.blocked.has(s))) return false
  if (condition.anyBlocked !== undefined && condition.anyBlocked !== ctx.blocked.size > 0) return false
  if (condition.anyAdministrator !== undefined && condition.anyAdministrator !== ctx.administrator.size > 0)
    return false
  if (condition.anyStale !== undefined && condition.anyStale !== ctx.stale.size > 0) return false
  if (condition.granted?.some((s) => ctx.status[s] !== 'granted')) return false
  if (condition.asks?.some((s) => ctx.status[s] !== 'not-asked')) return false
  return true
}

function applies(rule: StepRule, ctx: Context): boolean {
  if (!rule.when) return true
  return Array.isArray(rule.when) ? rule.when.some((c) => holds(c, ctx)) : holds(rule.when, ctx)
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (token, name: string) => vars[name] ?? token)
}

function listing(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** The steps a user sees on this Mac, from the download to the end of the session. Pure: data in, data out. */
export function buildFlow(options: FlowOptions): Flow {
  const {shownName, launcherName, sections: WINDOW_SECTIONS} = documentedApp()
  const {macos} = options
  const {kind, covered} = selectFlow(macos)
  const settings = settingsAppOf(macos)
  const status = Object.fromEntries(
    WINDOW_SECTIONS.map((s) => [s.service, options.services[s.service] ?? 'not-asked']),
  ) as Record<NeededService, SectionStatus>
  const needed = WINDOW_SECTIONS.filter((s) => status[s.service] !== 'granted')
  const ctx: Context = {
    flow: kind.id,
    semver: macos.semver,
    major: macos.major,
    browser: options.browser,
    mdm: options.mdm,
    status,
    window: needed.length > 0,
    blocked: new Set(options.deniedByMdm ?? []),
    administrator: new Set((options.needsAdministrator ?? []).filter((s) => status[s] !== 'granted')),
    stale: new Set((options.staleSections ?? []).filter((s) => status[s] !== 'granted')),
  }

  const major = majorNumber(macos)
  const pane = (key: NeededService) => {
    const label = serviceLabel(serviceByKey(key)!, major)
    return settings.pane(label)
  }
  const vars: Record<string, string> = {
    app: shownName,
    launcher: launcherName,
    settingsApp: settings.name,
    windowSections: listing(WINDOW_SECTIONS.map((s) => s.label)),
    screenRecordingPane: pane('ScreenCapture'),
    accessibilityPane: pane('Accessibility'),
    fullDiskAccessPane: pane('SystemPolicyAllFiles'),
    blockedSections: listing(WINDOW_SECTIONS.filter((s) => ctx.blocked.has(s.service)).map((s) => s.label)),
    administratorSections: listing(WINDOW_SECTIONS.filter((s) => ctx.administrator.has(s.service)).map((s) => s.label)),
    staleSections: listing(WINDOW_SECTIONS.filter((s) => ctx.stale.has(s.service)).map((s) => s.label)),
  }
  const cited = new Set<SourceId>(kind.source)
  const toStep = (rule: StepRule, first: boolean): FlowStep => {
    for (const s of rule.source) cited.add(s)
    const text = first && rule.textWhenFirst ? rule.textWhenFirst : rule.text
    return {
      id: rule.id,
      text: fill(text, vars),
      ...(rule.detail ? {detail: fill(rule.detail, vars)} : {}),
      source: rule.source,
    }
  }

  const sections: FlowSection[] = []
  for (const section of SECTIONS) {
    const rules = STEPS.filter((r) => r.section === section.id)
    const title = fill(section.title, vars)
    if (section.id === 'download' && !options.browser) {
      const common = rules.filter((r) => !mentionsBrowser(r))
      const groups = BROWSERS.map((b) => ({
        browser: b.id,
        title: b.label,
        steps: rules
          .filter((r) => mentionsBrowser(r) && applies(r, {...ctx, browser: b.id}))
          .map((r) => toStep(r, false)),
      }))
      sections.push({
        id: section.id,
        title,
        steps: common.filter((r) => applies(r, ctx)).map((r) => toStep(r, false)),
        groups,
      })
      continue
    }
    let grantStepsBefore = 0
    const steps = rules
      .filter((r) => applies(r, ctx))
      .map((r) => {
        const step = toStep(r, grantStepsBefore === 0)
        if (section.id === 'permissions') grantStepsBefore++
        return step
      })
    if (steps.length > 0) sections.push({id: section.id, title, steps})
  }

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
    if (note.exceptMajors?.includes(macos.major)) continue
    notes.push({id: note.id, audience: note.audience, text: note.text})
    for (const s of note.source) cited.add(s)
  }
  const mdm = mdmAssumption(options.mdm)
  if (mdm.note) {
    notes.push({id: `mdm-${mdm.kind}`, audience: 'user', text: mdm.note})
    for (const s of mdm.source) cited.add(s)
  }

  return {
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
      sections: WINDOW_SECTIONS.map((s) => ({service: s.service, label: s.label, status: status[s.service]})),
    },
    sections,
    notes,
    sources: (Object.keys(SOURCES) as SourceId[]).filter((id) => cited.has(id)).map((id) => ({id, text: SOURCES[id]})),
  }
}

function mentionsBrowser(rule: StepRule): boolean {
  const conditions = rule.when === undefined ? [] : Array.isArray(rule.when) ? rule.when : [rule.when]
  return conditions.some((c) => c.browser !== undefined)
}
