import {lstat} from 'node:fs/promises'
import {PppcError} from '../errors.js'
import type {PlistValue} from '../profiles/model.js'
import {writeFileAtomic} from '../util/atomic-write.js'
import {connectJamf, connectKandji, guarded, type ConnectOptions, type Mdm} from './connect.js'
import {grantsOf} from './grants-diff.js'

/** A PPPC profile an MDM holds, as `push --list` shows it. */
export interface HeldProfile {
  name: string
  id: string
  /** The top-level PayloadIdentifier as stored (Jamf Pro and Kandji each set their own on upload). */
  identifier: string
  /** The apps it grants to (Identifier values), sorted. */
  apps: string[]
}

/** What `pppc push jamf|kandji --list` returns with --json. */
export interface ListResult {
  mdm: Mdm
  profiles: HeldProfile[]
}

/** What `pppc pull jamf|kandji` returns with --json. */
export interface PullResult {
  mdm: Mdm
  name: string
  id: string
  /** The file written (absolute). */
  file: string
  bytes: number
}

const PPPC_PAYLOAD_TYPE = 'com.apple.TCC.configuration-profile-policy'

/** A profile holding a PPPC payload: the ones pppc manages, whoever uploaded them. */
function pppcSummary(name: string, id: string, profile: PlistValue): HeldProfile | undefined {
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile) || profile instanceof Date) return
  if (Buffer.isBuffer(profile)) return
  const content = Array.isArray(profile.PayloadContent) ? profile.PayloadContent : []
  const pppc = [profile, ...content].some(
    (p) => typeof p === 'object' && p !== null && (p as {PayloadType?: unknown}).PayloadType === PPPC_PAYLOAD_TYPE,
  )
  if (!pppc) return undefined
  return {
    name,
    id,
    identifier: typeof profile.PayloadIdentifier === 'string' ? profile.PayloadIdentifier : '',
    apps: grantsOf(profile).map((app) => app.identifier),
  }
}

async function readValue(text: string): Promise<PlistValue | undefined> {
  const {readProfile} = await import('../profiles/read.js')
  const read = await readProfile(Buffer.from(text))
  return read.ok ? read.document.value : undefined
}

/** Requests at once while listing Jamf Pro's profiles one by one (the list names them; each must be read). */
const JAMF_READS_AT_ONCE = 4
/** More macOS profiles than this is not a Jamf Pro pppc should read one by one within a --timeout. */
const MAX_JAMF_PROFILES = 5000

/**
 * The Jamf Pro profiles that hold a PPPC payload: the list (GET /JSSResource/osxconfigurationprofiles) names every
 * macOS profile, and each is read by id, a few at a time, to see what it holds. Sorted by name.
 */
export async function listJamf(options: ConnectOptions & {url: string}): Promise<ListResult> {
  const connection = connectJamf(options)
  return guarded(connection.secrets, async () => {
    const {client} = await connection.open()
    const refs = await client.list()
    if (refs.length > MAX_JAMF_PROFILES)
      throw new PppcError(
        `Jamf Pro lists ${refs.length} macOS configuration profiles, more than pppc reads one by one`,
        {
          hint: 'look for PPPC profiles in Jamf Pro itself, or pull one by name (pppc pull jamf NAME)',
          exitCode: 1,
          code: 'PPPC_HTTP',
        },
      )
    const profiles: HeldProfile[] = []
    let next = 0
    const worker = async () => {
      while (next < refs.length) {
        const ref = refs[next++]!
        const stored = await client.byId(ref.id)
        const value = stored ? await readValue(stored.payloads) : undefined
        const summary = value === undefined ? undefined : pppcSummary(stored!.name, stored!.id, value)
        if (summary) profiles.push(summary)
      }
    }
    await Promise.all(Array.from({length: JAMF_READS_AT_ONCE}, worker))
    return {mdm: 'jamf', profiles: sortByName(profiles)}
  })
}

type KandjiConnect = ConnectOptions & {subdomain?: string | undefined; region: 'us' | 'eu'; apiUrl?: string | undefined}

