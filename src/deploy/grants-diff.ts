import type {PlistValue} from '../profiles/model.js'

/**
 * What two PPPC profiles grant, compared the way an admin reads them: which apps, then for an app both grant to,
 * which services, then for a service both name, which value. Pure: values in, values out; no I/O, no MDM. Used by
 * `pppc push --plan`, and meant for any other comparison of two profiles (a `pppc diff A B`).
 */

const PPPC_PAYLOAD_TYPE = 'com.apple.TCC.configuration-profile-policy'

type Dict = {[key: string]: PlistValue}

/** One service an app is granted (or denied): AppleEvents once per receiver. */
export interface ServiceGrant {
  service: string
  /** AppleEvents only: the receiving app's identifier. */
  receiver?: string
  /** Authorization as written (Allow, Deny, AllowStandardUserToSetSystemService); legacy Allowed true/false as Allow/Deny. */
  value: string
}

/** What one profile says about one app. */
export interface AppGrants {
  identifier: string
  /** The CodeRequirement (the first one, when the app appears more than once with different ones). */
  requirement: string
  grants: ServiceGrant[]
}

export interface ValueChange {
  app: string
  service: string
  receiver?: string
  before: string
  after: string
}

export interface GrantsDiff {
  /** Apps only the new profile grants to, and apps only the old one does (identifiers, sorted). */
  apps: {added: string[]; removed: string[]}
  /**
   * Services only one side names, per app: for an app both grant to, the services that come and go; for an added
   * app, all its services (added); for a removed app, all of them (removed). Sorted by app.
   */
  services: {app: string; added: ServiceGrant[]; removed: ServiceGrant[]}[]
  /** For each service both sides name for an app: the value, when it differs. */
  values: ValueChange[]
  /** For each app both grant to: the CodeRequirement, when it differs (the grant would go to other code). */
  requirements: {app: string; before: string; after: string}[]
}

function isDict(value: PlistValue | undefined): value is Dict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value)
  )
}

function valueOf(entry: Dict): string {
  if (typeof entry.Authorization === 'string') return entry.Authorization
  if (entry.Allowed === true || entry.Allowed === 1) return 'Allow'
  if (entry.Allowed === false || entry.Allowed === 0) return 'Deny'
  return '(none)'
}

