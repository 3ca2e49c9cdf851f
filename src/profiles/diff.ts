import {parseRequirement, sameRequirement} from '../requirements/index.js'
import {permissionLabel} from './grants.js'
import type {ProfileApp, ProfileGrant, ProfileGrants} from './profile-grants.js'

/**
 * Two profiles compared as an admin reviews them: which apps, which services, which values, which requirements; and
 * the profile's own fields (identifier, UUID, names, scope, signer). XML layout, key order, key case and Allowed vs
 * Authorization do not count; neither does how a requirement is written, only what it asks.
 */
export interface FieldChange {
  field: string
  a: string | null
  b: string | null
}

export interface GrantChange {
  service: string
  label: string
  receiver?: string
  change: 'added' | 'removed' | 'changed'
  a?: string
  b?: string
  /** For Automation: the receiver's requirement, when it differs. */
  receiverRequirement?: {a: string; b: string}
}

export interface AppChange {
  identifier: string
  identifierType: string
  change: 'added' | 'removed' | 'changed'
  requirement?: {a: string; b: string}
  grants: GrantChange[]
}

export interface ProfileDiff {
  same: boolean
  profile: FieldChange[]
  apps: AppChange[]
  /** Apps and grants on each side, for the summary. */
  counts: {a: {apps: number; grants: number}; b: {apps: number; grants: number}}
}

export interface DiffSide {
  grants: ProfileGrants
  /** The signer ("unsigned" when there is none), compared as a profile field. */
  signer: string
}

function sameText(a: string, b: string): boolean {
  if (a === b) return true
  const pa = parseRequirement(a)
  const pb = parseRequirement(b)
  return pa.ok && pb.ok && sameRequirement(pa.requirement, pb.requirement)
}

function grantKey(g: ProfileGrant): string {
  return g.receiver ? `${g.service} ${g.receiver.identifier}` : g.service
}

function describeGrant(g: ProfileGrant): Pick<GrantChange, 'service' | 'label' | 'receiver'> {
  return {
    service: g.service,
    label: permissionLabel(g.service),
    ...(g.receiver ? {receiver: g.receiver.identifier} : {}),
  }
}

function appKey(app: ProfileApp): string {
  return `${app.identifierType} ${app.identifier}`
}

/** One app per identifier: a profile that lists an app under two requirements shows both, joined. */
function byApp(apps: readonly ProfileApp[]): Map<string, ProfileApp> {
  const map = new Map<string, ProfileApp>()
  for (const app of apps) {
    const known = map.get(appKey(app))
    if (!known) map.set(appKey(app), {...app, grants: [...app.grants]})
    else {
      if (!sameText(known.codeRequirement, app.codeRequirement))
        known.codeRequirement = `${known.codeRequirement} | ${app.codeRequirement}`
      known.grants.push(...app.grants)
    }
  }
  return map
}

function diffApp(a: ProfileApp, b: ProfileApp): AppChange | undefined {
  const grants: GrantChange[] = []
  const inB = new Map(b.grants.map((g) => [grantKey(g), g]))
  for (const ga of a.grants) {
    const gb = inB.get(grantKey(ga))
    if (!gb) {
      grants.push({...describeGrant(ga), change: 'removed', a: ga.authorization})
      continue
    }
    const receiverChanged =
      ga.receiver && gb.receiver && !sameText(ga.receiver.codeRequirement, gb.receiver.codeRequirement)
    if (ga.authorization !== gb.authorization || receiverChanged)
      grants.push({
        ...describeGrant(ga),
        change: 'changed',
        a: ga.authorization,
        b: gb.authorization,
        ...(receiverChanged
          ? {receiverRequirement: {a: ga.receiver!.codeRequirement, b: gb.receiver!.codeRequirement}}
          : {}),
      })
  }
  const inA = new Set(a.grants.map(grantKey))
  for (const gb of b.grants)
    if (!inA.has(grantKey(gb))) grants.push({...describeGrant(gb), change: 'added', b: gb.authorization})
  const requirementChanged = !sameText(a.codeRequirement, b.codeRequirement)
  if (grants.length === 0 && !requirementChanged) return undefined
  return {
    identifier: a.identifier,
    identifierType: a.identifierType,
    change: 'changed',
    ...(requirementChanged ? {requirement: {a: a.codeRequirement, b: b.codeRequirement}} : {}),
    grants,
  }
}

