import {Document} from 'yaml'
import {PppcError} from '../errors.js'
import {applyGrants} from './assemble.js'
import {payloadIds, REVERSE_DNS} from './build.js'
import {findApp} from './catalogue.js'
import {friendlyAuthorization} from './grants.js'
import type {PlistValue} from './model.js'
import {grantKeys, type ProfileApp, type ProfileGrant, readGrants} from './profile-grants.js'
import {serviceByKey} from './services.js'
import {UUID_PATTERN} from './uuid.js'

/**
 * `pppc import`: an existing PPPC profile (PPPC Utility, Jamf, iMazing, Kandji, hand-written; signed or not) as a
 * spec file, so that `pppc generate --spec` writes the same grants from then on. Each app keeps its identifier and
 * requirement as the profile has them; receivers pppc knows are named by bundle ID, others are spelt out; catalogue
 * defaults the profile does not grant are written as `none`, so nothing is added on the way back.
 */
export interface SpecGrantOut {
  service: string
  value: string
  receiver?: string | {identifier: string; identifierType?: 'path'; codeRequirement: string}
}

export interface SpecAppOut {
  bundleId?: string
  path?: string
  codeRequirement?: string
  grants: Record<string, string> | SpecGrantOut[]
}

export interface SpecOut {
  identifier?: string
  uuid?: string
  displayName?: string
  organization?: string
  description?: string
  apps: SpecAppOut[]
}

