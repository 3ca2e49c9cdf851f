import {PppcError} from '../errors.js'
import {buildProfile} from './build.js'
import {buildDdmDeclaration, DDM_NOTES} from './ddm.js'
import {DDM_PERMISSIONS, ddmPermissionFor} from './ddm-permissions.js'
import {DELIVERY_NOTES, FLAVORS, type MdmName} from './flavors.js'
import {checkDdmGrants, checkPppcGrants} from './format-rules.js'
import {permissionLabel} from './grants.js'
import type {JamfDistribution} from './jamf-xml.js'
import {sortKeysDeep, toMobileconfig} from './mobileconfig.js'
import type {AppGrants, GrantSpec, PlistValue, ProfileIdentity} from './model.js'
import {serviceByKey} from './services.js'

export const OUTPUT_FORMATS = ['mobileconfig', 'jamf-xml', 'ddm'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export interface GenerateRequest {
  spec: GrantSpec
  mdm: MdmName
  format: OutputFormat
  jamf?: {category?: string; site?: string; distribution?: JamfDistribution}
  /**
   * DDM OrganizationJustification for apps without their own (a spec file's per-app `justification`); when absent, a
   * neutral sentence naming the organisation, the app and the permissions.
   */
  justification?: string
  /** Emit the profile even when the validator warns about it (weak requirement, interpreter with FDA, ...). */
  allowWarnings?: boolean
}

export interface AppSummary {
  name: string
  identifier: string
  identifierType: string
  verification: string
  grants: {service: string; label: string; authorization: string}[]
}

export interface GenerateResult {
  format: OutputFormat
  mdm: MdmName
  identifier: string
  fileName: string
  content: string
  apps: AppSummary[]
  notes: string[]
  warnings: string[]
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`
}

/** A description an admin can read in the MDM console: what is granted to whom. */
export function describeGrants(apps: AppGrants[]): string {
  const parts = apps.map((app) => {
    const allow = app.grants.filter((g) => g.authorization === 'Allow').map((g) => permissionLabel(g.service))
    const standard = app.grants
      .filter((g) => g.authorization === 'AllowStandardUserToSetSystemService')
      .map((g) => permissionLabel(g.service))
    const deny = app.grants.filter((g) => g.authorization === 'Deny').map((g) => permissionLabel(g.service))
    const clauses = [
      allow.length > 0 ? `grants ${listWords(allow)}` : '',
      standard.length > 0 ? `lets standard users allow ${listWords(standard)}` : '',
      deny.length > 0 ? `denies ${listWords(deny)}` : '',
    ].filter(Boolean)
    return `${app.name}: ${listWords(clauses)}`
  })
  return `${parts.join('. ')}.`
}

/** Fills what the admin did not say: identifier, display name and description derive from the apps. */
export function completeIdentity(apps: AppGrants[], given: Partial<ProfileIdentity>): ProfileIdentity {
  const names = apps.map((a) => a.catalogueKey ?? a.identifier)
  const identity: ProfileIdentity = {
    identifier: given.identifier ?? `pppc.${slug(names.join('-')).slice(0, 80)}`,
    displayName: given.displayName ?? `Privacy permissions: ${apps.map((a) => a.name).join(', ')}`,
    description: given.description ?? describeGrants(apps),
  }
  if (given.organization) identity.organization = given.organization
  if (given.uuid) identity.uuid = given.uuid
  return identity
}

function summarise(apps: AppGrants[]): AppSummary[] {
  return apps.map((app) => ({
    name: app.name,
    identifier: app.identifier,
    identifierType: app.identifierType,
    verification: app.verification ?? 'given',
    grants: app.grants.map((g) => ({
      service: g.service,
      label: permissionLabel(g.service),
      authorization: g.authorization,
    })),
  }))
}

function warningsFor(apps: AppGrants[]): string[] {
  const warnings: string[] = apps.flatMap((a) => a.warnings ?? [])
  for (const app of apps) {
    if (app.verification && app.verification !== 'verified') {
      warnings.push(
        `${app.name} (${app.identifier}): ${app.verification.replace('_', ' ')} catalogue entry; confirm its code requirement with \`codesign -dr -\` on an installed copy before deploying`,
      )
    }
  }
  return warnings
}

/** Deprecations are notes, not warnings: the profile still works on macOS 27, with a notice the user can act on. */
function deprecationNotes(apps: AppGrants[]): string[] {
  const grants = apps.flatMap((a) => a.grants)
  const deprecated = [...new Set(grants.map((g) => g.service))].filter((key) => serviceByKey(key)?.deprecated)
  return deprecated.map((key) => {
    const service = serviceByKey(key)!
    // A declarative default can only allow: it replaces an Allow, not a Deny.
    const allowed = grants.some((g) => g.service === key && g.authorization === 'Allow')
    return `Apple deprecates ${key} in PPPC from macOS ${service.deprecated}${service.ddmKey && allowed ? `; for macOS ${service.deprecated} and later also deploy a declarative default (--format ddm)` : ''}.`
  })
}

/**
 * What the user reads in the consent prompt when nobody wrote a justification: who asks, for which app, for what. It
 * makes no claim about why (pppc does not know), so it fits any app.
 */
