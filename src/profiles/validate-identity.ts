import {type FindingCollector, childPath, typeName, aTypeName, article, show} from './findings.js'
import {isDict} from './plist.js'
import type {PlistValue} from './model.js'
import {AE_RECEIVER_KEYS, IDENTITY_KEYS} from './payload-keys.js'
import {lintRequirement, type RequirementFacts} from './requirement-lint.js'
import type {Authorization, Service} from './services.js'

type Dict = {[key: string]: PlistValue}

const IDENTITY_KEY_NAMES = Object.keys(IDENTITY_KEYS)
const AUTHORIZATIONS: readonly Authorization[] = ['Allow', 'Deny', 'AllowStandardUserToSetSystemService']
const IDENTIFIER_TYPES = ['bundleID', 'path']

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

/** What an identity entry decides, once read: used for duplicate and conflict detection across entries. */
export interface IdentityDecision {
  identifier: string
  receiver?: string
  value: Authorization
}

function checkReceiver(entry: Dict, path: string, out: FindingCollector): void {
  const id = entry.AEReceiverIdentifier
  const type = entry.AEReceiverIdentifierType
  const requirement = entry.AEReceiverCodeRequirement
  if (typeof type !== 'string' || !IDENTIFIER_TYPES.includes(type)) {
    out.report('PPPC053', `AEReceiverIdentifierType is ${show(type)}; write bundleID or path`, {
      node: entry,
      key: 'AEReceiverIdentifierType',
      path: childPath(path, 'AEReceiverIdentifierType'),
    })
  } else if (typeof id === 'string' && (type === 'path') !== id.startsWith('/')) {
    out.report('PPPC053', `AEReceiverIdentifier "${id}" does not fit AEReceiverIdentifierType ${type}`, {
      node: entry,
      key: 'AEReceiverIdentifier',
      path: childPath(path, 'AEReceiverIdentifier'),
    })
  }
  if (typeof requirement === 'string') {
    const lint = lintRequirement(requirement)
    if (!lint.ok)
      out.report('PPPC053', `AEReceiverCodeRequirement is malformed at column ${lint.column}: ${lint.problem}`, {
        node: entry,
        key: 'AEReceiverCodeRequirement',
        path: childPath(path, 'AEReceiverCodeRequirement'),
      })
  }
}

function checkRequirement(
  entry: Dict,
  identifier: string | undefined,
  identifierType: unknown,
  path: string,
  out: FindingCollector,
): RequirementFacts | undefined {
  const requirement = entry.CodeRequirement
  const where = {node: entry, key: 'CodeRequirement', path: childPath(path, 'CodeRequirement')}
  if (requirement === undefined || (typeof requirement === 'string' && requirement.trim() === '')) {
    out.report(
      'PPPC043',
      `${identifier ?? 'this entry'} has no CodeRequirement, so it can match any copy of the app`,
      where,
    )
    return undefined
  }
  if (typeof requirement !== 'string') {
    out.report('PPPC043', `CodeRequirement is ${aTypeName(requirement)}, not a string`, where)
    return undefined
  }
  const lint = lintRequirement(requirement)
  if (!lint.ok) {
    out.report(
      'PPPC044',
      `CodeRequirement of ${identifier ?? 'this entry'} is malformed at column ${lint.column}: ${lint.problem}`,
      where,
    )
    return undefined
  }
  const {facts} = lint
  if (facts.teamId !== undefined && facts.anchors.includes('apple generic') && !/^[A-Z0-9]{10}$/.test(facts.teamId)) {
    out.report(
      'PPPC044',
      `CodeRequirement of ${identifier ?? 'this entry'} pins Team ID "${facts.teamId}", which is not 10 capital letters and digits: no certificate will match`,
      where,
    )
  }
  if (
    identifierType === 'bundleID' &&
    identifier &&
    facts.identifier !== undefined &&
    facts.identifier !== identifier
  ) {
    out.report(
      'PPPC045',
      `the requirement says identifier "${facts.identifier}" but Identifier is "${identifier}": the entry never matches`,
      where,
    )
  }
  if (facts.anchors.length === 0 && !facts.pinsCertificate && !facts.pinsCdHash) {
    out.report(
      'PPPC060',
      `the requirement of ${identifier ?? 'this entry'} has no anchor: any code with this identifier matches, even unsigned or re-signed copies`,
      where,
    )
  } else if (
    facts.anchors.includes('apple generic') &&
    !facts.teamId &&
    !facts.pinsCertificate &&
    !facts.pinsCdHash &&
    !facts.anchors.includes('apple')
  ) {
    out.report(
      'PPPC060',
      `the requirement of ${identifier ?? 'this entry'} pins no Team ID: any developer's app signed with this identifier matches`,
      where,
    )
  }
  return facts
}

