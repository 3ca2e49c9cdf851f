import {readFile} from 'node:fs/promises'
import {basename} from 'node:path'
import {PppcError, isPppcError} from '../errors.js'
import type {ProfileMdm} from '../profiles/mdm.js'
import type {PlistValue} from '../profiles/model.js'
import type {FileReport} from '../profiles/validate.js'
import {
  DryRunTransport,
  defaultPolicy,
  fetchTransport,
  requireSafeUrl,
  showRequest,
  type ShownRequest,
  type HttpRequest,
  type Transport,
} from './http.js'
import {keepIdentity, withoutTopIdentity} from './identity.js'
import {Secrets} from './secrets.js'

/** The MDMs pppc uploads to: the profile MDMs of the house's one MDM type. */
export type Mdm = ProfileMdm

/** What `pppc push` returns with --json; the same keys for both MDMs. */
export interface PushResult {
  mdm: Mdm
  /** unchanged: the MDM already holds this content under this name, nothing was sent to change it. */
  action: 'created' | 'updated' | 'unchanged' | 'dry-run'
  name: string
  file: string
  /** Jamf Pro's numeric id or Kandji's library item id; null in a dry run. */
  id: string | null
  /** Jamf Pro's console page for the profile; null for Kandji (its web address is not documented). */
  url: string | null
  validation: {errors: number; warnings: number; infos: number} | null
  /** The requests a dry run would send, credentials redacted; empty otherwise. */
  requests: ShownRequest[]
}

export interface LoadedProfile {
  file: string
  bytes: Buffer
  profile: PlistValue
  report: FileReport | undefined
}

/** Reads the profile and, unless told not to, validates it for the MDM; the caller shows the findings and decides. */
export async function loadProfile(file: string, mdm: Mdm, validate: boolean): Promise<LoadedProfile> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw new PppcError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      hint: 'give the path of a .mobileconfig',
    })
  }
  const {readProfile} = await import('../profiles/read.js')
  const read = await readProfile(bytes)
  let report: FileReport | undefined
  if (validate) {
    const {validateBytes} = await import('../profiles/validate.js')
    report = await validateBytes(file, bytes, {mdm})
  }
  if (!read.ok) {
    if (report) return {file, bytes, profile: {}, report}
    throw new PppcError(`${file} is not a readable profile: ${read.failure.message}`, {
      hint: 'check it with pppc validate',
    })
  }
  return {file, bytes, profile: read.document.value, report}
}

/** Stops a profile with errors (exit 1) before anything is sent. */
export function requireValid(loaded: LoadedProfile): void {
  const errors = loaded.report?.findings.filter((f) => f.severity === 'error') ?? []
  if (errors.length === 0) return
  const rules = [...new Set(errors.map((f) => f.rule))].join(', ')
  throw new PppcError(
    `${loaded.file} has ${errors.length} error${errors.length === 1 ? '' : 's'} (${rules}); nothing was pushed`,
    {hint: 'fix them (pppc validate shows where) or pass --no-validate', exitCode: 1, code: 'PPPC_FINDINGS'},
  )
}

function counts(report: FileReport | undefined): PushResult['validation'] {
  if (!report) return null
  const n = (s: string) => report.findings.filter((f) => f.severity === s).length
  return {errors: n('error'), warnings: n('warning'), infos: n('info')}
}

/** Turns any failure into a PppcError whose text went through the redactor; secrets never leave in a message. */
async function guarded<T>(secrets: Secrets, job: () => Promise<T>): Promise<T> {
  try {
    return await job()
  } catch (error) {
    if (isPppcError(error))
      throw new PppcError(secrets.redact(error.problem), {
        ...(error.hint ? {hint: secrets.redact(error.hint)} : {}),
        exitCode: error.exitCode,
        code: error.code,
      })
    throw new PppcError(
      `unexpected failure while pushing: ${secrets.redact((error as Error).message.split('\n')[0] ?? '')}`,
      {exitCode: 1, code: 'PPPC_INTERNAL'},
    )
  }
}

