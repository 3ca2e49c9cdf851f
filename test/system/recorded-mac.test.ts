import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {readAppIdentity} from '../../src/system/app-identity.js'
import {NOT_RECORDED} from '../../src/system/mac.js'
import {openMac} from '../../src/system/open-mac.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {FIXTURES} from '../helpers/paths.js'

const SNAPSHOT = join(FIXTURES, 'macs', 'macos-14.6-beyondtrust-installed')
const CLIENT = '/Applications/.com.bomgar.scc.2A7F3C91/Remote Support Customer Client.app'

describe('a recorded Mac', () => {
  it('answers recorded commands by argv and says when one was not recorded', async () => {
    const mac = await RecordedMac.open(SNAPSHOT)
    expect((await mac.run(['sw_vers'])).stdout).toContain('ProductVersion:\t\t14.6')
    const missing = await mac.run(['spctl', '--status'])
    expect(missing.exitCode).toBe(NOT_RECORDED)
    expect(missing.stderr).toMatch(/not recorded in snapshot/)
  })

  it('refuses folders that are not snapshots, with what to do', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'pppc-snap-'))
    await expect(RecordedMac.open(join(empty, 'nope'))).rejects.toThrow(
      /is not a folder; give the folder written by `pppc collect -o DIR`/,
    )
    await expect(RecordedMac.open(empty)).rejects.toThrow(/has no commands.json/)
    await writeFile(join(empty, 'commands.json'), '{"commands": [{"argv": "sw_vers"}]}')
    await expect(RecordedMac.open(empty)).rejects.toThrow(/no valid "commands" list/)
  })

  it('is what openMac gives with a snapshot; without one, Linux says it needs a Mac', async () => {
    expect((await openMac({purpose: 'test', snapshot: SNAPSHOT})).kind).toBe('recorded')
    if (process.platform !== 'darwin')
      await expect(openMac({purpose: '--from-app'})).rejects.toThrow(
        /--from-app needs a Mac; run it on macOS, or pass --snapshot DIR/,
      )
  })
})

describe('reading an installed app through the Mac boundary', () => {
  it('takes the bundle ID and designated requirement of an .app from codesign', async () => {
    const identity = await readAppIdentity(await RecordedMac.open(SNAPSHOT), CLIENT)
    expect(identity).toEqual({
      path: CLIENT,
      name: 'Remote Support Customer Client',
      identifier: 'com.bomgar.bomgar-scc',
      identifierType: 'bundleID',
      teamId: 'B65TM49E24',
      codeRequirement:
        'identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = B65TM49E24',
    })
  })

  it('names a non-bundled binary by its path', async () => {
    const identity = await readAppIdentity(await RecordedMac.open(SNAPSHOT), '/usr/local/bin/support-helper')
    expect(identity.identifierType).toBe('path')
    expect(identity.identifier).toBe('/usr/local/bin/support-helper')
    expect(identity.codeRequirement).toMatch(/^identifier "com.example.support-helper" and anchor apple generic/)
  })

  it('refuses an unsigned binary and an app it cannot read', async () => {
    const mac = await RecordedMac.open(SNAPSHOT)
    await expect(readAppIdentity(mac, '/Users/admin/Downloads/unsigned-tool')).rejects.toThrow(
      /is not signed; PPPC matches apps by code signature/,
    )
    await expect(readAppIdentity(mac, '/Applications/Missing.app')).rejects.toThrow(
      /codesign cannot read \/Applications\/Missing.app: not recorded/,
    )
  })
})

describe('files and databases of a recorded Mac', () => {
  const KANDJI = join(FIXTURES, 'macs', 'macos-13.7.8-kandji-profile')
  const NO_FDA = join(FIXTURES, 'macs', 'macos-26.6.2-no-full-disk-access')
  const OVERRIDES = '/Library/Application Support/com.apple.TCC/MDMOverrides.plist'
  const TCC = '/Library/Application Support/com.apple.TCC/TCC.db'

  it('reads a copied file, and says why for one it has no copy of', async () => {
    const kandji = await RecordedMac.open(KANDJI)
    const copied = await kandji.tryReadFile(OVERRIDES)
    expect(copied.status).toBe('ok')
    expect(copied.status === 'ok' && copied.data.subarray(0, 8).toString()).toBe('bplist00')
    expect(await (await RecordedMac.open(NO_FDA)).tryReadFile(OVERRIDES)).toEqual({
      status: 'denied',
      message: `${OVERRIDES}: operation not permitted`,
    })
    expect(await kandji.tryReadFile('/etc/hosts')).toEqual({
      status: 'not-recorded',
      message: 'the snapshot has no copy of /etc/hosts',
    })
    expect(await kandji.readFile('/etc/hosts')).toBeUndefined()
  })

  it('queries a copied TCC.db with sqlite3, and answers for the Mac when it could not be copied', async () => {
    const kandji = await RecordedMac.open(KANDJI)
    expect(
      await kandji.queryDb(TCC, "SELECT client FROM access WHERE service = 'kTCCServiceSystemPolicyAllFiles'"),
    ).toEqual({status: 'ok', rows: [['com.apple.Terminal']]})
    expect(await (await RecordedMac.open(NO_FDA)).queryDb(TCC, 'SELECT 1')).toMatchObject({
      status: 'denied',
      message: expect.stringMatching(/authorization denied$/),
    })
    expect(await kandji.queryDb('/var/db/other.db', 'SELECT 1')).toMatchObject({status: 'not-recorded'})
  })

  it('knows the app it was recorded from, for the Full Disk Access advice', async () => {
    expect((await RecordedMac.open(KANDJI)).hostApp).toBe('com.apple.Terminal')
    expect((await RecordedMac.open(SNAPSHOT)).hostApp).toBeUndefined()
  })

  it('refuses a files list that is not one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pppc-snap-'))
    await writeFile(join(dir, 'commands.json'), '{"commands": [], "files": [{"path": "/x", "status": "stolen"}]}')
    await expect(RecordedMac.open(dir)).rejects.toThrow(/the "files" list of commands.json is not valid/)
  })
})

describe('the snapshot format', () => {
  it('reads formatVersion and collectedAt; a snapshot that names no version is of the first format', async () => {
    const current = await RecordedMac.open(join(FIXTURES, 'macs', 'macos-15.7.9-requirement-mismatch'))
    expect([current.formatVersion, current.collectedAt]).toEqual([2, '2025-03-04T11:30:00Z'])
    const first = await RecordedMac.open(join(FIXTURES, 'macs', 'format-1-macos-15.7.9-requirement-mismatch'))
    expect([first.formatVersion, first.collectedAt]).toEqual([1, undefined])
  })
})
