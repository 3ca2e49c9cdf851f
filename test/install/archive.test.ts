import {randomBytes} from 'node:crypto'
import {existsSync} from 'node:fs'
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {ARCHIVE_LIMITS, type ArchiveInspection, type ArchiveLimits, inspectArchive} from '../../src/install/archive.js'
import {listZip} from '../../src/install/zip-listing.js'
import {tree} from '../helpers/tree.js'
import {appBundle, buildZip, CLIENT_APP, deflatedZeros, type ZipItem, type ZipOptions} from '../helpers/zip.js'

let work: string
let downloads: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pppc-archive-'))
  downloads = join(work, 'Downloads')
  await mkdir(downloads)
})

async function inspectZip(
  name: string,
  items: ZipItem[],
  limits: ArchiveLimits = ARCHIVE_LIMITS,
  options: ZipOptions = {},
): Promise<ArchiveInspection> {
  const path = join(downloads, name)
  await writeFile(path, buildZip(items, options))
  return inspectArchive(await listZip(path, limits), limits)
}

function codes(inspection: ArchiveInspection): string[] {
  return inspection.problems.map((p) => p.code)
}

const FW = `${CLIENT_APP}/Contents/Frameworks/Support.framework`

describe('inspecting a zip before anything is extracted', () => {
  it('accepts the vendor app bundle, following its framework symlinks inside the bundle', async () => {
    const inspection = await inspectZip('good.zip', appBundle(CLIENT_APP))
    expect(inspection.problems).toEqual([])
    expect(inspection.safe).toBe(true)
    expect(inspection.app).toBe(CLIENT_APP)
    expect(inspection.counts).toEqual({entries: 17, files: 5, directories: 9, symlinks: 3})
    expect(inspection.symlinks).toEqual([
      {path: `${FW}/Versions/Current`, target: 'A', resolved: `${FW}/Versions/A`},
      {path: `${FW}/Support`, target: 'Versions/Current/Support', resolved: `${FW}/Versions/A/Support`},
      {path: `${FW}/Resources`, target: 'Versions/Current/Resources', resolved: `${FW}/Versions/A/Resources`},
    ])
    expect(inspection.size).toBeGreaterThan(inspection.compressedSize)
  })

  it('ignores what macOS archivers add (__MACOSX AppleDouble data, ._ files, .DS_Store) when it looks for the app', async () => {
    const inspection = await inspectZip('finder.zip', [
      ...appBundle(CLIENT_APP),
      {name: '__MACOSX/'},
      {name: `__MACOSX/._${CLIENT_APP}`, data: Buffer.from([0, 5, 22, 7])},
      {name: `._${CLIENT_APP}`, data: Buffer.from([0, 5, 22, 7])},
      {name: '.DS_Store', data: 'Bud1'},
    ])
    expect(inspection.safe).toBe(true)
    expect(inspection.apps).toEqual([CLIENT_APP])
    expect(inspection.others).toEqual([])
  })

  it('refuses zip-slip names: ".." and absolute paths', async () => {
    const inspection = await inspectZip('slip.zip', [
      ...appBundle(CLIENT_APP),
      {name: '../../pppc-slip.sh', data: '#!/bin/sh\necho owned\n', mode: 0o755},
      {name: `${CLIENT_APP}/Contents/../../../LaunchAgents/evil.plist`, data: '<plist/>'},
      {name: '/tmp/pppc-slip/evil', data: 'x'},
      {name: '..\\..\\windows-slip.txt', data: 'x'},
    ])
    expect(inspection.safe).toBe(false)
    expect(codes(inspection)).toEqual(['dot-dot', 'absolute-path'])
    expect(inspection.problems[0]).toMatchObject({count: 3, entry: '../../pppc-slip.sh'})
    expect(inspection.problems[0]!.message).toBe(
      'entry "../../pppc-slip.sh" climbs out with ".." and could be written outside the folder it is extracted to; 2 more entries like it',
    )
    expect(inspection.problems[1]!.message).toMatch(/^entry "\/tmp\/pppc-slip\/evil" has an absolute path/)
  })

  it('refuses symlinks that point outside the bundle: relative, absolute, and through another link', async () => {
    const inspection = await inspectZip('links.zip', [
      ...appBundle(CLIENT_APP),
      {name: `${CLIENT_APP}/Contents/Resources/`},
      {name: `${CLIENT_APP}/Contents/Resources/up`, kind: 'symlink', data: '../../../..'},
      {name: `${CLIENT_APP}/Contents/Resources/passwd`, kind: 'symlink', data: '/etc/passwd'},
      // Lexically "Contents/Resources/app/../../outside" stays in the bundle; followed, "app" is the bundle itself.
      {name: `${CLIENT_APP}/Contents/Resources/app`, kind: 'symlink', data: '../..'},
      {name: `${CLIENT_APP}/Contents/Resources/sneaky`, kind: 'symlink', data: 'app/../outside'},
    ])
    expect(inspection.safe).toBe(false)
    expect(codes(inspection)).toEqual(['link-escapes'])
    const out = inspection.symlinks.filter((s) => s.resolved === null).map((s) => s.path.split('/').pop())
    expect(out).toEqual(['up', 'passwd', 'sneaky'])
    expect(inspection.symlinks.find((s) => s.path.endsWith('/app'))!.resolved).toBe(CLIENT_APP)
    expect(inspection.problems[0]!.message).toBe(
      `symlink "${CLIENT_APP}/Contents/Resources/up" points to "../../../..", outside the bundle ${CLIENT_APP}; 2 more entries like it`,
    )
  })

  it('refuses entries stored below a symlink (written wherever it points), also when only the case differs', async () => {
    const inspection = await inspectZip('through.zip', [
      ...appBundle(CLIENT_APP),
      {name: `${CLIENT_APP}/Contents/Plugins`, kind: 'symlink', data: 'Frameworks'},
      {name: `${CLIENT_APP}/Contents/plugins/evil.dylib`, data: 'x'},
    ])
    expect(codes(inspection)).toEqual(['through-link'])
    expect(inspection.problems[0]!.message).toBe(
      `entry "${CLIENT_APP}/Contents/plugins/evil.dylib" is stored below the symlink "${CLIENT_APP}/Contents/Plugins" and would be written wherever it points`,
    )
  })

  it('refuses symlinks that loop', async () => {
    const inspection = await inspectZip('loop.zip', [
      ...appBundle(CLIENT_APP),
      {name: `${CLIENT_APP}/Contents/a`, kind: 'symlink', data: 'b'},
      {name: `${CLIENT_APP}/Contents/b`, kind: 'symlink', data: 'a'},
    ])
    expect(codes(inspection)).toEqual(['link-escapes'])
    expect(inspection.problems[0]!.message).toMatch(/goes round in a loop of links/)
  })

  it('refuses an archive with two apps, and one with none', async () => {
    const two = await inspectZip('two.zip', [...appBundle(CLIENT_APP), ...appBundle('Helper.app')])
    expect(codes(two)).toEqual(['several-apps'])
    expect(two.app).toBeNull()
    expect(two.problems[0]!.message).toBe(
      `it holds 2 apps at its top level (${CLIENT_APP}, Helper.app); a vendor download holds one`,
    )
    const none = await inspectZip('none.zip', [
      {name: 'Folder/'},
      {name: `Folder/${CLIENT_APP}/Contents/Info.plist`, data: '<plist/>'},
      {name: 'readme.app', data: 'a file, not a bundle'},
    ])
    expect(codes(none)).toEqual(['no-app'])
  })

  it('refuses encrypted entries, and a symlink whose encrypted target cannot be read', async () => {
    const inspection = await inspectZip('encrypted.zip', [
      ...appBundle(CLIENT_APP),
      {
        name: `${CLIENT_APP}/Contents/Resources/payload.bin`,
        data: 'secret '.repeat(50),
        password: 'infected',
        deflate: true,
      },
      {name: `${CLIENT_APP}/Contents/Resources/link`, kind: 'symlink', data: 'payload.bin', password: 'infected'},
    ])
    expect(codes(inspection)).toEqual(['encrypted', 'link-unreadable'])
    expect(inspection.problems[0]).toMatchObject({count: 2, entry: `${CLIENT_APP}/Contents/Resources/payload.bin`})
  })

  it('refuses a zip-bomb ratio, for one entry and for the whole archive', async () => {
    const inspection = await inspectZip('bomb.zip', [
      ...appBundle(CLIENT_APP),
      {name: `${CLIENT_APP}/Contents/Resources/zeros.bin`, data: Buffer.alloc(24 * 1024 ** 2), deflate: true},
    ])
    // Inflating stops at the ratio ceiling: the entry is known to unpack to more than what was measured.
    expect(codes(inspection)).toEqual(['entry-ratio', 'ratio'])
    expect(inspection.problems[0]!.message).toMatch(
      /^entry ".*zeros\.bin" unpacks \d+\.\d KiB to more than \d+(\.\d)? MiB \(ratio over \d+ to 1, limit 100\), like a zip bomb; it declares 24 MiB$/,
    )
  })

  it('refuses an archive beyond the size and entry limits', async () => {
    const small: ArchiveLimits = {...ARCHIVE_LIMITS, maxTotalBytes: 4000, maxEntries: 10}
    const big = await inspectZip(
      'big.zip',
      [
        ...appBundle(CLIENT_APP).slice(0, 9),
        {name: `${CLIENT_APP}/Contents/Resources/noise.bin`, data: randomBytes(5000)},
      ],
      small,
    )
    expect(codes(big)).toEqual(['too-large'])
    expect(big.problems[0]!.message).toBe('it unpacks to at least 8.3 KiB, more than the 3.9 KiB limit')
    const many = await inspectZip('many.zip', appBundle(CLIENT_APP), small)
    expect(codes(many)).toEqual(['too-many-entries', 'no-app'])
    expect(many.counts).toEqual({entries: 17, files: 0, directories: 0, symlinks: 0})
    expect(many.problems[0]!.message).toBe('it declares 17 entries, more than the 10 an app download can sanely have')
  })

  it('refuses an entry stored twice (the copy extracted last would win)', async () => {
    const inspection = await inspectZip('dup.zip', [
      ...appBundle(CLIENT_APP),
      {name: `${CLIENT_APP}/Contents/info.plist`, data: '<plist>replaced</plist>'},
    ])
    expect(codes(inspection)).toEqual(['duplicate'])
  })

  it('says what is wrong with a file that is not a zip, or not there', async () => {
    await writeFile(join(downloads, 'page.zip'), '<html>Session expired</html>')
    await expect(listZip(join(downloads, 'page.zip'), ARCHIVE_LIMITS)).rejects.toThrow(
      /page\.zip is not a readable zip archive \(too short to be a zip|page\.zip is not a readable zip archive \(no end of central directory record/,
    )
    await expect(listZip(join(downloads, 'gone.zip'), ARCHIVE_LIMITS)).rejects.toThrow(
      /cannot read .*gone\.zip \(ENOENT\); give the path of the downloaded \.zip/,
    )
  })

  it('writes nothing anywhere while inspecting, hostile archives included', async () => {
    const marker = `pppc-slip-${randomBytes(4).toString('hex')}`
    const before = await tree(work)
    const hostile = buildZip([
      {name: `../../${marker}.sh`, data: 'x'},
      {name: `/tmp/${marker}/evil`, data: 'x'},
      {name: `${CLIENT_APP}/x`, kind: 'symlink', data: `/tmp/${marker}`},
      {name: `${CLIENT_APP}/x/y`, data: 'x'},
    ])
    await writeFile(join(downloads, 'hostile.zip'), hostile)
    const afterWrite = await tree(work)
    const inspection = inspectArchive(await listZip(join(downloads, 'hostile.zip'), ARCHIVE_LIMITS))
    expect(codes(inspection)).toEqual(['dot-dot', 'absolute-path', 'through-link', 'link-escapes'])
    expect(await tree(work)).toEqual(afterWrite)
    expect(Object.keys(afterWrite).filter((k) => !(k in before))).toEqual(['Downloads/hostile.zip'])
    expect(existsSync(join(dirname(dirname(downloads)), `${marker}.sh`))).toBe(false)
    expect(existsSync(`/tmp/${marker}`)).toBe(false)
  })
})

describe('archives that lie: the inspection reads what every unzipper could believe', () => {
  const RES = `${CLIENT_APP}/Contents/Resources`

  it('an end record whose entry count hides a "../" entry at the end of the central directory', async () => {
    const items = [...appBundle(CLIENT_APP), {name: '../../evil.sh', data: '#!/bin/sh\n'}]
    const inspection = await inspectZip('count.zip', items, ARCHIVE_LIMITS, {eocdCount: items.length - 1})
    expect(inspection.safe).toBe(false)
    expect(codes(inspection)).toEqual(['structure', 'dot-dot'])
    expect(inspection.problems[0]!.message).toMatch(/declares 17 entries but the central directory holds 18/)
  })

  it('a Unicode Path field that masks a "../" stored name', async () => {
    const inspection = await inspectZip('unicode.zip', [
      ...appBundle(CLIENT_APP),
      {name: '../../LaunchAgents/evil.plist', unicodePath: `${RES}/evil.plist`, data: '<plist/>'},
    ])
    expect(inspection.safe).toBe(false)
    expect(codes(inspection)).toEqual(['name-mismatch', 'dot-dot'])
  })

  it(
    'declared sizes that hide a 1 GiB bomb: the real size is measured, and inflating stops at the ratio ceiling',
    {timeout: 120_000},
    async () => {
      const bomb = await deflatedZeros(1024 ** 3)
      const started = Date.now()
      const inspection = await inspectZip('declared.zip', [
        ...appBundle(CLIENT_APP),
        {name: `${RES}/data.bin`, deflated: bomb, declaredSize: 1000},
      ])
      expect(Date.now() - started).toBeLessThan(20_000)
      expect(inspection.safe).toBe(false)
      expect(codes(inspection)).toEqual(['entry-ratio', 'ratio'])
      expect(inspection.problems[0]!.message).toMatch(/data\.bin" unpacks .* to more than .*; it declares 1000 B$/)
    },
  )

  it('a declared size that differs from what the entry unpacks to', async () => {
    const inspection = await inspectZip('size.zip', [
      ...appBundle(CLIENT_APP),
      {name: `${RES}/a.txt`, data: 'hello '.repeat(100), deflate: true, declaredSize: 12},
    ])
    expect(codes(inspection)).toEqual(['size-mismatch'])
    expect(inspection.problems[0]!.message).toMatch(/declares 12 bytes but unpacks to 600/)
  })

  it('local headers whose name or encryption flag differ from the central directory', async () => {
    const inspection = await inspectZip('local.zip', [
      ...appBundle(CLIENT_APP),
      {name: `${RES}/a.txt`, localName: '../../../a.txt', data: 'a'},
      {name: `${RES}/b.txt`, localFlags: 0x0801, data: 'b'},
    ])
    expect(codes(inspection)).toEqual(['local-mismatch'])
    expect(inspection.problems[0]!.count).toBe(2)
    expect(inspection.problems[0]!.message).toMatch(/local header gives another name "..\/..\/..\/a\.txt"/)
  })

  it('FIFO, device and socket entries', async () => {
    const inspection = await inspectZip('special.zip', [
      ...appBundle(CLIENT_APP),
      {name: `${RES}/fifo`, unixType: 0o010000},
      {name: `${RES}/tty`, unixType: 0o020000},
      {name: `${RES}/disk`, unixType: 0o060000},
      {name: `${RES}/sock`, unixType: 0o140000},
    ])
    expect(codes(inspection)).toEqual(['special'])
    expect(inspection.problems[0]).toMatchObject({
      count: 4,
      message: expect.stringMatching(/is a fifo; an app download holds files, folders and symlinks only/),
    })
  })

  it('a symlink stored with an MS-DOS host byte is still a symlink', async () => {
    const inspection = await inspectZip('dos-link.zip', [
      ...appBundle(CLIENT_APP),
      {name: `${RES}/passwd`, kind: 'symlink', data: '/etc/passwd', host: 0},
    ])
    expect(codes(inspection)).toEqual(['link-escapes'])
  })

  it('bytes between entries that no central directory entry accounts for (a hidden local entry)', async () => {
    const good = buildZip(appBundle(CLIENT_APP))
    const hidden = buildZip([{name: '../../hidden.sh', data: 'x'}])
    const hiddenLocal = hidden.subarray(0, hidden.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])))
    const directoryAt = good.readUInt32LE(good.length - 6)
    const spliced = Buffer.concat([good.subarray(0, directoryAt), hiddenLocal, good.subarray(directoryAt)])
    spliced.writeUInt32LE(directoryAt + hiddenLocal.length, spliced.length - 6)
    await writeFile(join(downloads, 'hidden.zip'), spliced)
    const inspection = inspectArchive(await listZip(join(downloads, 'hidden.zip'), ARCHIVE_LIMITS))
    expect(codes(inspection)).toEqual(['hidden-data'])
  })

  it('a FIFO named x.zip is refused before it is opened (it hung the command)', {timeout: 10_000}, async () => {
    const {execa} = await import('execa')
    const fifo = join(downloads, 'x.zip')
    await execa('mkfifo', [fifo])
    await expect(listZip(fifo, ARCHIVE_LIMITS)).rejects.toThrow(/x\.zip is a FIFO, not a file/)
  })
})
