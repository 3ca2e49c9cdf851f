import {readFile} from 'node:fs/promises'
import {basename} from 'node:path'
import {PppcError} from '../errors.js'
import type {PlistValue} from '../profiles/model.js'
import type {FileReport} from '../profiles/validate.js'
import {guarded, type Connection, type Mdm} from './connect.js'
import {appsDiffer, diffGrants, formatGrantsDiff, grantsOf, type GrantsDiff} from './grants-diff.js'
import {showRequest, type Clock, type ShownRequest} from './http.js'
import {keepIdentity, withoutTopIdentity} from './identity.js'
import type {JamfRedeploy, JamfRef, JamfScope} from './jamf.js'
import type {KandjiBlueprint} from './kandji.js'
import {requireSendable} from './sendable.js'

export type {Mdm} from './connect.js'

/**
 * push: send the changes. plan: read what the server holds and say what a push would do, sending nothing that
 * changes anything (read-only requests and the token request only). dry-run: contact nothing, print the requests of a
 * first push.
 */
export type PushMode = 'push' | 'plan' | 'dry-run'

/** What `pppc push` returns with --json; the same keys for both MDMs, null where a key does not apply. */
export interface PushResult {
  mdm: Mdm
  /**
   * What was done (created, updated, unchanged: nothing needed sending), what a plan says would be done (create,
   * update, unchanged, with `plan` true), or dry-run.
   */
  action: 'created' | 'updated' | 'unchanged' | 'create' | 'update' | 'dry-run'
  plan: boolean
  name: string
  file: string
  /** Jamf Pro's numeric id or Kandji's library item id; null when there is none yet (a plan to create, a dry run). */
  id: string | null
  /** Jamf Pro's console page for the profile; null for Kandji (its web address is not documented). */
  url: string | null
  validation: {errors: number; warnings: number; infos: number} | null
  /** How the grants change: apps, then services, then values (see grants-diff.ts). */
  grants: GrantsDiff
  /** True when the stored profile grants to other apps than the file: a push then needs --replace. */
  replaces: boolean
  /** Jamf Pro: how an update reaches Macs ("all" in scope, or "new"ly scoped only); null when no payload changes. */
  redeploy: JamfRedeploy | null
  /** Jamf Pro: the scope after the push; null for Kandji. */
  scope: {all: boolean; groups: string[]} | null
  /** Kandji: the Blueprints named with --blueprint, each assigned by this push or already holding it; null for Jamf. */
  blueprints: {name: string; id: string; already: boolean}[] | null
  /** What else changes besides the grants (scope, category, site, Blueprints), in words. */
  changes: string[]
  /** What the admin should know: nothing reaches a Mac until the profile is scoped or in a Blueprint. */
  notes: string[]
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

/** What every push takes besides its MDM's own options: the overall --timeout, and a clock (tests inject one). */
export interface PushContext {
  timeoutSeconds?: number | undefined
  clock?: Clock | undefined
}

interface Decided {
  action: PushResult['action']
  id: string | null
  grants: GrantsDiff
  replaces: boolean
  redeploy?: JamfRedeploy | null
  scope?: PushResult['scope']
  blueprints?: PushResult['blueprints']
  changes: string[]
  notes: string[]
}

function resultOf(
  mdm: Mdm,
  loaded: LoadedProfile,
  name: string,
  mode: PushMode,
  connection: Connection,
  decided: Decided,
  url: string | null,
): PushResult {
  const dry = mode === 'dry-run'
  return {
    mdm,
    action: decided.action,
    plan: mode === 'plan',
    name,
    file: loaded.file,
    id: dry ? null : decided.id,
    url: dry ? null : url,
    validation: counts(loaded.report),
    grants: decided.grants,
    replaces: decided.replaces,
    redeploy: decided.redeploy ?? null,
    scope: decided.scope ?? null,
    blueprints: decided.blueprints ?? null,
    changes: decided.changes,
    notes: decided.notes,
    requests: connection.dry ? connection.dry.requests.map((r) => showRequest(r, connection.secrets)) : [],
  }
}

/**
 * Whether pushing `next` over `stored` replaces grants the admin may not mean to: the stored profile grants to apps,
 * and not to the same ones. (A stored profile that grants to no app, or one pppc cannot read, has nothing to lose.)
 */
function replacesApps(stored: PlistValue | undefined, grants: GrantsDiff): boolean {
  return stored !== undefined && grantsOf(stored).length > 0 && appsDiffer(grants)
}

const WOULD_STOP =
  'a push stops here: the profile grants to other apps than the file; pass --replace if that is what you want'

/** A plan to update; one that a push without --replace would refuse says so in its notes. */
function planUpdate(decided: Decided, replace: boolean | undefined): Decided {
  const notes = decided.replaces && !replace ? [...decided.notes, WOULD_STOP] : decided.notes
  return {...decided, action: 'update', notes}
}

/** Stops a push that would replace another app's grants (the Zoom profile pushed under the BeyondTrust name). */
function refuseReplacing(where: string, name: string, id: string, file: string, grants: GrantsDiff): never {
  const apps = [...grants.apps.added.map((a) => `+${a}`), ...grants.apps.removed.map((a) => `-${a}`)].join(' ')
  throw new PppcError(
    `the profile "${name}" in ${where} (id ${id}) grants to other apps than ${file} (${apps}); nothing was pushed`,
    {
      hint: "check --name (it may be another app's profile; pppc push --plan shows the diff), or pass --replace to replace its grants",
      exitCode: 1,
      code: 'PPPC_REPLACE',
    },
  )
}

export interface JamfPushOptions extends PushContext {
  url: string
  name: string
  category?: string | undefined
  site?: string | undefined
  /** --scope all */
  scopeAll?: boolean | undefined
  /** --scope-group NAME, repeatable */
  scopeGroups?: string[] | undefined
  /** --redeploy; on an update that changes the payloads, "all" unless told otherwise. */
  redeploy?: JamfRedeploy | undefined
  replace?: boolean | undefined
  mode: PushMode
  env: NodeJS.ProcessEnv
}

const sameRef = (a: JamfRef, b: JamfRef) => (/^\d+$/.test(a.id) && a.id === b.id) || a.name === b.name

/** The stored scope with what was asked for added (a PUT sends computer_groups whole, so the stored groups stay). */
function widen(stored: JamfScope, wanted: JamfScope): {scope: JamfScope; changes: string[]} {
  const changes: string[] = []
  if (wanted.all && !stored.all) changes.push('scope: + all computers')
  const added = wanted.groups.filter((g) => !stored.groups.some((s) => sameRef(s, g)))
  for (const group of added) changes.push(`scope: + group "${group.name}"`)
  return {scope: {all: stored.all || wanted.all, groups: [...stored.groups, ...added]}, changes}
}

const shownScope = (scope: JamfScope) => ({all: scope.all, groups: scope.groups.map((g) => g.name)})
const unscoped = (scope: JamfScope) => !scope.all && scope.groups.length === 0

/**
 * Creates the Jamf Pro profile, or updates the one with this name in place, keeping its PayloadUUID and
 * PayloadIdentifier. Category, site and scope groups are looked up by name first (an unknown one stops everything,
 * exit 2). An update that changes the payloads redeploys to every Mac in scope unless --redeploy new; one that grants
 * to other apps needs --replace. When nothing would change, nothing is sent ("unchanged").
 */
export async function pushToJamf(loaded: LoadedProfile, options: JamfPushOptions): Promise<PushResult> {
  const {connectJamf} = await import('./connect.js')
  const connection = connectJamf(options)
  return guarded(connection.secrets, async () => {
    requireSendable(loaded.profile, loaded.file)
    const {client} = await connection.open()
    const {jamfCreateXml, jamfUpdateXml} = await import('./jamf.js')
    const {toJamfClassicXml} = await import('../profiles/jamf-xml.js')
    const {toMobileconfig} = await import('../profiles/mobileconfig.js')
    const {readProfile} = await import('../profiles/read.js')
    const {name, mode} = options
    const plan = mode === 'plan'
    const done = (decided: Decided) =>
      resultOf(
        'jamf',
        loaded,
        name,
        mode,
        connection,
        decided,
        decided.id === null ? null : client.profileUrl(decided.id),
      )

    const stored = await client.find(name)
    const category = options.category ? await client.lookup('category', options.category) : undefined
    const site = options.site ? await client.lookup('site', options.site) : undefined
    const groups: JamfRef[] = []
    for (const group of options.scopeGroups ?? []) groups.push(await client.lookup('group', group))
    const wanted: JamfScope | undefined =
      options.scopeAll || groups.length > 0 ? {all: options.scopeAll === true, groups} : undefined
    const notScoped = `"${name}" is not scoped: Jamf Pro sends it to no Mac until it is (--scope all, --scope-group NAME, or the profile's Scope tab)`

    if (!stored) {
      const changes = [
        ...(wanted ? widen({all: false, groups: []}, wanted).changes : []),
        ...(category ? [`category: "${category.name}"`] : []),
        ...(site ? [`site: "${site.name}"`] : []),
      ]
      const decided: Decided = {
        action: plan ? 'create' : mode === 'dry-run' ? 'dry-run' : 'created',
        id: null,
        grants: diffGrants(undefined, loaded.profile),
        replaces: false,
        scope: shownScope(wanted ?? {all: false, groups: []}),
        changes,
        notes: wanted ? [] : [notScoped],
      }
      if (plan) return done(decided)
      const description = (loaded.profile as {PayloadDescription?: unknown}).PayloadDescription
      const generated = toJamfClassicXml({
        name,
        ...(typeof description === 'string' && description ? {description} : {}),
        ...(category ? {category: category.name} : {}),
        ...(site ? {site: site.name} : {}),
        distribution: 'Install Automatically',
        payloads: toMobileconfig(loaded.profile),
      })
      return done({...decided, id: await client.create(jamfCreateXml(generated, wanted))})
    }

    const read = await readProfile(Buffer.from(stored.payloads))
    if (!read.ok) {
      throw new PppcError(
        `the profile "${name}" in Jamf Pro (id ${stored.id}) holds payloads pppc cannot read (${read.failure.message}), so their PayloadUUID and PayloadIdentifier cannot be kept`,
        {hint: 'look at it in Jamf Pro; delete it there to push a new one', exitCode: 1, code: 'PPPC_HTTP'},
      )
    }
    const storedProfile = read.document.value
    const payloads = toMobileconfig(keepIdentity(loaded.profile, storedProfile))
    const payloadsChange = payloads !== toMobileconfig(storedProfile)
    const grants = diffGrants(storedProfile, loaded.profile)
    const widened = wanted ? widen(stored.scope, wanted) : {scope: stored.scope, changes: []}
    const categoryChange = category && category.name !== stored.category ? category.name : undefined
    const siteChange = site && site.name !== stored.site ? site.name : undefined
    const changes = [
      ...widened.changes,
      ...(categoryChange ? [`category: "${stored.category ?? ''}" → "${categoryChange}"`] : []),
      ...(siteChange ? [`site: "${stored.site ?? ''}" → "${siteChange}"`] : []),
    ]
    const redeploy = payloadsChange ? (options.redeploy ?? 'all') : null
    const decided: Decided = {
      action: 'unchanged',
      id: stored.id,
      grants,
      replaces: replacesApps(storedProfile, grants),
      redeploy,
      scope: shownScope(widened.scope),
      changes,
      notes: unscoped(widened.scope) ? [notScoped] : [],
    }
    if (!payloadsChange && changes.length === 0) return done(decided)
    if (plan) return done(planUpdate(decided, options.replace))
    if (decided.replaces && !options.replace) refuseReplacing('Jamf Pro', name, stored.id, loaded.file, grants)
    const xml = jamfUpdateXml({
      name,
      payloads: payloadsChange ? payloads : undefined,
      // With the payloads unchanged (only scope, category or site), Macs that have the profile need nothing again.
      redeploy: redeploy ?? 'new',
      category: categoryChange,
      site: siteChange,
      scope: widened.changes.length > 0 ? widened.scope : undefined,
    })
    const id = await client.update(stored.id, xml)
    return done({...decided, action: mode === 'dry-run' ? 'dry-run' : 'updated', id})
  })
}

export interface KandjiPushOptions extends PushContext {
  subdomain?: string | undefined
  region: 'us' | 'eu'
  apiUrl?: string | undefined
  name: string
  /** --blueprint NAME, repeatable: classic Blueprints to assign the library item to. */
  blueprints?: string[] | undefined
  replace?: boolean | undefined
  mode: PushMode
  env: NodeJS.ProcessEnv
}

/**
 * Creates the Kandji custom profile, or updates the one with this name, then assigns it to the Blueprints named
 * (looked up first: an unknown one stops everything, exit 2). Kandji sets the top-level identity itself, so content is
 * compared without it, and the file is sent as written (a signed profile stays signed). An update that grants to
 * other apps needs --replace.
 */
export async function pushToKandji(loaded: LoadedProfile, options: KandjiPushOptions): Promise<PushResult> {
  const {connectKandji} = await import('./connect.js')
  const connection = connectKandji(options)
  return guarded(connection.secrets, async () => {
    requireSendable(loaded.profile, loaded.file)
    const {client} = await connection.open()
    const {toMobileconfig} = await import('../profiles/mobileconfig.js')
    const {readProfile} = await import('../profiles/read.js')
    const {name, mode} = options
    const plan = mode === 'plan'
    const done = (decided: Decided) => resultOf('kandji', loaded, name, mode, connection, decided, null)
    const file = {fileName: fileNameFor(loaded.file), content: new Uint8Array(loaded.bytes)}

    const matches = await client.list((p) => p.name === name)
    if (matches.length > 1) {
      throw new PppcError(
        `${matches.length} Kandji custom profiles are named "${name}" (${matches.map((m) => m.id).join(', ')})`,
        {
          hint: 'rename or delete all but one in Kandji, then push again',
          exitCode: 1,
          code: 'PPPC_HTTP',
        },
      )
    }
    const existing = matches[0]
    const blueprints: {blueprint: KandjiBlueprint; already: boolean}[] = []
    for (const blueprintName of options.blueprints ?? []) {
      const blueprint = await client.blueprint(blueprintName)
      if (blueprints.some((b) => b.blueprint.id === blueprint.id)) continue
      blueprints.push({blueprint, already: existing ? await client.holds(blueprint, existing.id) : false})
    }
    const toAssign = blueprints.filter((b) => !b.already)
    const changes = toAssign.map((b) => `blueprint: + "${b.blueprint.name}"`)
    const shown = () => blueprints.map((b) => ({name: b.blueprint.name, id: b.blueprint.id, already: b.already}))
    const assignAll = async (itemId: string) => {
      for (const entry of toAssign) entry.already = (await client.assign(entry.blueprint, itemId)) === 'already'
    }

    if (!existing) {
      const decided: Decided = {
        action: plan ? 'create' : mode === 'dry-run' ? 'dry-run' : 'created',
        id: null,
        grants: diffGrants(undefined, loaded.profile),
        replaces: false,
        blueprints: shown(),
        changes,
        notes:
          blueprints.length > 0
            ? []
            : [
                `"${name}" is in no Blueprint: Kandji sends it to no Mac until it is (--blueprint NAME, or the Blueprint's Library in Kandji)`,
              ],
      }
      if (plan) return done(decided)
      const created = await client.create(name, file)
      await assignAll(created.id)
      return done({...decided, id: created.id, blueprints: shown()})
    }

    const read = existing.profile ? await readProfile(Buffer.from(existing.profile)) : undefined
    const storedProfile = read?.ok ? read.document.value : undefined
    const mine = (value: PlistValue) => toMobileconfig(withoutTopIdentity(value))
    const fileChanges =
      existing.runs_on_mac === false || storedProfile === undefined || mine(storedProfile) !== mine(loaded.profile)
    const grants = diffGrants(storedProfile, loaded.profile)
    const decided: Decided = {
      action: 'unchanged',
      id: existing.id,
      grants,
      replaces: replacesApps(storedProfile, grants),
      blueprints: shown(),
      changes,
      notes: [],
    }
    if (!fileChanges && toAssign.length === 0) return done(decided)
    if (plan) return done(planUpdate(decided, options.replace))
    if (decided.replaces && !options.replace) refuseReplacing('Kandji', name, existing.id, loaded.file, grants)
    if (fileChanges) await client.update(existing.id, name, file)
    await assignAll(existing.id)
    return done({...decided, action: mode === 'dry-run' ? 'dry-run' : 'updated', blueprints: shown()})
  })
}

function fileNameFor(path: string): string {
  const name = basename(path).replace(/[^A-Za-z0-9._ -]/g, '_')
  return /\.mobileconfig$/i.test(name) ? name : `${name}.mobileconfig`
}

const MDM_NAMES: Record<Mdm, string> = {jamf: 'Jamf Pro', kandji: 'Kandji'}

const REDEPLOY_WORDS: Record<JamfRedeploy, string> = {
  all: 'every Mac in scope gets the new version',
  new: 'only Macs newly in scope get it; Macs that have it keep the old version',
}

/**
 * The result for a terminal. A plan: what would happen, the grants diff (apps, services, values), the other changes,
 * and whether a push would stop for --replace. A push: what happened, the other changes, the console page.
 */
export function describeResult(result: PushResult): string {
  const where = MDM_NAMES[result.mdm]
  if (result.action === 'dry-run') return result.requests.map(formatRequest).join('\n')
  const at = result.id === null ? '' : `: id ${result.id}`
  const plan = result.plan ? 'plan: ' : ''
  const head =
    result.action === 'unchanged'
      ? `${plan}unchanged "${result.name}" in ${where}${at} already holds this profile`
      : `${plan}${result.action} "${result.name}" in ${where}${at}`
  const lines = [head]
  const detail = (line: string) => lines.push(`  ${line}`)
  if (result.plan && result.action !== 'unchanged') {
    const grantLines = formatGrantsDiff(result.grants)
    if (grantLines.length === 0 && result.action === 'update' && result.redeploy)
      detail('grants: the same (other content changes)')
    for (const line of grantLines) detail(line)
  }
  for (const change of result.changes) detail(change)
  if (result.redeploy && result.action !== 'unchanged')
    detail(`redeploy: ${result.redeploy} (${REDEPLOY_WORDS[result.redeploy]})`)
  if (result.url) lines.push(result.url)
  return `${lines.join('\n')}\n`
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
    ? `dry run: nothing was sent. These are the requests of a first push; if Jamf Pro has a profile named "${name}", pppc reads it and sends PUT .../osxconfigurationprofiles/id/ID instead, keeping its PayloadUUID and PayloadIdentifier, or nothing when it holds the same content. --plan asks the server which.`
    : `dry run: nothing was sent. These are the requests of a first push; if Kandji has a custom profile named "${name}", pppc sends PATCH .../custom-profiles/ID with the file instead, or nothing when it holds the same content. --plan asks the server which.`
}
