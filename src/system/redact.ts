import {toMobileconfig} from '../profiles/mobileconfig.js'
import type {PlistValue} from '../profiles/model.js'
import type {CommandResult} from './mac.js'
import {PROFILES} from './mac-commands.js'
import {PPPC_PAYLOAD_TYPE, RESTRICTIONS_PAYLOAD_TYPE} from '../profiles/payload-types.js'
import {isDict, parsePlist} from '../profiles/plist.js'

/**
 * What `pppc collect` keeps of the installed profiles. Their payloads can hold Wi-Fi passwords, VPN secrets and
 * certificate passphrases, so only the content doctor reads is kept: PPPC payloads whole, and the one restriction
 * it reads. Any key that looks like a secret is dropped wherever it is.
 */
const KEPT_CONTENT: Readonly<Record<string, readonly string[] | 'all'>> = {
  [PPPC_PAYLOAD_TYPE]: 'all',
  [RESTRICTIONS_PAYLOAD_TYPE]: ['forceBypassScreenCaptureAlert'],
}

const SECRET_KEY = /pass(word|phrase|code)|secret|token|credential|private.?key|psk|pkcs12|identitycertificate/i

type Dict = {[key: string]: PlistValue}

function scrub(value: unknown): PlistValue {
  if (value instanceof Uint8Array) return Buffer.from(value)
  if (Array.isArray(value)) return value.map(scrub)
  if (isDict(value)) {
    const out: Dict = {}
    for (const [key, v] of Object.entries(value)) if (!SECRET_KEY.test(key)) out[key] = scrub(v)
    return out
  }
  return value as PlistValue
}

function keepPayload(item: Dict): Dict {
  const {PayloadContent: content, ...rest} = item
  const kept = KEPT_CONTENT[typeof item.PayloadType === 'string' ? item.PayloadType : '']
  if (!kept || !isDict(content)) return rest
  if (kept === 'all') return {...rest, PayloadContent: content}
  const some: Dict = {}
  for (const key of kept) if (content[key] !== undefined) some[key] = content[key]!
  return {...rest, PayloadContent: some}
}

/** The `profiles -P -o stdout-xml` listing without what doctor does not read; undefined if it is not a plist. */
export function redactProfileListing(xml: string): string | undefined {
  const root = parsePlist(xml)
  if (!isDict(root)) return undefined
  const out: Dict = {}
  for (const [scope, list] of Object.entries(root)) {
    if (!Array.isArray(list)) continue
    out[scope] = list.filter(isDict).map((profile) => ({
      ...profile,
      ...(Array.isArray(profile.ProfileItems)
        ? {ProfileItems: profile.ProfileItems.filter(isDict).map(keepPayload)}
        : {}),
    }))
  }
  return toMobileconfig(scrub(out))
}

/** Applied by the recording Mac to every command output before it is kept: by place, then by shape. */
export function redactCommand(result: CommandResult, log?: RedactionLog): CommandResult {
  const kept = redactProfiles(result)
  const place = result.argv.join(' ')
  const stdout = redactText(kept.stdout, `${place} (output)`, log)
  const stderr = redactText(kept.stderr, `${place} (errors)`, log)
  return stdout === kept.stdout && stderr === kept.stderr ? kept : {...kept, stdout, stderr}
}

function redactProfiles(result: CommandResult): CommandResult {
  if (JSON.stringify(result.argv) !== JSON.stringify(PROFILES) || result.exitCode !== 0) return result
  if (/no configuration profiles/i.test(result.stdout) && !result.stdout.includes('<plist')) return result
  const redacted = redactProfileListing(result.stdout)
  if (redacted !== undefined) return {...result, stdout: redacted}
  // What cannot be read cannot be checked for secrets: it is left out, and doctor will say the listing is unreadable.
  return {
    ...result,
    stdout: '',
    stderr: 'pppc collect left this output out: it is not a property list, so it could not be checked for secrets\n',
  }
}

/**
 * Secrets recognised by their shape, or by the label in front of them, in any text a snapshot keeps: command outputs
 * and copied files alike. Kept as data: each kind, what it looks like, and which part of a match is the secret (the
 * label stays, so a reader sees that something was there).
 */
interface SecretShape {
  kind: string
  pattern: RegExp
  /** The capture group holding the secret; 0 for the whole match. */
  group: number
}

const LABEL_VALUE = String.raw`["']?\s*(?:[:=]|=>|</key>\s*<string>)\s*["']?`

