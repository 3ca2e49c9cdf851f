import {mkdir, mkdtemp, utimes, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {downloadMatcher, findDownload, kindOf} from '../../src/install/locate.js'
import {requireApp} from '../../src/profiles/catalogue.js'

const NAMES = requireApp('beyondtrust').client!.launcher!.downloads

async function downloadsWith(files: [name: string, minutesAgo: number][]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pppc-downloads-'))
  const now = Date.now() / 1000
  for (const [name, minutesAgo] of files) {
    if (name.endsWith('.app')) await mkdir(join(dir, name, 'Contents'), {recursive: true})
    else await writeFile(join(dir, name), 'x')
    await utimes(join(dir, name), now - minutesAgo * 60, now - minutesAgo * 60)
  }
  return dir
}

describe('finding the client download in ~/Downloads', () => {
  it("matches the catalogue names in any case and with a browser's duplicate suffix, never a partial download", () => {
    const matches = downloadMatcher(NAMES)
    expect(
      [
        'Open to Start Support Session.zip',
        'Open To Start Support Session (1).zip',
        'open to start support session 2.app',
        'Open To Start Support Session.app',
      ].every(matches),
    ).toBe(true)
    expect(
      [
        'Open To Start Support Session.zip.crdownload',
        'Open To Start Support Session.zip.part',
        'Start Support Session.zip',
        'Open To Start Support Session.dmg',
      ].some(matches),
    ).toBe(false)
  })

  it('takes the newest match, zip (Chrome, Firefox, Edge) or app (Safari)', async () => {
    const dir = await downloadsWith([
      ['Open to Start Support Session.zip', 90],
      ['Open to Start Support Session (1).zip', 5],
      ['Open to Start Support Session.app', 30],
      ['Other Session.zip', 1],
    ])
    expect(await findDownload(NAMES, dir)).toEqual({
      path: join(dir, 'Open to Start Support Session (1).zip'),
      kind: 'zip',
    })
    const safari = await downloadsWith([
      ['Open to Start Support Session.app', 2],
      ['Open to Start Support Session.zip', 60],
    ])
    expect(await findDownload(NAMES, safari)).toEqual({
      path: join(safari, 'Open to Start Support Session.app'),
      kind: 'app',
    })
  })

  it('says where it looked when there is no download', async () => {
    const dir = await downloadsWith([['Open To Start Support Session.zip.crdownload', 1]])
    await expect(findDownload(NAMES, dir)).rejects.toThrow(
      `no download named like "Open To Start Support Session.zip" or "Open To Start Support Session.app" in ${dir}; download the client from your support portal first, or give its path`,
    )
    await expect(findDownload(NAMES, join(dir, 'missing'))).rejects.toThrow(/cannot read .*missing \(ENOENT\)/)
  })

  it('tells a zip, an app and a disk image by their extension', () => {
    expect([
      kindOf('/a/B.zip'),
      kindOf('/a/B.ZIP'),
      kindOf('/a/B.app/'),
      kindOf('/a/B.dmg'),
      kindOf('/a/B.pkg'),
    ]).toEqual(['zip', 'zip', 'app', 'dmg', undefined])
  })
})
