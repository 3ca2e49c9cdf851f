import {PppcError} from '../errors.js'
import {findService} from '../profiles/services.js'
import type {SectionStatus} from './flow.js'
import {documentedApp} from './documented-app.js'
import {mdmAssumption, type MdmKind, type NeededService} from './steps.js'
import {BROWSERS, type Browser, browsersOn, OPERATING_SYSTEMS, type Os} from './vocabulary.js'

/** `--granted screen-recording,accessibility` (names as `pppc generate --grant` takes them, or `all`). */
export function parseGranted(values: string[]): NeededService[] {
  const WINDOW_SECTIONS = documentedApp().sections
  const NEEDED = new Set<string>(WINDOW_SECTIONS.map((s) => s.service))
  const granted = new Set<NeededService>()
  for (const name of values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)) {
    if (name.toLowerCase() === 'all') {
      for (const s of WINDOW_SECTIONS) granted.add(s.service)
      continue
    }
    const service = findService(name)
    if (!service || !NEEDED.has(service.key)) {
      throw new PppcError(`--granted "${name}" is not one of the client's permissions`, {
        hint: 'use screen-recording, accessibility, full-disk-access or all, separated by commas',
      })
    }
    granted.add(service.key as NeededService)
  }
  return WINDOW_SECTIONS.map((s) => s.service).filter((s) => granted.has(s))
}

/** Where each section stands for `pppc flow`: what the MDM's profile grants, plus what the user says is granted. */
export function sectionsFor(mdm: MdmKind, granted: NeededService[]): Partial<Record<NeededService, SectionStatus>> {
  const status: Partial<Record<NeededService, SectionStatus>> = {}
  for (const s of [...mdmAssumption(mdm).grants, ...granted]) status[s] = 'granted'
  return status
}

/** A browser the steps of that system are written for; Edge on a Mac and Safari on Windows are refused. */
export function checkBrowser(os: Os, browser: Browser | undefined): void {
  if (!browser || browsersOn(os).includes(browser)) return
  const other: Os = os === 'macos' ? 'windows' : 'macos'
  const on = OPERATING_SYSTEMS.find((o) => o.id === os)!.label
  throw new PppcError(
    `--browser ${browser} has no steps on ${on === 'Mac' ? 'a Mac' : on}: the onboarding documents give ${BROWSERS.find((b) => b.id === browser)!.label}'s steps for ${other === 'windows' ? 'Windows' : 'a Mac'} only`,
    {hint: `on ${on === 'Mac' ? 'a Mac' : on} use ${browsersOn(os).join(', ')}`},
  )
}
