import type {PlistValue} from './model.js'

/** A copy with every dictionary's keys in code-point order, so the same profile always serialises to the same bytes. */
export function sortKeysDeep(value: PlistValue): PlistValue {
  if (Array.isArray(value)) return value.map(sortKeysDeep)
  if (value === null || typeof value !== 'object' || value instanceof Date || Buffer.isBuffer(value)) return value
  const sorted: {[key: string]: PlistValue} = {}
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep(value[key]!)
  return sorted
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function writeValue(value: PlistValue, depth: number, out: string[]): void {
  const pad = '\t'.repeat(depth)
  if (typeof value === 'string')
    out.push(value === '' ? `${pad}<string/>` : `${pad}<string>${escapeXml(value)}</string>`)
  else if (typeof value === 'boolean') out.push(`${pad}<${value}/>`)
  else if (typeof value === 'bigint') out.push(`${pad}<integer>${value}</integer>`)
  else if (typeof value === 'number')
    out.push(Number.isInteger(value) ? `${pad}<integer>${value}</integer>` : `${pad}<real>${value}</real>`)
  else if (value instanceof Date) out.push(`${pad}<date>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</date>`)
  else if (Buffer.isBuffer(value)) out.push(`${pad}<data>${value.toString('base64')}</data>`)
  else if (Array.isArray(value)) {
    if (value.length === 0) return void out.push(`${pad}<array/>`)
    out.push(`${pad}<array>`)
    for (const item of value) writeValue(item, depth + 1, out)
    out.push(`${pad}</array>`)
  } else {
    const keys = Object.keys(value)
    if (keys.length === 0) return void out.push(`${pad}<dict/>`)
    out.push(`${pad}<dict>`)
    for (const key of keys) {
      out.push(`${pad}\t<key>${escapeXml(key)}</key>`)
      writeValue(value[key]!, depth + 1, out)
    }
    out.push(`${pad}</dict>`)
  }
}

/**
 * XML plist text laid out as Apple's own tools write it (tabs, root dict at column 0), keys sorted. Written here rather
 * than with a library so the bytes are ours to keep stable across dependency upgrades.
 */
export function toMobileconfig(profile: PlistValue): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
  ]
  writeValue(sortKeysDeep(profile), 0, out)
  out.push('</plist>', '')
  return out.join('\n')
}
