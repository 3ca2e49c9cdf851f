import {readdir, stat} from 'node:fs/promises'
import {homedir} from 'node:os'
import {extname, join} from 'node:path'
import {PppcError} from '../errors.js'

export type SourceKind = 'zip' | 'app' | 'dmg'

export interface Download {
  path: string
  kind: SourceKind
}

/**
 * The catalogue's download names as patterns: "Open To Start Support Session.zip" matches any case and any suffix a
 * browser adds before the extension ("... Session (1).zip", "... Session 2.app"). Partial downloads (.crdownload,
 * .part, .download) end otherwise and never match.
 */
export function downloadMatcher(names: readonly string[]): (fileName: string) => boolean {
  const patterns = names.map((name) => {
    const ext = extname(name).toLowerCase()
    return {stem: name.slice(0, name.length - ext.length).toLowerCase(), ext}
  })
  return (fileName) => {
    const lower = fileName.toLowerCase()
    return patterns.some((p) => lower.startsWith(p.stem) && lower.endsWith(p.ext))
  }
}

export function kindOf(path: string): SourceKind | undefined {
  const ext = extname(path.replace(/\/+$/, '')).toLowerCase()
  return ext === '.zip' ? 'zip' : ext === '.app' ? 'app' : ext === '.dmg' ? 'dmg' : undefined
}

/** The newest of the candidates (by modification time); ties go to the name that sorts first, so the pick is stable. */
export function newest<T extends {name: string; mtimeMs: number}>(candidates: T[]): T | undefined {
  return [...candidates].sort((a, b) => b.mtimeMs - a.mtimeMs || a.name.localeCompare(b.name))[0]
}

export function downloadsFolder(): string {
  return join(homedir(), 'Downloads')
}

/** The newest download in ~/Downloads whose name matches the catalogue entry's download names. */
export async function findDownload(names: readonly string[], folder = downloadsFolder()): Promise<Download> {
  const matches = downloadMatcher(names)
  const files = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    throw new PppcError(`cannot read ${folder} (${error.code ?? error.message})`, {
      hint: 'give the path of the download',
    })
  })
  const candidates: {name: string; mtimeMs: number}[] = []
  for (const name of files.filter(matches)) {
    const info = await stat(join(folder, name)).catch(() => undefined)
    if (info && kindOf(name)) candidates.push({name, mtimeMs: info.mtimeMs})
  }
  const pick = newest(candidates)
  if (!pick) {
    throw new PppcError(`no download named like ${names.map((n) => `"${n}"`).join(' or ')} in ${folder}`, {
      hint: 'download the client from your support portal first, or give its path',
    })
  }
  return {path: join(folder, pick.name), kind: kindOf(pick.name)!}
}
