import {lstat, readdir, readlink} from 'node:fs/promises'
import {join, relative} from 'node:path'

/** Every path under `dir` with what it is (size, link target), to show a run wrote nothing: compare before and after. */
export async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  async function walk(path: string): Promise<void> {
    const info = await lstat(path)
    const key = relative(dir, path) || '.'
    if (info.isSymbolicLink()) out[key] = `link -> ${await readlink(path)}`
    else if (info.isDirectory()) {
      out[key] = 'dir'
      for (const name of await readdir(path)) await walk(join(path, name))
    } else out[key] = `file ${info.size} ${info.mtimeMs}`
  }
  await walk(dir)
  return out
}
