import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN} from '../helpers/paths.js'

/** A PPPC profile whose every entry lacks its CodeRequirement: a report of about a megabyte. */
function profileWithFindings(entries: number): string {
  const entry = (i: number) =>
    `<dict><key>Identifier</key><string>com.example.app${i}</string><key>IdentifierType</key><string>bundleID</string><key>Allowed</key><true/></dict>`
  return `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>PayloadContent</key><array><dict>
<key>PayloadType</key><string>com.apple.TCC.configuration-profile-policy</string>
<key>PayloadIdentifier</key><string>com.example.interrupt.pppc</string>
<key>PayloadUUID</key><string>6F1B0C52-6D0B-4C53-9D0C-3C6F2E0A1B01</string>
<key>PayloadVersion</key><integer>1</integer>
<key>Services</key><dict><key>Accessibility</key><array>
${Array.from({length: entries}, (_, i) => entry(i)).join('\n')}
</array></dict></dict></array>
<key>PayloadDisplayName</key><string>Interrupted</string>
<key>PayloadIdentifier</key><string>com.example.interrupt</string>
<key>PayloadType</key><string>Configuration</string>
<key>PayloadUUID</key><string>6F1B0C52-6D0B-4C53-9D0C-3C6F2E0A1B00</string>
<key>PayloadVersion</key><integer>1</integer>
</dict></plist>
`
}

// A JSON report larger than what the spool holds in memory waits in a temporary folder until the last file is read.
// Ctrl-C must stop the run while it validates (not after the last file), remove that folder, and leave no report.
describe('validate, interrupted', () => {
  let dir: string
  let profiles: string
  let temp: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pppc-interrupt-'))
    profiles = join(dir, 'profiles')
    temp = join(dir, 'tmp')
    mkdirSync(profiles)
    mkdirSync(temp)
    const text = profileWithFindings(2000)
    for (let i = 0; i < 200; i++) writeFileSync(join(profiles, `p${String(i).padStart(3, '0')}.mobileconfig`), text)
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('stops on SIGINT while validating, removes its spool and writes no report', {timeout: 120_000}, async () => {
    const child = execa('node', [BIN, 'validate', profiles, '--format', 'json'], {
      env: {TMPDIR: temp},
      reject: false,
      stdout: 'pipe',
    })
    let spooling = false
    for (let i = 0; i < 20_000 && !spooling && child.exitCode === null; i++) {
      spooling = readdirSync(temp).some((f) => f.startsWith('pppc-spool-'))
      if (!spooling) await new Promise((r) => setTimeout(r, 2))
    }
    expect(spooling).toBe(true)
    child.kill('SIGINT')
    const result = await child
    expect(result.signal ?? result.exitCode).toBe('SIGINT')
    // The report's head is written only after the last file: nothing of it means the run stopped while validating.
    expect(result.stdout).toBe('')
    expect(readdirSync(temp)).toEqual([])
  })
})
