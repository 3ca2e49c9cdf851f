import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {escapeJsonUnsafe} from '../../src/util/safe-text.js'
import {Spool, SPOOL_CHUNK, type TextSink} from '../../src/util/spool.js'

function collector(): TextSink & {text: () => string} {
  // Bytes, decoded at the end: what comes back from the file comes in pieces that may split a character.
  const parts: Buffer[] = []
  return {write: async (text) => void parts.push(Buffer.from(text)), text: () => Buffer.concat(parts).toString('utf8')}
}

describe('Spool', () => {
  it('gives back everything written, in order, across the chunks it gathers before writing its file', async () => {
    const spool = await Spool.create()
    const written: string[] = []
    // About 300 KB in pieces of varied sizes: several of the spool's 64 KB chunks, and a remainder.
    for (let i = 0; i < 400; i++) {
      const piece = `${i}:${'x'.repeat((i * 37) % 1500)}\n`
      written.push(piece)
      await spool.write(piece)
    }
    const sink = collector()
    await spool.copyTo(sink)
    await spool.dispose()
    expect(sink.text()).toBe(written.join(''))
  })

  it('writes ASCII text as it is and other text escaped, across chunk ends (writeAsciiOr)', async () => {
    const spool = await Spool.create()
    const expected: string[] = []
    // About 1 MB: plain ASCII, DEL (ASCII, yet escaped), what JSON allows raw but a terminal obeys, other non-ASCII
    // (unchanged by the escape, but found so only by escaping), and texts longer than a chunk.
    const kinds = [
      'plain "x"\n',
      'del \u007f',
      'bidi \u202e and \u0085',
      'café ✓ 😀',
      'y'.repeat(300_000),
      '\u2028'.repeat(90_000),
    ]
    for (let i = 0; i < 600; i++) {
      const text = `${i}:${kinds[i % kinds.length]!.slice(0, i % 5 === 0 ? undefined : 2000)}\n`
      expected.push(escapeJsonUnsafe(text))
      await spool.writeAsciiOr(text, escapeJsonUnsafe)
    }
    const sink = collector()
    await spool.copyTo(sink)
    await spool.dispose()
    expect(sink.text()).toBe(expected.join(''))
    expect(sink.text()).toContain('del \\u007f')
    expect(sink.text()).not.toMatch(/[\u007f\u202e\u0085\u2028]/)
  })

  it('writes a text with a character beyond ASCII whole, whatever room is left in the chunk (writeAsciiOr)', async () => {
    // "é" is two bytes: with 10 bytes left, an encoding cut after "8" is 10 bytes for 10 characters, as if all ASCII.
    const text = 'é123456789'
    for (let room = 8; room <= 40; room++) {
      const spool = await Spool.create()
      const filler = 'a'.repeat(SPOOL_CHUNK - room)
      await spool.write(filler)
      await spool.writeAsciiOr(text, escapeJsonUnsafe)
      await spool.write('|end')
      const sink = collector()
      await spool.copyTo(sink)
      await spool.dispose()
      expect(sink.text().slice(filler.length), `room ${room}`).toBe(`${text}|end`)
    }
  })

  it('gives back the lines written, the last chunk included', async () => {
    const spool = await Spool.create()
    for (let i = 0; i < 3000; i++) await spool.write(`line ${i} ${'y'.repeat(40)}\n`)
    const lines: string[] = []
    for await (const line of spool.lines()) lines.push(line)
    await spool.dispose()
    expect(lines).toHaveLength(3000)
    expect(lines.at(-1)).toBe(`line 2999 ${'y'.repeat(40)}`)
  })

  it('gives back the lines held in memory across its chunks, a line and a character cut by a chunk included', async () => {
    const spool = await Spool.create()
    // ~1.3 MB: five of the spool's 256 KiB chunks, held in memory (within its budget).
    for (let i = 0; i < 20_000; i++) await spool.write(`line ${i} ü€ ${'y'.repeat(i % 53)}\n`)
    const lines: string[] = []
    for await (const line of spool.lines()) lines.push(line)
    await spool.dispose()
    expect(lines).toHaveLength(20_000)
    expect(lines.every((line, i) => line === `line ${i} ü€ ${'y'.repeat(i % 53)}`)).toBe(true)
  })

  it.each([undefined, 1000])(
    'keeps a text larger than its chunks, and bytes, in order (memory budget %s)',
    async (memoryBudget) => {
      const spool = await Spool.create(memoryBudget === undefined ? {} : {memoryBudget})
      // One report far larger than a chunk (a 50 MB profile's findings), between small ones, and a piece given as bytes.
      const pieces = ['head\n', `${'€ü'.repeat(200_000)}\n`, 'middle\n', 'tail ✓\n']
      await spool.write(pieces[0]!)
      await spool.write(pieces[1]!)
      await spool.write(Buffer.from(pieces[2]!))
      await spool.write(pieces[3]!)
      const sink = collector()
      await spool.copyTo(sink)
      await spool.dispose()
      expect(sink.text()).toBe(pieces.join(''))
    },
  )

  describe('beyond its memory budget, in a temporary file', () => {
    // A folder of this test's own as TMPDIR: other test files make spools of their own at the same time.
    let saved: string | undefined
    beforeEach(() => {
      saved = process.env.TMPDIR
      process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'spool-test-'))
    })
    afterEach(() => {
      rmSync(tmpdir(), {recursive: true, force: true})
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    })
    const spools = () => new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('pppc-spool-')))

    it('gives back every byte, characters of two to four bytes split across its reads included', async () => {
      const before = spools()
      const spool = await Spool.create({memoryBudget: 1000})
      const written: string[] = []
      // ~2.6 MB: more than two of the spool's 1 MiB reads, so that some character straddles a read's end.
      for (let i = 0; i < 20_000; i++) {
        const piece = `${i} é€𝄞 ${'ü'.repeat(i % 97)}\n`
        written.push(piece)
        await spool.write(piece)
      }
      const made = [...spools()].filter((d) => !before.has(d))
      expect(made).toHaveLength(1)
      // Only its owner may read it: a report can name files and values from the profiles.
      expect(statSync(join(tmpdir(), made[0]!, 'spool')).mode & 0o777).toBe(0o600)
      const sink = collector()
      await spool.copyTo(sink)
      await spool.dispose()
      expect(sink.text()).toBe(written.join(''))
      expect(spools().has(made[0]!)).toBe(false)
    })

    it('gives back its lines from the file, the last ones written included', async () => {
      const spool = await Spool.create({memoryBudget: 100})
      for (let i = 0; i < 5000; i++) await spool.write(`line ${i} ñ ${'z'.repeat(i % 50)}\n`)
      const lines: string[] = []
      for await (const line of spool.lines()) lines.push(line)
      await spool.dispose()
      expect(lines).toHaveLength(5000)
      expect(lines[4321]).toBe(`line 4321 ñ ${'z'.repeat(4321 % 50)}`)
    })

    it('makes no file for a report within its budget', async () => {
      const before = spools()
      const spool = await Spool.create()
      for (let i = 0; i < 1000; i++) await spool.write(`{"file": ${i}}\n`)
      expect([...spools()].filter((d) => !before.has(d))).toEqual([])
      const sink = collector()
      await spool.copyTo(sink)
      await spool.dispose()
      expect(sink.text().split('\n')).toHaveLength(1001)
    })
  })
})
