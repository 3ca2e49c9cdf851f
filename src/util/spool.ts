import {createReadStream, createWriteStream, type WriteStream} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {once} from 'node:events'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'

/** Where text goes: stdout or a file, written with backpressure (the promise waits while the pipe is full). */
export interface TextSink {
  write(text: string): Promise<void>
}

/**
 * stdout, waiting for 'drain' when the pipe is full, so that a report of any size goes out in bounded memory. No
 * callback per write: validation never returns to the event loop between files, and a callback per write (with what
 * it closes over) would wait in the tick queue until it did. When the reader goes away (`| head`: EPIPE, which oclif
 * swallows), the rest is dropped and the run goes on to its exit code, as when the report was written in one piece.
 */
export const stdoutSink: TextSink = {write: (text) => writeStdout(text)}

let stdoutGone = false

async function writeStdout(text: string): Promise<void> {
  const out = process.stdout
  if (stdoutGone || out.destroyed) {
    stdoutGone = true
    return
  }
  if (out.write(text) || out.destroyed) return
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: NodeJS.ErrnoException) => {
      out.off('drain', onDrain)
      out.off('close', onClose)
      out.off('error', onError)
      if (error && error.code !== 'EPIPE') reject(error)
      else resolve()
    }
    const onDrain = () => settle()
    const onClose = () => {
      stdoutGone = true
      settle()
    }
    const onError = (error: NodeJS.ErrnoException) => {
      stdoutGone = true
      settle(error)
    }
    out.once('drain', onDrain)
    out.once('close', onClose)
    out.once('error', onError)
  })
}

/** How much text the spool gathers before it hands it to the file: one stream write per file would cost more. */
const SPOOL_CHUNK = 64 * 1024

/**
 * Text kept aside until it can be written (a document whose head needs counts known only at the end): in a temporary
 * file, so that memory stays flat however much there is. Where no temporary file can be made, in memory.
 */
export class Spool implements TextSink {
  private out: WriteStream | undefined
  private memory: string[] | undefined
  private closed = false
  private pending = ''

  private constructor(private readonly dir: string | undefined) {
    if (dir) this.out = createWriteStream(join(dir, 'spool'), {encoding: 'utf8'})
    else this.memory = []
  }

  static async create(): Promise<Spool> {
    const dir = await mkdtemp(join(tmpdir(), 'pppc-spool-')).catch(() => undefined)
    return new Spool(dir)
  }

  async write(text: string): Promise<void> {
    if (this.memory) this.memory.push(text)
    else if (this.out) {
      // Gathered up to SPOOL_CHUNK characters, then written with backpressure: memory stays bounded.
      this.pending += text
      if (this.pending.length < SPOOL_CHUNK) return
      const chunk = this.pending
      this.pending = ''
      if (!this.out.write(chunk)) await once(this.out, 'drain')
    }
  }

  private async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.out) {
      if (this.pending) this.out.write(this.pending)
      this.pending = ''
      this.out.end()
      await once(this.out, 'close')
    }
  }

  /** Everything written, in order, to the sink. */
  async copyTo(sink: TextSink): Promise<void> {
    await this.close()
    if (this.memory) {
      for (const text of this.memory) await sink.write(text)
      return
    }
    for await (const chunk of createReadStream(join(this.dir!, 'spool'), {encoding: 'utf8'}))
      await sink.write(chunk as string)
  }

  /** Everything written, line by line (for text written as lines). */
  async *lines(): AsyncGenerator<string> {
    await this.close()
    if (this.memory) {
      for (const line of this.memory.join('').split('\n')) if (line) yield line
      return
    }
    const input = createReadStream(join(this.dir!, 'spool'), {encoding: 'utf8'})
    for await (const line of createInterface({input, crlfDelay: Infinity})) if (line) yield line
  }

  /** Removes the temporary file. */
  async dispose(): Promise<void> {
    if (this.out && !this.closed) {
      this.closed = true
      this.pending = ''
      this.out.destroy()
    }
    this.memory = undefined
    if (this.dir) await rm(this.dir, {recursive: true, force: true})
  }
}
