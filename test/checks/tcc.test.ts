import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {describe, expect, it} from 'vitest'
import {detectSchema, readTcc, SYSTEM_TCC_DB, userTccDb} from '../../src/checks/tcc.js'
import {decodeRequirementBlob, formatRequirement} from '../../src/requirements/index.js'
import {LiveMac} from '../../src/system/live-mac.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {FIXTURES} from '../helpers/paths.js'

const NEEDED = ['ScreenCapture', 'Accessibility', 'SystemPolicyAllFiles']
const mac = (folder: string) => RecordedMac.open(join(FIXTURES, 'macs', folder))

describe('TCC.db schemas, told apart by their columns', () => {
  it.each([
    ['macos-10.15.7-catalina-schema', 'allowed', '10.14 to 10.15'],
    ['macos-12.7.6-nothing-granted', 'auth-value', '11 to 12'],
    ['macos-13.7.8-kandji-profile', 'auth-value-pid', '13 to 26'],
    ['macos-14.6-everything-granted', 'auth-value-pid', '13 to 26'],
    ['macos-15.7.9-requirement-mismatch', 'auth-value-pid', '13 to 26'],
    ['macos-26.1-not-user-approved', 'auth-value-pid', '13 to 26'],
    ['macos-27.0-beta-kandji-everything-granted', 'auth-value-reminders', '27 (reported)'],
  ])('%s has the %s schema', async (folder, id, macos) => {
    const read = await readTcc(await mac(folder), SYSTEM_TCC_DB, 'com.bomgar.bomgar-scc', NEEDED)
    expect(read).toMatchObject({status: 'ok', schema: {id, macos}})
  })

  it('reads auth_value and auth_reason on 11 and later, and allowed (as 2 or 0) on 10.15', async () => {
    const modern = await readTcc(
      await mac('macos-14.6-everything-granted'),
      SYSTEM_TCC_DB,
      'com.bomgar.bomgar-scc',
      NEEDED,
    )
    const csreq = expect.stringMatching(/^FADE0C00/)
    expect(modern.rows).toEqual([
      {
        service: 'Accessibility',
        client: 'com.bomgar.bomgar-scc',
        clientType: 0,
        authValue: 2,
        authReason: 3,
        lastModified: 1722000100,
        csreq,
      },
      {
        service: 'ScreenCapture',
        client: 'com.bomgar.bomgar-scc',
        clientType: 0,
        authValue: 2,
        authReason: 3,
        lastModified: 1722000000,
        csreq,
      },
      {
        service: 'SystemPolicyAllFiles',
        client: 'com.bomgar.bomgar-scc',
        clientType: 0,
        authValue: 2,
        authReason: 3,
        lastModified: 1722000200,
        csreq,
      },
    ])
    // The csreq blob is the client's designated requirement, compiled as tccd stores it.
    const decoded = decodeRequirementBlob(Buffer.from(modern.rows[0]!.csreq!, 'hex'))
    expect(decoded.ok && formatRequirement(decoded.requirement)).toBe(
      'identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = B65TM49E24',
    )
    const catalina = await readTcc(
      await mac('macos-10.15.7-catalina-schema'),
      SYSTEM_TCC_DB,
      'com.bomgar.bomgar-scc',
      NEEDED,
    )
    expect(catalina.rows.map((r) => [r.service, r.authValue, r.authReason, r.allowedColumn])).toEqual([
      ['Accessibility', 2, undefined, true],
      ['ScreenCapture', 0, undefined, true],
      ['SystemPolicyAllFiles', 2, undefined, true],
    ])
  })

  it('reads only the asked client: other apps in the same database are left alone', async () => {
    const read = await readTcc(
      await mac('macos-12.7.6-nothing-granted'),
      SYSTEM_TCC_DB,
      'com.bomgar.bomgar-scc',
      NEEDED,
    )
    expect(read).toMatchObject({status: 'ok', rows: []})
    const zoom = await readTcc(await mac('macos-12.7.6-nothing-granted'), SYSTEM_TCC_DB, 'us.zoom.xos', NEEDED)
    expect(zoom.rows).toEqual([
      {
        service: 'ScreenCapture',
        client: 'us.zoom.xos',
        clientType: 0,
        authValue: 2,
        authReason: 3,
        lastModified: 1718100000,
        csreq: expect.stringMatching(/^FADE0C00/),
      },
    ])
    // A first-format snapshot's TCC.db has NULL there: no csreq at all, not an empty one.
    const old = await readTcc(
      await mac('format-1-macos-15.7.9-requirement-mismatch'),
      SYSTEM_TCC_DB,
      'com.bomgar.bomgar-scc',
      NEEDED,
    )
    expect(old.rows).toEqual([expect.not.objectContaining({csreq: expect.anything()})])
  })

  it('says unknown-schema, with the columns, for an access table it does not know', async () => {
    const read = await readTcc(await mac('broken-unknown-schema'), SYSTEM_TCC_DB, 'com.bomgar.bomgar-scc', NEEDED)
    expect(read).toMatchObject({
      status: 'unknown-schema',
      message: 'its access table has columns pppc does not know (service, client, decision, changed_at)',
    })
    expect(detectSchema([])).toBeUndefined()
  })

  it('says why a database could not be read: garbage, denied on the Mac, missing on the Mac, not in the snapshot', async () => {
    expect(await readTcc(await mac('broken-garbage-tcc'), SYSTEM_TCC_DB, 'x', NEEDED)).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/file is not a database/),
    })
    expect(await readTcc(await mac('macos-26.6.2-no-full-disk-access'), SYSTEM_TCC_DB, 'x', NEEDED)).toMatchObject({
      status: 'denied',
      message: 'unable to open database "/Library/Application Support/com.apple.TCC/TCC.db": authorization denied',
    })
    expect(
      await readTcc(await mac('macos-27.0-beta-kandji-everything-granted'), userTccDb('/Users/lchen'), 'x', NEEDED),
    ).toMatchObject({status: 'missing'})
    expect(await readTcc(await mac('macos-14.6-beyondtrust-installed'), SYSTEM_TCC_DB, 'x', NEEDED)).toMatchObject({
      status: 'not-recorded',
    })
  })
})

