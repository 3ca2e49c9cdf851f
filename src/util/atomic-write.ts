import {randomBytes} from 'node:crypto'
import type {Stats} from 'node:fs'
import {type FileHandle, lstat, mkdir, open, rename, rm} from 'node:fs/promises'
import {dirname, resolve} from 'node:path'
import {PppcError} from '../errors.js'
import {keepOnInterrupt, removeOnInterrupt} from './interrupt-cleanup.js'

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
  const file = await AtomicFile.open(path, options)
  try {
    await file.write(content)
  } catch (error) {
    await file.abort()
    throw error
  }
  return file.commit()
}

/**
 * The same, written piece by piece (a report streamed as it is made): `open` checks the target and creates the
 * temporary file, `write` appends (buffered up to a MiB), `commit` fsyncs and renames, `abort` removes the temporary
 * file. Until `commit`, the target is untouched.
 */
export class AtomicFile {
  private pendingText: string[] = []
  private pendingLength = 0
  private done = false

  private constructor(
    private readonly path: string,
    private readonly target: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(path: string, options: {force?: boolean} = {}): Promise<AtomicFile> {
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
    removeOnInterrupt(temp)
    let handle: FileHandle | undefined
    try {
      handle = await open(temp, 'wx', mode)
      // The mode given to open is reduced by the umask; an existing file's mode is restored exactly.
      if (existing) await handle.chmod(mode)
    } catch (error) {
      await handle?.close().catch(() => undefined)
      await rm(temp, {force: true})
      keepOnInterrupt(temp)
      throw writeError(path, error)
    }
    return new AtomicFile(path, target, temp, handle)
  }

  /** Appends text (UTF-8) or bytes; text is gathered into writes of about a MiB. */
  async write(content: string | Uint8Array): Promise<void> {
    if (typeof content === 'string') {
      this.pendingText.push(content)
      this.pendingLength += content.length
      if (this.pendingLength >= CHUNK) await this.flush()
      return
    }
    await this.flush()
    await this.guard(async () => {
      for (let at = 0; at < content.length; at += CHUNK)
        await this.handle.write(content, at, Math.min(CHUNK, content.length - at))
    })
  }

  private async flush(): Promise<void> {
    if (this.pendingText.length === 0) return
    const bytes = Buffer.from(this.pendingText.join(''), 'utf8')
    this.pendingText = []
    this.pendingLength = 0
    await this.guard(async () => {
      for (let at = 0; at < bytes.length; at += CHUNK)
        await this.handle.write(bytes, at, Math.min(CHUNK, bytes.length - at))
    })
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work()
    } catch (error) {
      await this.abort()
      throw writeError(this.path, error)
    }
  }

  /** Makes the file the target, whole. */
  async commit(): Promise<string> {
    await this.flush()
    if (this.done) throw new PppcError(`cannot write ${this.path} (already closed)`)
    this.done = true
    try {
      try {
        await this.handle.sync()
      } finally {
        await this.handle.close()
      }
      // The target may have been swapped for something else since it was checked: look again just before the rename.
      const now = await lstat(this.target).catch(() => undefined)
      if (now && !now.isFile())
        throw new PppcError(`${this.path} is ${kindOf(now)}; pppc replaces only regular files`, {
          code: 'PPPC_UNSAFE_TARGET',
        })
      await rename(this.temp, this.target)
      keepOnInterrupt(this.temp)
      await syncFolder(dirname(this.target))
    } catch (error) {
      await rm(this.temp, {force: true})
      keepOnInterrupt(this.temp)
      throw writeError(this.path, error)
    }
    return this.target
  }

  /** Leaves the target as it was and removes the temporary file. */
  async abort(): Promise<void> {
    if (this.done) return
    this.done = true
    this.pendingText = []
    await this.handle.close().catch(() => undefined)
    await rm(this.temp, {force: true})
    keepOnInterrupt(this.temp)
  }
}

function writeError(path: string, error: unknown): PppcError {
  if (error instanceof PppcError) return error
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
  return new PppcError(`cannot write ${path} (${code})`, {hint: 'check the folder exists and is writable'})
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