export interface ImportResult {
  spec: SpecOut
  /** The spec as YAML, with a header saying where it came from. */
  yaml: string
  apps: number
  grants: number
  /** What import left out or changed, and why. */
  notes: string[]
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/

function usable(text: string | undefined): text is string {
  return text !== undefined && text.trim() !== '' && !CONTROL.test(text)
}

function serviceName(key: string): string {
  return serviceByKey(key)?.aliases[0] ?? key
}

/** The receiver as a spec names it: its bundle ID when pppc would write the same requirement for it, else in full. */
function receiverOut(grant: ProfileGrant): NonNullable<SpecGrantOut['receiver']> {
  const receiver = grant.receiver!
  if (receiver.identifierType === 'bundleID') {
    try {
      const advice = {notes: [] as string[], warnings: [] as string[]}
      const [resolved] = applyGrants(
        [],
        [{service: 'AppleEvents', value: 'allow', receiver: receiver.identifier}],
        {},
        advice,
      )
      if (resolved?.receiver?.codeRequirement === receiver.codeRequirement && advice.warnings.length === 0)
        return receiver.identifier
    } catch {
      // Not known to pppc: spelt out below.
    }
  }
  return {
    identifier: receiver.identifier,
    ...(receiver.identifierType === 'path' ? {identifierType: 'path' as const} : {}),
    codeRequirement: receiver.codeRequirement,
  }
}

function appOut(app: ProfileApp, notes: string[], source: string): SpecAppOut {
  const grants: SpecGrantOut[] = app.grants.map((g) => ({
    service: serviceName(g.service),
    value: friendlyAuthorization(g.authorization),
    ...(g.receiver ? {receiver: receiverOut(g)} : {}),
  }))
  const known = app.identifierType === 'bundleID' ? findApp(app.identifier) : undefined
  if (known && known.bundleId === app.identifier) {
    const left = known.grants.filter(
      (d) =>
        !d.optional &&
        !app.grants.some((g) => g.service === d.service && g.receiver?.identifier === d.receiver?.identifier),
    )
    for (const d of left)
      grants.push({
        service: serviceName(d.service),
        value: 'none',
        ...(d.receiver ? {receiver: d.receiver.identifier} : {}),
      })
    if (left.length > 0)
      notes.push(
        `${app.identifier} is in pppc's catalogue (${known.key}); its defaults that ${source} does not grant are written as none: ${left.map((d) => d.service).join(', ')}.`,
      )
  }
  const spelt = grants.some((g) => typeof g.receiver === 'object')
  const out: SpecAppOut = {
    ...(app.identifierType === 'path' ? {path: app.identifier} : {bundleId: app.identifier}),
    ...(usable(app.codeRequirement) ? {codeRequirement: app.codeRequirement} : {}),
    grants: spelt
      ? grants
      : Object.fromEntries(
          grants.map((g) => [g.receiver ? `${g.service}:${g.receiver as string}` : g.service, g.value]),
        ),
  }
  if (!usable(app.codeRequirement))
    notes.push(
      `${app.identifier} has no CodeRequirement in ${source}; add codeRequirement (codesign -dr -) before generating.`,
    )
  return out
}

export function importProfile(profile: PlistValue, source: string): ImportResult {
  const read = readGrants(profile)
  if (read.apps.length === 0)
    throw new PppcError(`${source} grants nothing: it has no PPPC payload with a readable entry`, {
      hint: 'import reads com.apple.TCC.configuration-profile-policy payloads; `pppc inspect` shows what the file holds',
    })
  const notes: string[] = []
  for (const s of read.skipped)
    notes.push(`left out ${s.service} for ${s.identifier || '(no identifier)'}: ${s.reason}.`)
  const ids = new Map<string, number>()
  for (const app of read.apps) ids.set(app.identifier, (ids.get(app.identifier) ?? 0) + 1)
  const twice = [...ids].filter(([, n]) => n > 1).map(([id]) => id)
  if (twice.length > 0)
    throw new PppcError(`${source} gives ${twice[0]} more than one code requirement (or identifier type)`, {
      hint: 'a spec names each app once with one requirement: keep the entries with the requirement the installed app has (codesign -dr -), then import again',
    })

  const {identity} = read
  const spec = {} as SpecOut
  if (usable(identity.identifier) && REVERSE_DNS.test(identity.identifier)) {
    spec.identifier = identity.identifier
    if (usable(identity.uuid) && UUID_PATTERN.test(identity.uuid)) {
      if (identity.uuid.toUpperCase() !== payloadIds(identity.identifier, 'tcc').PayloadUUID) spec.uuid = identity.uuid
    }
  } else if (identity.identifier !== undefined) {
    notes.push(
      `PayloadIdentifier "${identity.identifier}" is not reverse DNS, so it is left out: generate derives one (pppc.<apps>); set identifier: to choose it.`,
    )
  }
  if (usable(identity.displayName)) spec.displayName = identity.displayName
  if (usable(identity.organization)) spec.organization = identity.organization
  if (usable(identity.description)) spec.description = identity.description
  if (identity.scope !== undefined && identity.scope !== 'System')
    notes.push(
      `PayloadScope was ${JSON.stringify(identity.scope)}; generate writes System, where PPPC payloads are delivered.`,
    )
  spec.apps = read.apps.map((app) => appOut(app, notes, source))

  const grants = read.apps.reduce((n, a) => n + a.grants.length, 0)
  const doc = new Document(spec)
  doc.commentBefore = ` pppc spec imported from ${source}: ${read.apps.length} app${read.apps.length === 1 ? '' : 's'}, ${grants} grant${grants === 1 ? '' : 's'}.\n Write the profile with: pppc generate --spec FILE (schema: schemas/spec.schema.json in pppc).`
  const yaml = doc.toString({lineWidth: 0})
  return {spec, yaml: yaml.endsWith('\n') ? yaml : `${yaml}\n`, apps: read.apps.length, grants, notes}
}

/** What `pppc generate --spec` makes of an imported spec: the same grants, or why not. */
export interface ImportCheck {
  /** generate --spec writes a profile from it (with --allow-warnings when `warnings` is set). */
  generates: boolean
  /** The written profile grants exactly what the source granted. */
  sameGrants: boolean
  /** Why generate refuses it (an input error of the source, such as a malformed requirement). */
  problem?: string
  /** What generate would stop on without --allow-warnings. */
  warnings?: string
}

/**
 * Runs the imported spec through generate, as the admin will, and compares the grants with the source's: import's own
 * check that nothing was lost or added.
 */
export async function checkImport(result: ImportResult, profile: PlistValue): Promise<ImportCheck> {
  const {parseSpec} = await import('./spec-file.js')
  const {assembleApps} = await import('./assemble.js')
  const {completeIdentity, generate} = await import('./generate.js')
  const {readProfile} = await import('./read.js')
  const build = async (allowWarnings: boolean) => {
    const spec = parseSpec(result.yaml, 'the imported spec')
    const apps = assembleApps(spec.apps, [])
    return generate({
      spec: {identity: completeIdentity(apps, spec.identity), apps},
      mdm: 'generic',
      format: 'mobileconfig',
      allowWarnings,
    })
  }
  let warnings: string | undefined
  let written
  try {
    written = await build(false)
  } catch (error) {
    if (!(error instanceof PppcError)) throw error
    if (!/--allow-warnings/.test(error.message)) return {generates: false, sameGrants: false, problem: error.oneLine()}
    warnings = error.problem
    written = await build(true)
  }
  const back = await readProfile(Buffer.from(written.content))
  const same =
    back.ok &&
    JSON.stringify(grantKeys(readGrants(back.document.value).apps)) ===
      JSON.stringify(grantKeys(readGrants(profile).apps))
  return {generates: true, sameGrants: same, ...(warnings ? {warnings} : {})}
}
