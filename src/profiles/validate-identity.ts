import {type FindingCollector, childPath, typeName, aTypeName, article, show, type Where} from './findings.js'
import {isDict} from './plist.js'
import type {PlistValue} from './model.js'
import {AE_RECEIVER_KEYS, IDENTITY_KEYS} from './payload-keys.js'
import {
  allowsIdentifierOf,
  buildVariableIn,
  describeIdentifiers,
  readRequirement,
  type RequirementReading,
} from './requirement-reading.js'
import type {Authorization, Service} from './services.js'

type Dict = {[key: string]: PlistValue}

const IDENTITY_KEY_NAMES = Object.keys(IDENTITY_KEYS)
const AUTHORIZATIONS: readonly Authorization[] = ['Allow', 'Deny', 'AllowStandardUserToSetSystemService']
const IDENTIFIER_TYPES = ['bundleID', 'path']
/** The identity keys that hold names or requirements, where an unexpanded build variable breaks matching. */
const MATCHED_KEYS = ['Identifier', 'CodeRequirement', 'AEReceiverIdentifier', 'AEReceiverCodeRequirement'] as const

/**
 * Identities that run whatever they are given: Full Disk Access or Accessibility for them is a grant to every script.
 * Paths and bundle IDs as macOS ships them, plus the usual package-manager locations.
 */
const INTERPRETERS: readonly RegExp[] = [
  /^\/bin\/(ba|z|c|tc|k|da)?sh$/,
  /^\/usr\/bin\/(python3?|perl5?[\d.]*|ruby|osascript|env|php|tclsh|expect|swift|node)$/,
  /^\/(usr\/local|opt\/homebrew)\/bin\/(python3?[\d.]*|perl|ruby|node|bash|zsh|fish|pwsh)$/,
  /^\/usr\/libexec\/sshd-keygen-wrapper$/,
  /^com\.apple\.(Terminal|ScriptEditor2|osascript)$/,
  /^com\.googlecode\.iterm2$/,
  /^(dev\.warp\.Warp-Stable|com\.github\.wez\.wezterm|net\.kovidgoyal\.kitty|io\.alacritty)$/,
]
const POWERFUL_SERVICES = new Set(['SystemPolicyAllFiles', 'Accessibility'])

/** Folders of a bundle, not an executable: a path identity naming one never matches a running process. */
const BUNDLE_PATH = /\.(app|appex|bundle|framework|kext|plugin|systemextension|xpc|prefPane|saver)\/?$/i
/** Where only Apple installs code (the signed system volume, and Apple's own folder in /Library). */
const APPLE_PATH = /^\/(System\/|bin\/|sbin\/|usr\/(?!local\/)|Library\/Apple\/)/
const APPLE_IDENTIFIER = /^com\.apple\./

/** What an identity entry decides, once read: for duplicates and conflicts across entries and payloads. */
export interface IdentityDecision {
  identifier: string
  receiver?: string
  value: Authorization
}

/**
 * One entry of a service, as the rules across entries and the version rules need it. Locations are made from it only
 * when a finding is reported (`entryWhere`, `valueWhere`): most entries are never reported on.
 */
export interface EntryUse {
  service: Service
  parent: PlistValue[]
  index: number
  path: string
  /** The identity dictionary (its canonical view), when the entry is one. */
  entry?: Dict
  decision?: IdentityDecision
  value?: Authorization
  /** The key its value is written under; Authorization only when Allowed is not there too. */
  valueKey?: 'Authorization' | 'Allowed'
}

export function entryWhere(use: EntryUse): Where {
  return {node: use.parent, key: use.index, path: use.path}
}

/** Where the entry's value is written (its Authorization or Allowed key). */
export function valueWhere(use: EntryUse): Where {
  return use.entry && use.valueKey ? at(use.entry, use.valueKey, use.path) : entryWhere(use)
}

