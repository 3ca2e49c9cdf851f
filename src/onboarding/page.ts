import {onboardingReleases} from '../macos/facts.js'
import type {MacosRelease} from '../macos/releases.js'
import {parseMacosFlag} from '../macos/version.js'
import {CLIENT_CONFIGS, type ClientConfigId, DEFAULT_CLIENT_CONFIG} from './client-configs.js'
import {type AnyFlow, buildFlow, type FlowStep, listing, type SectionStatus, type UserKind} from './flow.js'
import {documentedApp} from './documented-app.js'
import {pageStrings, type PageStrings, type Site} from './site.js'
import {SECTIONS, type SectionId, STEPS} from './steps.js'
import {
  BROWSERS,
  type Browser,
  browsersOn,
  type MdmKind,
  type NeededService,
  type Os,
  SOURCES,
  type SourceId,
} from './vocabulary.js'

/**
 * The page a help desk sends: every flow the user might need (each system, each macOS release the steps cover, each
 * browser), merged into one list per section where each step says which choices it belongs to. The page shows only
 * the steps of the user's choice; without scripts it shows all of them, each labelled with what it is for.
 */

export type PageAudience = 'user' | 'technician'

export interface PageOptions {
  site?: Site
  clientConfig?: ClientConfigId
  mdm: MdmKind
  services: Partial<Record<NeededService, SectionStatus>>
  user?: UserKind
  audience: PageAudience
  /** What the technician already knows; the page starts on it (the user can change it). */
  preselect: {os?: Os; macos?: string; browser?: Browser}
}

export interface PageStep extends FlowStep {
  /** Unique in the page. */
  key: string
  /** The releases (majors) it is for, or null: every release. */
  macos: string[] | null
  /** The browsers it is for, or null: every browser of the system. */
  browsers: Browser[] | null
  /** What it is for, in words, for the page without scripts ("macOS 13 and later, Safari"); empty for all. */
  appliesTo: string
  /** The same, one choice at a time ("macOS 13 and later"; "Safari"). */
  macosLabel: string
  browserLabel: string
}

export interface PageSection {
  key: string
  id: SectionId
  title: string
  macos: string[] | null
  appliesTo: string
  steps: PageStep[]
}

export interface PageNote {
  key: string
  text: string
  macos: string[] | null
  appliesTo: string
}

export interface PageSystem {
  os: Os
  heading: string
  browsers: {id: Browser; label: string}[]
  sections: PageSection[]
  notes: PageNote[]
  /** For the technician's copy only. */
  adminNotes: PageNote[]
}

export interface Page {
  audience: PageAudience
  strings: PageStrings
  organization: string | null
  portal: string | null
  contact: {phone?: string; email?: string; hours?: string} | null
  app: string
  clientConfig: {id: ClientConfigId; label: string; summary: string}
  mdm: MdmKind
  releases: {major: string; label: string}[]
  systems: PageSystem[]
  preselect: {os: Os | null; macos: string | null; browser: Browser | null}
  defaultBrowser: Browser | null
  sources: {id: SourceId; text: string}[]
}

interface Variant {
  major: string | null
  browser: Browser
  flow: AnyFlow
}

/** The version a release's page steps are built for: its last point release that starts a feature ("15.1"). */
function releaseVersion(release: MacosRelease): string {
  const points = (release.features ?? []).map((f) => f.at).filter((at): at is string => Boolean(at))
  return points.sort().at(-1) ?? release.major
}

function releaseLabel(release: MacosRelease): string {
  return `macOS ${release.major}${release.name ? ` ${release.name}` : ''}`
}

function majorsLabel(majors: string[], all: readonly string[]): string {
  const indexes = majors.map((m) => all.indexOf(m)).sort((a, b) => a - b)
  const contiguous = indexes.every((v, i) => i === 0 || v === indexes[i - 1]! + 1)
  const first = all[indexes[0]!]!
  const last = all[indexes[indexes.length - 1]!]!
  if (indexes.length === 1) return `macOS ${first}`
  if (contiguous && last === all[all.length - 1]) return `macOS ${first} and later`
  if (contiguous && first === all[0]) return `macOS ${last} and earlier`
  if (contiguous) return `macOS ${first} to ${last}`
  return `macOS ${listing(indexes.map((i) => all[i]!))}`
}

function browserLabel(id: Browser): string {
  return BROWSERS.find((b) => b.id === id)!.label
}

/** Keeps the items of several flows in one order: by where each first appears, sections in SECTIONS order. */
class Merger<T extends {key: string}> {
  readonly items = new Map<string, {item: T; variants: Set<string>; majors: Set<string>; browsers: Set<Browser>}>()

  add(item: T, variant: Variant): void {
    let entry = this.items.get(item.key)
    if (!entry) {
      entry = {item, variants: new Set(), majors: new Set(), browsers: new Set()}
      this.items.set(item.key, entry)
    }
    entry.variants.add(`${variant.major}|${variant.browser}`)
    if (variant.major) entry.majors.add(variant.major)
    entry.browsers.add(variant.browser)
  }
}

