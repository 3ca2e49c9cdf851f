/** A plain text table: columns padded to their widest cell, no borders, so it reads well in a terminal and in logs. */
export function renderTable(headers: string[], rows: string[][]): string {
  // A loop, not Math.max(...cells): a profile may have 150,000 grants, more arguments than a call can take.
  const widths = headers.map((h) => h.length)
  for (const row of rows)
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, (row[i] ?? '').length)
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  const out = [line(headers), line(widths.map((w) => '-'.repeat(w)))]
  for (const row of rows) out.push(line(row))
  return out.join('\n')
}
