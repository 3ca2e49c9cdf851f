import type {AnyFlow, FlowStep} from '../onboarding/flow.js'
import {CLIENT_CONFIGS, DEFAULT_CLIENT_CONFIG} from '../onboarding/client-configs.js'
import {BROWSERS, mdmAssumption} from '../onboarding/steps.js'

export interface NumberedStep extends FlowStep {
  number: number
}

/** What the flow templates read: the flow, with steps numbered once for every format and labels spelled out. */
export interface FlowView {
  flow: AnyFlow
  title: string
  subtitle: string
  sections: {
    id: string
    title: string
    start: number
    steps: NumberedStep[]
    groups: {title: string; start: number; steps: NumberedStep[]}[]
  }[]
  userNotes: string[]
  adminNotes: string[]
}

export function flowView(flow: AnyFlow): FlowView {
  let next = 1
  const number = (steps: FlowStep[], from: number) => steps.map((s, i) => ({...s, number: from + i}))
  const sections = flow.sections.map((section) => {
    const start = next
    const steps = number(section.steps, start)
    next += steps.length
    // Each browser's steps are alternatives: they share their numbers, and the next section follows the longest.
    const groups = (section.groups ?? []).map((g) => ({title: g.title, start: next, steps: number(g.steps, next)}))
    next += Math.max(0, ...groups.map((g) => g.steps.length))
    return {id: section.id, title: section.title, start, steps, groups}
  })
  const browser = BROWSERS.find((b) => b.id === flow.browser)?.label ?? 'any'
  const facts = [`Browser: ${browser}`]
  if (flow.clientConfig.id !== DEFAULT_CLIENT_CONFIG)
    facts.push(`client: ${CLIENT_CONFIGS[flow.clientConfig.id].label}`)
  if (flow.site?.organization) facts.push(`for ${flow.site.organization}`)
  let title: string
  let subtitle: string
  if (flow.os === 'windows') {
    title = 'Joining a BeyondTrust support session on Windows'
    subtitle = `${facts.join(' · ')}.`
  } else {
    facts.splice(1, 0, `MDM: ${mdmAssumption(flow.mdm).label}`)
    const granted = flow.window.sections.filter((s) => s.status === 'granted').map((s) => s.label)
    const denied = flow.window.sections.filter((s) => s.status === 'denied').map((s) => s.label)
    if (granted.length > 0) facts.push(`already granted: ${granted.join(', ')}`)
    if (denied.length > 0) facts.push(`denied before: ${denied.join(', ')}`)
    title = `Joining a BeyondTrust support session on ${flow.macos.description}`
    subtitle = `${flow.flow.label}. ${facts.join(' · ')}.`
  }
  return {
    flow,
    title,
    subtitle,
    sections,
    userNotes: flow.notes.filter((n) => n.audience === 'user').map((n) => n.text),
    adminNotes: flow.notes.filter((n) => n.audience === 'admin').map((n) => n.text),
  }
}
