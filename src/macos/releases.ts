/**
 * macOS releases as data. Names, Darwin majors and the Settings app come from ../shared/research/macos-facts.md §3
 * (macadmins/sofa feed @ 00b0d8c for 12 to 26; eclecticlight.co for the System Preferences → System Settings switch
 * at 13). 10.14, 10.15 and 11 are named for completeness; macOS 27 had no marketing name in the sources when this was
 * written, so it is shown as "macOS 27".
 */

export interface MacosRelease {
  /** The major as Apple counts it: "10.15" for the 10.x years, "11" onwards. */
  major: string
  name?: string
  /** Darwin major, the digits that start a build number (24G830 → 24 → macOS 15). */
  darwin: number
}

export const RELEASES: readonly MacosRelease[] = [
  {major: '10.14', name: 'Mojave', darwin: 18},
  {major: '10.15', name: 'Catalina', darwin: 19},
  {major: '11', name: 'Big Sur', darwin: 20},
  {major: '12', name: 'Monterey', darwin: 21},
  {major: '13', name: 'Ventura', darwin: 22},
  {major: '14', name: 'Sonoma', darwin: 23},
  {major: '15', name: 'Sequoia', darwin: 24},
  {major: '26', name: 'Tahoe', darwin: 25},
  {major: '27', darwin: 26},
]

/** The oldest and the newest macOS the onboarding flows were written for. */
export const OLDEST_COVERED = '10.15.0'
export const NEWEST_KNOWN_MAJOR = 27

/** Which app holds the privacy panes, by version range. */
export const SETTINGS_APPS: readonly {
  range: string
  name: 'System Preferences' | 'System Settings'
  privacy: string
  profiles: string
}[] = [
  {
    range: '<13.0.0',
    name: 'System Preferences',
    privacy: 'System Preferences › Security & Privacy › Privacy',
    profiles: 'System Preferences › Profiles',
  },
  {
    range: '>=13.0.0',
    name: 'System Settings',
    privacy: 'System Settings › Privacy & Security',
    profiles: 'System Settings › Privacy & Security › Profiles',
  },
]

export function releaseOf(major: string): MacosRelease | undefined {
  return RELEASES.find((r) => r.major === major)
}
