import {mkdir, mkdtemp, utimes, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {pppc, pppcInProcess} from '../helpers/cli.js'
import {FIXTURES} from '../helpers/paths.js'
import {DOWNLOADED_ZIP, recordedMacWithZip, SAFARI_APP} from '../helpers/snapshots.js'
import {tree} from '../helpers/tree.js'
import {appBundle, buildZip, CLIENT_APP} from '../helpers/zip.js'

const onLinux = process.platform !== 'darwin'
let home: string
let downloads: string
let zip: string

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pppc-home-'))
  downloads = join(home, 'Downloads')
  await mkdir(downloads)
  zip = join(downloads, 'Open to Start Support Session.zip')
  await writeFile(zip, buildZip(appBundle(CLIENT_APP)))
})

function lastLineError(stderr: string): string {
  const lines = stderr.trimEnd().split('\n')
  expect(lines.filter((l) => l.startsWith('Error: '))).toHaveLength(1)
  expect(stderr).not.toMatch(/\n\s+at /)
  return lines.at(-1)!
}

// The first test of each of these two groups runs the binary (bin/run.js); the others check what install says and
// does, in this process (test/cli/in-process.cli.test.ts holds that to the binary).
describe.runIf(onLinux)('pppc install on Linux (the built command)', () => {
  it('inspects the zip, reports, and says extraction needs macOS (exit 2), changing nothing', async () => {
    const before = await tree(home)
    const result = await pppc(['install', zip])
    expect(result.exitCode).toBe(2)
    expect(result.stdout).toContain(`download      ${zip}\n`)
    expect(result.stdout).toContain('archive       17 entries (9 folders, 5 files, 3 symlinks)')
    expect(result.stdout).toContain(
      `  app         ${CLIENT_APP}\n  symlinks    3, all inside the bundle\n  verdict     safe to extract with ditto\n`,
    )
    expect(lastLineError(result.stderr)).toBe(
      'Error: extracting and verifying the app needs macOS (ditto, codesign, spctl and xattr); run pppc install on the Mac, or add --dry-run to see the plan',
    )
    expect(await tree(home)).toEqual(before)
  })

  it('prints the plan with --dry-run (exit 0) and changes nothing', async () => {
    const before = await tree(home)
    const result = await pppcInProcess(['install', zip, '--dest', '/Applications', '--dry-run'])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('plan (--dry-run: nothing was changed)\n')
    expect(result.stdout).toContain(`   3. ditto -x -k '${zip}' "$TMP"\n`)
    expect(result.stdout).toContain(`   8. mv "$TMP/${CLIENT_APP}" /Applications/\n`)
    expect(result.stdout).toContain(`  10. xattr -dr com.apple.quarantine '/Applications/${CLIENT_APP}'\n`)
    expect(await tree(home)).toEqual(before)
  })

  it('finds the newest client download in ~/Downloads without a path', async () => {
    const newer = join(downloads, 'Open to Start Support Session (1).zip')
    await writeFile(newer, buildZip(appBundle(CLIENT_APP)))
    const hour = Date.now() / 1000 - 3600
    await utimes(zip, hour, hour)
    const result = await pppcInProcess(['install', '--dry-run'], {env: {HOME: home}})
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`download      ${newer}\n`)
  })

  it('answers --json with the report and the error, exit 2', async () => {
    const result = await pppcInProcess(['install', zip, '--json'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toBe('')
    const json = JSON.parse(result.stdout)
    expect(Object.keys(json).sort()).toEqual([
      'action',
      'app',
      'archive',
      'decision',
      'diskImage',
      'error',
      'expected',
      'mac',
      'performed',
      'plan',
      'quarantine',
      'removed',
      'source',
      'status',
      'verification',
      'warnings',
    ])
    expect(json).toMatchObject({
      action: 'install',
      status: 'needs-macos',
      mac: null,
      source: {path: zip, kind: 'zip'},
      archive: {safe: true, app: CLIENT_APP},
      error: {code: 'PPPC_NEEDS_MAC', exit: 2},
    })
  })

  it('refuses an unsafe archive (exit 1) with every problem listed, and extracts nothing', async () => {
    const bad = join(home, 'bad.zip')
    await writeFile(
      bad,
      buildZip([
        ...appBundle(CLIENT_APP),
        ...appBundle('Other.app'),
        {name: '../../evil.sh', data: 'x'},
        {name: `${CLIENT_APP}/Contents/x`, data: 'x', password: 'pw'},
      ]),
    )
    const before = await tree(home)
    const result = await pppcInProcess(['install', bad, '--dry-run'])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('  verdict     UNSAFE: nothing was extracted\n')
    expect(result.stdout).toContain('    - entry "../../evil.sh" climbs out with ".."')
    expect(result.stdout).toContain('    - entry "Open To Start Support Session.app/Contents/x" is encrypted')
    expect(result.stdout).toContain('    - it holds 2 apps at its top level')
    expect(result.stdout).not.toContain('plan')
    expect(lastLineError(result.stderr)).toBe(
      'Error: refusing to extract bad.zip: entry "../../evil.sh" climbs out with ".." and could be written outside the folder it is extracted to; 2 more problems listed above; delete it and download the client again from your support portal',
    )
    expect(await tree(home)).toEqual(before)
  })
})

describe('pppc install against recorded Macs (the built command)', () => {
  it('installs the Safari-expanded client: checks pass, quarantine removed, opened', async () => {
    const result = await pppc(['install', SAFARI_APP, '--snapshot', join(FIXTURES, 'macs', 'install-valid-notarized')])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('  signature   ok    valid on disk; satisfies its Designated Requirement\n')
    expect(result.stdout).toContain(
      '  gatekeeper  ok    accepted; source=Notarized Developer ID; origin=Developer ID Application: BeyondTrust Corporation (B65TM49E24)\n',
    )
    expect(result.stdout).toContain(
      '  team ID     ok    B65TM49E24, as the catalogue entry beyondtrust-rs-customer-client expects\n',
    )
    expect(result.stdout).toContain('quarantine    0083;66a10a18;Safari;6E3B1A52-8C4D-4F0B-9D7E-2A5C8B1F4E93\n')
    expect(result.stdout).toContain(
      '  decision    removed: the signature is valid, Gatekeeper accepts and the Team ID matches\n',
    )
    expect(result.stdout).toMatch(
      /installed \/Users\/admin\/Downloads\/Open To Start Support Session\.app, quarantine removed, opened\n$/,
    )
  })

  it('refuses the wrong team with the reason (exit 1), keeping the quarantine', async () => {
    const result = await pppcInProcess([
      'install',
      SAFARI_APP,
      '--snapshot',
      join(FIXTURES, 'macs', 'install-wrong-team'),
    ])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('  team ID     FAIL  ABCDE12345, expected B65TM49E24\n')
    expect(result.stdout).toContain('  decision    kept: the checks did not pass\n')
    expect(lastLineError(result.stderr)).toMatch(
      /^Error: refusing to install Open To Start Support Session\.app: it is signed by Team ID ABCDE12345, not B65TM49E24/,
    )
  })

  it('installs the Chrome zip to /Applications on a recorded Mac', async () => {
    const snapshot = await recordedMacWithZip('install-valid-notarized', appBundle(CLIENT_APP))
    const result = await pppcInProcess([
      'install',
      DOWNLOADED_ZIP,
      '--dest',
      '/Applications',
      '--snapshot',
      snapshot,
      '--json',
    ])
    expect(result.exitCode).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(json).toMatchObject({
      status: 'installed',
      app: `/Applications/${CLIENT_APP}`,
      error: null,
      decision: {trusted: true, quarantine: 'remove'},
    })
    expect(json.performed.map((p: {id: string}) => p.id)).toEqual([
      'check-destination',
      'make-temp',
      'extract',
      'verify-signature',
      'read-signing',
      'assess',
      'read-quarantine',
      'move',
      'remove-temp',
      'unquarantine',
      'open',
    ])
  })

  it('cleans up after a session', async () => {
    const snapshot = await recordedMacWithZip('install-after-session', appBundle(CLIENT_APP))
    const result = await pppcInProcess(['install', DOWNLOADED_ZIP, '--cleanup', '--snapshot', snapshot])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`removed       ${SAFARI_APP}\nremoved       ${DOWNLOADED_ZIP}\n`)
  })

  it.each([
    [['install', 'notes.txt'], /^Error: notes\.txt is not a \.zip, a \.app or a \.dmg; give the downloaded \.zip/],
    [
      ['install', '--snapshot', join(FIXTURES, 'macs', 'install-valid-notarized')],
      /^Error: with --snapshot, give the path of the download/,
    ],
    [
      ['install', SAFARI_APP, '--team-id', 'nope', '--dry-run'],
      /^Error: --team-id nope is not a Team ID; a Team ID is 10 capital letters and digits/,
    ],
    [['install', SAFARI_APP, '--app', 'nosuchapp'], /^Error: no app "nosuchapp" in the catalogue/],
  ])('refuses bad input with one line and exit 2: %j', async (args, message) => {
    const result = await pppcInProcess(args)
    expect(result.exitCode).toBe(2)
    expect(result.stdout).toBe('')
    expect(lastLineError(result.stderr)).toMatch(message)
  })
})

