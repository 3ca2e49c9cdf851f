import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {
  describeMacos,
  marketingName,
  parseMacosFlag,
  parseSwVers,
  settingsAppOf,
  unknownVersionNote,
} from '../../src/macos/version.js'
import {readMacos} from '../../src/system/read-macos.js'
import {NEWEST_RELEASE} from '../../src/macos/releases.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {FIXTURES} from '../helpers/paths.js'

/** A version past the newest release pppc knows: the tests hold when a release is added to the table. */
const BEYOND = `${Number(NEWEST_RELEASE.major) + 1}.1`

const swVers = (version: string, build: string, extra = '') =>
  `ProductName:\t\tmacOS\nProductVersion:\t\t${version}\n${extra}BuildVersion:\t\t${build}\n`

describe('reading sw_vers', () => {
  it('reads two- and three-part versions into semver, with the build', () => {
    expect(parseSwVers(swVers('15.1', '24B83'))).toEqual({
      productVersion: '15.1',
      semver: '15.1.0',
      major: '15',
      build: '24B83',
      beta: false,
    })
    expect(parseSwVers(swVers('12.7.6', '21H1320'))).toMatchObject({
      semver: '12.7.6',
      major: '12',
      build: '21H1320',
      beta: false,
    })
    expect(parseSwVers(swVers('26.0', '25A354'))).toMatchObject({semver: '26.0.0', major: '26'})
  })

  it('reads the 10.x layout (one tab, "Mac OS X") with 10.15 as the major', () => {
    expect(parseSwVers('ProductName:\tMac OS X\nProductVersion:\t10.15.7\nBuildVersion:\t19H2\n')).toMatchObject({
      semver: '10.15.7',
      major: '10.15',
      build: '19H2',
    })
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
    expect(() => parseMacosFlag('sequoia')).toThrow(
      /--macos "sequoia" is not a macOS version; give it as sw_vers prints it, e.g. --macos 15.1/,
    )
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
    expect(unknownVersionNote(parseMacosFlag('10.14.6'))).toMatch(
      /older than 10.15 Catalina, the oldest version these steps cover/,
    )
    expect(unknownVersionNote(parseMacosFlag('16.0'))).toMatch(
      /there is no macOS 16: after 15 Sequoia Apple numbered by year, starting at 26 Tahoe/,
    )
    expect(unknownVersionNote(parseMacosFlag(BEYOND))).toContain(
      `newer than the newest version pppc knows (${NEWEST_RELEASE.major})`,
    )
  })
})

describe('the version of a Mac, through the Mac boundary (what pppc flow uses without --macos)', () => {
  const open = (folder: string) => RecordedMac.open(join(FIXTURES, 'macs', folder))

  it('reads sw_vers of the Mac', async () => {
    expect(await readMacos(await open('macos-27.0-beta-kandji-everything-granted'))).toEqual({
      status: 'ok',
      value: {productVersion: '27.0', semver: '27.0.0', major: '27', build: '26A5288h', beta: true},
    })
    expect(await readMacos(await open('macos-10.15.7-catalina-schema'))).toMatchObject({
      status: 'ok',
      value: {major: '10.15'},
    })
  })

  it('says why when it cannot', async () => {
    expect(await readMacos(await open('broken-unknown-schema'))).toEqual({
      status: 'unparsable',
      message: 'pppc cannot read the output of `sw_vers`: "ProductName: macOS ProductVersion: banana"',
    })
    const dir = await mkdtemp(join(tmpdir(), 'pppc-sw-'))
    await writeFile(
      join(dir, 'commands.json'),
      JSON.stringify({
        commands: [{argv: ['sw_vers'], exitCode: 1, stdout: '', stderr: 'sw_vers: Operation not permitted\n'}],
      }),
    )
    expect(await readMacos(await RecordedMac.open(dir))).toEqual({
      status: 'failed',
      message: '`sw_vers` failed (exit 1): sw_vers: Operation not permitted',
    })
    await writeFile(join(dir, 'commands.json'), JSON.stringify({commands: []}))
    expect(await readMacos(await RecordedMac.open(dir))).toEqual({
      status: 'not-recorded',
      message: 'the snapshot has no output of `sw_vers`',
    })
  })
})
