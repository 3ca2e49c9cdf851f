import {closeSync, createReadStream, openSync, readSync, rmSync, writeSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {StringDecoder} from 'node:string_decoder'
import {PppcError} from '../errors.js'
import {keepOnInterrupt, temporaryFolder} from './interrupt-cleanup.js'

/**
 * Where a report goes: stdout or a file, written with backpressure (the promise waits while the pipe is full). Text is
 * UTF-8; bytes are passed on as they are (a spool hands back what it wrote as bytes, without decoding them).
 */
export interface TextSink {
  write(text: string | Uint8Array): Promise<void>
}

/**
 * stdout, waiting for 'drain' when the pipe is full, so that a report of any size goes out in bounded memory. No
 * callback per write: validation never returns to the event loop between files, and a callback per write (with what
 * it closes over) would wait in the tick queue until it did. When the reader goes away (`| head`: EPIPE, which oclif
 * swallows), the rest is dropped and the run goes on to its exit code, as when the report was written in one piece.
 */
export const stdoutSink: TextSink = {write: (text) => writeStdout(text)}

let stdoutGone = false

async function writeStdout(text: string | Uint8Array): Promise<void> {
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

/** How much text a batched sink gathers before it writes. */
const BATCH = 64 * 1024

/**
 * A sink that gathers text into writes of about BATCH characters, for a reader that is not a person (a pipe, a file):
 * a write per file's report was a system call each. `flush` writes what is left; the run calls it at its end, whatever
 * the end.
 */
export function batched(sink: TextSink): TextSink & {flush(): Promise<void>} {
  let pending: string[] = []
  let length = 0
  const flush = async () => {
    if (pending.length === 0) return
    const text = pending.join('')
    pending = []
    length = 0
    await sink.write(text)
  }
  return {
    write: async (text) => {
      if (typeof text !== 'string') {
        await flush()
        await sink.write(text)
        return
      }
      pending.push(text)
      length += text.length
      if (length >= BATCH) await flush()
    },
    flush,
  }
}

/**
 * How much a spool holds in memory before it moves to a temporary file: a report of a few thousand files stays in
 * memory, a larger one costs this much memory at most. Bytes of UTF-8.
 */
const MEMORY_BUDGET = 8 * 1024 * 1024

/**
 * Text is encoded as it is written into chunks of this size: held in memory (outside V8's heap, so that the garbage
 * collector neither copies nor marks a report that waits) or, once there is a file, written to it from one chunk used
 * again and again. Joining the texts and encoding the result cost several times as much, and left strings of the size
 * that only a full collection frees.
 */
const CHUNK = 256 * 1024

/** For tests: the chunk size, to write up to a chunk's end. */
export const SPOOL_CHUNK = CHUNK

const DEL = 0x7f

/** The file is read back in pieces of this size, decoded as text: below V8's largest regular object (128 KiB). */
const READ_BACK = 64 * 1024

/**
 * Text kept aside until it can be written (a document whose head needs counts known only at the end): in memory up to
 * MEMORY_BUDGET, then in a temporary file, so that memory stays flat however much there is. Where no temporary file can
 * be made, in memory. The file is written and read synchronously: validation never waits for anything else, and a
 * round trip through the event loop per chunk cost more than the writes themselves.
 */
export class Spool implements TextSink {
  private chunk: Buffer = Buffer.allocUnsafeSlow(CHUNK)
  private used = 0
  /** Full chunks held in memory (before a file is made, or where none can be). */
  private held: Buffer[] = []
  private heldBytes = 0
  private fd: number | undefined
  private dir: string | undefined
  private noFile = false
  private disposed = false

  private constructor(private readonly memoryBudget: number) {}

  /** `memoryBudget` (bytes held before the file is made) is for tests; reports use MEMORY_BUDGET. */
  static async create(options: {memoryBudget?: number} = {}): Promise<Spool> {
    return new Spool(options.memoryBudget ?? MEMORY_BUDGET)
  }

  async write(text: string | Uint8Array): Promise<void> {
    if (typeof text !== 'string') {
      this.finishChunk()
      this.keep(Buffer.from(text))
      return
    }
    // A UTF-8 character is at most three bytes per UTF-16 unit: most texts fit without being measured.
    const room = CHUNK - this.used
    if (text.length * 3 > room) {
      const bytes = Buffer.byteLength(text, 'utf8')
      if (bytes > room) this.finishChunk()
      if (bytes > CHUNK) return this.keep(Buffer.from(text, 'utf8'))
    }
    this.used += this.chunk.write(text, this.used, 'utf8')
  }

  /**
   * `text` as `write(escape(text))` would write it, where `escape` changes nothing in text that is ASCII other than
   * DEL: such text is written as it is, found so from the bytes the encoding wrote (a scan of the text for what
   * `escape` replaces cost as much as the encoding itself); other text is written again, escaped.
   */
  async writeAsciiOr(text: string, escape: (text: string) => string): Promise<void> {
    // Room for three bytes a character: the encoding then never stops short, and as many bytes as characters means
    // every character was one byte. (With room for fewer, a cut text could also come to as many bytes as characters.)
    if (text.length * 3 > CHUNK - this.used) this.finishChunk()
    if (text.length * 3 > CHUNK) return this.write(escape(text))
    const start = this.used
    const written = this.chunk.write(text, start, 'utf8')
    if (written === text.length && this.chunk.subarray(start, start + written).indexOf(DEL) < 0) {
      this.used = start + written
      return
    }
    await this.write(escape(text))
  }

  /** The chunk's bytes are kept, and writing goes on in a chunk with room. */
  private finishChunk(): void {
    if (this.used === 0) return
    const bytes = this.chunk.subarray(0, this.used)
    this.used = 0
    if (this.fd !== undefined) return this.writeBytes(bytes)
    this.keep(bytes)
    // Held, the chunk is kept as it is; written (the budget passed and the file made), it can be used again.
    if (this.fd === undefined) this.chunk = Buffer.allocUnsafeSlow(CHUNK)
  }

  /** Bytes to the file if there is one; else held, and all of it to a new file once past the budget. */
  private keep(bytes: Buffer): void {
    if (this.fd !== undefined) return this.writeBytes(bytes)
    this.held.push(bytes)
    this.heldBytes += bytes.length
    if (this.heldBytes < this.memoryBudget || this.noFile || !this.makeFile()) return
    const held = this.held
    this.held = []
    this.heldBytes = 0
    for (const chunk of held) this.writeBytes(chunk)
  }

  private makeFile(): boolean {
    try {
      this.dir = temporaryFolder('pppc-spool')
      this.fd = openSync(join(this.dir, 'spool'), 'wx+', 0o600)
      return true
    } catch {
      this.noFile = true
      if (this.dir) this.removeDir()
      return false
    }
  }

  private writeBytes(bytes: Buffer): void {
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(this.fd!, bytes, at, bytes.length - at)
    } catch (error) {
      throw new PppcError(
        `cannot write the report's temporary file in ${tmpdir()} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        {hint: 'free some space there, or set TMPDIR to a folder with room'},
      )
    }
  }

  /**
   * Everything written, in order, to the sink: from the file as text (read back through one buffer: a new buffer per
   * piece is memory outside V8's heap, which it frees only after tens of megabytes), then what is held, as bytes.
   */
  async copyTo(sink: TextSink): Promise<void> {
    this.finishChunk()
    if (this.fd !== undefined) {
      const buffer = Buffer.allocUnsafe(READ_BACK)
      const decoder = new StringDecoder('utf8')
      for (let at = 0; ;) {
        const n = readSync(this.fd, buffer, 0, READ_BACK, at)
        if (n === 0) break
        at += n
        await sink.write(decoder.write(buffer.subarray(0, n)))
      }
      const rest = decoder.end()
      if (rest) await sink.write(rest)
    }
    for (const chunk of this.held) await sink.write(chunk)
  }

  /** Everything written, line by line (for text written as lines). */
  async *lines(): AsyncGenerator<string> {
    this.finishChunk()
    if (this.fd !== undefined) {
      const input = createReadStream('', {fd: this.fd, start: 0, autoClose: false, encoding: 'utf8'})
      for await (const line of createInterface({input, crlfDelay: Infinity})) if (line) yield line
    }
    // Chunk by chunk, a line cut by a chunk's end carried over: the whole joined would be a second copy of it all.
    const decoder = new StringDecoder('utf8')
    let carry = ''
    for (const chunk of this.held) {
      const lines = (carry + decoder.write(chunk)).split('\n')
      carry = lines.pop()!
      for (const line of lines) if (line) yield line
    }
    carry += decoder.end()
    if (carry) yield carry
  }

  /** Removes the temporary file. */
  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    this.held = []
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
    if (this.dir) this.removeDir()
  }

  private removeDir(): void {
    rmSync(this.dir!, {recursive: true, force: true})
    keepOnInterrupt(this.dir!)
    this.dir = undefined
  }
}