/** The Kandji custom profiles that hold a PPPC payload (the list carries each one's file). Sorted by name. */
export async function listKandji(options: KandjiConnect): Promise<ListResult> {
  const connection = connectKandji(options)
  return guarded(connection.secrets, async () => {
    const {client} = await connection.open()
    const profiles: HeldProfile[] = []
    for (const item of await client.list(
      (p) => typeof p.profile === 'string' && p.profile.includes(PPPC_PAYLOAD_TYPE),
    )) {
      const value = await readValue(item.profile!)
      const summary = value === undefined ? undefined : pppcSummary(item.name, item.id, value)
      if (summary) profiles.push(summary)
    }
    return {mdm: 'kandji', profiles: sortByName(profiles)}
  })
}

function sortByName(profiles: HeldProfile[]): HeldProfile[] {
  return profiles.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))
}

const notFound = (where: string, name: string, list: string) =>
  new PppcError(`${where} has no profile named "${name}"`, {
    hint: `check the name, letter case included (${list} lists the PPPC ones)`,
  })

/** Refuses an existing output before the server is asked (writeFileAtomic checks again when it writes). */
async function requireWritable(output: string, force: boolean): Promise<void> {
  if (force) return
  const existing = await lstat(output).catch(() => undefined)
  if (existing) throw new PppcError(`${output} already exists`, {hint: 'pass --force to replace it'})
}

/** Writes what the MDM holds, as it holds it: atomically, and over an existing file only with `force`. */
async function save(text: string, output: string, force: boolean): Promise<{file: string; bytes: number}> {
  const bytes = Buffer.from(text, 'utf8')
  return {file: await writeFileAtomic(output, bytes, {force}), bytes: bytes.byteLength}
}

/** Downloads the Jamf Pro profile with this name (its payloads: the .mobileconfig Jamf Pro holds) to `output`. */
export async function pullJamf(
  options: ConnectOptions & {url: string; name: string; output: string; force: boolean},
): Promise<PullResult> {
  const connection = connectJamf(options)
  return guarded(connection.secrets, async () => {
    await requireWritable(options.output, options.force)
    const {client} = await connection.open()
    const stored = await client.find(options.name)
    if (!stored) throw notFound('Jamf Pro', options.name, 'pppc push jamf --list')
    if (stored.payloads.trim() === '')
      throw new PppcError(`the profile "${options.name}" in Jamf Pro (id ${stored.id}) holds no payloads`, {
        hint: 'look at it in Jamf Pro',
        exitCode: 1,
        code: 'PPPC_HTTP',
      })
    return {
      mdm: 'jamf',
      name: options.name,
      id: stored.id,
      ...(await save(stored.payloads, options.output, options.force)),
    }
  })
}

/** Downloads the Kandji custom profile with this name (its file, with Kandji's identifier) to `output`. */
export async function pullKandji(
  options: KandjiConnect & {name: string; output: string; force: boolean},
): Promise<PullResult> {
  const connection = connectKandji(options)
  return guarded(connection.secrets, async () => {
    await requireWritable(options.output, options.force)
    const {client} = await connection.open()
    const matches = await client.list((p) => p.name === options.name)
    if (matches.length > 1)
      throw new PppcError(
        `${matches.length} Kandji custom profiles are named "${options.name}" (${matches.map((m) => m.id).join(', ')})`,
        {
          hint: 'rename or delete all but one in Kandji',
          exitCode: 1,
          code: 'PPPC_HTTP',
        },
      )
    const [item] = matches
    if (!item) throw notFound('Kandji', options.name, 'pppc push kandji --list')
    if (!item.profile)
      throw new PppcError(`the custom profile "${options.name}" in Kandji (id ${item.id}) holds no file`, {
        hint: 'look at it in Kandji',
        exitCode: 1,
        code: 'PPPC_HTTP',
      })
    return {
      mdm: 'kandji',
      name: options.name,
      id: item.id,
      ...(await save(item.profile, options.output, options.force)),
    }
  })
}
