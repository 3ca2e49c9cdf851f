import gte from 'semver/functions/gte.js'
import {hasFeature} from '../macos/facts.js'
import {parseMacosFlag} from '../macos/version.js'
import {
  childPath,
  FindingCollector,
  type Finding,
  typeName,
  type ValidateOptions,
  aTypeName,
  article,
  show,
} from './findings.js'
import type {PlistValue} from './model.js'
import {isDict} from './plist.js'
import {COMMON_PAYLOAD_KEYS, TOLERATED_KEYS, TOP_LEVEL_KEYS, type PlistType} from './payload-keys.js'
import type {Signature} from './signature.js'
import {readProfile, type ProfileDocument} from './read.js'
import {serviceByKey} from './services.js'
import {UUID_PATTERN} from './uuid.js'
import {checkPppcPayload, isPppcPayloadType, type PppcUse} from './validate-pppc.js'
import {PPPC_PAYLOAD_TYPE} from './payload-types.js'

type Dict = {[key: string]: PlistValue}

const TOP_LEVEL_NAMES = [...Object.keys(TOP_LEVEL_KEYS), 'Services']
const PAYLOAD_NAMES = [...Object.keys(COMMON_PAYLOAD_KEYS), 'Services']

export interface FileReport {
  path: string
  /** xml, binary, or unreadable; signed profiles also carry `signature`. */
  encoding: 'xml' | 'binary' | 'unreadable'
  signature?: Signature
  profile?: {identifier?: string; displayName?: string; payloadTypes: string[]}
  findings: Finding[]
}

const REVERSE_DNS = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/

/** --min-macos / --target-macos as the user wrote it ("12", "26.2"), once checked; or a one-line error. */
export function parseMacosVersion(text: string, flag: string): string {
  return parseMacosFlag(text, flag).productVersion
}

/** a >= b, for versions as flags and the services table write them ("12", "10.15", "27.0"). */
function atLeast(a: string, b: string): boolean {
  return gte(parseMacosFlag(a).semver, parseMacosFlag(b).semver)
}

function checkKeys(
  dict: Dict,
  known: Readonly<Record<string, PlistType>>,
  path: string,
  out: FindingCollector,
  reportUnknown: boolean,
  extra: readonly string[] = [],
): void {
  for (const key of Object.keys(dict)) {
    if (Object.hasOwn(known, key)) {
      const expected = known[key]!
      const actual = typeName(dict[key])
      const numeric = expected === 'real' && actual === 'integer'
      // PayloadVersion and identifiers have rules of their own, with better messages.
      if (
        actual !== expected &&
        !numeric &&
        !['PayloadVersion', 'PayloadUUID', 'PayloadIdentifier', 'PayloadType', 'PayloadContent'].includes(key)
      ) {
        out.report('PPPC024', `${key} is ${article(actual)}, not ${article(expected)}`, {
          node: dict,
          key,
          path: childPath(path, key),
        })
      }
      continue
    }
    if (TOLERATED_KEYS.has(key) || extra.includes(key)) continue
    if (reportUnknown)
      out.report('PPPC022', `unknown key "${key}"${path ? ` in ${path}` : ' at the top level'}`, {
        node: dict,
        key,
        path: childPath(path, key),
      })
  }
}