const serviceKey = (grant: {service: string; receiver?: string | undefined}) =>
  grant.receiver === undefined ? grant.service : `${grant.service}\u0000${grant.receiver}`

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Every app a profile grants to, with its services, from every PPPC payload (a profile may hold several, and the same
 * app may appear in several services). Keys are read as Apple writes them (case-sensitive). Sorted by identifier,
 * then service and receiver. The same service named twice for an app with different values keeps both ("Allow +
 * Deny"): macOS applies the most restrictive, and a diff should not hide either.
 */
export function grantsOf(profile: PlistValue | undefined): AppGrants[] {
  if (!isDict(profile)) return []
  const content = Array.isArray(profile.PayloadContent) ? profile.PayloadContent.filter(isDict) : []
  const payloads = [profile, ...content].filter((p) => p.PayloadType === PPPC_PAYLOAD_TYPE && isDict(p.Services))
  const apps = new Map<string, {requirement: string; grants: Map<string, ServiceGrant>}>()
  for (const payload of payloads) {
    for (const [service, entries] of Object.entries(payload.Services as Dict)) {
      if (!Array.isArray(entries)) continue
      for (const entry of entries.filter(isDict)) {
        if (typeof entry.Identifier !== 'string') continue
        const app = apps.get(entry.Identifier) ?? {
          requirement: typeof entry.CodeRequirement === 'string' ? entry.CodeRequirement : '',
          grants: new Map<string, ServiceGrant>(),
        }
        apps.set(entry.Identifier, app)
        const grant: ServiceGrant = {service, value: valueOf(entry)}
        if (typeof entry.AEReceiverIdentifier === 'string') grant.receiver = entry.AEReceiverIdentifier
        const key = serviceKey(grant)
        const known = app.grants.get(key)
        if (known && !known.value.split(' + ').includes(grant.value))
          known.value = [...known.value.split(' + '), grant.value].sort(byName).join(' + ')
        else if (!known) app.grants.set(key, grant)
      }
    }
  }
  return [...apps]
    .sort(([a], [b]) => byName(a, b))
    .map(([identifier, {requirement, grants}]) => ({
      identifier,
      requirement,
      grants: [...grants.values()].sort((a, b) => byName(serviceKey(a), serviceKey(b))),
    }))
}

/** What changes from `before` (undefined: nothing yet, as for a profile about to be created) to `after`. */
export function diffGrants(before: PlistValue | undefined, after: PlistValue): GrantsDiff {
  const old = new Map(grantsOf(before).map((app) => [app.identifier, app]))
  const next = new Map(grantsOf(after).map((app) => [app.identifier, app]))
  const diff: GrantsDiff = {
    apps: {
      added: [...next.keys()].filter((id) => !old.has(id)),
      removed: [...old.keys()].filter((id) => !next.has(id)),
    },
    services: [],
    values: [],
    requirements: [],
  }
  const apps = [...new Set([...old.keys(), ...next.keys()])].sort(byName)
  for (const identifier of apps) {
    const was = old.get(identifier)
    const now = next.get(identifier)
    const wasGrants = new Map((was?.grants ?? []).map((g) => [serviceKey(g), g]))
    const nowGrants = new Map((now?.grants ?? []).map((g) => [serviceKey(g), g]))
    const added = (now?.grants ?? []).filter((g) => !wasGrants.has(serviceKey(g)))
    const removed = (was?.grants ?? []).filter((g) => !nowGrants.has(serviceKey(g)))
    if (added.length > 0 || removed.length > 0) diff.services.push({app: identifier, added, removed})
    if (!was || !now) continue
    for (const grant of now.grants) {
      const prior = wasGrants.get(serviceKey(grant))
      if (!prior || prior.value === grant.value) continue
      diff.values.push({
        app: identifier,
        service: grant.service,
        ...(grant.receiver === undefined ? {} : {receiver: grant.receiver}),
        before: prior.value,
        after: grant.value,
      })
    }
    if (was.requirement !== now.requirement)
      diff.requirements.push({app: identifier, before: was.requirement, after: now.requirement})
  }
  return diff
}

/** True when the two profiles grant to different apps: pushing one over the other replaces another app's grants. */
export function appsDiffer(diff: GrantsDiff): boolean {
  return diff.apps.added.length > 0 || diff.apps.removed.length > 0
}

/** True when nothing an admin would call a grant changes (other content may still differ). */
export function sameGrants(diff: GrantsDiff): boolean {
  return !appsDiffer(diff) && diff.services.length === 0 && diff.values.length === 0 && diff.requirements.length === 0
}

const named = (grant: {service: string; receiver?: string | undefined}) =>
  grant.receiver === undefined ? grant.service : `${grant.service} → ${grant.receiver}`

/**
 * The diff as lines for a terminal, apps first, then services, then values: `+` what the new profile adds, `-` what
 * it takes away, `~` what it changes. Empty when the grants are the same.
 */
export function formatGrantsDiff(diff: GrantsDiff): string[] {
  const lines: string[] = []
  const listed = (grants: ServiceGrant[]) => grants.map((g) => `${named(g)} ${g.value}`).join(', ')
  const servicesOf = (app: string) => diff.services.find((s) => s.app === app)
  for (const app of diff.apps.added) lines.push(`+ app ${app}: ${listed(servicesOf(app)?.added ?? [])}`)
  for (const app of diff.apps.removed)
    lines.push(`- app ${app}: ${listed(servicesOf(app)?.removed ?? [])} (every grant to it goes)`)
  const changedApps = new Set([...diff.apps.added, ...diff.apps.removed])
  for (const {app, added, removed} of diff.services) {
    if (changedApps.has(app)) continue
    for (const grant of added) lines.push(`+ ${app}: ${named(grant)} ${grant.value}`)
    for (const grant of removed) lines.push(`- ${app}: ${named(grant)} ${grant.value}`)
  }
  for (const change of diff.values) lines.push(`~ ${change.app}: ${named(change)} ${change.before} → ${change.after}`)
  for (const {app} of diff.requirements) lines.push(`~ ${app}: code requirement changed`)
  return lines
}
