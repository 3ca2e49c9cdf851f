import {parseDocument} from 'yaml'
import {PppcError} from '../errors.js'
import {CLIENT_CONFIGS, type ClientConfigId} from './client-configs.js'
import {BROWSERS, type Browser, type MdmKind, SITE_FILE} from './vocabulary.js'

/**
 * A help desk's site file (pppc.site.yaml): who sends the page, where its portal is, how to reach it, how its portal
 * configures the client, which MDM manages its Macs, the browser most of its users have, and the page's words it
 * wants to change. Validated as strictly as any input: an unknown key is an error that names the nearest known one.
 * schemas/site.schema.json describes the same keys for editors.
 */

/** The words of the page a help desk may change, with pppc's defaults. {organization} is filled in. */
export const PAGE_STRINGS = {
  title: 'Join a remote support session',
  intro:
    'A technician from {organization} will help you in a remote support session: they see your screen and, if you allow it, use your mouse and keyboard. Follow the steps for your computer.',
  choicesHeading: 'Your computer',
  windowsHeading: 'On a Windows PC',
  macHeading: 'On a Mac',
  contactHeading: 'Need help?',
  portalLabel: 'Support portal',
} as const

export type PageStringKey = keyof typeof PAGE_STRINGS
export type PageStrings = Record<PageStringKey, string>

export interface SiteContact {
  phone?: string
  email?: string
  hours?: string
}

export interface Site {
  organization?: string
  portal?: string
  contact?: SiteContact
  clientConfig?: ClientConfigId
  mdm?: MdmKind
  defaultBrowser?: Browser
  strings?: Partial<PageStrings>
}

export {SITE_FILE}

/** The keys of the site file and of its contact mapping (schemas/site.schema.json lists the same). */
export const SITE_KEYS = [
  'organization',
  'portal',
  'contact',
  'clientConfig',
  'mdm',
  'defaultBrowser',
  'strings',
] as const
export const CONTACT_KEYS = ['phone', 'email', 'hours'] as const
const MDMS: readonly MdmKind[] = ['kandji', 'jamf', 'none']

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

/** The known word nearest to `word`, when it is near enough to be a slip. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined
}

class SiteReader {
  constructor(private readonly file: string) {}

  fail(where: string, problem: string, hint: string): never {
    throw new PppcError(`${this.file}: ${where ? `${where}: ` : ''}${problem}`, {hint})
  }

  keys(value: unknown, where: string, known: readonly string[]): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      this.fail(
        where,
        'is not a mapping of keys to values',
        `write it as key: value lines (known keys: ${known.join(', ')})`,
      )
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) {
      if (known.includes(key)) continue
      const near = nearest(key, known)
      this.fail(where, `unknown key "${key}"`, near ? `did you mean "${near}"?` : `known keys: ${known.join(', ')}`)
    }
    return record
  }

  text(value: unknown, where: string): string {
    if (typeof value !== 'string' && typeof value !== 'number')
      this.fail(where, 'is not text', 'give it as a quoted string')
    const text = String(value).trim()
    if (text === '') this.fail(where, 'is empty', 'give a value or leave the key out')
    if (text.length > 500) this.fail(where, 'is longer than 500 characters', 'shorten it')
    return text
  }

  choice<T extends string>(value: unknown, where: string, known: readonly T[]): T {
    const text = this.text(value, where)
    if ((known as readonly string[]).includes(text)) return text as T
    const near = nearest(text, known)
    this.fail(
      where,
      `"${text}" is not one of ${known.join(', ')}`,
      near ? `did you mean "${near}"?` : `use one of ${known.join(', ')}`,
    )
  }
}

/** A site file's text → a Site, or a one-line PppcError (exit 2) naming the file, the key and what to do. */
export function parseSite(source: string, file: string = SITE_FILE): Site {
  const read = new SiteReader(file)
  const document = parseDocument(source, {uniqueKeys: true, prettyErrors: true})
  const error = document.errors[0]
  if (error) {
    const line = error.linePos?.[0]?.line
    read.fail(
      line ? `line ${line}` : '',
      `is not valid YAML (${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')})`,
      'fix the YAML there',
    )
  }
  const value: unknown = document.toJS() ?? {}
  const top = read.keys(value, '', SITE_KEYS)
  const site: Site = {}
  if (top.organization !== undefined) site.organization = read.text(top.organization, 'organization')
  if (top.portal !== undefined) site.portal = portalUrl(read, read.text(top.portal, 'portal'))
  if (top.contact !== undefined) {
    const contact = read.keys(top.contact, 'contact', CONTACT_KEYS)
    site.contact = {}
    if (contact.phone !== undefined) {
      const phone = read.text(contact.phone, 'contact.phone')
      if (!/^[+()0-9 .\-/]{3,40}(?:\s*(?:ext\.?|x)\s*\d{1,6})?$/i.test(phone))
        read.fail('contact.phone', `"${phone}" is not a phone number`, 'write digits, spaces, +, -, ( ) only')
      site.contact.phone = phone
    }
    if (contact.email !== undefined) {
      const email = read.text(contact.email, 'contact.email')
      if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email))
        read.fail('contact.email', `"${email}" is not a mail address`, 'write it as name@example.edu')
      site.contact.email = email
    }
    if (contact.hours !== undefined) site.contact.hours = read.text(contact.hours, 'contact.hours')
  }
  if (top.clientConfig !== undefined)
    site.clientConfig = read.choice(top.clientConfig, 'clientConfig', Object.keys(CLIENT_CONFIGS) as ClientConfigId[])
  if (top.mdm !== undefined) site.mdm = read.choice(top.mdm, 'mdm', MDMS)
  if (top.defaultBrowser !== undefined)
    site.defaultBrowser = read.choice(
      top.defaultBrowser,
      'defaultBrowser',
      BROWSERS.map((b) => b.id),
    )
  if (top.strings !== undefined) {
    const strings = read.keys(top.strings, 'strings', Object.keys(PAGE_STRINGS))
    site.strings = {}
    for (const [key, text] of Object.entries(strings))
      site.strings[key as PageStringKey] = read.text(text, `strings.${key}`)
  }
  return site
}

function portalUrl(read: SiteReader, text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    read.fail('portal', `"${text}" is not a web address`, 'give the full address, e.g. https://help.example.edu')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    read.fail('portal', `"${text}" is not a web address`, 'give an https:// address')
  return text
}

/** The page's words: the site's, else pppc's, with {organization} filled in. */
export function pageStrings(site: Site | undefined): PageStrings {
  const organization = site?.organization ?? 'your help desk'
  const strings = {...PAGE_STRINGS, ...site?.strings} as PageStrings
  return Object.fromEntries(
    Object.entries(strings).map(([key, text]) => [key, text.replace(/\{organization\}/g, organization)]),
  ) as PageStrings
}