function effectiveValue(entry: Dict, path: string, out: FindingCollector): Authorization | undefined {
  const hasAuthorization = Object.hasOwn(entry, 'Authorization')
  const hasAllowed = Object.hasOwn(entry, 'Allowed')
  if (hasAuthorization && hasAllowed) {
    out.report('PPPC046', 'both Authorization and Allowed are set; macOS expects exactly one', {
      node: entry,
      key: 'Allowed',
      path: childPath(path, 'Allowed'),
    })
  } else if (!hasAuthorization && !hasAllowed) {
    out.report('PPPC046', 'neither Authorization nor Allowed is set, so the entry decides nothing', {
      node: entry,
      key: 'Identifier',
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
      {node: entry, key: 'Authorization', path: childPath(path, 'Authorization')},
    )
    return undefined
  }
  const allowed = entry.Allowed
  const where = {node: entry, key: 'Allowed', path: childPath(path, 'Allowed')}
  if (typeof allowed === 'boolean') return allowed ? 'Allow' : 'Deny'
  if (typeof allowed === 'number' && (allowed === 0 || allowed === 1)) {
    out.report('PPPC048', `Allowed is the integer ${allowed}; write <${allowed === 1 ? 'true' : 'false'}/>`, where)
    return allowed === 1 ? 'Allow' : 'Deny'
  }
  out.report('PPPC047', `Allowed is ${aTypeName(allowed)} (${show(allowed)}), not a boolean`, where)
  return undefined
}

/** Checks one identity dictionary of a service; returns what it decides, for the duplicate check. */
export function checkIdentity(
  service: Service,
  item: PlistValue,
  path: string,
  out: FindingCollector,
  parent: {node: PlistValue[]; index: number},
): IdentityDecision | undefined {
  if (!isDict(item)) {
    out.report('PPPC033', `${service.key} holds ${aTypeName(item)} where an identity dictionary belongs`, {
      node: parent.node,
      key: parent.index,
      path,
    })
    return undefined
  }
  const entry = out.canonical(item, IDENTITY_KEY_NAMES, path)
  for (const key of Object.keys(entry)) {
    if (Object.hasOwn(IDENTITY_KEYS, key)) {
      const expected = IDENTITY_KEYS[key]!
      const actual = typeName(entry[key])
      if (key !== 'Allowed' && actual !== expected)
        out.report('PPPC024', `${key} is ${article(actual)}, not ${article(expected)}`, {
          node: entry,
          key,
          path: childPath(path, key),
        })
      continue
    }
    if (!IDENTITY_KEY_NAMES.some((k) => k.toLowerCase() === key.toLowerCase()))
      out.report('PPPC056', `unknown key "${key}" in an identity dictionary`, {
        node: entry,
        key,
        path: childPath(path, key),
      })
  }

  const identifier =
    typeof entry.Identifier === 'string' && entry.Identifier.trim() !== '' ? entry.Identifier : undefined
  if (!identifier)
    out.report('PPPC040', `an entry of ${service.key} has no Identifier`, {node: parent.node, key: parent.index, path})
  const identifierType = entry.IdentifierType
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
      {node: entry, key: 'IdentifierType', path: childPath(path, 'IdentifierType')},
    )
  } else if (identifier && identifierType === 'bundleID' && identifier.includes('/')) {
    out.report(
      'PPPC042',
      `Identifier "${identifier}" is marked bundleID but looks like a path (use IdentifierType path)`,
      {node: entry, key: 'IdentifierType', path: childPath(path, 'IdentifierType')},
    )
  }

  checkRequirement(entry, identifier, identifierType, path, out)
  const value = effectiveValue(entry, path, out)
  if (value && !service.authorizations.includes(value)) {
    const key = Object.hasOwn(entry, 'Authorization') ? 'Authorization' : 'Allowed'
    const written =
      key === 'Allowed' ? `Allowed ${entry.Allowed === true || entry.Allowed === 1 ? 'true' : 'false'}` : value
    out.report(
      'PPPC050',
      `${written} is not allowed for ${service.key} (${service.label}); it accepts ${service.authorizations.join(' or ')}${service.authorizations.includes('AllowStandardUserToSetSystemService') && value === 'Allow' ? ': a profile cannot grant it' : ''}`,
      {node: entry, key, path: childPath(path, key)},
    )
  }

  const receiverKeys = AE_RECEIVER_KEYS.filter((k) => Object.hasOwn(entry, k))
  if (service.needsReceiver) {
    const missing = AE_RECEIVER_KEYS.filter((k) => !Object.hasOwn(entry, k))
    if (missing.length > 0)
      out.report('PPPC051', `the AppleEvents entry for ${identifier ?? 'an app'} lacks ${missing.join(', ')}`, {
        node: parent.node,
        key: parent.index,
        path,
      })
    else checkReceiver(entry, path, out)
  } else if (receiverKeys.length > 0) {
    out.report(
      'PPPC052',
      `${receiverKeys.join(', ')} on ${service.key}: receiver keys are valid for AppleEvents only`,
      {node: entry, key: receiverKeys[0]!, path: childPath(path, receiverKeys[0]!)},
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
      {node: entry, key: 'Identifier', path: childPath(path, 'Identifier')},
    )
  }
  if (identifier && identifierType === 'path' && /^(\/Users\/|~)/.test(identifier)) {
    out.report('PPPC062', `${identifier} is in a home folder, where its owner can replace the binary`, {
      node: entry,
      key: 'Identifier',
      path: childPath(path, 'Identifier'),
    })
  }
  if (entry.StaticCode === true)
    out.report('PPPC063', `StaticCode is true for ${identifier ?? 'this entry'}`, {
      node: entry,
      key: 'StaticCode',
      path: childPath(path, 'StaticCode'),
    })

  if (!identifier || !value) return undefined
  const receiver = typeof entry.AEReceiverIdentifier === 'string' ? entry.AEReceiverIdentifier : undefined
  return receiver ? {identifier, receiver, value} : {identifier, value}
}