function checkIdentifiers(dict: Dict, path: string, out: FindingCollector, uuids: Map<string, string>): void {
  const identifier = dict.PayloadIdentifier
  if (typeof identifier !== 'string' || identifier.trim() === '') {
    out.report('PPPC012', `${path || 'the profile'} has no PayloadIdentifier`, {
      node: dict,
      key: 'PayloadIdentifier',
      path: childPath(path, 'PayloadIdentifier'),
    })
  } else if (!REVERSE_DNS.test(identifier)) {
    out.report('PPPC013', `PayloadIdentifier "${identifier}" is not reverse DNS`, {
      node: dict,
      key: 'PayloadIdentifier',
      path: childPath(path, 'PayloadIdentifier'),
    })
  }
  const uuid = dict.PayloadUUID
  const where = {node: dict, key: 'PayloadUUID', path: childPath(path, 'PayloadUUID')}
  if (typeof uuid !== 'string' || !UUID_PATTERN.test(uuid)) {
    out.report(
      'PPPC014',
      uuid === undefined ? `${path || 'the profile'} has no PayloadUUID` : `PayloadUUID ${show(uuid)} is not a UUID`,
      where,
    )
  } else {
    const first = uuids.get(uuid.toUpperCase())
    if (first !== undefined)
      out.report('PPPC015', `PayloadUUID ${uuid} is also used by ${first || 'the profile'}`, where)
    else uuids.set(uuid.toUpperCase(), path)
  }
  const version = dict.PayloadVersion
  if (version !== 1) {
    out.report(
      'PPPC011',
      `${path || 'the profile'}: PayloadVersion is ${version === undefined ? 'missing' : `${typeName(version)} ${show(version)}`}`,
      {node: dict, key: 'PayloadVersion', path: childPath(path, 'PayloadVersion')},
    )
  }
}

/** Rules over the whole profile and its payloads; PPPC payloads get the PPPC rules. Returns what PPPC payloads use. */
function checkProfile(value: PlistValue, out: FindingCollector, uuids: Map<string, string>): PppcUse[] {
  if (!isDict(value)) {
    out.report('PPPC003', `the property list holds ${aTypeName(value)}, not a profile dictionary`)
    return []
  }
  const root = out.canonical(value, TOP_LEVEL_NAMES, '')
  const type = root.PayloadType
  const hasProfileShape = 'PayloadContent' in root || 'PayloadType' in root || 'Services' in root
  if (!hasProfileShape) {
    out.report('PPPC003', 'this property list has no PayloadType or PayloadContent: it is not a configuration profile')
    return []
  }
  const uses: PppcUse[] = []
  // An old export: the PPPC PayloadType on the outer dictionary, either around a normal PayloadContent or with
  // Services right there (a bare payload saved as a profile).
  const outerPppc = isPppcPayloadType(type)
  const legacyPppc = outerPppc && 'Services' in root
  checkKeys(root, TOP_LEVEL_KEYS, '', out, !legacyPppc, ['Services'])
  if (type !== 'Configuration') {
    const where = {node: root, key: 'PayloadType', path: 'PayloadType'}
    if (outerPppc)
      out.report(
        'PPPC010',
        `the outer dictionary carries the PPPC PayloadType (an old export); the top level must say Configuration${legacyPppc ? ' and hold the payload in PayloadContent' : ''}`,
        where,
      )
    else
      out.report(
        'PPPC010',
        `top-level PayloadType is ${type === undefined ? 'missing' : show(type)}, not "Configuration"`,
        where,
      )
  }
  checkIdentifiers(root, '', out, uuids)
  const scope = root.PayloadScope
  if (scope !== undefined && scope !== 'System' && scope !== 'User') {
    const near =
      typeof scope === 'string' ? ['System', 'User'].find((s) => s.toLowerCase() === scope.toLowerCase()) : undefined
    out.report('PPPC017', `PayloadScope is ${show(scope)}${near ? `; write ${near}` : '; write System or User'}`, {
      node: root,
      key: 'PayloadScope',
      path: 'PayloadScope',
    })
  }
  if (legacyPppc) uses.push(checkPppcPayload(root, '', out))

  const content = root.PayloadContent
  if (!Array.isArray(content) || content.length === 0) {
    if (!legacyPppc)
      out.report(
        'PPPC016',
        content === undefined
          ? 'the profile has no PayloadContent'
          : `PayloadContent is ${Array.isArray(content) ? 'empty' : aTypeName(content)}`,
        {node: root, key: 'PayloadContent', path: 'PayloadContent'},
      )
    return uses
  }
  const identifiers = new Map<string, number>()
  content.forEach((item, index) => {
    const path = `PayloadContent[${index}]`
    if (!isDict(item)) {
      out.report('PPPC016', `${path} is ${aTypeName(item)}, not a payload dictionary`, {
        node: content,
        key: index,
        path,
      })
      return
    }
    const payload = out.canonical(item, PAYLOAD_NAMES, path)
    const declared = payload.PayloadType
    const pppc =
      isPppcPayloadType(declared) ||
      (typeof declared === 'string' && declared.toLowerCase() === PPPC_PAYLOAD_TYPE.toLowerCase())
    if (pppc && !isPppcPayloadType(declared)) {
      out.report(
        'PPPC021',
        `PayloadType "${String(declared)}" must be written "${PPPC_PAYLOAD_TYPE}"; macOS does not recognise the payload as written`,
        {node: payload, key: 'PayloadType', path: `${path}.PayloadType`},
      )
    }
    checkKeys(payload, COMMON_PAYLOAD_KEYS, path, out, false, pppc ? ['Services'] : [])
    if (typeof payload.PayloadType !== 'string' || payload.PayloadType === '')
      out.report('PPPC023', `${path} has no PayloadType`, {node: content, key: index, path})
    checkIdentifiers(payload, path, out, uuids)
    const identifier = payload.PayloadIdentifier
    if (typeof identifier === 'string' && identifier !== '') {
      const first = identifiers.get(identifier)
      if (first !== undefined)
        out.report('PPPC019', `${path} and PayloadContent[${first}] share PayloadIdentifier "${identifier}"`, {
          node: payload,
          key: 'PayloadIdentifier',
          path: `${path}.PayloadIdentifier`,
        })
      else identifiers.set(identifier, index)
      if (identifier === root.PayloadIdentifier)
        out.report('PPPC020', `${path} reuses the top-level PayloadIdentifier "${identifier}"`, {
          node: payload,
          key: 'PayloadIdentifier',
          path: `${path}.PayloadIdentifier`,
        })
    }
    if (pppc) uses.push(checkPppcPayload(payload, path, out))
  })
  if (uses.length > 0 && root.PayloadScope === 'User') {
    out.report('PPPC018', 'PPPC payloads are delivered on the device channel only, but PayloadScope is User', {
      node: root,
      key: 'PayloadScope',
      path: 'PayloadScope',
    })
  }
  return uses
}

