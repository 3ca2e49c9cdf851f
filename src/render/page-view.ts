import type {Page, PageNote, PageStep} from '../onboarding/page.js'
import {BROWSERS, OPERATING_SYSTEMS} from '../onboarding/steps.js'
import {draw} from './illustrations.js'

/**
 * What templates/flow.html.hbs reads: the page with its steps' text already made HTML (the portal as a link), the
 * drawings as inline SVG, and the choices each step belongs to as data attributes the page's script filters on.
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!)
}

/** The step's text as HTML: escaped, with the portal address made a link. */
function stepHtml(text: string, portal: string | null): string {
  const escaped = escapeHtml(text)
  if (!portal) return escaped
  const url = escapeHtml(portal)
  return escaped.split(url).join(`<a href="${url}">${url}</a>`)
}

function noteView(note: PageNote) {
  return {...note, macosAttr: note.macos?.join(' ') ?? ''}
}

export function pageView(page: Page) {
  const technician = page.audience === 'technician'
  const stepView = (step: PageStep) => {
    const drawing = step.illustration ? draw(step.illustration) : undefined
    return {
      key: step.key,
      html: stepHtml(step.text, page.portal),
      detail: step.detail,
      technicianNote: technician ? step.technicianNote : undefined,
      sources: technician ? step.source.join(', ') : undefined,
      figure: drawing?.svg,
      macosAttr: step.macos?.join(' ') ?? '',
      browserAttr: step.browsers?.join(' ') ?? '',
      macosLabel: step.macosLabel,
      browserLabel: step.browserLabel,
    }
  }
  const contact = page.contact
  return {
    technician,
    lang: 'en',
    strings: page.strings,
    title: page.organization ? `${page.strings.title} · ${page.organization}` : page.strings.title,
    organization: page.organization,
    portal: page.portal,
    contact: contact
      ? {
          phone: contact.phone,
          phoneHref: contact.phone ? `tel:${contact.phone.replace(/[^+0-9]/g, '')}` : undefined,
          email: contact.email,
          hours: contact.hours,
        }
      : null,
    clientConfig: page.clientConfig,
    operatingSystems: OPERATING_SYSTEMS.map((o) => ({id: o.id, label: o.label === 'Mac' ? 'Mac' : 'Windows PC'})),
    browsers: BROWSERS.map((b) => ({id: b.id, label: b.label, os: b.os.join(' ')})),
    releases: page.releases,
    preselect: {
      os: page.preselect.os ?? '',
      macos: page.preselect.macos ?? '',
      browser: page.preselect.browser ?? '',
      defaultBrowser: page.defaultBrowser ?? '',
    },
    systems: page.systems.map((system) => ({
      os: system.os,
      heading: system.heading,
      sections: system.sections.map((section) => ({
        key: section.key,
        title: section.title,
        appliesTo: section.appliesTo,
        macosAttr: section.macos?.join(' ') ?? '',
        steps: section.steps.map(stepView),
      })),
      notes: system.notes.map(noteView),
      adminNotes: technician ? system.adminNotes.map(noteView) : [],
    })),
    sources: technician ? page.sources : [],
  }
}
