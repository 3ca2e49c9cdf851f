import {describe, expect, it} from 'vitest'
import {describeQuarantine, parseQuarantine, quarantineFromXattr} from '../../src/system/quarantine.js'

describe('the com.apple.quarantine attribute', () => {
  it('reads a Safari download: flags bit by bit, time, agent and event id', () => {
    const q = parseQuarantine('0083;66a10a18;Safari;6E3B1A52-8C4D-4F0B-9D7E-2A5C8B1F4E93\n')!
    expect(q).toMatchObject({
      flags: 0x83,
      time: '2024-07-24T14:05:12Z',
      agent: 'Safari',
      eventId: '6E3B1A52-8C4D-4F0B-9D7E-2A5C8B1F4E93',
      userApproved: false,
      mayTranslocate: true,
    })
    expect(q.bits).toEqual([
      {bit: '0x0001', name: 'QTN_FLAG_DOWNLOAD', meaning: 'downloaded from the internet'},
      {bit: '0x0002', name: 'QTN_FLAG_SANDBOX', meaning: 'written by a sandboxed app'},
      {bit: '0x0080', name: null, meaning: 'not documented'},
    ])
    expect(describeQuarantine(q)).toBe(
      'set on 2024-07-24 14:05:12 UTC by Safari; Gatekeeper will ask the user before it first opens; macOS may run it translocated, from a random read-only folder',
    )
  })

  it('tells an app the user already approved (00C1) and one that runs in place (01e3, lower-case hex)', () => {
    const approved = parseQuarantine('00C1;607842eb;Brave;F643CD5F-6071-46AB-83AB-390BA944DEC5')!
    expect(approved.userApproved).toBe(true)
    expect(approved.bits.map((b) => b.name)).toContain('QTN_FLAG_USER_APPROVED')
    const moved = parseQuarantine('01e3;59b926ad;Safari.app;55847AA4-0C2B-4E4B-9C26-CA1A4B1B2C3D')!
    expect(moved.mayTranslocate).toBe(false)
    expect(moved.bits.map((b) => b.name)).toEqual([
      'QTN_FLAG_DOWNLOAD',
      'QTN_FLAG_SANDBOX',
      'QTN_FLAG_TRANSLOCATE',
      'QTN_FLAG_USER_APPROVED',
      null,
      'QTN_FLAG_DO_NOT_TRANSLOCATE',
    ])
    expect(describeQuarantine(moved)).toMatch(
      /already approved it in the Gatekeeper dialog; it runs where it is \(not translocated\)$/,
    )
  })

  it('accepts an attribute without agent or event id, and refuses what is not one', () => {
    expect(parseQuarantine('0081;66a10987;;')).toMatchObject({agent: '', eventId: null, time: '2024-07-24T14:02:47Z'})
    expect(parseQuarantine('quarantined')).toBeUndefined()
    expect(parseQuarantine('0083;not-hex;Safari;x')).toBeUndefined()
  })

  it('reads xattr -p: a value, "No such xattr" (not quarantined), or an error', () => {
    const argv = ['xattr', '-p', 'com.apple.quarantine', '/Users/admin/Downloads/A.app']
    expect(
      quarantineFromXattr({
        argv,
        exitCode: 0,
        stdout: '0081;66a10987;Google Chrome;1F0C7D2E-5B3A-4E8F-A6D9-3C2B7E4F8A10\n',
        stderr: '',
      }),
    ).toMatchObject({state: 'quarantined', quarantine: {agent: 'Google Chrome'}})
    expect(
      quarantineFromXattr({
        argv,
        exitCode: 1,
        stdout: '',
        stderr: 'xattr: /Users/admin/Downloads/A.app: No such xattr: com.apple.quarantine\n',
      }),
    ).toEqual({state: 'none'})
    expect(
      quarantineFromXattr({
        argv,
        exitCode: 1,
        stdout: '',
        stderr: 'xattr: No such file: /Users/admin/Downloads/A.app\n',
      }),
    ).toEqual({state: 'unknown', reason: 'xattr: No such file: /Users/admin/Downloads/A.app'})
  })
})
