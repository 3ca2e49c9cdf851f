import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {installJob, type InstallOptions} from '../../src/install/install.js'
import {requireApp} from '../../src/profiles/catalogue.js'
import {FIXTURES} from '../helpers/paths.js'
import {DOWNLOADED_ZIP, recordedMacWithZip, SAFARI_APP, watchedMac} from '../helpers/snapshots.js'
import {appBundle, CLIENT_APP} from '../helpers/zip.js'

const TMP = '/var/folders/7x/k2h1q9xd3b5cj0v8w6r4m2pc0000gn/T/pppc-install.Qm3xR8tZ'
const OPTIONS: InstallOptions = {
  app: requireApp('beyondtrust'),
  force: false,
  keepQuarantine: false,
  open: true,
  dryRun: false,
  cleanup: false,
}

function fixture(name: string): string {
  return join(FIXTURES, 'macs', name)
}

describe('pppc install on a recorded Mac: the Chrome zip', () => {
  it('extracts with ditto into the temporary folder, checks there, moves to /Applications, lifts the quarantine and opens', async () => {
    const mac = await watchedMac(await recordedMacWithZip('install-valid-notarized', appBundle(CLIENT_APP)))
    const report = await installJob({...OPTIONS, path: DOWNLOADED_ZIP, dest: '/Applications'}, mac)
    expect(report.error).toBeNull()
    expect(report.status).toBe('installed')
    expect(report.app).toBe(`/Applications/${CLIENT_APP}`)
    expect(report.archive).toMatchObject({safe: true, app: CLIENT_APP})
    expect(report.quarantine).toMatchObject({agent: 'Google Chrome', flags: 0x81, time: '2024-07-24T14:02:47Z'})
    expect(report.decision).toMatchObject({trusted: true, quarantine: 'remove'})
    expect(mac.asked).toEqual([
      ['test', '-e', `/Applications/${CLIENT_APP}`],
      ['mktemp', '-d', '-t', 'pppc-install'],
      ['ditto', '-x', '-k', DOWNLOADED_ZIP, TMP],
      ['codesign', '--verify', '--deep', '--strict', '--verbose=2', `${TMP}/${CLIENT_APP}`],
      ['codesign', '-dv', `${TMP}/${CLIENT_APP}`],
      ['spctl', '-a', '-vv', '-t', 'exec', `${TMP}/${CLIENT_APP}`],
      ['xattr', '-p', 'com.apple.quarantine', `${TMP}/${CLIENT_APP}`],
      ['mv', `${TMP}/${CLIENT_APP}`, '/Applications/'],
      ['rm', '-rf', TMP],
      ['xattr', '-dr', 'com.apple.quarantine', `/Applications/${CLIENT_APP}`],
      ['open', `/Applications/${CLIENT_APP}`],
    ])
    // test -e answers 1: nothing is at the destination yet; every other step succeeded.
    expect(report.performed.map((p) => p.exitCode)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
  })

  it('refuses the wrong team: nothing is moved, unquarantined or opened, and the temporary folder is removed', async () => {
    const mac = await watchedMac(await recordedMacWithZip('install-wrong-team', appBundle(CLIENT_APP)))
    const report = await installJob({...OPTIONS, path: DOWNLOADED_ZIP, dest: '/Applications'}, mac)
    expect(report.status).toBe('refused')
    expect(report.error).toEqual({
      code: 'PPPC_REFUSED',
      exit: 1,
      message: `refusing to install ${CLIENT_APP}: it is signed by Team ID ABCDE12345, not B65TM49E24 as the catalogue entry beyondtrust-rs-customer-client expects: it is not the vendor's app; do not open it, and download the client again from your support portal`,
    })
    expect(mac.asked.map((argv) => argv[0])).toEqual([
      'test',
      'mktemp',
      'ditto',
      'codesign',
      'codesign',
      'spctl',
      'xattr',
      'rm',
    ])
    expect(mac.asked.at(-1)).toEqual(['rm', '-rf', TMP])
  })

  it('refuses an unsafe archive before asking the Mac anything', async () => {
    const mac = await watchedMac(
      await recordedMacWithZip('install-valid-notarized', [
        ...appBundle(CLIENT_APP),
        {name: `${CLIENT_APP}/Contents/Resources/x`, kind: 'symlink', data: '/Library/LaunchDaemons'},
      ]),
    )
    const report = await installJob({...OPTIONS, path: DOWNLOADED_ZIP, dest: '/Applications'}, mac)
    expect(report.status).toBe('unsafe-archive')
    expect(report.error).toMatchObject({code: 'PPPC_UNSAFE_ARCHIVE', exit: 1})
    expect(report.error!.message).toBe(
      `refusing to extract Open To Start Support Session.zip: symlink "${CLIENT_APP}/Contents/Resources/x" points to "/Library/LaunchDaemons", outside the bundle ${CLIENT_APP}; delete it and download the client again from your support portal`,
    )
    expect(mac.asked).toEqual([])
  })

  it('stops when an app is already at the destination, unless --force', async () => {
    const mac = await watchedMac(await recordedMacWithZip('install-after-session', appBundle(CLIENT_APP)))
    await expect(installJob({...OPTIONS, path: DOWNLOADED_ZIP}, mac)).rejects.toThrow(
      `${SAFARI_APP} already exists; pass --force to replace it, or --dest another folder`,
    )
    expect(mac.asked).toEqual([['test', '-e', SAFARI_APP]])
  })
})

describe('pppc install on a recorded Mac: the app Safari expanded', () => {
  it('checks it where it is, lifts the quarantine and opens it', async () => {
    const mac = await watchedMac(fixture('install-valid-notarized'))
    const report = await installJob({...OPTIONS, path: SAFARI_APP}, mac)
    expect(report.status).toBe('installed')
    expect(report.quarantine).toMatchObject({agent: 'Safari', eventId: '6E3B1A52-8C4D-4F0B-9D7E-2A5C8B1F4E93'})
    expect(mac.asked.map((argv) => argv.slice(0, 2).join(' '))).toEqual([
      'test -d',
      'codesign --verify',
      'codesign -dv',
      'spctl -a',
      'xattr -p',
      'xattr -dr',
      'open ' + SAFARI_APP,
    ])
    expect(report.warnings).toEqual([])
  })

  it('with --keep-quarantine and --no-open: leaves the attribute, warns about translocation, does not open', async () => {
    const mac = await watchedMac(fixture('install-valid-notarized'))
    const report = await installJob({...OPTIONS, path: SAFARI_APP, keepQuarantine: true, open: false}, mac)
    expect(report.status).toBe('installed')
    expect(report.decision?.quarantine).toBe('keep')
    expect(mac.asked.map((argv) => argv[0])).toEqual(['test', 'codesign', 'codesign', 'spctl', 'xattr'])
    expect(report.warnings).toEqual([
      'the app keeps its quarantine without DO_NOT_TRANSLOCATE: macOS will likely run it translocated, from a random read-only folder under AppTranslocation, and ask the user before it opens',
    ])
  })

  it.each([
    [
      'install-unsigned',
      "the app is not signed: it cannot be from the vendor; download it again from the vendor's site",
    ],
    ['install-tampered', 'the signature does not verify: a sealed resource is missing or invalid'],
    [
      'install-not-notarized',
      'Gatekeeper rejects it: it is signed (Developer ID Application: BeyondTrust Corporation (B65TM49E24)) but not notarized by Apple',
    ],
    ['install-wrong-team', 'it is signed by Team ID ABCDE12345, not B65TM49E24'],
  ])('%s: keeps the quarantine, refuses and says why', async (name, reason) => {
    const mac = await watchedMac(fixture(name))
    const report = await installJob({...OPTIONS, path: SAFARI_APP}, mac)
    expect(report.status).toBe('refused')
    expect(report.decision?.quarantine).toBe('keep')
    expect(report.error?.exit).toBe(1)
    expect(report.error?.message).toContain(reason)
    expect(mac.asked.some((argv) => argv.includes('-dr') || argv[0] === 'open' || argv[0] === 'mv')).toBe(false)
  })

  it('refuses a translocated path and a file that is neither zip nor app', async () => {
    const mac = await watchedMac(fixture('install-valid-notarized'))
    await expect(
      installJob(
        {...OPTIONS, path: '/private/var/folders/x/T/AppTranslocation/1A2B/d/Open To Start Support Session.app'},
        mac,
      ),
    ).rejects.toThrow(/is a translocated copy/)
    await expect(installJob({...OPTIONS, path: '/Users/admin/Downloads/client.pkg'}, mac)).rejects.toThrow(
      /is not a \.zip, a \.app or a \.dmg/,
    )
    await expect(installJob({...OPTIONS}, mac)).rejects.toThrow('with --snapshot, give the path of the download')
  })
})

describe('pppc install --cleanup on a recorded Mac', () => {
  it('removes the app extracted beside the zip, then the zip', async () => {
    const mac = await watchedMac(await recordedMacWithZip('install-after-session', appBundle(CLIENT_APP)))
    const report = await installJob({...OPTIONS, path: DOWNLOADED_ZIP, cleanup: true}, mac)
    expect(report.status).toBe('cleaned')
    expect(report.removed).toEqual([SAFARI_APP, DOWNLOADED_ZIP])
    expect(mac.asked).toEqual([
      ['test', '-e', SAFARI_APP],
      ['rm', '-rf', SAFARI_APP],
      ['test', '-e', DOWNLOADED_ZIP],
      ['rm', '-f', DOWNLOADED_ZIP],
    ])
  })

  it('never removes an app only because an archive names it', async () => {
    const mac = await watchedMac(await recordedMacWithZip('install-after-session', appBundle('Safari.app')))
    const report = await installJob(
      {...OPTIONS, path: DOWNLOADED_ZIP, dest: '/Applications', cleanup: true, dryRun: true},
      mac,
    )
    expect(report.app).toBeNull()
    expect(report.plan.map((s) => s.argv)).toEqual([['rm', '-f', DOWNLOADED_ZIP]])
    expect(report.warnings).toEqual([
      "/Applications/Safari.app is not named like the vendor's download (Open To Start Support Session.zip, Open To Start Support Session.app); it is kept",
    ])
    expect(mac.asked).toEqual([])
  })
})

describe('pppc install on a recorded Mac: a disk image', () => {
  const DMG = '/Users/admin/Downloads/BeyondTrust Remote Support.dmg'
  const DTMP = '/var/folders/7x/k2h1q9xd3b5cj0v8w6r4m2pc0000gn/T/pppc-install.Dm4nP7sQ'

  async function dmgMac(edit?: (commands: {argv: string[]; stdout: string; exitCode: number}[]) => void) {
    const {cp, mkdir, mkdtemp, readFile, writeFile} = await import('node:fs/promises')
    const {tmpdir} = await import('node:os')
    const dir = join(await mkdtemp(join(tmpdir(), 'pppc-dmg-')), 'install-dmg-valid')
    await cp(fixture('install-dmg-valid'), dir, {recursive: true})
    await mkdir(join(dir, 'files', '/Users/admin/Downloads'), {recursive: true})
    await writeFile(
      join(dir, 'files', DMG),
      Buffer.concat([Buffer.alloc(1024), Buffer.from('koly'), Buffer.alloc(508)]),
    )
    if (edit) {
      const index = JSON.parse(await readFile(join(dir, 'commands.json'), 'utf8'))
      edit(index.commands)
      await writeFile(join(dir, 'commands.json'), JSON.stringify(index))
    }
    return watchedMac(dir)
  }

  it('detaches the image whatever happens once it is attached: two apps inside are refused, nothing is moved', async () => {
    const mac = await dmgMac((commands) => {
      const find = commands.find((c) => c.argv[0] === 'find')!
      find.stdout += find.stdout.replace(CLIENT_APP, 'Helper.app')
    })
    await expect(installJob({...OPTIONS, path: DMG, dest: '/Applications'}, mac)).rejects.toThrow(
      /the disk image holds 2 app bundles/,
    )
    expect(mac.asked.map((a) => a.slice(0, 2).join(' '))).toEqual([
      'mktemp -d',
      `mkdir ${DTMP}/volume`,
      'hdiutil attach',
      `find ${DTMP}/volume`,
      'hdiutil detach',
      'rm -rf',
    ])
  })

  it('refuses an attach answer that mounted the image anywhere but the folder pppc made, and detaches it', async () => {
    const mac = await dmgMac((commands) => {
      const attach = commands.find((c) => c.argv[1] === 'attach')!
      attach.stdout = attach.stdout.replace(`${DTMP}/volume`, '/Volumes/BeyondTrust')
    })
    await expect(installJob({...OPTIONS, path: DMG, dest: '/Applications'}, mac)).rejects.toThrow(
      /hdiutil did not mount the disk image at .*\/volume alone \(mount points: \/Volumes\/BeyondTrust\)/,
    )
    expect(mac.asked.some((a) => a[0] === 'hdiutil' && a[1] === 'detach')).toBe(true)
    expect(mac.asked.some((a) => a[0] === 'ditto' || a[0] === 'mv')).toBe(false)
  })
})
