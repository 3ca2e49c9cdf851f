import gte from 'semver/functions/gte.js'
import lt from 'semver/functions/lt.js'
import {
  type GrantFlowId,
  type MacosFeature,
  type MacosRelease,
  NEWEST_RELEASE,
  OLDEST_RELEASE,
  RELEASES,
  type RestartPrompt,
  SETTINGS_APPS,
  type SettingsAppName,
  type TccSchemaId,
} from './releases.js'

/**
 * Questions asked of the release table (releases.ts). Versions are semver strings ("15.1.0"), as MacosVersion.semver
 * holds them; a major is the release table's key ("10.15", "26").
 */

/** "15" → "15.0.0", "10.15" → "10.15.0", "15.1" → "15.1.0". */
export function toSemver(version: string): string {
  const [a = '0', b = '0', c = '0'] = version.split('.')
  return `${Number(a)}.${Number(b)}.${Number(c)}`
}

function majorSemver(release: MacosRelease): string {
  return toSemver(release.major)
}

/** The release a version belongs to, or undefined when the table has no such major. */
export function releaseForSemver(semver: string): MacosRelease | undefined {
  const [first, second] = semver.split('.')
  const major = first === '10' ? `10.${Number(second)}` : String(Number(first))
  return RELEASES.find((r) => r.major === major)
}

/**
 * The release whose facts hold for a version: its own row, or for a version the table does not know, the newest
 * release before it (a skipped number, a release newer than the table) or the oldest one (older than the table).
 */
export function nearestRelease(semver: string): MacosRelease {
  const own = releaseForSemver(semver)
  if (own) return own
  let nearest = OLDEST_RELEASE
  for (const release of RELEASES) if (gte(semver, majorSemver(release))) nearest = release
  return nearest
}

/** The first version (semver) where a feature holds. */
export function featureSince(feature: MacosFeature): string {
  for (const release of RELEASES) {
    const start = release.features?.find((f) => f.feature === feature)
    if (start) return toSemver(start.at ?? release.major)
  }
  throw new Error(`no release in the table starts ${feature}`)
}

export function hasFeature(semver: string, feature: MacosFeature): boolean {
  return gte(semver, featureSince(feature))
}

export interface SettingsApp {
  name: SettingsAppName
  /** The privacy panes, from the top of the app: "System Settings › Privacy & Security". */
  privacy: string
  profiles: string
  /** A pane's path inside the app: "Privacy & Security › Accessibility". */
  pane: (label: string) => string
}

export function settingsAppFor(semver: string): SettingsApp {
  const name = nearestRelease(semver).settingsApp
  return {name, ...SETTINGS_APPS[name]}
}

export function grantFlowFor(semver: string): GrantFlowId {
  return nearestRelease(semver).grantFlow
}

/** The first release whose steps the onboarding documents describe. */
export function oldestOnboardingRelease(): MacosRelease {
  return RELEASES.find((r) => r.onboarding) ?? OLDEST_RELEASE
}

export function newestRelease(): MacosRelease {
  return NEWEST_RELEASE
}

/** The version ("10.15", "13.0") a PPPC service key is first honoured in, from the table. */
export function serviceIntroducedIn(key: string): string | undefined {
  const release = RELEASES.find((r) => r.servicesIntroduced?.includes(key))
  return release ? displayVersion(release.major) : undefined
}

/** The version ("27.0") from which Apple marks a PPPC service key deprecated. */
export function serviceDeprecatedIn(key: string): string | undefined {
  const release = RELEASES.find((r) => r.servicesDeprecated?.includes(key))
  return release ? displayVersion(release.major) : undefined
}

/** A pane's newer name and the version that introduced it. */
export function paneRenamed(service: string): {macos: string; label: string} | undefined {
  for (const release of RELEASES) {
    const renamed = release.panesRenamed?.find((p) => p.service === service)
    if (renamed) return {macos: displayVersion(release.major), label: renamed.label}
  }
  return undefined
}

/** "10.15" stays, "13" becomes "13.0": how Apple's schema writes versions. */
function displayVersion(major: string): string {
  return major.includes('.') ? major : `${major}.0`
}

/** "10.14 to 10.15", "13 to 26", "27 (reported)": the releases that write a TCC.db layout. */
export function tccSchemaReleases(id: TccSchemaId): string {
  const releases = RELEASES.filter((r) => r.tccSchema === id)
  if (releases.length === 0) return 'no known release'
  const first = releases[0]!
  const last = releases[releases.length - 1]!
  const range =
    first === last
      ? first.major
      : last === NEWEST_RELEASE
        ? `${first.major} and later`
        : `${first.major} to ${last.major}`
  return releases.some((r) => r.tccSchemaReported) ? `${range} (reported)` : range
}

/** The release table's skipped numbers that a version falls in, with what to say. */
export function skippedNumber(semver: string): {release: MacosRelease; note: string} | undefined {
  const major = Number(semver.split('.')[0])
  for (const release of RELEASES) {
    const skipped = release.skippedBefore
    if (skipped && major >= skipped.from && major <= skipped.to) return {release, note: skipped.note}
  }
  return undefined
}

export function isOlderThan(semver: string, release: MacosRelease): boolean {
  return lt(semver, majorSemver(release))
}

/** The onboarding releases that share a grant flow: "10.15 to 12", "13 and later". */
export function grantFlowSpan(id: GrantFlowId): string {
  const releases = RELEASES.filter((r) => r.onboarding && r.grantFlow === id)
  const first = releases[0]
  const last = releases[releases.length - 1]
  if (!first || !last) return 'no release'
  return last === NEWEST_RELEASE ? `${first.major} and later` : `${first.major} to ${last.major}`
}

/** The window that restarts an app after Screen Recording or Full Disk Access is turned on, as a version shows it. */
export function restartPromptFor(semver: string): RestartPrompt {
  return nearestRelease(semver).restartPrompt
}

/** Whether a version honours a PPPC service at all (Screen Recording, for one, starts at 10.15). */
export function hasService(semver: string, key: string): boolean {
  const release = RELEASES.find((r) => r.servicesIntroduced?.includes(key))
  return release === undefined || gte(semver, majorSemver(release))
}

/** The releases the onboarding steps are written for, oldest first. */
export function onboardingReleases(): readonly MacosRelease[] {
  return RELEASES.filter((r) => r.onboarding)
}

/** "15.0.0" for the release "15": the version a release's steps are built for. */
export function releaseSemver(release: MacosRelease): string {
  return majorSemver(release)
}
