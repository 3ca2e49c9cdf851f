import {CAUSES} from '../fleet/result-line.js'
import {VERDICTS, type FleetReport, type FleetSummary, type FleetVerdict, type ListedMac} from '../fleet/report.js'
import {jsonSafe, terminalSafe, xmlSafe} from '../util/safe-text.js'
import {renderTable} from './table.js'

/** Where a report is written, a piece at a time (stdout with backpressure, or a file). */
export type Sink = (text: string) => Promise<void>

export type FleetFormat = 'text' | 'json' | 'csv' | 'html'

const VERDICT_WORDS: Record<FleetVerdict, string> = {
  shows: 'window shows',
  unknown: 'unknown',
  'does-not-show': 'window does not show',
  'no-result': 'no result yet',
}

const SOURCE_WORDS = {jamf: 'Jamf Pro', kandji: 'Kandji', csv: 'CSV export'} as const
const ITEM_WORDS = {jamf: 'extension attribute', kandji: 'custom script', csv: 'column'} as const

const percent = (n: number, of: number) => (of === 0 ? '' : `${((100 * n) / of).toFixed(1)}%`)

function heading(s: FleetSummary, appName: string): string {
  return `Fleet readiness for ${appName}: ${SOURCE_WORDS[s.source.kind]} ${s.source.where} (${ITEM_WORDS[s.source.kind]} "${s.source.item}")`
}

async function text(report: FleetReport, appName: string, write: Sink): Promise<void> {
  const s = report.summary
  const lines = [heading(s, appName), `${s.macs} Macs, ${s.reported} with a result`]
  if (s.unassigned !== null) lines.push(`${s.unassigned} more Macs in Kandji are not in the script's Blueprints`)
  lines.push(
    '',
    renderTable(
      ['VERDICT', 'MACS', 'SHARE'],
      VERDICTS.map((v) => [VERDICT_WORDS[v], String(s.verdicts[v]), percent(s.verdicts[v], s.macs)]),
    ),
    '',
    'By macOS version',
    renderTable(
      ['MACOS', 'MACS', 'SHOWS', 'UNKNOWN', 'DOES NOT SHOW', 'NO RESULT'],
      s.macos.map((m) => [m.version, m.macs, m.shows, m.unknown, m['does-not-show'], m['no-result']].map(String)),
    ),
    '',
    'By cause',
  )
  lines.push(
    s.causes.length === 0
      ? 'none: no Mac shows the window'
      : renderTable(
          ['SECTION', 'CAUSE', 'MACS', 'FIX'],
          s.causes.map((c) => [
            c.section,
            `${CAUSES[c.cause].short}${c.decided ? '' : ' (undecided)'}`,
            String(c.macs),
            c.fix,
          ]),
        ),
  )
  lines.push(
    '',
    `Macs that will show the window (${s.verdicts.shows}), then those pppc cannot decide (${s.verdicts.unknown})`,
  )
  await write(`${terminalSafe(lines.join('\n'), true)}\n`)
  if (report.listed === 0) return write('none\n')
  for await (const mac of report.list()) {
    const out = [
      terminalSafe(
        `${mac.name || mac.id} (id ${mac.id}, macOS ${mac.macos ?? 'unknown'}): ${VERDICT_WORDS[mac.window]}`,
      ),
    ]
    for (const section of mac.sections)
      out.push(
        `  ${section.section}: ${CAUSES[section.cause].short}${section.decided ? '' : ' (undecided)'}; fix: ${section.fix}`,
      )
    await write(`${out.join('\n')}\n`)
  }
}

/** The JSON document, written as it is read: the summary's keys, then "list" one Mac at a time. */
async function json(report: FleetReport, write: Sink): Promise<void> {
  const head = jsonSafe(report.summary, 2)
  await write(`${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "list": [`)
  let first = true
  for await (const mac of report.list()) {
    await write(`${first ? '' : ','}\n    ${jsonSafe(mac)}`)
    first = false
  }
  await write(`${first ? '' : '\n  '}]\n}\n`)
}

