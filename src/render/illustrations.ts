import type {Illustration} from '../onboarding/flow.js'
import type {Browser} from '../onboarding/steps.js'

/**
 * The page's pictures, drawn here as inline SVG: schematic windows with their labels, and the control to press ringed
 * in the highlight colour. They are the project's own drawings of what the documents describe (no screenshot is
 * copied), small enough to inline, and each carries a text alternative that says what it shows and what to press.
 */

export interface Drawing {
  svg: string
  alt: string
}

const INK = '#1d1d1f'
const MUTED = '#5a5a5f'
const LINE = '#8e8e93'
const PANEL = '#f2f2f5'
const ACCENT = '#0a5cc2'
const RING = '#c2410c'
const OK = '#1e7d32'

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function t(
  x: number,
  y: number,
  text: string,
  opts: {size?: number; weight?: number; fill?: string; anchor?: string} = {},
): string {
  const size = opts.size ?? 11
  return `<text x="${x}" y="${y}" font-size="${size}"${opts.weight ? ` font-weight="${opts.weight}"` : ''} fill="${opts.fill ?? INK}"${opts.anchor ? ` text-anchor="${opts.anchor}"` : ''}>${esc(text)}</text>`
}

/** Words on lines of at most `chars` characters. */
function lines(text: string, chars: number): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > chars) {
      out.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) out.push(line)
  return out
}

function para(
  x: number,
  y: number,
  text: string,
  chars: number,
  opts: {size?: number; weight?: number; anchor?: string; fill?: string} = {},
): {svg: string; bottom: number} {
  const size = opts.size ?? 11
  const rows = lines(text, chars)
  return {
    svg: rows.map((row, i) => t(x, y + i * (size + 3), row, opts)).join(''),
    bottom: y + (rows.length - 1) * (size + 3),
  }
}

function ring(x: number, y: number, w: number, h: number): string {
  return `<rect x="${x - 4}" y="${y - 4}" width="${w + 8}" height="${h + 8}" rx="8" fill="none" stroke="${RING}" stroke-width="3"/>`
}

function button(
  x: number,
  y: number,
  w: number,
  label: string,
  opts: {primary?: boolean; ring?: boolean} = {},
): string {
  const fill = opts.primary ? ACCENT : '#ffffff'
  return `<rect x="${x}" y="${y}" width="${w}" height="22" rx="5" fill="${fill}" stroke="${opts.primary ? ACCENT : LINE}"/>${t(x + w / 2, y + 15, label, {anchor: 'middle', fill: opts.primary ? '#ffffff' : INK, weight: opts.primary ? 600 : 400})}${opts.ring ? ring(x, y, w, 22) : ''}`
}

/** A window frame: macOS (traffic lights on the left) or Windows (controls on the right). */
function frame(w: number, h: number, title: string, os: 'macos' | 'windows'): string {
  const bar =
    os === 'macos'
      ? `<circle cx="16" cy="14" r="5" fill="#ff5f57"/><circle cx="32" cy="14" r="5" fill="#febc2e"/><circle cx="48" cy="14" r="5" fill="#28c840"/>`
      : `${t(w - 58, 18, '–', {fill: MUTED})}${t(w - 38, 18, '□', {fill: MUTED})}${t(w - 18, 18, '×', {fill: MUTED})}`
  return `<rect x="1" y="1" width="${w - 2}" height="${h - 2}" rx="10" fill="#ffffff" stroke="${LINE}"/><path d="M1 28 H${w - 1}" stroke="${LINE}"/>${bar}${t(w / 2, 18, title, {anchor: 'middle', weight: 600})}`
}

