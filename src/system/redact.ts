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

/** Applied by the recording Mac to every command output before it is kept. */
export function redactCommand(result: CommandResult): CommandResult {
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
