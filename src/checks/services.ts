import type {Authorization} from '../profiles/services.js'
import type {Verdict} from '../requirements/index.js'
import type {Known} from './facts.js'
import {type InstalledProfile, isDeviceLevel, type PppcEntry, profileName} from './installed-profiles.js'
import type {OverrideEntry} from './mdm-overrides.js'
import type {RequirementJudgement} from './signing.js'
import {AUTH_REASONS, AUTH_VALUES, type TccRead, type TccRow} from './tcc.js'

/**
 * Where one permission stands, from the three places macOS keeps it (macos-facts.md §2): what the MDM's PPPC profiles
 * apply (MDMOverrides.plist, or the installed device-level profiles when it cannot be read: Deny wins, as Apple's schema
 * says), then the decision in TCC.db, which holds only for the code requirement kept with it (csreq). Pure.
 */
export type ServiceState = 'granted-by-mdm' | 'granted' | 'denied' | 'denied-by-mdm' | 'stale' | 'missing' | 'unknown'

/** Who can turn the permission on now. */
export type Approver = 'user' | 'administrator' | 'mdm-admin' | 'unknown'

export interface ServiceJudgement {
  service: string
  state: ServiceState
  /** The profile that grants or denies it, or names it without effect. */
  profile: string | null
  /** What the MDM applies (Allow, Deny, AllowStandardUserToSetSystemService), when it applies one. */
  authorization: Authorization | null
  authValue: number | null
  authReason: string | null
  database: string | null
  /** A profile lets a standard user turn it on (ScreenCapture, AllowStandardUserToSetSystemService). */
  standardUserMayAllow: boolean
  why: string
  /** The code requirement TCC.db keeps with the decision, and whether the client that runs satisfies it. */
  grantRequirement: {text: string | null; result: Verdict; reason: string} | null
  /** Profiles that name it but do not apply (user level, wrong requirement), and why. */
  ignoredProfiles: {profile: string; why: string}[]
  /** Device-level profiles that disagree about it, when Deny won. */
  conflict: {profiles: {profile: string; authorization: Authorization}[]} | null
  /** Who can turn it on now: the user alone, an administrator, only the MDM's admin, or unknown; null when granted. */
  approver: Approver | null
}

export interface ServiceInput {
  service: string
  bundleId: string
  profiles: InstalledProfile[] | undefined
  overrides: Known<OverrideEntry[]>
  /** The enrollment is user approved (true), not (false), or unknown. */
  enrollmentApproved: boolean | undefined
  reads: (TccRead | null)[]
  /** Judges a profile's CodeRequirement text against the client that will run. */
  judgeText: (text: string) => RequirementJudgement
  /** Judges a csreq blob (hex) against the client that will run. */
  judgeBlob: (hex: string) => RequirementJudgement & {text: string | null}
  /** The Authorization values Apple's schema allows for the service (profiles/services.ts); others do nothing. */
  authorizations: readonly Authorization[] | undefined
  /** Standard users may approve this service when a profile allows it (Authorization exists from macOS 11). */
  standardUserValueHonoured: boolean
  consoleUserAdmin: boolean | undefined
}

interface Named {
  profile: InstalledProfile
  entry: PppcEntry
}

const RESTRICTIVENESS: Readonly<Record<Authorization, number>> = {
  Deny: 0,
  AllowStandardUserToSetSystemService: 1,
  Allow: 2,
}

function evidence(row: TccRow, read: TccRead): string {
  if (row.allowedColumn) return `allowed ${row.authValue === 2 ? 1 : 0} in ${read.path}`
  const reason = row.authReason === undefined ? null : (AUTH_REASONS[row.authReason] ?? `reason ${row.authReason}`)
  return `auth_value ${row.authValue} (${AUTH_VALUES[row.authValue] ?? 'unknown value'})${reason ? `, auth_reason ${row.authReason} (${reason})` : ''} in ${read.path}`
}

function verb(authorization: Authorization | undefined): string {
  return authorization === 'Deny'
    ? 'denies'
    : authorization === 'AllowStandardUserToSetSystemService'
      ? 'lets a standard user allow'
      : authorization === 'Allow'
        ? 'grants'
        : 'names'
}

function reasonText(row: TccRow): string | null {
  return row.authReason === undefined ? null : (AUTH_REASONS[row.authReason] ?? `reason ${row.authReason}`)
}

function approverOf(state: ServiceState, standardUser: boolean, admin: boolean | undefined): Approver | null {
  if (state === 'denied-by-mdm') return 'mdm-admin'
  if (state !== 'missing' && state !== 'denied' && state !== 'stale') return null
  if (standardUser || admin === true) return 'user'
  return admin === false ? 'administrator' : 'unknown'
}