function checkVersions(uses: PppcUse[], options: ValidateOptions, out: FindingCollector): void {
  const services = new Set(uses.flatMap((u) => [...u.services]))
  if (options.minMacos) {
    const min = options.minMacos
    for (const key of services) {
      const service = serviceByKey(key)!
      if (!atLeast(min, service.introduced))
        out.report('PPPC070', `${key} needs macOS ${service.introduced}; Macs on ${min} ignore it`)
    }
    if (!hasFeature(parseMacosFlag(min).semver, 'pppc-authorization-key') && uses.some((u) => u.usesAuthorization))
      out.report('PPPC071', `Authorization needs macOS 11; with --min-macos ${min}, write Allowed instead`)
  }
  if (options.targetMacos) {
    const target = options.targetMacos
    for (const key of services) {
      const service = serviceByKey(key)!
      if (service.deprecated && atLeast(target, service.deprecated)) {
        out.report(
          'PPPC072',
          `${key} is deprecated from macOS ${service.deprecated}${service.ddmKey ? `; deploy a declarative default for ${service.ddmKey} (pppc generate --format ddm)` : ''}`,
        )
      }
    }
    if (
      uses.some((u) => u.grantsAccessibility) &&
      hasFeature(parseMacosFlag(target).semver, 'accessibility-grant-notified')
    ) {
      out.report('PPPC073', `on macOS ${target} the user is notified of the Accessibility grant and can turn it off`)
    }
  }
}

