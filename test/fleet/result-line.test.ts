import {describe, expect, it} from 'vitest'
import {csvRows} from '../../src/fleet/csv.js'
import {formatResultLine, parseResultLine} from '../../src/fleet/result-line.js'

describe('the result line', () => {
  it('reads back what it writes, inside <result> as Jamf Pro gets it and inside a Kandji log', () => {
    const line = formatResultLine({
      window: 'shows',
      macos: '15.7.9',
      app: 'beyondtrust-rs-customer-client',
      show: [
        {service: 'ScreenCapture', cause: 'denied'},
        {service: 'Accessibility', cause: 'mismatch'},
      ],
      unsure: [{service: 'SystemPolicyAllFiles', cause: 'no-fda'}],
    })
    expect(line).toBe(
      'pppc1 window=shows macos=15.7.9 app=beyondtrust-rs-customer-client show=ScreenCapture:denied,Accessibility:mismatch unsure=SystemPolicyAllFiles:no-fda',
    )
    for (const text of [
      line,
      `<result>${line}</result>`,
      `Executing audit script...\n${line}\nScript exited with non-zero status.`,
    ])
      expect(parseResultLine(text)).toEqual({
        window: 'shows',
        macos: '15.7.9',
        app: 'beyondtrust-rs-customer-client',
        show: [
          {service: 'ScreenCapture', cause: 'denied'},
          {service: 'Accessibility', cause: 'mismatch'},
        ],
        unsure: [{service: 'SystemPolicyAllFiles', cause: 'no-fda'}],
      })
  })

  it("takes a later version's extra fields and unknown causes without failing, and refuses what is not a line", () => {
    expect(parseResultLine('pppc1 window=does-not-show macos=? app=x show=- extra=1')).toEqual({
      window: 'does-not-show',
      macos: null,
      app: 'x',
      show: [],
      unsure: [],
    })
    expect(parseResultLine('pppc1 window=shows macos=26.1 app=x show=ScreenCapture:brand-new')?.show).toEqual([
      {service: 'ScreenCapture', cause: 'unknown'},
    ])
    for (const text of ['', 'ok', 'pppc1', 'pppc1 window=maybe show=-', 'xpppc1 window=shows', 'pppc2 window=shows'])
      expect(parseResultLine(text)).toBeUndefined()
  })
})

async function* chunks(...parts: string[]) {
  yield* parts
}

async function rows(...parts: string[]): Promise<string[][]> {
  const out: string[][] = []
  for await (const row of csvRows(chunks(...parts))) out.push(row)
  return out
}

describe('CSV rows', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF, a BOM, across chunk boundaries', async () => {
    expect(
      await rows(
        '\uFEFFComputer Name,"Operating System Version",pppc\r\n"Mac, ""A""",14.6,"pppc1 window=shows',
        '\r\nx"\r',
        '\nB,15.5,\r\n',
      ),
    ).toEqual([
      ['Computer Name', 'Operating System Version', 'pppc'],
      ['Mac, "A"', '14.6', 'pppc1 window=shows\r\nx'],
      ['B', '15.5', ''],
    ])
    expect(await rows('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
  })
})
