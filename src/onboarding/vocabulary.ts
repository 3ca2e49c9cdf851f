import type {MdmKind} from '../profiles/mdm.js'

/**
 * The words the onboarding data is written in: systems, browsers, MDMs, the client's permission sections and the
 * sources every step cites. steps.ts, client-configs.ts and site.ts share them.
 */

export type Os = 'macos' | 'windows'
export type Browser = 'chrome' | 'firefox' | 'edge' | 'safari'
/** Which MDM manages the Mac: the house's one MDM type (profiles/mdm.ts). */
export type {MdmKind}
/** The three sections of the client's Action Required window, by PPPC service key. */
export type NeededService = 'ScreenCapture' | 'Accessibility' | 'SystemPolicyAllFiles'

export const OPERATING_SYSTEMS: readonly {id: Os; label: string}[] = [
  {id: 'windows', label: 'Windows'},
  {id: 'macos', label: 'Mac'},
]

/**
 * The browsers each system's steps are written for. Edge is documented on Windows only (seed 000); no public source
 * describing Edge's download panel on a Mac was found, so a Mac has no Edge steps.
 */
export const BROWSERS: readonly {id: Browser; label: string; os: readonly Os[]}[] = [
  {id: 'chrome', label: 'Google Chrome', os: ['macos', 'windows']},
  {id: 'firefox', label: 'Mozilla Firefox', os: ['macos', 'windows']},
  {id: 'edge', label: 'Microsoft Edge', os: ['windows']},
  {id: 'safari', label: 'Safari', os: ['macos']},
]

export function browsersOn(os: Os): Browser[] {
  return BROWSERS.filter((b) => b.os.includes(os)).map((b) => b.id)
}

export type SourceId =
  'ualberta' | 'ttu' | 'facts-2.6' | 'facts-3' | 'facts-4.2' | 'apple-tcc' | 'apple-restrictions' | 'derived'

export const SOURCES: Readonly<Record<SourceId, string>> = {
  ualberta: 'University of Alberta IST, "Information about BeyondTrust Remote Support at the UofA" (seed 000)',
  ttu: 'Texas Tech askIT KB0025822, "Join a remote assistance session using BeyondTrust Remote Support on your Mac" (seed 001)',
  'facts-2.6': 'shared/research/macos-facts.md §2.6 (macOS 13, 14, 15 and 26 changes)',
  'facts-3':
    'shared/research/macos-facts.md §3 (System Preferences up to 12, System Settings from 13; standard users and AllowStandardUserToSetSystemService)',
  'facts-4.2': 'shared/research/macos-facts.md §4.2 (Safari opens "safe" downloads)',
  'apple-tcc':
    "Apple's com.apple.TCC.configuration-profile-policy schema (shared/reference/apple-device-management, @61449b07 and @97a11a86)",
  'apple-restrictions':
    "Apple's com.apple.applicationaccess schema, forceBypassScreenCaptureAlert (macos-facts.md §2.6)",
  derived: 'not in the seed documents: adapted by pppc from the documented steps for a case they do not cover',
}

/** The site file pppc flow reads from the current folder (site.ts parses it). */
export const SITE_FILE = 'pppc.site.yaml'