/** A CSV cell: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is quoted out of formulas. */
export function csvCell(raw: string): string {
  const value = terminalSafe(raw)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

async function csv(report: FleetReport, write: Sink): Promise<void> {
  await write('name,id,macos,window,section,service,cause,decided,fix\r\n')
  for await (const mac of report.list()) {
    const rows = mac.sections.map((s) =>
      [mac.name, mac.id, mac.macos ?? '', mac.window, s.section, s.service, s.cause, String(s.decided), s.fix]
        .map(csvCell)
        .join(','),
    )
    await write(rows.map((r) => `${r}\r\n`).join(''))
  }
}

/** Text for the page: escaped, with control characters and bidi overrides shown rather than obeyed. */
const esc = (text: string) => xmlSafe(text)

const COLOURS: Record<FleetVerdict, string> = {
  shows: '#c0392b',
  unknown: '#d68a00',
  'does-not-show': '#2e7d4f',
  'no-result': '#8a8f98',
}

/** One stacked bar of verdict counts, `width` pixels for `of` Macs. */
function stacked(counts: Record<FleetVerdict, number>, of: number, x: number, y: number, width: number, h: number) {
  let at = x
  const parts: string[] = []
  for (const v of VERDICTS) {
    if (counts[v] === 0 || of === 0) continue
    const w = (width * counts[v]) / of
    parts.push(
      `<rect x="${at.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${h}" fill="${COLOURS[v]}"><title>${esc(VERDICT_WORDS[v])}: ${counts[v]}</title></rect>`,
    )
    at += w
  }
  return parts.join('')
}

function verdictChart(s: FleetSummary): string {
  const width = 720
  // Two columns of legend, so that the longest words fit beside each other.
  const legend = VERDICTS.map((v, i) => {
    const x = (i % 2) * 360
    const y = 44 + Math.floor(i / 2) * 20
    return `<rect x="${x}" y="${y}" width="12" height="12" fill="${COLOURS[v]}"/><text x="${x + 18}" y="${y + 11}">${esc(VERDICT_WORDS[v])}: ${s.verdicts[v]} (${percent(s.verdicts[v], s.macs) || '0%'})</text>`
  }).join('')
  return `<svg role="img" aria-label="Macs by verdict" viewBox="0 0 ${width} 86" width="${width}" height="86">${stacked(s.verdicts, s.macs, 0, 0, width, 32)}${legend}</svg>`
}

function versionChart(s: FleetSummary): string {
  const rowH = 26
  const label = 90
  const barW = 520
  const most = Math.max(1, ...s.macos.map((m) => m.macs))
  const rows = s.macos
    .map((m, i) => {
      const y = i * rowH
      return `<text x="0" y="${y + 17}">${esc(m.version)}</text>${stacked(m, m.macs, label, y + 4, (barW * m.macs) / most, 18)}<text x="${label + (barW * m.macs) / most + 6}" y="${y + 17}">${m.macs}</text>`
    })
    .join('')
  const h = Math.max(rowH, s.macos.length * rowH)
  return `<svg role="img" aria-label="Macs by macOS version" viewBox="0 0 720 ${h}" width="720" height="${h}">${rows}</svg>`
}

function causeChart(s: FleetSummary): string {
  if (s.causes.length === 0) return '<p>No Mac shows the window.</p>'
  const rowH = 26
  const label = 370
  const barW = 300
  const most = Math.max(1, ...s.causes.map((c) => c.macs))
  const rows = s.causes
    .map((c, i) => {
      const y = i * rowH
      const w = (barW * c.macs) / most
      const name = `${c.section}: ${CAUSES[c.cause].short}${c.decided ? '' : ' (undecided)'}`
      return `<text x="0" y="${y + 17}"><title>${esc(`${c.section}: ${c.label}`)}</title>${esc(name)}</text><rect x="${label}" y="${y + 4}" width="${w.toFixed(1)}" height="18" fill="${c.decided ? COLOURS.shows : COLOURS.unknown}"/><text x="${label + w + 6}" y="${y + 17}">${c.macs}</text>`
    })
    .join('')
  const h = s.causes.length * rowH
  return `<svg role="img" aria-label="Sections by cause" viewBox="0 0 720 ${h}" width="720" height="${h}">${rows}</svg>`
}

const STYLE = `body{font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}svg text{font-size:13px;fill:#1d1d1f}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f5f5f7}.num{text-align:right}.shows{color:#c0392b;font-weight:600}.unknown{color:#9a6400;font-weight:600}
.fix{color:#555}ul{margin:0;padding-left:1.1rem}@media print{body{margin:0}}`

async function html(report: FleetReport, appName: string, write: Sink): Promise<void> {
  const s = report.summary
  const versions = s.macos
    .map(
      (m) =>
        `<tr><td>${esc(m.version)}</td>${[m.macs, m.shows, m.unknown, m['does-not-show'], m['no-result']].map((n) => `<td class="num">${n}</td>`).join('')}</tr>`,
    )
    .join('')
  const causes = s.causes
    .map(
      (c) =>
        `<tr><td>${esc(c.section)}</td><td>${esc(c.label)}${c.decided ? '' : ' (undecided)'}</td><td class="num">${c.macs}</td><td class="fix">${esc(c.fix)}</td></tr>`,
    )
    .join('')
  await write(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Fleet readiness: ${esc(appName)}</title><style>${STYLE}</style></head><body>
<h1>Fleet readiness: ${esc(appName)}</h1>
<p>${esc(heading(s, appName))}. ${s.macs} Macs, ${s.reported} with a result${s.unassigned === null ? '' : `; ${s.unassigned} more Macs are not in the script's Blueprints`}.</p>
<h2>Macs by verdict</h2>${verdictChart(s)}
<h2>Macs by macOS version</h2>${versionChart(s)}
<table><thead><tr><th>macOS</th><th class="num">Macs</th><th class="num">Shows</th><th class="num">Unknown</th><th class="num">Does not show</th><th class="num">No result</th></tr></thead><tbody>${versions}</tbody></table>
<h2>Sections by cause</h2>${causeChart(s)}
${causes ? `<table><thead><tr><th>Section</th><th>Cause</th><th class="num">Macs</th><th>Fix</th></tr></thead><tbody>${causes}</tbody></table>` : ''}
<h2>Macs that will show the window (${s.verdicts.shows}), then undecided (${s.verdicts.unknown})</h2>
<table><thead><tr><th>Mac</th><th>macOS</th><th>Window</th><th>Sections, cause and fix</th></tr></thead><tbody>
`)
  for await (const mac of report.list()) await write(macRow(mac))
  await write('</tbody></table>\n</body></html>\n')
}

function macRow(mac: ListedMac): string {
  const sections = mac.sections
    .map(
      (x) =>
        `<li><b>${esc(x.section)}</b>: ${esc(CAUSES[x.cause].label)}${x.decided ? '' : ' (undecided)'}<br><span class="fix">${esc(x.fix)}</span></li>`,
    )
    .join('')
  return `<tr><td>${esc(mac.name || mac.id)}<br><small>id ${esc(mac.id)}</small></td><td>${esc(mac.macos ?? 'unknown')}</td><td class="${mac.window}">${esc(VERDICT_WORDS[mac.window])}</td><td><ul>${sections}</ul></td></tr>\n`
}

/** Writes the report in the format asked for. */
export async function renderFleetReport(
  report: FleetReport,
  format: FleetFormat,
  appName: string,
  write: Sink,
): Promise<void> {
  if (format === 'json') return json(report, write)
  if (format === 'csv') return csv(report, write)
  if (format === 'html') return html(report, appName, write)
  return text(report, appName, write)
}