function svg(w: number, h: number, alt: string, body: string): Drawing {
  return {
    alt,
    svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(alt)}" font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"><title>${esc(alt)}</title>${body}</svg>`,
  }
}

const BROWSER_NAMES: Record<Browser, string> = {
  chrome: 'Chrome',
  firefox: 'Firefox',
  edge: 'Edge',
  safari: 'Safari',
}

function downloadIcon(x: number, y: number): string {
  return `<path d="M${x} ${y - 6} v10 m-5 -4 l5 5 l5 -5 M${x - 7} ${y + 8} h14" fill="none" stroke="${INK}" stroke-width="2" stroke-linecap="round"/>`
}

function folderIcon(x: number, y: number): string {
  return `<path d="M${x - 8} ${y - 5} h6 l2 2 h8 v10 h-16 z" fill="none" stroke="${INK}" stroke-width="1.6"/>`
}

function magnifierIcon(x: number, y: number): string {
  return `<circle cx="${x - 1}" cy="${y - 1}" r="5" fill="none" stroke="${INK}" stroke-width="1.8"/><path d="M${x + 3} ${y + 3} l4 4" stroke="${INK}" stroke-width="2" stroke-linecap="round"/>`
}

function browserDownloads(ill: Illustration): Drawing {
  const browser = ill.browser ?? 'chrome'
  const name = BROWSER_NAMES[browser]
  const file = ill.file ?? 'downloaded file'
  const W = 340
  const H = 196
  const mac = ill.os === 'macos'
  const iconX = browser === 'edge' ? W - 62 : W - 34
  let body = frame(W, H, name, ill.os)
  body += `<rect x="14" y="38" width="${W - 110}" height="22" rx="11" fill="${PANEL}" stroke="${LINE}"/>${t(28, 53, 'support portal', {fill: MUTED})}`
  body += downloadIcon(iconX, 49) + ring(iconX - 11, 38, 22, 22)
  if (browser === 'edge') body += t(W - 28, 54, '…', {size: 16, weight: 700, anchor: 'middle'})
  // The downloads panel that opens under the icon.
  const px = W - 250
  body += `<rect x="${px}" y="70" width="236" height="${mac ? 78 : 60}" rx="8" fill="#ffffff" stroke="${LINE}"/>`
  body += t(px + 12, 88, 'Downloads', {weight: 600})
  body += `<rect x="${px + 12}" y="96" width="14" height="18" fill="${PANEL}" stroke="${LINE}"/>`
  body += t(px + 34, 109, file.length > 30 ? `${file.slice(0, 29)}…` : file)
  let action: string
  if (!mac) {
    body += ring(px + 8, 94, 220, 22)
    action = `then click the downloaded file${browser === 'edge' ? ' (if the icon is gone: the three dots, then Downloads)' : ''}`
  } else if (file.endsWith('.app')) {
    body += ring(px + 8, 94, 220, 22)
    action = `then double-click ${file}`
  } else {
    const ix = px + 212
    body += browser === 'chrome' ? folderIcon(ix, 128) : magnifierIcon(ix, 128)
    body += t(px + 12, 132, 'Show in Finder', {fill: MUTED}) + ring(ix - 11, 117, 22, 22)
    action = `then the Show in Finder icon (${browser === 'chrome' ? 'a file folder' : 'a magnifying glass'})`
  }
  body += t(14, H - 14, mac ? 'Download icon, ' + action.replace(/ \(.*\)$/, '') : 'Downloads icon, then the file', {
    fill: MUTED,
    size: 10,
  })
  return svg(
    W,
    H,
    `Drawing of ${name}'s toolbar: the download icon at the top right is highlighted; its list of downloads shows ${file}, ${action}.`,
    body,
  )
}