export function defaultJustification(app: AppGrants, organization: string | undefined): string {
  const permissions = app.grants
    .filter((g) => g.authorization === 'Allow')
    .map((g) => ddmPermissionFor(g.service)?.label)
    .filter((label): label is string => label !== undefined)
  return `${organization?.trim() || 'Your organization'} asks you to allow ${listWords(permissions)} for ${app.name}. You can change this at any time in System Settings › Privacy & Security.`
}

/**
 * Every profile we write passes `pppc validate --strict`: the same rules run on the bytes about to be written. An
 * error here is our bug; a warning (a requirement without a Team ID pin, Full Disk Access for a shell) stops the
 * admin unless they accept it.
 */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

async function selfCheck(mobileconfig: string, allowWarnings: boolean): Promise<void> {
  const {validateBytes} = await import('./validate.js')
  const report = await validateBytes('generated', Buffer.from(mobileconfig))
  const errors = report.findings.filter((f) => f.severity === 'error')
  // Everything the admin can get wrong was refused before (input checks, format rules): what is left is our bug.
  if (errors.length > 0)
    throw new PppcError(
      `the generated profile fails its own validation (${errors.map((f) => `${f.rule} ${f.message}`).join('; ')})`,
      {exitCode: 70, code: 'PPPC_INTERNAL', hint: 'this is a bug in pppc: please report it with the command you ran'},
    )
  const warnings = report.findings.filter((f) => f.severity === 'warning')
  if (warnings.length > 0 && !allowWarnings) {
    throw new PppcError(`the profile would raise ${warnings.map((f) => `${f.rule}: ${f.message}`).join('; ')}`, {
      hint: `${lowerFirst(warnings[0]!.fix.replace(/\.$/, ''))}; or pass --allow-warnings to write it anyway`,
    })
  }
}

/**
 * The whole job of `pppc generate` once the flags are read: deterministic, no I/O. Async only because the Jamf XML
 * writer (fast-xml-parser) is loaded when that format is asked for, to keep the common path's start-up short.
 */
export async function generate(request: GenerateRequest): Promise<GenerateResult> {
  const {spec, mdm, format} = request
  if (format === 'jamf-xml' && mdm !== 'jamf')
    throw new PppcError('--format jamf-xml is the Jamf Pro Classic API body', {hint: 'use it with --mdm jamf'})
  const flavor = FLAVORS[mdm]
  const notes: string[] = []
  let content: string
  let extension: string

  if (format === 'ddm') {
    if (spec.apps.length === 0)
      throw new PppcError('no app given', {hint: 'use --app NAME or --bundle-id ID with --code-requirement'})
    if (request.justification !== undefined && request.justification.trim() === '')
      throw new PppcError('the justification is empty', {
        hint: 'the user reads it in the consent prompt: write why the organisation asks, or leave --justification out',
      })
    const left = checkDdmGrants(spec.apps)
    const organization = spec.identity.organization
    const justify = (app: AppGrants) =>
      app.justification ?? request.justification ?? defaultJustification(app, organization)
    const declaration = buildDdmDeclaration(spec.apps, spec.identity.identifier, justify)
    const defaults = (declaration.Payload as {Privacy: {PermissionDefaults: object}}).Privacy.PermissionDefaults
    if (Object.keys(defaults).length === 0) {
      throw new PppcError('none of these grants has a declarative default', {
        hint: `--format ddm covers ${DDM_PERMISSIONS.map((p) => p.label).join(', ')}`,
      })
    }
    content = JSON.stringify(sortKeysDeep(declaration as PlistValue), null, 2) + '\n'
    extension = '.json'
    notes.push(...DDM_NOTES)
    for (const l of left) notes.push(`${l.identifier} ${l.service} ${l.reason}.`)
    if (mdm !== 'generic')
      notes.push(
        `Deliver it as a custom declaration if ${flavor.label} offers one; the PPPC profile stays needed for the services above.`,
      )
  } else {
    checkPppcGrants(spec.apps)
    const profile = buildProfile(spec)
    const mobileconfig = toMobileconfig(profile)
    await selfCheck(mobileconfig, request.allowWarnings === true)
    if (format === 'jamf-xml') {
      const {toJamfClassicXml, JAMF_DISTRIBUTIONS} = await import('./jamf-xml.js')
      const fields = {
        name: spec.identity.displayName,
        distribution: JAMF_DISTRIBUTIONS[request.jamf?.distribution ?? 'auto'],
        payloads: mobileconfig,
        ...(spec.identity.description ? {description: spec.identity.description} : {}),
        ...(request.jamf?.category ? {category: request.jamf.category} : {}),
        ...(request.jamf?.site ? {site: request.jamf.site} : {}),
      }
      content = toJamfClassicXml(fields)
      extension = '.xml'
      notes.push(
        'Jamf Pro Classic API body: POST it to /JSSResource/osxconfigurationprofiles/id/0 to create, PUT to .../id/ID to update (or use pppc push jamf).',
      )
    } else {
      content = mobileconfig
      extension = flavor.extension
      notes.push(...flavor.notes)
    }
    notes.push(...DELIVERY_NOTES, ...deprecationNotes(spec.apps))
  }
  notes.unshift(...spec.apps.flatMap((a) => a.notes ?? []))

  return {
    format,
    mdm,
    identifier: spec.identity.identifier,
    fileName: `${spec.identity.identifier}${extension}`,
    content,
    apps: summarise(spec.apps),
    notes,
    warnings: warningsFor(spec.apps),
  }
}
