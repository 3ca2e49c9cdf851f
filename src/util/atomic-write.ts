import {randomBytes} from 'node:crypto'
import {lstat, mkdir, rename, rm, writeFile} from 'node:fs/promises'
import {dirname, resolve} from 'node:path'
import {PppcError} from '../errors.js'

/**
 * Writes a file whole or not at all: a temporary file beside the target, then a rename. An existing target is kept
 * unless `force`.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: {force?: boolean} = {},
): Promise<string> {
  const target = resolve(path)
  const existing = await lstat(target).catch(() => undefined)
  if (existing?.isDirectory()) throw new PppcError(`${path} is a folder`, {hint: 'give a file name'})
  if (existing && !options.force) throw new PppcError(`${path} already exists`, {hint: 'pass --force to replace it'})
  await mkdir(dirname(target), {recursive: true}).catch((error: NodeJS.ErrnoException) => {
    throw new PppcError(`cannot create the folder for ${path} (${error.code ?? error.message})`)
  })
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(temp, content, {flag: 'wx', mode: 0o644})
    await rename(temp, target)
  } catch (error) {
    await rm(temp, {force: true})
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new PppcError(`cannot write ${path} (${code})`, {hint: 'check the folder exists and is writable'})
  }
  return target
}
