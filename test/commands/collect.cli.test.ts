import {cp, mkdir, mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {PROFILES} from '../../src/system/mac-commands.js'
import {pppc} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {FIXTURES} from '../helpers/paths.js'

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pppc-collect-'))
})
const mac = (folder: string) => join(FIXTURES, 'macs', folder)

describe('pppc collect (the built command)', () => {
  it.skipIf(process.platform === 'darwin')(
    'off a Mac, says it records the Mac it runs on (exit 2, one line)',
    async () => {
      expectOneLineError(
        await pppc(['collect', '-o', join(work, 'nowhere')]),
        2,
        /^Error: pppc collect records the Mac it runs on, and this is not a Mac; run it on the Mac/,
      )
    },
  )

  it('records what doctor reads, with a README, and doctor reads it the same way', async () => {
    const out = join(work, 'mismatch')
    const result = await pppc(['collect', '--snapshot', mac('macos-15.7.9-requirement-mismatch'), '-o', out])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe(
      `Wrote ${out}: 15 command outputs, 4 files copied.\nThe Action Required window will show, with Screen Recording, Accessibility and Full Disk Access to grant.\nRead it anywhere with: pppc doctor --snapshot ${out}\n`,
    )
    expect((await readdir(out)).sort()).toEqual(['README.md', 'commands.json', 'files'])
    const readme = await readFile(join(out, 'README.md'), 'utf8')
    expect(readme).toMatch(/^# A recorded Mac\n/)
    expect(readme).toContain(
      '| `profiles -P -o stdout-xml` | 0 | installed profiles: payload content kept only for PPPC payloads',
    )
    expect(readme).toContain('| `/Library/Application Support/com.apple.TCC/TCC.db` | copied |')
    expect(readme).toContain('## What it does not hold')
    expect(readme).toContain(
      '| `dseditgroup -o checkmember -m rgarcia admin` | 0 | whether the console user is an administrator (member of the admin group) |',
    )
    expect(readme).toMatch(
      /\| `codesign -dv --verbose=4 [^`]+` \| 0 \| the installed client's signing identifier, Team ID, certificate chain/,
    )
    expect(readme).toMatch(
      /\| `\/Users\/rgarcia\/Library\/Group Containers\/group\.com\.apple\.replayd\/ScreenCaptureApprovals\.plist` \| copied \|/,
    )
    // The snapshot keeps its format and the time it was recorded: dates in it are judged against that time.
    const index = JSON.parse(await readFile(join(out, 'commands.json'), 'utf8'))
    expect(index).toMatchObject({formatVersion: 2, collectedAt: '2025-03-04T11:30:00Z'})
    expect(readme).toContain('Full Disk Access of Terminal, the app pppc ran in: **yes**')
    const original = JSON.parse(
      (await pppc(['doctor', '--snapshot', mac('macos-15.7.9-requirement-mismatch'), '--json'])).stdout,
    )
    const again = JSON.parse((await pppc(['doctor', '--snapshot', out, '--json'])).stdout)
    expect({...again, source: null}).toEqual({...original, source: null})
  })

  it('records denied files as denied, and says Full Disk Access is missing', async () => {
    const out = join(work, 'no-fda')
    const result = await pppc(['collect', '--snapshot', mac('macos-26.6.2-no-full-disk-access'), '-o', out])
    expect(result.stdout).toContain(
      '(not copied: /Library/Application Support/com.apple.TCC/MDMOverrides.plist denied; /Library/Application Support/com.apple.TCC/TCC.db denied; /Users/jdoe/Library/Application Support/com.apple.TCC/TCC.db denied; /Users/jdoe/Library/Group Containers/group.com.apple.replayd/ScreenCaptureApprovals.plist denied)',
    )
    expect(result.stdout).toContain('Terminal has no Full Disk Access, so TCC.db was not copied')
    const index = JSON.parse(await readFile(join(out, 'commands.json'), 'utf8'))
    expect(index.files.map((f: {status: string}) => f.status)).toEqual(['denied', 'denied', 'denied', 'denied'])
    expect(index.hostApp).toBe('com.apple.Terminal')
    expect(await readFile(join(out, 'README.md'), 'utf8')).toContain(
      'Full Disk Access of Terminal, the app pppc ran in: **no**',
    )
  })

  it('leaves secrets out of the profiles it records', async () => {
    const source = join(work, 'with-secrets')
    await cp(mac('macos-13.7.8-kandji-profile'), source, {recursive: true})
    const indexFile = join(source, 'commands.json')
    const index = JSON.parse(await readFile(indexFile, 'utf8'))
    const listing = index.commands.find((c: {argv: string[]}) => c.argv.join(' ') === PROFILES.join(' '))
    listing.stdout = listing.stdout.replace(
      '<key>_computerlevel</key>\n\t<array>',
      '<key>_computerlevel</key>\n\t<array>\n\t\t<dict>\n\t\t\t<key>ProfileIdentifier</key>\n\t\t\t<string>wifi</string>\n\t\t\t<key>ProfileItems</key>\n\t\t\t<array>\n\t\t\t\t<dict>\n\t\t\t\t\t<key>PayloadContent</key>\n\t\t\t\t\t<dict>\n\t\t\t\t\t\t<key>Password</key>\n\t\t\t\t\t\t<string>hunter2-wifi</string>\n\t\t\t\t\t</dict>\n\t\t\t\t\t<key>PayloadType</key>\n\t\t\t\t\t<string>com.apple.wifi.managed</string>\n\t\t\t\t</dict>\n\t\t\t</array>\n\t\t</dict>',
    )
    expect(listing.stdout).toContain('hunter2-wifi')
    await writeFile(indexFile, JSON.stringify(index))
    const out = join(work, 'redacted')
    expect((await pppc(['collect', '--snapshot', source, '-o', out])).exitCode).toBe(0)
    const written = await readFile(join(out, 'commands.json'), 'utf8')
    expect(written).not.toContain('hunter2')
    expect(written).toContain('com.apple.wifi.managed')
    const json = JSON.parse((await pppc(['doctor', '--snapshot', out, '--json'])).stdout)
    expect(json.services.map((s: {state: string}) => s.state)).toEqual(['missing', 'granted-by-mdm', 'granted-by-mdm'])
  })

  it('refuses a folder that is not empty without --force, and with --force replaces only the snapshot', async () => {
    const out = join(work, 'busy')
    await mkdir(out)
    await writeFile(join(out, 'notes.txt'), 'mine')
    expectOneLineError(
      await pppc(['collect', '--snapshot', mac('macos-12.7.6-nothing-granted'), '-o', out]),
      2,
      /busy is not empty; pass --force to replace the snapshot in it, or give a new folder/,
    )
    expect(await readdir(out)).toEqual(['notes.txt'])
    expect(
      (await pppc(['collect', '--snapshot', mac('macos-12.7.6-nothing-granted'), '-o', out, '--force'])).exitCode,
    ).toBe(0)
    expect(
      (await pppc(['collect', '--snapshot', mac('macos-14.6-everything-granted'), '-o', out, '--force'])).exitCode,
    ).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['README.md', 'commands.json', 'files', 'notes.txt'])
    // The 12.7.6 user's TCC.db is gone with the old snapshot.
    expect(await readdir(join(out, 'files', 'Users'))).toEqual(['asingh'])
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine')
  })

  it('answers --json with what it wrote', async () => {
    const out = join(work, 'json')
    const result = await pppc([
      'collect',
      '--snapshot',
      mac('macos-27.0-beta-kandji-everything-granted'),
      '-o',
      out,
      '--json',
    ])
    expect(result.exitCode).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(json).toMatchObject({
      dir: out,
      hostApp: 'com.apple.Terminal',
      verdict: 'The Action Required window will not show: every permission it asks for is granted.',
    })
    expect(json.files).toEqual([
      {path: '/Library/Application Support/com.apple.TCC/MDMOverrides.plist', status: 'copied'},
      {path: '/Library/Application Support/com.apple.TCC/TCC.db', status: 'copied'},
      {
        path: '/Users/lchen/Library/Application Support/com.apple.TCC/TCC.db',
        status: 'missing',
        message: '/Users/lchen/Library/Application Support/com.apple.TCC/TCC.db does not exist',
      },
      {
        path: '/Users/lchen/Library/Group Containers/group.com.apple.replayd/ScreenCaptureApprovals.plist',
        status: 'copied',
      },
    ])
  })

  it('re-records a first-format snapshot as it is: same format, same diagnosis, nothing invented', async () => {
    const out = join(work, 'format-1')
    const source = mac('format-1-macos-15.7.9-requirement-mismatch')
    expect((await pppc(['collect', '--snapshot', source, '-o', out])).exitCode).toBe(0)
    const index = JSON.parse(await readFile(join(out, 'commands.json'), 'utf8'))
    expect(index.formatVersion).toBe(1)
    expect(index.commands.map((c: {argv: string[]}) => c.argv.slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining(['codesign -dv', 'ps -o']),
    )
    expect(index.commands.some((c: {argv: string[]}) => c.argv[0] === 'dseditgroup')).toBe(false)
    const original = JSON.parse((await pppc(['doctor', '--snapshot', source, '--json'])).stdout)
    const again = JSON.parse((await pppc(['doctor', '--snapshot', out, '--json'])).stdout)
    expect({...again, source: null, snapshot: null}).toEqual({...original, source: null, snapshot: null})
  })
})