function downloadedAppDialog(ill: Illustration): Drawing {
  const W = 340
  const H = 170
  const file = ill.file ?? 'Open to Start Support Session.app'
  let body = `<rect x="1" y="1" width="${W - 2}" height="${H - 2}" rx="12" fill="#ffffff" stroke="${LINE}"/>`
  body += `<rect x="${W / 2 - 18}" y="14" width="36" height="36" rx="8" fill="${PANEL}" stroke="${LINE}"/>${t(W / 2, 38, '!', {anchor: 'middle', size: 18, weight: 700, fill: MUTED})}`
  const text = para(
    W / 2,
    68,
    `“${file}” is an app downloaded from the internet. Are you sure you want to open it?`,
    48,
    {
      anchor: 'middle',
      weight: 600,
    },
  )
  body += text.svg
  const y = text.bottom + 18
  body += button(24, y, 138, 'Cancel') + button(178, y, 138, ill.button ?? 'Open', {primary: true, ring: true})
  return svg(
    W,
    Math.max(H, y + 34),
    `Drawing of the macOS window "${file} is an app downloaded from the internet. Are you sure you want to open it?", with the Open button highlighted.`,
    body,
  )
}

function actionRequired(ill: Illustration): Drawing {
  const sections = ill.sections ?? []
  const W = 340
  const H = 52 + sections.length * 40 + 6
  let body = frame(W, H, 'Action Required', 'macos')
  sections.forEach((section, i) => {
    const y = 40 + i * 40
    body += `<rect x="12" y="${y}" width="${W - 24}" height="32" rx="6" fill="${PANEL}"/>`
    body += t(24, y + 20, section.label, {weight: 600})
    if (section.granted) {
      body += `<circle cx="${W - 130}" cy="${y + 16}" r="7" fill="${OK}"/><path d="M${W - 134} ${y + 16} l3 3 l5 -6" stroke="#fff" stroke-width="2" fill="none"/>`
      body += button(W - 116, y + 5, 96, 'Revoke Access')
    } else {
      body += button(W - 116, y + 5, 96, 'Grant Access', {primary: true, ring: section.label === ill.highlight})
    }
  })
  const names = sections.map((s) => s.label).join(', ')
  const alt = ill.highlight
    ? `Drawing of the Action Required window with its sections ${names}; the Grant Access button of the ${ill.highlight} section is highlighted.`
    : `Drawing of the Action Required window with its sections ${names}, each with a Grant Access button (or, once granted, a green checkmark and Revoke Access).`
  return svg(W, H, alt, body)
}

function settingsToggle(ill: Illustration): Drawing {
  const W = 340
  const H = 150
  const pane = (ill.pane ?? 'Privacy & Security').split(' › ').at(-1)!
  const app = ill.app ?? 'Remote Support Customer Client'
  let body = frame(W, H, ill.settingsApp ?? 'System Settings', 'macos')
  body += `<rect x="1" y="29" width="96" height="${H - 30}" fill="${PANEL}"/>`
  body += `<rect x="8" y="40" width="82" height="20" rx="5" fill="${ACCENT}"/>${t(14, 54, 'Privacy & Sec…', {fill: '#ffffff', size: 10})}`
  body += para(108, 50, pane, 30, {weight: 700, size: 12}).svg
  body += `<rect x="106" y="82" width="${W - 120}" height="34" rx="6" fill="${PANEL}"/>`
  body += `<rect x="114" y="89" width="20" height="20" rx="5" fill="#ffffff" stroke="${LINE}"/>`
  body += para(142, 97, app, 24, {size: 10}).svg
  const tx = W - 58
  body += `<rect x="${tx}" y="89" width="36" height="20" rx="10" fill="${ACCENT}"/><circle cx="${tx + 26}" cy="99" r="8" fill="#ffffff"/>`
  body += ring(tx, 89, 36, 20)
  body += t(108, H - 14, 'Switch it on, then type the password', {size: 10, fill: MUTED})
  return svg(
    W,
    H,
    `Drawing of ${ill.settingsApp ?? 'System Settings'} open at ${pane}: the switch next to ${app} is highlighted, turned on to the right.`,
    body,
  )
}

