import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {RecordingMac} from '../../src/system/recording-mac.js'
import {FIXTURES} from '../helpers/paths.js'

const KANDJI = join(FIXTURES, 'macs', 'macos-13.7.8-kandji-profile')
const TCC = '/Library/Application Support/com.apple.TCC/TCC.db'

describe('a recording Mac', () => {
  it('passes questions on, keeps each command once, and hands back what it kept', async () => {
    const mac = new RecordingMac(await RecordedMac.open(KANDJI), (r) =>
      r.argv[0] === 'sw_vers' ? {...r, stdout: r.stdout.replace('13.7.8', '13.7.X')} : r,
    )
    expect((await mac.run(['sw_vers'])).stdout).toContain('13.7.X')
    await mac.run(['sw_vers'])
    await mac.run(['stat', '-f', '%Su', '/dev/console'])
    expect([...mac.commands.values()].map((c) => c.argv[0])).toEqual(['sw_vers', 'stat'])
    expect(mac.kind).toBe('recorded')
    expect(mac.hostApp).toBe('com.apple.Terminal')
  })

  it('says what became of every file and database asked for, and leaves out what its source never recorded', async () => {
    const mac = new RecordingMac(await RecordedMac.open(join(FIXTURES, 'macs', 'macos-26.6.2-no-full-disk-access')))
    await mac.queryDb(TCC, 'PRAGMA table_info(access)')
    await mac.tryReadFile('/Library/Application Support/com.apple.TCC/MDMOverrides.plist')
    await mac.tryReadFile('/etc/never-recorded')
    expect(mac.fileRecords()).toEqual([
      {
        path: '/Library/Application Support/com.apple.TCC/MDMOverrides.plist',
        status: 'denied',
        message: '/Library/Application Support/com.apple.TCC/MDMOverrides.plist: operation not permitted',
      },
      {path: TCC, status: 'denied', message: `unable to open database "${TCC}": authorization denied`},
    ])
    const readable = new RecordingMac(await RecordedMac.open(KANDJI))
    await readable.queryDb(TCC, 'PRAGMA table_info(access)')
    await readable.queryDb(TCC, 'SELECT no_such_column FROM access')
    // It opened: a later query that fails on a column does not stop it being copied.
    expect(readable.fileRecords()).toEqual([{path: TCC, status: 'copied'}])
    const garbage = new RecordingMac(await RecordedMac.open(join(FIXTURES, 'macs', 'broken-garbage-tcc')))
    await garbage.queryDb(TCC, 'PRAGMA table_info(access)')
    expect(garbage.fileRecords()).toEqual([
      {path: TCC, status: 'failed', message: expect.stringMatching(/file is not a database/)},
    ])
  })
})