function whole(app: ProfileApp, change: 'added' | 'removed'): AppChange {
  return {
    identifier: app.identifier,
    identifierType: app.identifierType,
    change,
    grants: app.grants.map((g) => ({
      ...describeGrant(g),
      change,
      ...(change === 'added' ? {b: g.authorization} : {a: g.authorization}),
    })),
  }
}

const FIELDS = [
  ['identifier', 'PayloadIdentifier'],
  ['uuid', 'PayloadUUID'],
  ['displayName', 'PayloadDisplayName'],
  ['organization', 'PayloadOrganization'],
  ['description', 'PayloadDescription'],
  ['scope', 'PayloadScope'],
] as const

export function diffProfiles(a: DiffSide, b: DiffSide, options: {grantsOnly?: boolean} = {}): ProfileDiff {
  const profile: FieldChange[] = []
  if (!options.grantsOnly) {
    for (const [field, key] of FIELDS) {
      const va = a.grants.identity[field] ?? null
      const vb = b.grants.identity[field] ?? null
      if (va !== vb) profile.push({field: key, a: va, b: vb})
    }
    if (a.signer !== b.signer) profile.push({field: 'signer', a: a.signer, b: b.signer})
  }
  const appsA = byApp(a.grants.apps)
  const appsB = byApp(b.grants.apps)
  const apps: AppChange[] = []
  for (const [key, app] of appsA) {
    const other = appsB.get(key)
    if (!other) apps.push(whole(app, 'removed'))
    else {
      const change = diffApp(app, other)
      if (change) apps.push(change)
    }
  }
  for (const [key, app] of appsB) if (!appsA.has(key)) apps.push(whole(app, 'added'))
  const count = (side: DiffSide) => ({
    apps: byApp(side.grants.apps).size,
    grants: side.grants.apps.reduce((n, app) => n + app.grants.length, 0),
  })
  return {same: profile.length === 0 && apps.length === 0, profile, apps, counts: {a: count(a), b: count(b)}}
}

const MARK = {added: '+', removed: '-', changed: '~'} as const

function grantLine(g: GrantChange): string {
  const name = `${g.label} (${g.service})${g.receiver ? ` → ${g.receiver}` : ''}`
  const value = g.change === 'changed' ? (g.a === g.b ? g.a : `${g.a} → ${g.b}`) : (g.a ?? g.b)
  const receiver = g.receiverRequirement
    ? `; receiver requirement ${g.receiverRequirement.a} → ${g.receiverRequirement.b}`
    : ''
  return `  ${MARK[g.change]} ${name}: ${value}${receiver}`
}

/** The diff as text, one line per change, in the order apps appear. */
export function formatDiff(diff: ProfileDiff, nameA: string, nameB: string): string {
  const lines = [`--- ${nameA}`, `+++ ${nameB}`]
  for (const f of diff.profile)
    lines.push(
      `~ ${f.field}: ${f.a === null ? '(none)' : JSON.stringify(f.a)} → ${f.b === null ? '(none)' : JSON.stringify(f.b)}`,
    )
  for (const app of diff.apps) {
    lines.push(`${MARK[app.change]} ${app.identifier} (${app.identifierType})`)
    if (app.requirement) lines.push(`    requirement: ${app.requirement.a}`, `              → ${app.requirement.b}`)
    for (const g of app.grants) lines.push(grantLine(g))
  }
  const {a, b} = diff.counts
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  const side = (c: {apps: number; grants: number}) => `${count(c.apps, 'app')}, ${count(c.grants, 'grant')}`
  lines.push(
    diff.same
      ? `same: ${side(a)}`
      : `${count(diff.apps.length, 'app')} and ${count(diff.profile.length, 'profile field')} differ (${side(a)} → ${side(b)})`,
  )
  return `${lines.join('\n')}\n`
}