function preferencesLock(ill: Illustration): Drawing {
  const W = 340
  const H = 176
  const pane = (ill.pane ?? 'Privacy').split(' › ').at(-1)!
  const app = ill.app ?? 'Remote Support Customer Client'
  let body = frame(W, H, 'Security & Privacy', 'macos')
  body += t(W / 2, 46, 'General   FileVault   Firewall   Privacy', {anchor: 'middle', size: 10, fill: MUTED})
  body += `<rect x="12" y="56" width="110" height="78" fill="${PANEL}" stroke="${LINE}"/><rect x="13" y="62" width="108" height="18" fill="${ACCENT}"/>`
  body += t(18, 75, pane.length > 17 ? `${pane.slice(0, 16)}…` : pane, {fill: '#ffffff', size: 10})
  body += `<rect x="132" y="56" width="${W - 146}" height="78" fill="#ffffff" stroke="${LINE}"/>`
  body += `<rect x="142" y="66" width="14" height="14" rx="3" fill="${ACCENT}"/><path d="M145 73 l3 3 l5 -6" stroke="#fff" stroke-width="2" fill="none"/>`
  body += ring(142, 66, 14, 14)
  body += para(164, 77, app, 26, {size: 10}).svg
  // The padlock, bottom left.
  body += `<rect x="16" y="${H - 30}" width="14" height="11" rx="2" fill="${INK}"/><path d="M19 ${H - 30} v-4 a4 4 0 0 1 8 0 v4" fill="none" stroke="${INK}" stroke-width="2"/>`
  body += ring(14, H - 38, 18, 21)
  body += t(40, H - 20, 'Click the lock to make changes.', {size: 10, fill: MUTED})
  return svg(
    W,
    H,
    `Drawing of System Preferences, Security & Privacy, Privacy tab, ${pane} selected: the lock at the lower left and the checkbox next to ${app} are highlighted.`,
    body,
  )
}

function restartPrompt(ill: Illustration): Drawing {
  const W = 340
  const app = ill.app ?? 'Remote Support Customer Client'
  const button1 = ill.button ?? 'Quit & Reopen'
  let body = ''
  const text = para(W / 2, 34, `“${app}” may not be able to record the contents of your screen until it is quit.`, 46, {
    anchor: 'middle',
    weight: 600,
  })
  body += text.svg
  const y = text.bottom + 22
  body += button(24, y, 138, 'Later') + button(178, y, 138, button1, {primary: true, ring: true})
  body = `<rect x="1" y="1" width="${W - 2}" height="${y + 34}" rx="12" fill="#ffffff" stroke="${LINE}"/>${body}`
  return svg(
    W,
    y + 38,
    `Drawing of the macOS window saying ${app} may not be able to record the screen until it is quit, with the ${button1} button highlighted.`,
    body,
  )
}

function uacPrompt(): Drawing {
  const W = 340
  const H = 176
  let body = `<rect x="1" y="1" width="${W - 2}" height="${H - 2}" fill="#ffffff" stroke="${LINE}"/>`
  body += `<rect x="1" y="1" width="${W - 2}" height="30" fill="#1f3a5f"/>${t(14, 21, 'User Account Control', {fill: '#ffffff'})}`
  body += para(14, 56, 'Do you want to allow this app to make changes to your device?', 44, {size: 13, weight: 600}).svg
  body += t(14, 104, 'The remote support app', {fill: MUTED})
  body += button(14, H - 40, 150, 'Yes', {primary: true, ring: true}) + button(176, H - 40, 150, 'No')
  return svg(
    W,
    H,
    'Drawing of the Windows User Account Control window "Do you want to allow this app to make changes to your device?", with the Yes button highlighted.',
    body,
  )
}

export function draw(ill: Illustration): Drawing {
  switch (ill.id) {
    case 'browser-downloads':
      return browserDownloads(ill)
    case 'downloaded-app-dialog':
      return downloadedAppDialog(ill)
    case 'action-required':
      return actionRequired(ill)
    case 'settings-toggle':
      return settingsToggle(ill)
    case 'preferences-lock':
      return preferencesLock(ill)
    case 'restart-prompt':
      return restartPrompt(ill)
    case 'uac-prompt':
      return uacPrompt()
  }
}
