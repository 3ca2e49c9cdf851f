import {PppcError} from '../errors.js'
import {findService} from '../profiles/services.js'
import type {SectionStatus} from './flow.js'
import {documentedApp} from './documented-app.js'
import {mdmAssumption, type MdmKind, type NeededService} from './steps.js'

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
