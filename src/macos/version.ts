import {PppcError} from '../errors.js'
import {
  grantFlowFor,
  grantFlowSpan,
  isOlderThan,
  newestRelease,
  oldestOnboardingRelease,
  type SettingsApp,
  settingsAppFor,
  skippedNumber,
} from './facts.js'
import {releaseOf} from './releases.js'

/** A macOS version as sw_vers reports it, with the semver the flow ranges are matched against. */
export interface MacosVersion {
  /** As printed: "15.1", "12.7.6". */
  productVersion: string
  /**
   * The release as semver, patch defaulting to 0: "15.1.0". A beta of 26.3 is "26.3.0": the flows follow the release
   * a beta becomes, and `beta` says that it is one.
   */
  semver: string
  /** "10.15" for 10.x, otherwise the first number: "15", "26". */
  major: string
  build?: string
  beta: boolean
  /** sw_vers' ProductVersionExtra of a Rapid Security Response, e.g. "(a)". */
  rapidSecurityResponse?: string
}

const VERSION = /^(\d{1,2})(?:\.(\d{1,2}))?(?:\.(\d{1,2}))?$/
// <Darwin major><train letter><number>[lowercase letter]. Betas end in a letter (25D5087f); so do Rapid Security
// Responses, which sw_vers marks with ProductVersionExtra instead (macos-facts.md §3).
const BUILD = /^(\d{2})[A-Z]\d{1,6}([a-z])?$/

function fromParts(
  productVersion: string,
  build: string | undefined,
  extra: string | undefined,
): MacosVersion | undefined {
  const m = VERSION.exec(productVersion.trim())
  if (!m) return undefined
  const [first, second = '0', third = '0'] = [m[1]!, m[2], m[3]]
  const tenX = first === '10'
  if (tenX && m[2] === undefined) return undefined
  const semver = `${Number(first)}.${Number(second)}.${Number(third)}`
  const buildMatch = build ? BUILD.exec(build) : null
  return {
    productVersion: productVersion.trim(),
    semver,
    major: tenX ? `10.${Number(second)}` : String(Number(first)),
    ...(build ? {build} : {}),
    beta: Boolean(buildMatch?.[2]) && !extra,
    ...(extra ? {rapidSecurityResponse: extra} : {}),
  }
}

/** `--macos 15.1`, `12.7.6`, `26` (or the same for another flag); a one-line error for anything else. */
export function parseMacosFlag(text: string, flag = '--macos'): MacosVersion {
  const version = fromParts(text, undefined, undefined)
  if (!version)
    throw new PppcError(`${flag} "${text}" is not a macOS version`, {
      hint: `give it as sw_vers prints it, e.g. ${flag} 15.1 or ${flag} 12.7.6`,
    })
  return version
}

/** The `key: value` lines of sw_vers (tabs on 11+, one tab on 10.x). */
export function swVersFields(output: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of output.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+):\s*(.*?)\s*$/.exec(line)
    if (m) fields[m[1]!] = m[2]!
  }
  return fields
}

/** `sw_vers` output → a version, or undefined when it has no ProductVersion that reads as one. */
export function parseSwVers(output: string): MacosVersion | undefined {
  const fields = swVersFields(output)
  if (!fields.ProductVersion) return undefined
  return fromParts(fields.ProductVersion, fields.BuildVersion || undefined, fields.ProductVersionExtra || undefined)
}

export function marketingName(version: MacosVersion): string | undefined {
  return releaseOf(version.major)?.name
}

/** "macOS 15.1 Sequoia (24B83)", "macOS 27.0 beta (26A5288h)". */
export function describeMacos(version: MacosVersion): string {
  const name = marketingName(version)
  const build = version.build ? ` (${version.build})` : ''
  return `macOS ${version.productVersion}${name ? ` ${name}` : ''}${version.beta ? ' beta' : ''}${version.rapidSecurityResponse ? ` ${version.rapidSecurityResponse}` : ''}${build}`
}

export function settingsAppOf(version: MacosVersion): SettingsApp {
  return settingsAppFor(version.semver)
}

/** Major number as a number (10.15 → 10.15), for comparisons with service tables. */
export function majorNumber(version: MacosVersion): number {
  return Number.parseFloat(version.major)
}

/**
 * Why this version is outside what pppc knows, if it is: older than the flows cover, a number Apple skipped (16 to 25),
 * or newer than the newest known. Undefined for a known version.
 */
export function unknownVersionNote(version: MacosVersion): string | undefined {
  const oldest = oldestOnboardingRelease()
  const newest = newestRelease()
  if (isOlderThan(version.semver, oldest)) {
    const name = oldest.name ? ` ${oldest.name}` : ''
    return `macOS ${version.productVersion} is older than ${oldest.major}${name}, the oldest version these steps cover: it has no Screen Recording permission and the client's window may differ. The steps shown are those of ${grantFlowSpan(grantFlowFor(version.semver))}.`
  }
  const skipped = skippedNumber(version.semver)
  if (skipped) {
    return `there is no macOS ${version.major}: ${skipped.note}. Check the version (sw_vers); the steps shown are those of macOS ${grantFlowSpan(grantFlowFor(version.semver))}.`
  }
  if (majorNumber(version) > Number.parseFloat(newest.major)) {
    return `macOS ${version.productVersion} is newer than the newest version pppc knows (${newest.major}): the steps shown are those of ${newest.major} and may have changed.`
  }
  if (!releaseOf(version.major))
    return `macOS ${version.productVersion} is not a version pppc knows; the steps shown are those of the nearest known versions.`
  return undefined
}