export function buildPage(options: PageOptions): Page {
  const configId = options.clientConfig ?? options.site?.clientConfig ?? DEFAULT_CLIENT_CONFIG
  const releases = onboardingReleases()
  const majors = releases.map((r) => r.major)
  const cited = new Set<SourceId>()
  const systems: PageSystem[] = []

  for (const os of ['windows', 'macos'] as const) {
    const browsers = browsersOn(os)
    const variants: Variant[] = []
    for (const browser of browsers) {
      if (os === 'windows') {
        variants.push({
          major: null,
          browser,
          flow: buildFlow({os, browser, clientConfig: configId, ...(options.site ? {site: options.site} : {})}),
        })
        continue
      }
      for (const release of releases)
        variants.push({
          major: release.major,
          browser,
          flow: buildFlow({
            macos: parseMacosFlag(releaseVersion(release)),
            browser,
            mdm: options.mdm,
            services: options.services,
            clientConfig: configId,
            ...(options.site ? {site: options.site} : {}),
            ...(options.user ? {user: options.user} : {}),
          }),
        })
    }

    const sectionMerger = new Merger<{key: string; id: SectionId; title: string}>()
    const stepMergers = new Map<string, Merger<FlowStep & {key: string}>>()
    const noteMerger = new Merger<{key: string; text: string; admin: boolean}>()
    for (const variant of variants) {
      for (const s of variant.flow.sources) cited.add(s.id)
      for (const section of variant.flow.sections) {
        const sectionKey = `${section.id}|${section.title}`
        sectionMerger.add({key: sectionKey, id: section.id, title: section.title}, variant)
        let merger = stepMergers.get(sectionKey)
        if (!merger) stepMergers.set(sectionKey, (merger = new Merger()))
        for (const step of section.steps) merger.add({...step, key: stepKey(step)}, variant)
      }
      for (const note of variant.flow.notes)
        noteMerger.add({key: note.text, text: note.text, admin: note.audience === 'admin'}, variant)
    }

    const tagsOf = (entry: {variants: Set<string>; majors: Set<string>; browsers: Set<Browser>}) => {
      // A step belongs to every release it names with every browser it names: the page filters on each separately.
      if (entry.variants.size !== (os === 'macos' ? entry.majors.size : 1) * entry.browsers.size)
        throw new Error(`a step of the ${os} page does not split into releases times browsers`)
      const stepMajors =
        os === 'macos' && entry.majors.size < majors.length ? majors.filter((m) => entry.majors.has(m)) : null
      const stepBrowsers = entry.browsers.size < browsers.length ? browsers.filter((b) => entry.browsers.has(b)) : null
      const macosLabel = stepMajors ? majorsLabel(stepMajors, majors) : ''
      const browsersLabel = stepBrowsers ? listing(stepBrowsers.map(browserLabel)) : ''
      const appliesTo = [macosLabel, browsersLabel].filter(Boolean).join(', ')
      return {macos: stepMajors, browsers: stepBrowsers, appliesTo, macosLabel, browserLabel: browsersLabel}
    }

    const order = (id: SectionId) => SECTIONS.findIndex((s) => s.id === id)
    const sections: PageSection[] = [...sectionMerger.items.values()]
      .sort((a, b) => order(a.item.id) - order(b.item.id))
      .map((entry, index) => {
        const tags = tagsOf({...entry, browsers: new Set(browsers), variants: widen(entry.majors, browsers, os)})
        return {
          key: `${os}-${entry.item.id}-${index}`,
          id: entry.item.id,
          title: entry.item.title,
          macos: tags.macos,
          appliesTo: tags.macosLabel,
          // In the order of the step rules: variants of one rule stay where their first one came.
          steps: [...stepMergers.get(entry.item.key)!.items.values()]
            .map((step, seen) => ({step, seen, rule: RULE_ORDER.get(step.item.id) ?? 0}))
            .sort((a, b) => a.rule - b.rule || a.seen - b.seen)
            .map(({step}, i) => {
              const {key: _key, ...rest} = step.item
              return {...rest, key: `${os}-${entry.item.id}-${index}-${i}`, ...tagsOf(step)}
            }),
        }
      })
    const notes = [...noteMerger.items.values()].map((entry, i) => {
      const tags = tagsOf(entry)
      return {
        admin: entry.item.admin,
        note: {key: `${os}-note-${i}`, text: entry.item.text, macos: tags.macos, appliesTo: tags.appliesTo},
      }
    })
    const strings = pageStrings(options.site)
    systems.push({
      os,
      heading: os === 'windows' ? strings.windowsHeading : strings.macHeading,
      browsers: browsers.map((id) => ({id, label: browserLabel(id)})),
      sections,
      notes: notes.filter((n) => !n.admin).map((n) => n.note),
      adminNotes: notes.filter((n) => n.admin).map((n) => n.note),
    })
  }

  const config = CLIENT_CONFIGS[configId]
  const site = options.site
  const preselectMajor = options.preselect.macos
  return {
    audience: options.audience,
    strings: pageStrings(site),
    organization: site?.organization ?? null,
    portal: site?.portal ?? null,
    contact: site?.contact && Object.keys(site.contact).length > 0 ? site.contact : null,
    app: documentedApp().shownName,
    clientConfig: {id: configId, label: config.label, summary: config.summary},
    mdm: options.mdm,
    releases: [...releases].reverse().map((r) => ({major: r.major, label: releaseLabel(r)})),
    systems,
    preselect: {
      os: options.preselect.os ?? null,
      macos: preselectMajor && majors.includes(preselectMajor) ? preselectMajor : null,
      browser: options.preselect.browser ?? null,
    },
    defaultBrowser: site?.defaultBrowser ?? null,
    sources: (Object.keys(SOURCES) as SourceId[]).filter((id) => cited.has(id)).map((id) => ({id, text: SOURCES[id]})),
  }
}

const RULE_ORDER = new Map(STEPS.map((rule, index) => [rule.id, index]))

/** A section is for the releases it appears in, whatever the browser. */
function widen(majors: Set<string>, browsers: Browser[], os: Os): Set<string> {
  const keys = new Set<string>()
  for (const b of browsers) {
    if (os === 'windows') keys.add(`null|${b}`)
    else for (const m of majors) keys.add(`${m}|${b}`)
  }
  return keys
}

function stepKey(step: FlowStep): string {
  return [step.id, step.text, step.detail ?? '', JSON.stringify(step.illustration ?? null)].join('\u0000')
}