function transportFor(
  dryRun: boolean,
  answer: (r: HttpRequest) => {status: number; text: string},
): {transport: Transport; dry?: DryRunTransport} {
  if (!dryRun) return {transport: fetchTransport}
  const dry = new DryRunTransport(answer)
  return {transport: dry, dry}
}

export interface JamfPushOptions {
  url: string
  name: string
  category?: string
  site?: string
  dryRun: boolean
  env: NodeJS.ProcessEnv
}

/**
 * Creates the Jamf Pro profile, or updates the one with this name in place, keeping its PayloadUUID and
 * PayloadIdentifier; when what Jamf holds already equals what would be sent, sends nothing more ("unchanged").
 */
export async function pushToJamf(loaded: LoadedProfile, options: JamfPushOptions): Promise<PushResult> {
  const secrets = new Secrets()
  return guarded(secrets, async () => {
    const base = requireSafeUrl(options.url, '--url')
    const {JamfClient, jamfCredentialsFromEnv, jamfDryRunAnswer, jamfUpdateXml} = await import('./jamf.js')
    const {toJamfClassicXml} = await import('../profiles/jamf-xml.js')
    const {toMobileconfig} = await import('../profiles/mobileconfig.js')
    const {readProfile} = await import('../profiles/read.js')
    const credentials = jamfCredentialsFromEnv(options.env, secrets)
    const {transport, dry} = transportFor(options.dryRun, jamfDryRunAnswer)
    const client = new JamfClient(base, credentials, transport, defaultPolicy(), secrets)
    const result = (action: PushResult['action'], id: string | null): PushResult => ({
      mdm: 'jamf',
      action,
      name: options.name,
      file: loaded.file,
      id: dry ? null : id,
      url: dry || id === null ? null : client.profileUrl(id),
      validation: counts(loaded.report),
      requests: dry ? dry.requests.map((r) => showRequest(r, secrets)) : [],
    })
    const fields = {
      name: options.name,
      ...(options.category ? {category: options.category} : {}),
      ...(options.site ? {site: options.site} : {}),
    }

    const stored = await client.find(options.name)
    if (!stored) {
      const description =
        typeof (loaded.profile as {PayloadDescription?: unknown}).PayloadDescription === 'string'
          ? (loaded.profile as {PayloadDescription: string}).PayloadDescription
          : undefined
      const id = await client.create(
        toJamfClassicXml({
          ...fields,
          ...(description ? {description} : {}),
          distribution: 'Install Automatically',
          payloads: toMobileconfig(loaded.profile),
        }),
      )
      return result(dry ? 'dry-run' : 'created', id)
    }
    const read = await readProfile(Buffer.from(stored.payloads))
    if (!read.ok) {
      throw new PppcError(
        `the profile "${options.name}" in Jamf Pro (id ${stored.id}) holds payloads pppc cannot read (${read.failure.message}), so their PayloadUUID and PayloadIdentifier cannot be kept`,
        {hint: 'look at it in Jamf Pro; delete it there to push a new one', exitCode: 1, code: 'PPPC_HTTP'},
      )
    }
    const payloads = toMobileconfig(keepIdentity(loaded.profile, read.document.value))
    const same =
      payloads === toMobileconfig(read.document.value) &&
      (!options.category || options.category === stored.category) &&
      (!options.site || options.site === stored.site)
    if (same) return result('unchanged', stored.id)
    const id = await client.update(stored.id, jamfUpdateXml({...fields, payloads}))
    return result(dry ? 'dry-run' : 'updated', id)
  })
}

export interface KandjiPushOptions {
  subdomain?: string
  region: 'us' | 'eu'
  apiUrl?: string
  name: string
  dryRun: boolean
  env: NodeJS.ProcessEnv
}

/**
 * Creates the Kandji custom profile, or updates the one with this name; Kandji sets the top-level identity itself, so
 * content is compared without it, and the file is sent as written (a signed profile stays signed).
 */
