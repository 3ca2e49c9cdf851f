import {
  acceptsMacAppStore,
  allowsIdentifier,
  parseRequirement,
  pinnedTeamIds,
  requiresAppleSigned,
} from '../requirements/index.js'

/**
 * One Apple Events receiver of data/receivers.json: an app other apps script, with the requirement an AEReceiver
 * entry needs for it and where that requirement comes from.
 */
export interface ReceiverEntry {
  bundleId: string
  name: string
  /** Where macOS or the vendor installs it, for the `codesign -dr -` hint. */
  path: string
  /** Who signs it: Apple as Apple code (built into macOS), the Mac App Store, or the vendor's Developer ID. */
  signing: 'apple' | 'mac-app-store' | 'developer-id'
  /** null when no published requirement was found: pppc then asks the admin for it. */
  codeRequirement: string | null
  /** published: a codesign output or a public profile; pattern: the form all code of that signer has. */
  evidence: 'published' | 'pattern' | 'unpublished'
  source: string
  notes?: string
}

class ReceiverTableError extends Error {}

const SIGNINGS = ['apple', 'mac-app-store', 'developer-id']
const EVIDENCE = ['published', 'pattern', 'unpublished']
const KEYS = ['bundleId', 'name', 'path', 'signing', 'codeRequirement', 'evidence', 'source', 'notes']
const REQUIRED = KEYS.filter((k) => k !== 'notes')

function fail(where: string, what: string): never {
  throw new ReceiverTableError(`${where}: ${what}`)
}

/**
 * Checks an entry as it is loaded, so a slip in the data file (an unknown key, a requirement that does not parse, that
 * names another app, or that does not say what `signing` claims) stops pppc instead of writing a receiver that never
 * matches.
 */
export function checkReceiverEntry(value: unknown, where: string): ReceiverEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object')
  const obj = value as Record<string, unknown>
  for (const key of Object.keys(obj)) if (!KEYS.includes(key)) fail(where, `unknown key "${key}"`)
  for (const key of REQUIRED) if (!(key in obj)) fail(where, `"${key}" is missing`)
  for (const key of ['bundleId', 'name', 'path', 'source'])
    if (typeof obj[key] !== 'string' || obj[key] === '') fail(where, `"${key}" must be a non-empty string`)
  if (obj.notes !== undefined && typeof obj.notes !== 'string') fail(where, '"notes" must be a string')
  if (!SIGNINGS.includes(obj.signing as string)) fail(where, `"signing" must be one of ${SIGNINGS.join(', ')}`)
  if (!EVIDENCE.includes(obj.evidence as string)) fail(where, `"evidence" must be one of ${EVIDENCE.join(', ')}`)
  const entry = obj as unknown as ReceiverEntry
  if (entry.codeRequirement === null) {
    if (entry.evidence !== 'unpublished') fail(where, 'a null codeRequirement is evidence "unpublished"')
    return entry
  }
  if (typeof entry.codeRequirement !== 'string') fail(where, '"codeRequirement" must be a string or null')
  if (entry.evidence === 'unpublished') fail(where, 'evidence "unpublished" goes with a null codeRequirement')
  const parsed = parseRequirement(entry.codeRequirement)
  if (!parsed.ok) fail(where, `codeRequirement does not parse: ${parsed.problem.message}`)
  const tree = parsed.requirement
  if (!allowsIdentifier(tree, entry.bundleId)) fail(where, `codeRequirement does not let ${entry.bundleId} through`)
  if (entry.signing === 'apple' && !requiresAppleSigned(tree))
    fail(where, 'signing "apple" needs a requirement with anchor apple')
  if (entry.signing === 'mac-app-store' && !acceptsMacAppStore(tree))
    fail(where, 'signing "mac-app-store" needs a requirement the Mac App Store signature satisfies')
  if (entry.signing === 'developer-id' && pinnedTeamIds(tree).length === 0)
    fail(where, 'signing "developer-id" needs a requirement that pins a Team ID')
  return entry
}
