import {describe, expect, it} from 'vitest'
import {Spool, type TextSink} from '../../src/util/spool.js'

function collector(): TextSink & {text: () => string} {
  const parts: string[] = []
  return {write: async (text) => void parts.push(text), text: () => parts.join('')}
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

  it('gives back the lines written, the last chunk included', async () => {
    const spool = await Spool.create()
    for (let i = 0; i < 3000; i++) await spool.write(`line ${i} ${'y'.repeat(40)}\n`)
    const lines: string[] = []
    for await (const line of spool.lines()) lines.push(line)
    await spool.dispose()
    expect(lines).toHaveLength(3000)
    expect(lines.at(-1)).toBe(`line 2999 ${'y'.repeat(40)}`)
  })
})