function at(entry: Dict, key: string, path: string): Where {
  return {node: entry, key, path: childPath(path, key)}
}

/** Is this identity some other developer's than Apple's, as far as a requirement's anchor is concerned? */
function notApples(identifier: string, identifierType: unknown, reading: RequirementReading & {ok: true}): boolean {
  if (identifierType === 'bundleID') return !APPLE_IDENTIFIER.test(identifier)
  if (identifierType !== 'path' || APPLE_PATH.test(identifier)) return false
  const {kind, identifiers} = reading.summary.identifiers
  return !(kind === 'only' && identifiers.length > 0 && identifiers.every((id) => APPLE_IDENTIFIER.test(id)))
}

/** A malformed requirement's finding text: where, what, and the parser's own hint as the fix. */
function problemFix(hint: string): string {
  return `${hint.charAt(0).toUpperCase()}${hint.slice(1)}; a requirement is what \`codesign -dr - APP\` prints after "designated =>".`
}

function checkReceiver(entry: Dict, path: string, out: FindingCollector, skipRequirement: boolean): void {
  const id = entry.AEReceiverIdentifier
  const type = entry.AEReceiverIdentifierType
  const requirement = entry.AEReceiverCodeRequirement
  if (typeof type !== 'string' || !IDENTIFIER_TYPES.includes(type)) {
    out.report(
      'PPPC053',
      `AEReceiverIdentifierType is ${show(type)}; write bundleID or path`,
      at(entry, 'AEReceiverIdentifierType', path),
    )
  } else if (typeof id === 'string' && (type === 'path') !== id.startsWith('/')) {
    out.report(
      'PPPC053',
      `AEReceiverIdentifier "${id}" does not fit AEReceiverIdentifierType ${type}`,
      at(entry, 'AEReceiverIdentifier', path),
    )
  } else if (typeof id === 'string' && type === 'path' && BUNDLE_PATH.test(id)) {
    out.report(
      'PPPC059',
      `AEReceiverIdentifier "${id}" is marked path but names a bundle, not the executable inside it`,
      at(entry, 'AEReceiverIdentifier', path),
    )
  }
  if (typeof requirement !== 'string' || skipRequirement) return
  const where = at(entry, 'AEReceiverCodeRequirement', path)
  const reading = readRequirement(requirement)
  if (!reading.ok) {
    const {offset, message, hint} = reading.problem
    out.report(
      'PPPC053',
      `AEReceiverCodeRequirement is malformed at column ${offset + 1}: ${message}`,
      where,
      problemFix(hint),
    )
    return
  }
  const field = reading.unknownSubjectField
  if (field) {
    out.report(
      'PPPC053',
      `AEReceiverCodeRequirement asks for certificate field ${field}, which macOS does not know (field names are case-sensitive): that condition never holds`,
      where,
    )
    return
  }
  if (typeof id !== 'string') return
  if (type === 'bundleID' && !allowsIdentifierOf(reading.summary, id)) {
    out.report(
      'PPPC057',
      `AEReceiverCodeRequirement lets through identifier ${describeIdentifiers(reading.summary)}, but the receiver is "${id}"${sameAsSender(entry) ? " (it is the sender's requirement)" : ''}: the Apple Events grant never applies`,
      where,
    )
  } else if (reading.summary.appleSigned && notApples(id, type, reading)) {
    out.report(
      'PPPC066',
      `AEReceiverCodeRequirement of ${id} accepts only code Apple signs itself (anchor apple), which ${id} is not`,
      where,
    )
  }
}

function sameAsSender(entry: Dict): boolean {
  return typeof entry.CodeRequirement === 'string' && entry.CodeRequirement === entry.AEReceiverCodeRequirement
}

