import {describe, expect, it} from 'vitest'
import {describeMacos, marketingName, parseMacosFlag, parseSwVers, settingsAppOf, unknownVersionNote} from '../../src/checks/macos-version.js'

const swVers = (version: string, build: string, extra = '') => `ProductName:\t\tmacOS\nProductVersion:\t\t${version}\n${extra}BuildVersion:\t\t${build}\n`

describe('reading sw_vers', () => {
  it('reads two- and three-part versions into semver, with the build', () => {
    expect(parseSwVers(swVers('15.1', '24B83'))).toEqual({productVersion: '15.1', semver: '15.1.0', major: '15', build: '24B83', beta: false})
    expect(parseSwVers(swVers('12.7.6', '21H1320'))).toMatchObject({semver: '12.7.6', major: '12', build: '21H1320', beta: false})
    expect(parseSwVers(swVers('26.0', '25A354'))).toMatchObject({semver: '26.0.0', major: '26'})
  })

  it('reads the 10.x layout (one tab, "Mac OS X") with 10.15 as the major', () => {
    expect(parseSwVers('ProductName:\tMac OS X\nProductVersion:\t10.15.7\nBuildVersion:\t19H2\n')).toMatchObject({semver: '10.15.7', major: '10.15', build: '19H2'})
  })

  it('tells a beta build (a lowercase letter at the end) from a Rapid Security Response', () => {
    expect(parseSwVers(swVers('26.3', '25D5087f'))).toMatchObject({semver: '26.3.0', beta: true, build: '25D5087f'})
    const rsr = parseSwVers(swVers('13.4.1', '22F770820d', 'ProductVersionExtra:\t(a)\n'))
    expect(rsr).toMatchObject({beta: false, rapidSecurityResponse: '(a)'})
    expect(describeMacos(rsr!)).toBe('macOS 13.4.1 Ventura (a) (22F770820d)')
  })

  it('gives undefined, not an exception, for output it cannot read', () => {
    expect(parseSwVers('ProductName:\t\tmacOS\nProductVersion:\t\tbanana\n')).toBeUndefined()
    expect(parseSwVers('')).toBeUndefined()
    expect(parseSwVers('sw_vers: command not found')).toBeUndefined()
  })
})

describe('--macos', () => {
  it('takes the version as sw_vers prints it, or a bare major', () => {
    expect(parseMacosFlag('26').semver).toBe('26.0.0')
    expect(parseMacosFlag('13.0').semver).toBe('13.0.0')
    expect(parseMacosFlag(' 12.7.6 ').productVersion).toBe('12.7.6')
  })

  it('refuses what is not a version, saying how to write one', () => {
    expect(() => parseMacosFlag('sequoia')).toThrow(/--macos "sequoia" is not a macOS version; give it as sw_vers prints it, e.g. --macos 15.1/)
    expect(() => parseMacosFlag('10')).toThrow(/is not a macOS version/)
    expect(() => parseMacosFlag('15.1.2.3')).toThrow(/is not a macOS version/)
  })
})

describe('names and the Settings app', () => {
  it.each([
    ['10.15.7', 'Catalina', 'System Preferences'],
    ['11.7.10', 'Big Sur', 'System Preferences'],
    ['12.7.6', 'Monterey', 'System Preferences'],
    ['13.0', 'Ventura', 'System Settings'],
    ['14.6', 'Sonoma', 'System Settings'],
    ['15.1', 'Sequoia', 'System Settings'],
    ['26.1', 'Tahoe', 'System Settings'],
  ])('macOS %s is %s, with %s', (version, name, settings) => {
    const v = parseMacosFlag(version)
    expect(marketingName(v)).toBe(name)
    expect(settingsAppOf(v).name).toBe(settings)
    expect(unknownVersionNote(v)).toBeUndefined()
  })

  it('shows macOS 27 by number: it had no name in the sources', () => {
    expect(describeMacos(parseMacosFlag('27.0'))).toBe('macOS 27.0')
    expect(unknownVersionNote(parseMacosFlag('27.0'))).toBeUndefined()
  })

  it('says clearly when a version is too old, skipped by Apple, or newer than the newest known', () => {
    expect(unknownVersionNote(parseMacosFlag('10.14.6'))).toMatch(/older than 10.15 Catalina, the oldest version these steps cover/)
    expect(unknownVersionNote(parseMacosFlag('16.0'))).toMatch(/there is no macOS 16: after 15 Sequoia Apple numbered by year, starting at 26 Tahoe/)
    expect(unknownVersionNote(parseMacosFlag('28.1'))).toMatch(/newer than the newest version pppc knows \(27\)/)
  })
})