function checkMdm(root: PlistValue, document: ProfileDocument, options: ValidateOptions, out: FindingCollector): void {
  if (!options.mdm || !isDict(root)) return
  const name = typeof root.PayloadDisplayName === 'string' && root.PayloadDisplayName.trim() !== ''
  if (!name)
    out.report(
      'PPPC082',
      `${options.mdm === 'jamf' ? 'Jamf Pro' : 'Kandji'} lists the profile by PayloadDisplayName, which is missing`,
    )
  if (options.mdm === 'jamf' && document.signature)
    out.report(
      'PPPC080',
      `the profile is signed (by ${document.signature.subject}); upload the unsigned original to Jamf Pro`,
    )
  if (options.mdm === 'kandji') {
    out.report(
      'PPPC081',
      `Kandji will replace PayloadIdentifier "${String(root.PayloadIdentifier ?? '')}" with com.kandji.profile.custom.<id>`,
    )
    out.report('PPPC083', 'add it as a Custom Profile that runs on Mac')
  }
}

/** Who signed: a self-signed signer vouches for nobody; with --ca, a chain that does not lead to it. */
function checkSigner(document: ProfileDocument, out: FindingCollector): void {
  const signature = document.signature
  if (!signature?.verified) return
  if (signature.chain === 'untrusted')
    out.report(
      'PPPC064',
      `the signer ${signature.subject} is not trusted by --ca: ${signature.chainProblem ?? 'no path to a trusted CA'}`,
    )
  else if (signature.selfSigned && signature.chain !== 'trusted')
    out.report(
      'PPPC065',
      `the signer ${signature.subject} is self-signed: anyone can make such a certificate, with any name`,
    )
}

/** Every rule over one read document. */
export function validateDocument(document: ProfileDocument, options: ValidateOptions = {}): Finding[] {
  const out = new FindingCollector(document)
  if (document.signature && !document.signature.verified) {
    out.report(
      'PPPC004',
      `the signature by ${document.signature.subject} does not verify: ${document.signature.problem ?? 'the content was changed after signing'}`,
    )
  }
  checkSigner(document, out)
  if (document.encoding === 'binary') out.report('PPPC005', 'the profile is a binary property list')
  for (const dup of document.duplicateKeys)
    out.reportAtOffset('PPPC006', `"${dup.key}" appears twice in one dictionary`, dup.offset)
  const uses = checkProfile(document.value, out, new Map())
  checkVersions(uses, options, out)
  checkMdm(document.value, document, options, out)
  return out.findings
}

function profileSummary(value: PlistValue): FileReport['profile'] {
  if (!isDict(value)) return undefined
  const payloadTypes = Array.isArray(value.PayloadContent)
    ? value.PayloadContent.filter(isDict).map((p) => String(p.PayloadType ?? ''))
    : []
  return {
    ...(typeof value.PayloadIdentifier === 'string' ? {identifier: value.PayloadIdentifier} : {}),
    ...(typeof value.PayloadDisplayName === 'string' ? {displayName: value.PayloadDisplayName} : {}),
    payloadTypes,
  }
}

/** Reads and validates one file's bytes. Never throws on content: what is wrong becomes findings. */
export async function validateBytes(path: string, bytes: Buffer, options: ValidateOptions = {}): Promise<FileReport> {
  const read = await readProfile(bytes, options.trustAnchors ? {trustAnchors: options.trustAnchors} : {})
  if (!read.ok) {
    const out = new FindingCollector()
    const {rule, message, line, column, signature} = read.failure
    out.report(rule, message)
    const finding = out.findings[0]!
    if (line !== undefined) Object.assign(finding, {line, column})
    return {path, encoding: 'unreadable', ...(signature ? {signature} : {}), findings: out.findings}
  }
  const {document} = read
  const summary = profileSummary(document.value)
  return {
    path,
    encoding: document.encoding,
    ...(document.signature ? {signature: document.signature} : {}),
    ...(summary ? {profile: summary} : {}),
    findings: validateDocument(document, options),
  }
}
