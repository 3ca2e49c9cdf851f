import type {AppEntry} from '../profiles/app-entry.js'

/**
 * The name of the extension attribute (Jamf Pro) or custom script (Kandji) that runs the fleet script for an app:
 * `fleet push` creates it under this name and `fleet report` reads it back by the same name, unless --name says
 * otherwise.
 */
export function fleetItemName(app: AppEntry): string {
  return `pppc fleet: ${app.key}`
}

/** The app's name in a report's title: its catalogue name without the parenthesised aliases. */
export function reportAppName(app: AppEntry): string {
  return app.name.replace(/\s*\(.*\)\s*$/, '')
}

/** The label of each of the app's window sections (Screen Recording for ScreenCapture), the service key otherwise. */
export function sectionLabel(app: AppEntry | undefined): (service: string) => string {
  const sections = app?.client?.permissionsWindow?.sections ?? []
  return (service) => sections.find((s) => s.service === service)?.label ?? service
}
