import {PPPC_PAYLOAD_TYPE} from './payload-types.js'
import {isDict} from './plist.js'
import type {PlistValue} from './model.js'
import {readRequirement} from './requirement-reading.js'
import type {AnchorKind, IdentifierConstraint} from '../requirements/index.js'
import {SERVICES} from './services.js'

type Dict = {[key: string]: PlistValue}

/** One grant a profile makes: what a reader of the profile wants to know, whatever the author's key case. */
export interface GrantRow {
  app: string
  identifierType: string
  service: string
  label: string
  value: string
  requirement: RequirementView
  receiver?: string
  payload: string
}

/**
 * What a requirement lets through, as a reader wants it: the identifiers (all of an `or`, not the last one), Team
 * IDs and anchors it asks for, and whether every way through it pins a signer. Malformed text says only that.
 */
export type RequirementView =
  | {
      wellFormed: true
      identifiers: string[]
      /** `any-except` when the requirement names identifiers only under `!`. */
      identifierKind: IdentifierConstraint['kind']
      teamIds: string[]
      anchors: AnchorKind[]
      macAppStore: boolean
      pinsSigner: boolean
    }
  | {wellFormed: false}

function requirementView(text: string): RequirementView {
  const reading = readRequirement(text)
  if (!reading.ok) return {wellFormed: false}
  const {identifiers, teamIds, anchors, macAppStore, pinsSigner} = reading.summary
  return {
    wellFormed: true,
    identifiers: identifiers.identifiers,
    identifierKind: identifiers.kind,
    teamIds,
    anchors,
    macAppStore,
    pinsSigner,
  }
}

const ANCHOR_WORDS: Readonly<Record<AnchorKind, string>> = {
  apple: 'apple',
  'apple-generic': 'apple generic',
  trusted: 'trusted',
  'certificate-hash': 'certificate hash',
  named: 'named',
}

/** One line for a table: "identifier a or b, team X, anchor apple generic". */
export function describeRequirement(view: RequirementView): string {
  if (!view.wellFormed) return 'MALFORMED'
  const ids = view.identifiers.join(' or ')
  const parts = [
    ids ? `identifier ${view.identifierKind === 'any-except' ? `any but ${ids}` : ids}` : '',
    view.teamIds.length > 0 ? `team ${view.teamIds.join(' or ')}` : '',
    view.macAppStore ? 'Mac App Store' : '',
    view.anchors.length > 0 ? `anchor ${view.anchors.map((a) => ANCHOR_WORDS[a]).join(' or ')}` : '',
    view.pinsSigner ? '' : 'pins no signer',
  ].filter(Boolean)
  return parts.join(', ') || 'no pins'
}

/** A key's value whatever its case, as PPPC Utility's importer reads profiles. */
function get(dict: Dict, key: string): PlistValue | undefined {
  if (Object.hasOwn(dict, key)) return dict[key]
  const lower = key.toLowerCase()
  const found = Object.keys(dict).find((k) => k.toLowerCase() === lower)
  return found === undefined ? undefined : dict[found]
}

function text(value: PlistValue | undefined): string {
  if (value === undefined) return ''
  return typeof value === 'string' ? value : typeof value === 'bigint' ? value.toString() : JSON.stringify(value)
}

function isPppc(dict: Dict): boolean {
  const type = get(dict, 'PayloadType')
  return typeof type === 'string' && type.toLowerCase() === PPPC_PAYLOAD_TYPE.toLowerCase()
}

function valueOf(entry: Dict): string {
  const authorization = get(entry, 'Authorization')
  if (authorization !== undefined) return text(authorization)
  const allowed = get(entry, 'Allowed')
  if (allowed === true || allowed === 1) return 'Allow (Allowed true)'
  if (allowed === false || allowed === 0) return 'Deny (Allowed false)'
  return '(none)'
}

/** Every grant of every PPPC payload in a profile, in file order. */
export function grantRows(profile: PlistValue): GrantRow[] {
  if (!isDict(profile)) return []
  const content = get(profile, 'PayloadContent')
  const payloads = [
    ...(isPppc(profile) && get(profile, 'Services') ? [profile] : []),
    ...(Array.isArray(content) ? content.filter(isDict).filter(isPppc) : []),
  ]
  const rows: GrantRow[] = []
  for (const payload of payloads) {
    const services = get(payload, 'Services')
    if (!isDict(services)) continue
    for (const [key, entries] of Object.entries(services)) {
      if (!Array.isArray(entries)) continue
      const service = SERVICES.find((s) => s.key.toLowerCase() === key.toLowerCase())
      for (const entry of entries.filter(isDict)) {
        const requirement = text(get(entry, 'CodeRequirement'))
        const receiver = get(entry, 'AEReceiverIdentifier')
        rows.push({
          app: text(get(entry, 'Identifier')),
          identifierType: text(get(entry, 'IdentifierType')),
          service: service?.key ?? key,
          label: service
            ? service.renamed
              ? `${service.label} / ${service.renamed.label}`
              : service.label
            : '(not a PPPC service)',
          value: valueOf(entry),
          requirement: requirementView(requirement),
          ...(receiver !== undefined ? {receiver: text(receiver)} : {}),
          payload: text(get(payload, 'PayloadIdentifier')),
        })
      }
    }
  }
  return rows
}
