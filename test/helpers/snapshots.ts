import {cp, mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import type {CommandResult, Mac} from '../../src/system/mac.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {FIXTURES} from './paths.js'
import {buildZip, type ZipItem} from './zip.js'

export const DOWNLOADED_ZIP = '/Users/admin/Downloads/Open To Start Support Session.zip'
export const SAFARI_APP = '/Users/admin/Downloads/Open To Start Support Session.app'

/**
 * A temporary copy of a recorded Mac with the downloaded zip in it (files/<absolute path>, as `pppc collect` copies
 * the files it reads), built now from `items`.
 */
export async function recordedMacWithZip(name: string, items: ZipItem[] | null): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'pppc-snapshot-')), name)
  await cp(join(FIXTURES, 'macs', name), dir, {recursive: true})
  if (items) {
    const copy = join(dir, 'files', DOWNLOADED_ZIP)
    await mkdir(dirname(copy), {recursive: true})
    await writeFile(copy, buildZip(items))
  }
  return dir
}

/** A recorded Mac that also notes every command asked of it, to show what a run did and did not do. */
export async function watchedMac(dir: string): Promise<Mac & {asked: string[][]}> {
  const mac = await RecordedMac.open(dir)
  const asked: string[][] = []
  return {
    kind: mac.kind,
    source: mac.source,
    asked,
    async run(argv: string[]): Promise<CommandResult> {
      asked.push(argv)
      return mac.run(argv)
    },
    readFile: (path: string) => mac.readFile(path),
    hostApp: mac.hostApp,
    tryReadFile: (path: string) => mac.tryReadFile(path),
    queryDb: (path: string, sql: string) => mac.queryDb(path, sql),
  }
}
