import {requireApp} from '../profiles/catalogue.js'
import type {NeededService} from './steps.js'

/**
 * The app the onboarding documents describe. Its names (the client, the launcher) and its permissions window's sections
 * are facts of its catalogue entry (data/apps/), not of the steps, which only refer to them as {app} and {launcher}.
 */
export const DOCUMENTED_APP = 'beyondtrust-rs-customer-client'

const NEEDED: readonly NeededService[] = ['ScreenCapture', 'Accessibility', 'SystemPolicyAllFiles']

export interface DocumentedApp {
  /** The name the app shows, as the documents spell it. */
  shownName: string
  launcherName: string
  /** The sections of its permissions window, in the window's order. */
  sections: readonly {service: NeededService; label: string}[]
}

let cached: DocumentedApp | undefined

export function documentedApp(): DocumentedApp {
  if (cached) return cached
  const entry = requireApp(DOCUMENTED_APP)
  const client = entry.client
  const window = client?.permissionsWindow
  if (!client?.shownName || !client.launcher?.name || !window) {
    throw new Error(
      `data/apps/${DOCUMENTED_APP}.json lacks client.shownName, client.launcher.name or client.permissionsWindow`,
    )
  }
  const sections = window.sections.filter((s): s is {service: NeededService; label: string} =>
    NEEDED.includes(s.service as NeededService),
  )
  cached = {shownName: client.shownName, launcherName: client.launcher.name, sections}
  return cached
}