export function judgeService(input: ServiceInput): ServiceJudgement {
  const {service} = input
  const named: Named[] = (input.profiles ?? []).flatMap((profile) =>
    profile.pppc
      .filter((e) => e.identifier === input.bundleId && e.service === service)
      .map((entry) => ({profile, entry})),
  )
  const ignored: ServiceJudgement['ignoredProfiles'] = []
  const notes: string[] = []
  for (const {profile, entry} of named.filter((n) => !isDeviceLevel(n.profile))) {
    ignored.push({
      profile: profileName(profile),
      why: `a user-level profile (installed for ${profile.scope}): macOS applies PPPC payloads only from device-level profiles`,
    })
    notes.push(
      `user-level profile ${profileName(profile)} ${verb(entry.authorization)} it, but macOS applies PPPC payloads only from device-level profiles`,
    )
  }
  const judged = named
    .filter((n) => isDeviceLevel(n.profile))
    .map((n) => ({
      ...n,
      judgement: n.entry.codeRequirement
        ? input.judgeText(n.entry.codeRequirement)
        : ({result: 'unknown', reason: 'the entry has no CodeRequirement', clause: null} as RequirementJudgement),
    }))
  for (const j of judged.filter((x) => x.judgement.result === 'not-satisfied')) {
    ignored.push({
      profile: profileName(j.profile),
      why: `its code requirement does not match the client (${j.judgement.reason})`,
    })
    notes.push(
      `profile ${profileName(j.profile)} ${verb(j.entry.authorization)} it, but its code requirement does not match the client (${j.judgement.reason}), so macOS ignores it`,
    )
  }
  // Apple's schema says what each service takes: Screen Recording cannot be granted by a profile, only denied or opened
  // to standard users; a value a service does not take does nothing.
  const honoured = (authorization: Authorization | undefined) =>
    !authorization || !input.authorizations || input.authorizations.includes(authorization)
  for (const j of judged.filter((x) => !honoured(x.entry.authorization))) {
    ignored.push({
      profile: profileName(j.profile),
      why: `${service} cannot be set to ${j.entry.authorization} by a profile (only ${input.authorizations!.join(' or ')})`,
    })
    notes.push(
      `profile ${profileName(j.profile)} sets it to ${j.entry.authorization}, which a profile cannot do for ${service} (only ${input.authorizations!.join(' or ')}), so it does nothing`,
    )
  }
  const applicable = judged.filter((j) => j.judgement.result !== 'not-satisfied' && honoured(j.entry.authorization))
  const byRestrictiveness = [...applicable]
    .filter((j) => j.entry.authorization)
    .sort((a, b) => RESTRICTIVENESS[a.entry.authorization!] - RESTRICTIVENESS[b.entry.authorization!])
  const winner = byRestrictiveness[0]
  const disagreeing =
    new Set(byRestrictiveness.map((j) => j.entry.authorization)).size > 1
      ? byRestrictiveness.map((j) => ({profile: profileName(j.profile), authorization: j.entry.authorization!}))
      : null

  // What the MDM applies: MDMOverrides.plist when it can be read (a missing file: no overrides), else the profiles.
  const overrides =
    input.overrides.status === 'ok' ? input.overrides.value : input.overrides.status === 'missing' ? [] : undefined
  let authorization: Authorization | undefined
  let judgement: RequirementJudgement | undefined
  let profile: string | undefined
  let basis = ''
  if (overrides) {
    const override = overrides.find((o) => o.service === service)
    if (override?.authorization && !honoured(override.authorization)) {
      if (!notes.some((n) => n.includes(`to ${override.authorization}`)))
        notes.push(
          `MDMOverrides.plist sets it to ${override.authorization}, which a profile cannot do for ${service} (only ${input.authorizations!.join(' or ')}), so it does nothing`,
        )
    } else if (override?.authorization) {
      const source =
        applicable.find((j) => j.entry.authorization === override.authorization) ??
        judged.find((j) => j.entry.authorization === override.authorization) ??
        applicable[0] ??
        judged[0]
      profile = source ? profileName(source.profile) : 'an MDM profile'
      basis = 'per MDMOverrides.plist'
      const requirement = override.codeRequirement ?? source?.entry.codeRequirement
      judgement = requirement
        ? input.judgeText(requirement)
        : {result: 'unknown', reason: 'MDMOverrides.plist keeps no CodeRequirement for it', clause: null}
      if (judgement.result === 'not-satisfied') {
        if (!ignored.some((i) => i.profile === profile)) {
          ignored.push({profile, why: `its code requirement does not match the client (${judgement.reason})`})
          notes.push(
            `${profile} ${verb(override.authorization)} it, but its code requirement does not match the client (${judgement.reason}), so macOS ignores it`,
          )
        }
      } else authorization = override.authorization
    } else if (applicable.length > 0) {
      profile = profileName(applicable[0]!.profile)
      notes.push(
        input.enrollmentApproved === false
          ? `profile ${profile} names it, but PPPC needs a user-approved MDM enrollment`
          : `profile ${profile} names it, but TCC has not applied it (no entry in MDMOverrides.plist)`,
      )
    }
  } else if (winner) {
    profile = profileName(winner.profile)
    if (input.enrollmentApproved === false)
      notes.push(`profile ${profile} names it, but PPPC needs a user-approved MDM enrollment`)
    else {
      authorization = winner.entry.authorization
      judgement = winner.judgement
      basis = 'per the installed profile; MDMOverrides.plist could not be read'
    }
  }
  const conflict = authorization === 'Deny' && disagreeing ? {profiles: disagreeing} : null
  if (conflict)
    notes.push(
      `the profiles disagree (${conflict.profiles.map((p) => `${p.profile}: ${p.authorization}`).join('; ')}); macOS applies the most restrictive, Deny`,
    )
  const tail = () => (notes.length > 0 ? `; ${notes.join('; ')}` : '')
  const base = {
    service,
    profile: profile ?? null,
    authorization: authorization ?? null,
    authValue: null,
    authReason: null,
    database: null,
    grantRequirement: null,
    ignoredProfiles: ignored,
    conflict,
  }
  const finish = (
    state: ServiceState,
    why: string,
    extra: Partial<ServiceJudgement> = {},
    standardUserMayAllow = false,
  ): ServiceJudgement => ({
    ...base,
    standardUserMayAllow,
    ...extra,
    state,
    why,
    approver: approverOf(state, standardUserMayAllow, input.consoleUserAdmin),
  })

  const unsure = judgement?.result === 'unknown' ? judgement : undefined
  if (authorization === 'Deny')
    return unsure
      ? finish(
          'unknown',
          `profile ${profile} denies it, ${basis}, if its code requirement matches the client, which pppc cannot tell: ${unsure.reason}${tail()}`,
        )
      : finish('denied-by-mdm', `denied by profile ${profile}, ${basis}: the user cannot turn it on${tail()}`)
  if (authorization === 'Allow')
    return unsure
      ? finish(
          'unknown',
          `profile ${profile} grants it, ${basis}, if its code requirement matches the client, which pppc cannot tell: ${unsure.reason}${tail()}`,
        )
      : finish('granted-by-mdm', `granted by profile ${profile}, ${basis}${tail()}`)
  const standardUserMayAllow =
    authorization === 'AllowStandardUserToSetSystemService' && !unsure && input.standardUserValueHonoured
  if (standardUserMayAllow) notes.push(`profile ${profile} lets a standard user turn it on`)

  const found = input.reads
    .map((read) => ({read, row: read?.status === 'ok' ? read.rows.find((r) => r.service === service) : undefined}))
    .find((x) => x.row)
  if (found?.read && found.row) {
    const {row, read} = found
    const said = evidence(row, read)
    const recorded = {authValue: row.authValue, authReason: reasonText(row), database: read.path}
    const grant = row.csreq ? input.judgeBlob(row.csreq) : undefined
    const grantRequirement = grant ? {text: grant.text, result: grant.result, reason: grant.reason} : null
    const extra = {...recorded, grantRequirement}
    const decided =
      row.authValue === 2 || row.authValue === 3 ? 'granted' : row.authValue === 0 ? 'denied' : 'undecided'
    if (grant?.result === 'not-satisfied')
      return finish(
        'stale',
        `${said}, but for another copy or signature of the app: its code requirement does not match the client (${grant.reason}), so macOS asks again${tail()}`,
        extra,
        standardUserMayAllow,
      )
    if (grant?.result === 'unknown' && decided === 'granted')
      return finish(
        'unknown',
        `${said}, for a code requirement pppc cannot check against the client: ${grant.reason}${tail()}`,
        extra,
        standardUserMayAllow,
      )
    if (decided === 'granted')
      return finish(
        row.authReason === 6 ? 'granted-by-mdm' : 'granted',
        `${said}${tail()}`,
        extra,
        standardUserMayAllow,
      )
    if (decided === 'denied') return finish('denied', `${said}${tail()}`, extra, standardUserMayAllow)
    return finish('missing', `not decided: ${said}${tail()}`, extra, standardUserMayAllow)
  }
  const system = input.reads[0]
  if (system?.status === 'ok') return finish('missing', `no entry in TCC.db${tail()}`, {}, standardUserMayAllow)
  const cause = !system
    ? 'TCC.db was not read'
    : system.status === 'unknown-schema'
      ? `pppc does not know ${system.path}: ${system.message}`
      : `${system.path} could not be read (${system.message ?? system.status})`
  return finish('unknown', `${cause}${tail()}`, {}, standardUserMayAllow)
}
