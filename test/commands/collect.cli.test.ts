import {cp, mkdir, mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {PROFILES} from '../../src/system/mac-commands.js'
import {pppc, pppcInProcess} from '../helpers/cli.js'
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
        await pppcInProcess(['collect', '-o', join(work, 'nowhere')]),
        2,
        /^Error: pppc collect records the Mac it runs on, and this is not a Mac; run it on the Mac/,
      )
    },
  )

  it('records what doctor reads, with a README, and doctor reads it the same way', async () => {
    const out = join(work, 'mismatch')
    // Through the binary (bin/run.js); the other runs here are in this process (test/cli/in-process.cli.test.ts
    // holds those to the binary).
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
      (await pppcInProcess(['doctor', '--snapshot', mac('macos-15.7.9-requirement-mismatch'), '--json'])).stdout,
    )
    const again = JSON.parse((await pppcInProcess(['doctor', '--snapshot', out, '--json'])).stdout)
    expect({...again, source: null}).toEqual({...original, source: null})
  })

  it('records denied files as denied, and says Full Disk Access is missing', async () => {
    const out = join(work, 'no-fda')
    const result = await pppcInProcess(['collect', '--snapshot', mac('macos-26.6.2-no-full-disk-access'), '-o', out])
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
    expect((await pppcInProcess(['collect', '--snapshot', source, '-o', out])).exitCode).toBe(0)
    const written = await readFile(join(out, 'commands.json'), 'utf8')
    expect(written).not.toContain('hunter2')
    expect(written).toContain('com.apple.wifi.managed')
    const json = JSON.parse((await pppcInProcess(['doctor', '--snapshot', out, '--json'])).stdout)
    expect(json.services.map((s: {state: string}) => s.state)).toEqual(['missing', 'granted-by-mdm', 'granted-by-mdm'])
  })

  it('refuses a folder that is not empty without --force, and with --force replaces only the snapshot', async () => {
    const out = join(work, 'busy')
    await mkdir(out)
    await writeFile(join(out, 'notes.txt'), 'mine')
    expectOneLineError(
      await pppcInProcess(['collect', '--snapshot', mac('macos-12.7.6-nothing-granted'), '-o', out]),
      2,
      /busy is not empty; pass --force to replace the snapshot in it, or give a new folder/,
    )
    expect(await readdir(out)).toEqual(['notes.txt'])
    expect(
      (await pppcInProcess(['collect', '--snapshot', mac('macos-12.7.6-nothing-granted'), '-o', out, '--force']))
        .exitCode,
    ).toBe(0)
    expect(
      (await pppcInProcess(['collect', '--snapshot', mac('macos-14.6-everything-granted'), '-o', out, '--force']))
        .exitCode,
    ).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['README.md', 'commands.json', 'files', 'notes.txt'])
    // The 12.7.6 user's TCC.db is gone with the old snapshot.
    expect(await readdir(join(out, 'files', 'Users'))).toEqual(['asingh'])
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine')
  })

  it('answers --json with what it wrote', async () => {
    const out = join(work, 'json')
    const result = await pppcInProcess([
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
    expect((await pppcInProcess(['collect', '--snapshot', source, '-o', out])).exitCode).toBe(0)
    const index = JSON.parse(await readFile(join(out, 'commands.json'), 'utf8'))
    expect(index.formatVersion).toBe(1)
    expect(index.commands.map((c: {argv: string[]}) => c.argv.slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining(['codesign -dv', 'ps -o']),
    )
    expect(index.commands.some((c: {argv: string[]}) => c.argv[0] === 'dseditgroup')).toBe(false)
    const original = JSON.parse((await pppcInProcess(['doctor', '--snapshot', source, '--json'])).stdout)
    const again = JSON.parse((await pppcInProcess(['doctor', '--snapshot', out, '--json'])).stdout)
    expect({...again, source: null, snapshot: null}).toEqual({...original, source: null, snapshot: null})
  })
})

describe('pppc collect removes secrets by shape and by place, from every output and file', () => {
  /** Eleven kinds, each as it would appear in a Mac's outputs or files; the value is what must not survive. */
  const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7pppcTESTkeyMATERIAL'
  const SECRETS: {kind: string; text: string; value: string}[] = [
    {
      kind: 'JWT',
      text: 'session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcHBjLXRlc3QifQ.c2lnbmF0dXJlcHBwYzEyMzQ',
      value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcHBjLXRlc3QifQ.c2lnbmF0dXJlcHBwYzEyMzQ',
    },
    {kind: 'bearer', text: 'Authorization: Bearer pppcBearerValue0987654321', value: 'pppcBearerValue0987654321'},
    {
      kind: 'API token',
      text: 'GITHUB_TOKEN ghp_pppcTESTtoken0123456789abcdefABCD',
      value: 'ghp_pppcTESTtoken0123456789abcdefABCD',
    },
    {kind: 'AWS key', text: 'aws AKIAIOSFODNN7PPPCTST', value: 'AKIAIOSFODNN7PPPCTST'},
    {
      kind: 'hex key',
      text: 'api key 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c',
      value: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c',
    },
    {
      kind: 'base64',
      text: 'blob cHBwYy1iYXNlNjQtc2VjcmV0LXZhbHVlLXRoYXQtaXMtbG9uZw== end',
      value: 'cHBwYy1iYXNlNjQtc2VjcmV0LXZhbHVlLXRoYXQtaXMtbG9uZw',
    },
    {kind: 'password', text: 'wifi password=Hunter2-Wifi!x', value: 'Hunter2-Wifi!x'},
    {kind: 'private key', text: `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----`, value: PEM_BODY},
    {kind: 'serial', text: 'Serial Number (system): C02XL0GHJGH5', value: 'C02XL0GHJGH5'},
    {kind: 'e-mail', text: 'managed by jane.doe@example.edu', value: 'jane.doe@example.edu'},
    {kind: 'URL credentials', text: 'server https://admin:Pa55w0rdUrl@mdm.example.com/mdm', value: 'admin:Pa55w0rdUrl'},
  ]

  /** A secret as bytes, in each form it may take in a file: UTF-8, UTF-16 of either order, base64, escaped. */
  function forms(value: string): Buffer[] {
    const bigEndian = Buffer.from(value, 'utf16le').swap16()
    return [
      Buffer.from(value),
      Buffer.from(value, 'utf16le'),
      bigEndian,
      Buffer.from(Buffer.from(value).toString('base64').replace(/=+$/, '')),
      Buffer.from(encodeURIComponent(value)),
      Buffer.from(JSON.stringify(value).slice(1, -1)),
    ]
  }

  async function allBytes(folder: string): Promise<Buffer> {
    const {readdir: list, readFile: read, stat: info} = await import('node:fs/promises')
    const out: Buffer[] = []
    for (const name of await list(folder)) {
      const path = join(folder, name)
      if ((await info(path)).isDirectory()) out.push(await allBytes(path))
      else out.push(await read(path))
    }
    return Buffer.concat(out)
  }

  it('plants 11 kinds in outputs, errors, the profiles listing and the copied files: none survives in any form', async () => {
    const {execa} = await import('execa')
    const source = join(work, 'planted')
    await cp(mac('macos-15.7.9-requirement-mismatch'), source, {recursive: true})
    const indexFile = join(source, 'commands.json')
    const index = JSON.parse(await readFile(indexFile, 'utf8'))
    const all = SECRETS.map((s) => s.text).join('\n')
    for (const c of index.commands) {
      if (c.argv[0] === 'profiles' && c.argv[1] === '-P') {
        // Inside a PPPC payload, which is kept whole: only the shapes can catch them.
        c.stdout = c.stdout.replace(
          '<key>Identifier</key>',
          `<key>Comment</key>\n<string>${all.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</string>\n<key>Identifier</key>`,
        )
      } else if (c.argv[0] === 'codesign' && c.argv[1] === '-dv') c.stderr += `${all}\n`
      else if (c.argv[0] === 'sw_vers') c.stdout += `${all}\n`
    }
    await writeFile(indexFile, JSON.stringify(index))
    // The files: a table in the system TCC.db, and strings in MDMOverrides.plist (binary, rewritten by plistlib): one
    // all ASCII, kept as such, and one with a character beyond it, which a binary plist keeps as UTF-16.
    const tcc = join(source, 'files/Library/Application Support/com.apple.TCC/TCC.db')
    await execa('sqlite3', [
      tcc,
      `CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES (${SECRETS.map((s) => `'${s.text.replace(/'/g, "''")}'`).join('), (')});`,
    ])
    const overrides = join(source, 'files/Library/Application Support/com.apple.TCC/MDMOverrides.plist')
    await execa('python3', [
      '-c',
      'import plistlib,sys; p=sys.argv[1]; d=plistlib.load(open(p,"rb")); d["Note"]=sys.argv[2]; d["Notiz"]=sys.argv[3]; plistlib.dump(d, open(p,"wb"), fmt=plistlib.FMT_BINARY)',
      overrides,
      all,
      `Geheimnisse ✓\n${all}`,
    ])
    const planted = await allBytes(source)
    for (const s of SECRETS) {
      expect(planted.includes(Buffer.from(s.value)), s.kind).toBe(true)
      expect(planted.includes(Buffer.from(s.value, 'utf16le').swap16()), `${s.kind} as UTF-16`).toBe(true)
    }

    const out = join(work, 'planted-out')
    const result = await pppcInProcess(['collect', '--snapshot', source, '-o', out, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const written = await allBytes(out)
    for (const s of SECRETS)
      for (const form of forms(s.value))
        expect(written.includes(form), `${s.kind}: ${form.toString('hex')}`).toBe(false)

    // The README lists what was removed, by kind and place, never the value.
    const readme = await readFile(join(out, 'README.md'), 'utf8')
    expect(readme).toContain('## What was removed')
    for (const kind of [
      'JWT',
      'bearer token',
      'API token',
      'hex key',
      'base64 secret',
      'password',
      'private key',
      'serial number',
      'e-mail address',
      'URL credentials',
    ])
      expect(readme, kind).toContain(`| ${kind} |`)
    expect(readme).toContain('`files/Library/Application Support/com.apple.TCC/TCC.db`')
    expect(readme).toContain(
      '`codesign -dv --verbose=4 /Applications/.com.bomgar.scc.4E8A0C36/Remote Support Customer Client.app (errors)`',
    )
    const json = JSON.parse(result.stdout)
    expect(json.redacted.length).toBeGreaterThan(10)

    // The copies are still what doctor reads: the same diagnosis as from the source.
    const before = JSON.parse((await pppcInProcess(['doctor', '--snapshot', source, '--json'])).stdout)
    const after = JSON.parse((await pppcInProcess(['doctor', '--snapshot', out, '--json'])).stdout)
    expect(after.services).toEqual(before.services)
    expect(after.tcc).toEqual(before.tcc)
  })
})