function checkRequirement(
  entry: Dict,
  identifier: string | undefined,
  identifierType: unknown,
  path: string,
  out: FindingCollector,
  skip: boolean,
): void {
  const requirement = entry.CodeRequirement
  const where = at(entry, 'CodeRequirement', path)
  const who = identifier ?? 'this entry'
  if (requirement === undefined || (typeof requirement === 'string' && requirement.trim() === '')) {
    out.report('PPPC043', `${who} has no CodeRequirement, so it can match any copy of the app`, where)
    return
  }
  if (typeof requirement !== 'string') {
    out.report('PPPC043', `CodeRequirement is ${aTypeName(requirement)}, not a string`, where)
    return
  }
  if (skip) return
  const reading = readRequirement(requirement)
  if (!reading.ok) {
    const {offset, message, hint} = reading.problem
    out.report(
      'PPPC044',
      `CodeRequirement of ${who} is malformed at column ${offset + 1}: ${message}`,
      where,
      problemFix(hint),
    )
    return
  }
  const {summary} = reading
  const field = reading.unknownSubjectField
  if (field) {
    out.report(
      'PPPC044',
      `CodeRequirement of ${who} asks for certificate field ${field}, which macOS does not know (field names are case-sensitive: subject.OU, subject.CN…): that condition never holds`,
      where,
      `Write the field as Apple spells it (${field.replace(/^subject\.(.*)$/, (_m, f: string) => `subject.${f.toUpperCase()}`)}), or copy the requirement again from \`codesign -dr - APP\`.`,
    )
    return
  }
  if (identifierType === 'bundleID' && identifier && !allowsIdentifierOf(summary, identifier)) {
    out.report(
      'PPPC045',
      `the requirement lets through identifier ${describeIdentifiers(summary)} but Identifier is "${identifier}": the entry never matches`,
      where,
    )
    return
  }
  if (summary.appleSigned) {
    if (identifier && notApples(identifier, identifierType, reading))
      out.report(
        'PPPC066',
        `the requirement of ${identifier} accepts only code Apple signs itself (anchor apple); ${identifier} is not Apple's, so the entry never matches`,
        where,
      )
    return
  }
  if (summary.pinsSigner) return
  if (summary.anchors.length === 0)
    out.report(
      'PPPC060',
      `the requirement of ${who} has no anchor: any code with this identifier matches, even unsigned or re-signed copies`,
      where,
    )
  else if (summary.anchors.includes('apple-generic'))
    out.report(
      'PPPC060',
      `the requirement of ${who} pins no Team ID (nor the Mac App Store marker)${summary.teamIds.length > 0 ? ' on every alternative' : ''}: any developer's app signed with this identifier matches`,
      where,
    )
  else
    out.report(
      'PPPC060',
      `the requirement of ${who} pins no signer: code from anyone its anchor (${summary.anchors.join(', ')}) trusts matches`,
      where,
    )
}

function effectiveValue(entry: Dict, path: string, out: FindingCollector): Authorization | undefined {
  const hasAuthorization = Object.hasOwn(entry, 'Authorization')
  const hasAllowed = Object.hasOwn(entry, 'Allowed')
  if (hasAuthorization && hasAllowed) {
    out.report(
      'PPPC046',
      'both Authorization and Allowed are set; macOS expects exactly one',
      at(entry, 'Allowed', path),
    )
  } else if (!hasAuthorization && !hasAllowed) {
    out.report('PPPC046', 'neither Authorization nor Allowed is set, so the entry decides nothing', {
      node: entry,
      key: 'Authorization',
      path,
    })
    return undefined
  }
  if (hasAuthorization) {
    const value = entry.Authorization
    if (typeof value === 'string' && (AUTHORIZATIONS as string[]).includes(value)) return value as Authorization
    const near =
      typeof value === 'string' ? AUTHORIZATIONS.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined
    out.report(
      'PPPC049',
      `Authorization is ${show(value)}${near ? `; write ${near} (values are case-sensitive)` : ''}`,
      at(entry, 'Authorization', path),
    )
    return undefined
  }
  const allowed = entry.Allowed
  if (typeof allowed === 'boolean') return allowed ? 'Allow' : 'Deny'
  if (allowed === 0 || allowed === 1) return allowed === 1 ? 'Allow' : 'Deny'
  out.report(
    'PPPC047',
    `Allowed is ${aTypeName(allowed)} (${show(allowed)}), not a boolean`,
    at(entry, 'Allowed', path),
  )
  return undefined
}