describe('disk images (.dmg): attached read-only on a Mac, reported plainly elsewhere', () => {
  const DMG = '/Users/admin/Downloads/BeyondTrust Remote Support.dmg'
  /** Enough of a UDIF image for what pppc reads off a Mac: its 512-byte "koly" trailer. */
  const udif = () => Buffer.concat([Buffer.alloc(4096, 7), Buffer.from('koly'), Buffer.alloc(508)])

  async function recordedMacWithDmg(edit?: (commands: {argv: string[]; stdout: string; exitCode: number}[]) => void) {
    const {cp, readFile} = await import('node:fs/promises')
    const dir = join(await mkdtemp(join(tmpdir(), 'pppc-dmg-')), 'install-dmg-valid')
    await cp(join(FIXTURES, 'macs', 'install-dmg-valid'), dir, {recursive: true})
    await mkdir(join(dir, 'files', '/Users/admin/Downloads'), {recursive: true})
    await writeFile(join(dir, 'files', DMG), udif())
    if (edit) {
      const index = JSON.parse(await readFile(join(dir, 'commands.json'), 'utf8'))
      edit(index.commands)
      await writeFile(join(dir, 'commands.json'), JSON.stringify(index))
    }
    return dir
  }

  it.runIf(onLinux)(
    'on Linux, --dry-run reports the image and the plan, and says only a Mac can attach it',
    async () => {
      const dmg = join(downloads, 'BeyondTrust Remote Support.dmg')
      await writeFile(dmg, udif())
      const result = await pppcInProcess(['install', dmg, '--dest', '/Applications', '--dry-run'])
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain(
        'disk image    UDIF, 4.5 KiB: attached read-only on the Mac with hdiutil; its app ($APP) is known once attached\n',
      )
      expect(result.stdout).toContain(
        `hdiutil attach -readonly -nobrowse -noautoopen -plist -mountpoint "$TMP/volume" '${dmg}'\n`,
      )
      expect(result.stdout).toContain('ditto "$TMP/volume/$APP" "$TMP/$APP"\n')
      expect(result.stdout).toContain('hdiutil detach "$TMP/volume"\n')
      expect(result.stdout).toContain('mv "$TMP/$APP" /Applications/\n')
      expect(result.stderr).toMatch(
        /warning: BeyondTrust Remote Support\.dmg is a disk image: only a Mac can attach it \(hdiutil\)/,
      )
      const plain = await pppcInProcess(['install', dmg])
      expect(plain.exitCode).toBe(2)
      expect(lastLineError(plain.stderr)).toMatch(
        /^Error: attaching the disk image and verifying its app needs macOS \(hdiutil, ditto, codesign, spctl and xattr\)/,
      )
    },
  )

  it(
    'refuses a .dmg that is not a disk image, and a FIFO named x.dmg, before opening it',
    {timeout: 15_000},
    async () => {
      const fake = join(downloads, 'fake.dmg')
      await writeFile(fake, '<html>expired</html>')
      const result = await pppcInProcess(['install', fake, '--dry-run'])
      expect(result.exitCode).toBe(2)
      expect(lastLineError(result.stderr)).toMatch(/fake\.dmg is not a UDIF disk image/)
      const {execa} = await import('execa')
      await execa('mkfifo', [join(downloads, 'x.dmg')])
      const fifo = await pppcInProcess(['install', join(downloads, 'x.dmg'), '--dry-run'])
      expect(fifo.exitCode).toBe(2)
      expect(lastLineError(fifo.stderr)).toMatch(/x\.dmg is a FIFO/)
    },
  )

  it('on a recorded Mac: attaches read-only, copies the one app with ditto, detaches, checks the copy, installs', async () => {
    const snapshot = await recordedMacWithDmg()
    const result = await pppcInProcess(['install', DMG, '--dest', '/Applications', '--snapshot', snapshot, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(json).toMatchObject({
      status: 'installed',
      app: `/Applications/${CLIENT_APP}`,
      error: null,
      diskImage: {format: 'UDIF'},
    })
    expect(json.performed.map((p: {id: string}) => p.id)).toEqual([
      'make-temp',
      'make-mountpoint',
      'attach',
      'find-app',
      'copy',
      'detach',
      'check-destination',
      'verify-signature',
      'read-signing',
      'assess',
      'read-quarantine',
      'move',
      'remove-temp',
      'unquarantine',
      'open',
    ])
    expect(json.performed[2].argv.slice(0, 6)).toEqual([
      'hdiutil',
      'attach',
      '-readonly',
      '-nobrowse',
      '-noautoopen',
      '-plist',
    ])
  })

  it('refuses an image with two apps, and still detaches it', async () => {
    const snapshot = await recordedMacWithDmg((commands) => {
      const find = commands.find((c) => c.argv[0] === 'find')!
      find.stdout += find.stdout.replace(CLIENT_APP, 'Helper.app')
    })
    const result = await pppcInProcess(['install', DMG, '--dest', '/Applications', '--snapshot', snapshot])
    expect(result.exitCode).toBe(1)
    expect(lastLineError(result.stderr)).toMatch(
      /the disk image holds 2 app bundles \(Open To Start Support Session\.app, Helper\.app\) at its top level/,
    )
  })
})