export async function pushToKandji(loaded: LoadedProfile, options: KandjiPushOptions): Promise<PushResult> {
  const secrets = new Secrets()
  return guarded(secrets, async () => {
    const {KandjiClient, kandjiApiUrl, kandjiDryRunAnswer, kandjiTokenFromEnv} = await import('./kandji.js')
    const {toMobileconfig} = await import('../profiles/mobileconfig.js')
    const {readProfile} = await import('../profiles/read.js')
    const base = kandjiApiUrl({
      region: options.region,
      ...(options.subdomain ? {subdomain: options.subdomain} : {}),
      ...(options.apiUrl ? {apiUrl: options.apiUrl} : {}),
    })
    const token = kandjiTokenFromEnv(options.env, secrets)
    const {transport, dry} = transportFor(options.dryRun, kandjiDryRunAnswer)
    const client = new KandjiClient(base, token, transport, defaultPolicy(), secrets)
    const result = (action: PushResult['action'], id: string | null): PushResult => ({
      mdm: 'kandji',
      action,
      name: options.name,
      file: loaded.file,
      id: dry ? null : id,
      url: null,
      validation: counts(loaded.report),
      requests: dry ? dry.requests.map((r) => showRequest(r, secrets)) : [],
    })
    const file = {fileName: fileNameFor(loaded.file), content: new Uint8Array(loaded.bytes)}

    const matches = (await client.list()).filter((p) => p.name === options.name)
    if (matches.length > 1) {
      throw new PppcError(
        `${matches.length} Kandji custom profiles are named "${options.name}" (${matches.map((m) => m.id).join(', ')})`,
        {hint: 'rename or delete all but one in Kandji, then push again', exitCode: 1, code: 'PPPC_HTTP'},
      )
    }
    const existing = matches[0]
    if (!existing) {
      const created = await client.create(options.name, file)
      return result(dry ? 'dry-run' : 'created', created.id)
    }
    if (existing.profile && existing.runs_on_mac !== false) {
      const read = await readProfile(Buffer.from(existing.profile))
      const mine = (value: PlistValue) => toMobileconfig(withoutTopIdentity(value))
      if (read.ok && mine(read.document.value) === mine(loaded.profile)) return result('unchanged', existing.id)
    }
    const updated = await client.update(existing.id, options.name, file)
    return result(dry ? 'dry-run' : 'updated', updated.id)
  })
}

function fileNameFor(path: string): string {
  const name = basename(path).replace(/[^A-Za-z0-9._ -]/g, '_')
  return /\.mobileconfig$/i.test(name) ? name : `${name}.mobileconfig`
}

const MDM_NAMES: Record<Mdm, string> = {jamf: 'Jamf Pro', kandji: 'Kandji'}

/** The result for a terminal: what happened, the id, and the console page when there is one. */
export function describeResult(result: PushResult): string {
  const where = MDM_NAMES[result.mdm]
  if (result.action === 'dry-run') return result.requests.map(formatRequest).join('\n')
  const head =
    result.action === 'unchanged'
      ? `unchanged "${result.name}" in ${where}: id ${result.id} already holds this profile`
      : `${result.action} "${result.name}" in ${where}: id ${result.id}`
  return `${head}\n${result.url ? `${result.url}\n` : ''}`
}

/** A request as HTTP prints it: request line, headers, a blank line, the body (multipart parts one per line). */
export function formatRequest(request: ShownRequest): string {
  const lines = [`${request.method} ${request.url}`, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`)]
  if (request.form) {
    lines.push('Content-Type: multipart/form-data', '', ...Object.entries(request.form).map(([k, v]) => `  ${k}=${v}`))
  } else if (request.body !== undefined) {
    lines.push('', request.body.trimEnd())
  }
  return `${lines.join('\n')}\n`
}

export function dryRunNote(mdm: Mdm, name: string): string {
  return mdm === 'jamf'
    ? `dry run: nothing was sent. These are the requests of a first push; if Jamf Pro has a profile named "${name}", pppc reads it and sends PUT .../osxconfigurationprofiles/id/ID instead, keeping its PayloadUUID and PayloadIdentifier, or nothing when it holds the same content.`
    : `dry run: nothing was sent. These are the requests of a first push; if Kandji has a custom profile named "${name}", pppc sends PATCH .../custom-profiles/ID with the file instead, or nothing when it holds the same content.`
}