/** Keys of the schema's types, with booleans written as 0 or 1 told apart (macOS reads them; schema checkers do not). */
function checkKeyTypes(entry: Dict, path: string, out: FindingCollector): void {
  for (const key of Object.keys(entry)) {
    if (!Object.hasOwn(IDENTITY_KEYS, key)) {
      if (!IDENTITY_KEY_NAMES.some((k) => k.toLowerCase() === key.toLowerCase()))
        out.report('PPPC056', `unknown key "${key}" in an identity dictionary`, at(entry, key, path))
      continue
    }
    const expected = IDENTITY_KEYS[key]!
    const value = entry[key]
    const actual = typeName(value)
    if (actual === expected) continue
    if (expected === 'boolean' && (value === 0 || value === 1))
      out.report(
        'PPPC048',
        `${key} is the integer ${value}; write <${value === 1 ? 'true' : 'false'}/>`,
        at(entry, key, path),
      )
    else if (key !== 'Allowed')
      out.report('PPPC024', `${key} is ${article(actual)}, not ${article(expected)}`, at(entry, key, path))
  }
}

function checkIdentifierType(
  entry: Dict,
  identifier: string | undefined,
  identifierType: unknown,
  path: string,
  out: FindingCollector,
): void {
  if (typeof identifierType !== 'string' || !IDENTIFIER_TYPES.includes(identifierType)) {
    const near =
      typeof identifierType === 'string'
        ? IDENTIFIER_TYPES.find((t) => t.toLowerCase() === identifierType.toLowerCase())
        : undefined
    out.report(
      'PPPC041',
      `IdentifierType is ${identifierType === undefined ? 'missing' : show(identifierType)}${near ? `; write ${near}` : '; write bundleID or path'}`,
      {
        node: entry,
        key: identifierType === undefined ? 'Identifier' : 'IdentifierType',
        path: childPath(path, 'IdentifierType'),
      },
    )
  } else if (identifier && identifierType === 'path' && !identifier.startsWith('/')) {
    out.report(
      'PPPC042',
      `Identifier "${identifier}" is marked path but is not an absolute path (a bundle ID needs IdentifierType bundleID)`,
      at(entry, 'IdentifierType', path),
    )
  } else if (identifier && identifierType === 'bundleID' && identifier.includes('/')) {
    out.report(
      'PPPC042',
      `Identifier "${identifier}" is marked bundleID but looks like a path (use IdentifierType path)`,
      at(entry, 'IdentifierType', path),
    )
  } else if (identifier && identifierType === 'path' && BUNDLE_PATH.test(identifier)) {
    out.report(
      'PPPC059',
      `Identifier "${identifier}" is marked path but names a bundle, not the executable inside it: TCC never sees a process at that path`,
      at(entry, 'Identifier', path),
    )
  }
}