export const SECRET_SHAPES: readonly SecretShape[] = [
  {
    kind: 'private key',
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    group: 0,
  },
  {kind: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, group: 0},
  {kind: 'bearer token', pattern: /\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{8,})/g, group: 1},
  {kind: 'URL credentials', pattern: /\b[a-z][a-z0-9+.-]*:\/\/([^/\s:@"'<>]+:[^/\s@"'<>]+)@/gi, group: 1},
  {
    kind: 'API token',
    pattern:
      /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|sk_(?:live|test)_[0-9a-zA-Z]{16,})/g,
    group: 0,
  },
  {
    kind: 'password',
    pattern: new RegExp(
      String.raw`\b[\w-]*(?:pass(?:word|wd|phrase|code)?|pwd|secret|token|api[_-]?key|access[_-]?key|credential|psk)[\w-]*${LABEL_VALUE}([^\s"'<>&,;]{3,})`,
      'gi',
    ),
    group: 1,
  },
  {
    kind: 'serial number',
    pattern: new RegExp(
      String.raw`(?:serial(?:[ _-]?(?:number|no))?(?:\s*\([^)\n]*\))?|IOPlatformSerialNumber|SerialNumber)${LABEL_VALUE}([A-Z0-9]{8,20})\b`,
      'gi',
    ),
    group: 1,
  },
  {kind: 'e-mail address', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g, group: 0},
  // Code hashes are public facts of a signature, and doctor needs them (a requirement may pin a cdhash): a hex run
  // labelled as one by codesign (CDHash=, CandidateCDHash sha256=, CMSDigest=) or a requirement (H"…") stays.
  {
    kind: 'hex key',
    pattern: /(?<!(?:CDHash(?:Full)?(?: sha\d+)?=|CMSDigest=|H"))\b[0-9a-fA-F]{32,}\b/g,
    group: 0,
  },
  {kind: 'base64 secret', pattern: /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40,}={0,2}/g, group: 0},
]

/** A base64-looking run that is really a path ("/var/folders/7x/k2h1..."): short segments between slashes. */
function looksLikeBase64Secret(run: string): boolean {
  let longest = 0
  for (const segment of run.split('/')) longest = Math.max(longest, segment.length)
  return longest >= 24 && /[0-9]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run)
}

/** What was removed, by kind and place (never the value), for the snapshot's README. */
export class RedactionLog {
  private readonly counts = new Map<string, {kind: string; place: string; count: number}>()

  add(kind: string, place: string): void {
    const key = `${kind}\u0000${place}`
    const known = this.counts.get(key)
    if (known) known.count++
    else this.counts.set(key, {kind, place, count: 1})
  }

  list(): {kind: string; place: string; count: number}[] {
    return [...this.counts.values()].sort((a, b) => a.place.localeCompare(b.place) || a.kind.localeCompare(b.kind))
  }
}

function redactWith(
  text: string,
  place: string,
  log: RedactionLog | undefined,
  mask: (secret: string, kind: string) => string,
): string {
  let out = text
  for (const shape of SECRET_SHAPES) {
    out = out.replace(shape.pattern, (match: string, ...groups: unknown[]) => {
      const secret = shape.group === 0 ? match : (groups[shape.group - 1] as string | undefined)
      if (!secret || secret.startsWith('[redacted')) return match
      if (shape.kind === 'base64 secret' && !looksLikeBase64Secret(secret)) return match
      log?.add(shape.kind, place)
      const at = shape.group === 0 ? 0 : match.lastIndexOf(secret)
      return match.slice(0, at) + mask(secret, shape.kind) + match.slice(at + secret.length)
    })
  }
  return out
}

/** Text with every secret replaced by "[redacted KIND]". */
export function redactText(text: string, place: string, log?: RedactionLog): string {
  return redactWith(text, place, log, (_secret, kind) => `[redacted ${kind}]`)
}

/**
 * A file's bytes with every secret overwritten in place by as many "X" characters: offsets and lengths stay, so a
 * SQLite database or a binary plist is still readable, and the secret is gone from every byte of the copy. Text is
 * looked for as single bytes (ASCII, UTF-8, Latin-1) and as UTF-16 of either byte order at either alignment: a binary
 * plist keeps every string that is not all ASCII as UTF-16 (big-endian), a SQLite database may keep its text in
 * UTF-16, and a secret there is the same secret.
 */
export function redactBytes(data: Buffer, place: string, log?: RedactionLog): Buffer {
  const mask = (secret: string) => 'X'.repeat(secret.length)
  const text = data.toString('latin1')
  const redacted = redactWith(text, place, log, mask)
  let out = redacted === text ? data : Buffer.from(redacted, 'latin1')
  for (const littleEndian of [false, true])
    for (const start of [0, 1]) {
      const end = start + ((data.length - start) & ~1)
      if (end - start < 2) continue
      // Swapped to little-endian where needed: Node decodes UTF-16 only so. Every code unit, a lone surrogate
      // included, comes back from the encoding as it was, so only the masked characters change.
      const units = Buffer.from(out.subarray(start, end))
      if (!littleEndian) units.swap16()
      const wide = units.toString('utf16le')
      const masked = redactWith(wide, place, log, mask)
      if (masked === wide) continue
      const bytes = Buffer.from(masked, 'utf16le')
      if (!littleEndian) bytes.swap16()
      if (out === data) out = Buffer.from(data)
      bytes.copy(out, start)
    }
  return out
}
