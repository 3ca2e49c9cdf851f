import {inflateSync} from 'node:zlib'

/**
 * The pages of a PDF Chromium printed, each with how much text it shows (text-showing operators in its content
 * stream), so a test can tell a near-empty last page from a full one. Enough of PDF for Chromium's own output:
 * page dictionaries naming one content stream, Flate-compressed.
 */
export function pdfPages(pdf: Uint8Array): {textOps: number}[] {
  const text = Buffer.from(pdf).toString('latin1')
  const objects = new Map<number, number>()
  for (const m of text.matchAll(/(?:^|[\r\n])(\d+) 0 obj/g)) objects.set(Number(m[1]), m.index! + m[0].length)
  const pages: {textOps: number}[] = []
  for (const m of text.matchAll(/\/Type\s*\/Page(?![s\w])/g)) {
    const end = text.indexOf('endobj', m.index)
    const start = text.lastIndexOf(' 0 obj', m.index)
    const dict = text.slice(start, end)
    const contents = /\/Contents\s+(\d+) 0 R/.exec(dict)
    let ops = 0
    if (contents) {
      const at = objects.get(Number(contents[1]))
      if (at !== undefined) {
        const streamStart = text.indexOf('stream', at)
        const dataStart = text[streamStart + 6] === '\r' ? streamStart + 8 : streamStart + 7
        const dataEnd = text.indexOf('endstream', dataStart)
        const raw = Buffer.from(text.slice(dataStart, dataEnd), 'latin1')
        const header = text.slice(at, streamStart)
        const body = /FlateDecode/.test(header) ? inflateSync(raw).toString('latin1') : raw.toString('latin1')
        ops = (body.match(/\bT[Jj]\b/g) ?? []).length
      }
    }
    pages.push({textOps: ops})
  }
  return pages
}