/** Checks one identity dictionary of a service; returns what it decides and where, for the rules across entries. */
export function checkIdentity(
  service: Service,
  item: PlistValue,
  path: string,
  out: FindingCollector,
  array: PlistValue[],
  index: number,
): EntryUse {
  if (!isDict(item)) {
    out.report('PPPC033', `${service.key} holds ${aTypeName(item)} where an identity dictionary belongs`, {
      node: array,
      key: index,
      path,
    })
    return {service, parent: array, index, path}
  }
  const entry = out.canonical(item, IDENTITY_KEY_NAMES, path)
  checkKeyTypes(entry, path, out)

  const identifier =
    typeof entry.Identifier === 'string' && entry.Identifier.trim() !== '' ? entry.Identifier : undefined
  if (!identifier) out.report('PPPC040', `an entry of ${service.key} has no Identifier`, at(entry, 'Identifier', path))
  const identifierType = entry.IdentifierType

  // A template that was never expanded names no app: say so once, instead of what follows from the text as written.
  const variableKey = MATCHED_KEYS.find((k) => typeof entry[k] === 'string' && buildVariableIn(entry[k]))
  if (variableKey) {
    const keys = MATCHED_KEYS.filter((k) => typeof entry[k] === 'string' && buildVariableIn(entry[k]))
    out.report(
      'PPPC058',
      `${keys.join(' and ')} of ${service.key} ${keys.length > 1 ? 'hold' : 'holds'} the unexpanded build variable ${buildVariableIn(entry[variableKey] as string)}; macOS compares it as written, so the entry never matches`,
      at(entry, variableKey, path),
    )
  } else {
    checkIdentifierType(entry, identifier, identifierType, path, out)
  }
  checkRequirement(entry, identifier, identifierType, path, out, variableKey !== undefined)

  const value = effectiveValue(entry, path, out)
  const valueKey = Object.hasOwn(entry, 'Authorization') ? 'Authorization' : 'Allowed'
  if (value && !service.authorizations.includes(value)) {
    const written =
      valueKey === 'Allowed' ? `Allowed ${entry.Allowed === true || entry.Allowed === 1 ? 'true' : 'false'}` : value
    out.report(
      'PPPC050',
      `${written} is not allowed for ${service.key} (${service.label}); it accepts ${service.authorizations.join(' or ')}${service.authorizations.includes('AllowStandardUserToSetSystemService') && value === 'Allow' ? ': a profile cannot grant it' : ''}`,
      at(entry, valueKey, path),
    )
  }

  const receiverKeys = AE_RECEIVER_KEYS.filter((k) => Object.hasOwn(entry, k))
  if (service.needsReceiver) {
    const missing = AE_RECEIVER_KEYS.filter((k) => !Object.hasOwn(entry, k))
    if (missing.length > 0)
      out.report(
        'PPPC051',
        `the AppleEvents entry for ${identifier ?? 'an app'} lacks ${missing.join(', ')}`,
        at(entry, missing[0]!, path),
      )
    else checkReceiver(entry, path, out, variableKey !== undefined)
  } else if (receiverKeys.length > 0) {
    out.report(
      'PPPC052',
      `${receiverKeys.join(', ')} on ${service.key}: receiver keys are valid for AppleEvents only`,
      at(entry, receiverKeys[0]!, path),
    )
  }

  if (
    identifier &&
    value === 'Allow' &&
    POWERFUL_SERVICES.has(service.key) &&
    INTERPRETERS.some((re) => re.test(identifier))
  ) {
    out.report(
      'PPPC061',
      `${service.label} for ${identifier}: every script or command it runs gets ${service.label} too`,
      at(entry, 'Identifier', path),
    )
  }
  if (identifier && identifierType === 'path' && /^(\/Users\/|~)/.test(identifier)) {
    out.report(
      'PPPC062',
      `${identifier} is in a home folder, where its owner can replace the binary`,
      at(entry, 'Identifier', path),
    )
  }
  if (entry.StaticCode === true || entry.StaticCode === 1)
    out.report('PPPC063', `StaticCode is true for ${identifier ?? 'this entry'}`, at(entry, 'StaticCode', path))

  const use: EntryUse = {service, parent: array, index, path, entry}
  if (value) {
    use.value = value
    use.valueKey = valueKey === 'Authorization' && Object.hasOwn(entry, 'Allowed') ? 'Allowed' : valueKey
  }
  if (identifier && value) {
    const receiver = typeof entry.AEReceiverIdentifier === 'string' ? entry.AEReceiverIdentifier : undefined
    use.decision = receiver ? {identifier, receiver, value} : {identifier, value}
  }
  return use
}
