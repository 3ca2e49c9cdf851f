import {createReadStream} from 'node:fs'
import {basename} from 'node:path'
import {PppcError} from '../errors.js'
import {parseResultLine} from './result-line.js'
import type {FleetMac, FleetSource} from './sources.js'

/**
 * CSV rows, as RFC 4180 writes them (quoted fields with commas, quotes and line breaks; CRLF or LF), read from a
 * stream a chunk at a time: only the row being read is held. A byte-order mark before the header is dropped.
 */
export async function* csvRows(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  let row: string[] = []
  let field = ''
  let quoted = false
  let afterQuote = false
  let first = true
  for await (let chunk of chunks) {
    if (first) {
      chunk = chunk.replace(/^\uFEFF/, '')
      first = false
    }
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!
      if (quoted) {
        if (c === '"') {
          quoted = false
          afterQuote = true
        } else field += c
        continue
      }
      if (c === '"') {
        // A doubled quote inside a quoted field: the quote closed a moment ago, and opens again.
        if (afterQuote) field += '"'
        quoted = true
        afterQuote = false
      } else if (c === ',') {
        row.push(field)
        field = ''
        afterQuote = false
      } else if (c === '\n') {
        row.push(field.endsWith('\r') && !afterQuote ? field.slice(0, -1) : field)
        yield row
        row = []
        field = ''
        afterQuote = false
      } else if (c === '\r' && afterQuote) {
        // CR after a closing quote: the line ends at the LF that follows.
      } else {
        field += c
        afterQuote = false
      }
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field.endsWith('\r') ? field.slice(0, -1) : field)
    yield row
  }
}

/**
 * The columns pppc reads from an export, by header (letter case and spaces ignored): Jamf Pro's advanced computer
 * search exported as CSV ("Computer Name", "Operating System Version", "Jamf Pro Computer ID" or "Serial Number", and a
 * column headed with the extension attribute's name), and Kandji's device export ("Device Name" or "Name", "OS
 * Version", "Device ID" or "Serial Number"; the script's output in a column of its own). The result column is
 * --column, else the extension attribute's or script's name, else any cell that holds a result line.
 */
const HEADERS = {
  name: ['computer name', 'device name', 'name', 'device_name', 'computer'],
  macos: ['operating system version', 'os version', 'os_version', 'macos version', 'operating system'],
  id: ['jamf pro computer id', 'computer id', 'device id', 'device_id', 'id', 'serial number', 'serial_number'],
}

const norm = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ')

function columnOf(header: string[], names: string[]): number {
  for (const name of names) {
    const at = header.findIndex((h) => norm(h) === name)
    if (at >= 0) return at
  }
  return -1
}

async function* textChunks(file: string): AsyncGenerator<string> {
  const stream = createReadStream(file, {encoding: 'utf8', highWaterMark: 64 * 1024})
  try {
    for await (const chunk of stream) yield chunk as string
  } catch (error) {
    throw new PppcError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      hint: 'give the CSV exported from Jamf Pro (advanced search) or Kandji (devices)',
    })
  }
}

/** A CSV export as a source; rows are handed on in pages of 1,000. */
export function csvSource(file: string, options: {column?: string | undefined; item: string}): FleetSource {
  const item = options.column ?? options.item
  return {
    kind: 'csv',
    where: basename(file),
    item,
    async *macs() {
      let header: string[] | undefined
      let name = -1
      let macos = -1
      let id = -1
      let result = -1
      let page: FleetMac[] = []
      let line = 0
      for await (const row of csvRows(textChunks(file))) {
        line++
        if (!header) {
          header = row
          name = columnOf(header, HEADERS.name)
          macos = columnOf(header, HEADERS.macos)
          id = columnOf(header, HEADERS.id)
          result = header.findIndex((h) => norm(h) === norm(item))
          if (options.column !== undefined && result < 0)
            throw new PppcError(`${basename(file)} has no column ${JSON.stringify(options.column)}`, {
              hint: `its columns: ${header.map((h) => JSON.stringify(h)).join(', ')}`,
            })
          if (name < 0 && id < 0)
            throw new PppcError(`${basename(file)} has no column naming the Macs`, {
              hint: `export it with "Computer Name" (Jamf Pro) or "Device Name" (Kandji); its columns: ${header.map((h) => JSON.stringify(h)).join(', ')}`,
            })
          continue
        }
        if (row.length === 1 && row[0] === '') continue
        const parsed =
          result >= 0 ? parseResultLine(row[result]) : row.map((cell) => parseResultLine(cell)).find(Boolean)
        page.push({
          id: (id >= 0 ? row[id] : undefined) || `row ${line}`,
          name: (name >= 0 ? row[name] : undefined) ?? '',
          macos: (macos >= 0 ? row[macos] : undefined) || parsed?.macos || null,
          result: parsed ?? undefined,
        })
        if (page.length >= 1000) {
          yield page
          page = []
        }
      }
      if (!header) throw new PppcError(`${basename(file)} is empty`, {hint: 'give the exported CSV'})
      if (page.length > 0) yield page
    },
  }
}