describe('a live Mac queries databases with the sqlite3 command', () => {
  // LiveMac's query path is plain sqlite3 and runs here as on a Mac; only TCC's refusal needs a real Mac.
  it('reads rows, and tells a missing file from one that is not a database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pppc-db-'))
    const db = join(dir, 'TCC.db')
    await execa('sqlite3', [
      db,
      "CREATE TABLE access (service TEXT, client TEXT, client_type INTEGER, auth_value INTEGER, auth_reason INTEGER, auth_version INTEGER); INSERT INTO access VALUES ('kTCCServiceScreenCapture', 'com.bomgar.bomgar-scc', 0, 2, 3, 1);",
    ])
    const live = new LiveMac()
    const read = await readTcc(live, db, 'com.bomgar.bomgar-scc', NEEDED)
    expect(read).toMatchObject({
      status: 'ok',
      schema: {id: 'auth-value'},
      rows: [{service: 'ScreenCapture', authValue: 2, authReason: 3}],
    })
    expect(await live.queryDb(join(dir, 'none.db'), 'SELECT 1')).toMatchObject({status: 'missing'})
    await writeFile(join(dir, 'bad.db'), 'not a database at all, just text that is long enough to have a header')
    expect(await live.queryDb(join(dir, 'bad.db'), 'PRAGMA table_info(access)')).toEqual({
      status: 'failed',
      message: 'file is not a database (26)',
    })
    // A cell may hold the separators of other output modes; -ascii keeps them apart.
    expect(await live.queryDb(db, "SELECT 'a|b', 'c\td', 'e,f'")).toEqual({
      status: 'ok',
      rows: [['a|b', 'c\td', 'e,f']],
    })
  })
})
