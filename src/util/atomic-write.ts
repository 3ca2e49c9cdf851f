import {randomBytes} from 'node:crypto'
import {rmSync, type Stats} from 'node:fs'
import {lstat, mkdir, open, rename, rm} from 'node:fs/promises'
import {dirname, resolve} from 'node:path'
import {PppcError} from '../errors.js'

/** Temporary files being written: removed if the process is interrupted (Ctrl-C, kill) before they are renamed. */
const pending = new Set<string>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

function onSignal(signal: NodeJS.Signals): void {
  for (const temp of pending) rmSync(temp, {force: true})
  pending.clear()
  for (const s of SIGNALS) process.removeListener(s, onSignal)
  // Die of the same signal, as the shell and CI expect (exit status 128 + n).
  process.kill(process.pid, signal)
}

function track(temp: string): void {
  if (pending.size === 0) for (const s of SIGNALS) process.on(s, onSignal)
  pending.add(temp)
}

function untrack(temp: string): void {
  pending.delete(temp)
  if (pending.size === 0) for (const s of SIGNALS) process.removeListener(s, onSignal)
}

function kindOf(info: Stats): string {
  if (info.isSymbolicLink()) return 'a symlink'
  if (info.isFIFO()) return 'a FIFO (named pipe)'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  if (info.isSocket()) return 'a socket'
  return 'not a regular file'
}

const CHUNK = 1024 ** 2

/**
 * Writes a file whole or not at all: a temporary file beside the target, written and fsynced, then renamed over the
 * target, then the folder fsynced, so a crash leaves the old file or the new one, never half of one. Only a regular
 * file (or nothing) is replaced: a symlink (even /proc/self/fd/1), a FIFO, a device or a socket is refused, --force or
 * not, because replacing it would change what it is. An existing file keeps its mode (0600 stays 0600). An existing
 * target is kept unless `force`. Interrupted by SIGINT, SIGTERM or SIGHUP, the temporary file is removed.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: {force?: boolean} = {},
): Promise<string> {
  const target = resolve(path)
  const existing = await lstat(target).catch(() => undefined)
  if (existing?.isDirectory()) throw new PppcError(`${path} is a folder`, {hint: 'give a file name'})
  if (existing && !existing.isFile())
    throw new PppcError(`${path} is ${kindOf(existing)}; pppc replaces only regular files`, {
      code: 'PPPC_UNSAFE_TARGET',
      hint: 'give the path of a regular file, or remove it first',
    })
  if (existing && !options.force) throw new PppcError(`${path} already exists`, {hint: 'pass --force to replace it'})
  await mkdir(dirname(target), {recursive: true}).catch((error: NodeJS.ErrnoException) => {
    throw new PppcError(`cannot create the folder for ${path} (${error.code ?? error.message})`)
  })
  const mode = existing ? existing.mode & 0o7777 : 0o644
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  track(temp)
  try {
    const handle = await open(temp, 'wx', mode)
    try {
      // The mode given to open is reduced by the umask; an existing file's mode is restored exactly.
      if (existing) await handle.chmod(mode)
      for (let at = 0; at < bytes.length; at += CHUNK) await handle.write(bytes, at, Math.min(CHUNK, bytes.length - at))
      await handle.sync()
    } finally {
      await handle.close()
    }
    // The target may have been swapped for something else since it was checked: look again just before the rename.
    const now = await lstat(target).catch(() => undefined)
    if (now && !now.isFile())
      throw new PppcError(`${path} is ${kindOf(now)}; pppc replaces only regular files`, {code: 'PPPC_UNSAFE_TARGET'})
    await rename(temp, target)
    untrack(temp)
    await syncFolder(dirname(target))
  } catch (error) {
    await rm(temp, {force: true})
    untrack(temp)
    if (error instanceof PppcError) throw error
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new PppcError(`cannot write ${path} (${code})`, {hint: 'check the folder exists and is writable'})
  }
  return target
}

/** The rename is durable once the folder that holds it is on disk; some file systems cannot fsync a folder. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined)
  if (!handle) return
  try {
    await handle.sync().catch(() => undefined)
  } finally {
    await handle.close()
  }
}
