import gte from 'semver/functions/gte.js'
import {hasFeature} from '../macos/facts.js'
import {parseMacosFlag} from '../macos/version.js'
import {disabled} from './directives.js'
import {
  childPath,
  FindingCollector,
  type Finding,
  typeName,
  type ValidateOptions,
  aTypeName,
  article,
  type RuleSettings,
  show,
} from './findings.js'
import type {PlistValue} from './model.js'
import {isDict} from './plist.js'
import {COMMON_PAYLOAD_KEYS, TOLERATED_KEYS, TOP_LEVEL_KEYS, type PlistType} from './payload-keys.js'
import type {Signature} from './signature.js'
import {readProfile, type ProfileDocument} from './read.js'
import {UUID_PATTERN} from './uuid.js'
import {
  checkAcrossPayloads,
  checkPppcPayload,
  findWrappedPppc,
  isPppcPayloadType,
  type PppcUse,
} from './validate-pppc.js'
import {valueWhere} from './validate-identity.js'
import {PPPC_PAYLOAD_TYPE} from './payload-types.js'
import {macosSince, nearestRuleId} from './rules.js'

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
        const value = dict[key]
        const where = {node: dict, key, path: childPath(path, key)}
        // macOS reads 0 and 1 as booleans; only schema-checking MDMs refuse them.
        if (expected === 'boolean' && (value === 0 || value === 1))
          out.report('PPPC048', `${key} is the integer ${value}; write <${value === 1 ? 'true' : 'false'}/>`, where)
        else out.report('PPPC024', `${key} is ${article(actual)}, not ${article(expected)}`, where)
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

/** Identifier, UUID and version of the profile (path '') or of one payload. */
function checkIdentifiers(dict: Dict, path: string, out: FindingCollector, uuids: Map<string, string>): void {
  const at = (key: string) => ({node: dict, key, path: childPath(path, key)})
  const identifier = dict.PayloadIdentifier
  if (typeof identifier !== 'string' || identifier.trim() === '') {
    out.report('PPPC012', `${path || 'the profile'} has no PayloadIdentifier`, at('PayloadIdentifier'))
  } else if (!REVERSE_DNS.test(identifier)) {
    out.report('PPPC013', `PayloadIdentifier "${identifier}" is not reverse DNS`, at('PayloadIdentifier'))
  }
  const uuid = dict.PayloadUUID
  if (typeof uuid !== 'string' || uuid.trim() === '') {
    out.report(
      'PPPC014',
      uuid === undefined
        ? `${path || 'the profile'} has no PayloadUUID`
        : `PayloadUUID is ${typeof uuid === 'string' ? 'empty' : aTypeName(uuid)}, not a unique string`,
      at('PayloadUUID'),
    )
  } else {
    // UUIDs compare without regard to case; other strings as written.
    const key = UUID_PATTERN.test(uuid) ? uuid.toUpperCase() : uuid
    const first = uuids.get(key)
    if (first !== undefined)
      out.report('PPPC015', `PayloadUUID ${uuid} is also used by ${first || 'the profile'}`, at('PayloadUUID'))
    else {
      uuids.set(key, path)
      if (!UUID_PATTERN.test(uuid))
        out.report(
          'PPPC025',
          `PayloadUUID ${show(uuid)} is not in UUID form; Apple asks only that it be unique, and it is in this file`,
          at('PayloadUUID'),
        )
    }
  }
  const version = dict.PayloadVersion
  if (version === undefined && path !== '') {
    out.report(
      'PPPC027',
      `${path} (${String(dict.PayloadType ?? 'no type')}) has no PayloadVersion`,
      at('PayloadVersion'),
    )
  } else if (version !== 1) {
    out.report(
      'PPPC011',
      `${path || 'the profile'}: PayloadVersion is ${version === undefined ? 'missing' : `${typeName(version)} ${show(version)}`}`,
      at('PayloadVersion'),
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
    const where = {node: root, key: 'PayloadScope', path: 'PayloadScope'}
    const near =
      typeof scope === 'string' ? ['System', 'User'].find((s) => s.toLowerCase() === scope.toLowerCase()) : undefined
    if (near) out.report('PPPC017', `PayloadScope is ${show(scope)}; write ${near} (macOS reads it either way)`, where)
    else out.report('PPPC026', `PayloadScope is ${show(scope)}; write System or User`, where)
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
    else if (payload.PayloadContent !== undefined) {
      // Only a payload that holds content of its own can wrap another (Custom Settings keeps domains there).
      const wrapped = findWrappedPppc(payload, path)
      if (wrapped)
        out.report(
          'PPPC034',
          `${path} (${String(declared ?? 'no type')}) wraps a PPPC payload at ${wrapped.path}; macOS grants nothing from it`,
          wrapped,
        )
    }
  })
  checkAcrossPayloads(uses, out)
  if (uses.length > 0 && typeof root.PayloadScope === 'string' && root.PayloadScope.toLowerCase() === 'user') {
    out.report('PPPC018', 'PPPC payloads are delivered on the device channel only, but PayloadScope is User', {
      node: root,
      key: 'PayloadScope',
      path: 'PayloadScope',
    })
  }
  return uses
}

const AUTHORIZATION_SINCE = macosSince('pppc-authorization-key')

/** Advice for one Authorization value on a Mac that reads only Allowed: possible for that value. */
function allowedAdvice(value: string): {message: string; fix: string} {
  if (value === 'Allow' || value === 'Deny') {
    const allowed = value === 'Allow' ? 'true' : 'false'
    return {
      message: `write Allowed <${allowed}/> for them`,
      fix: `Replace <key>Authorization</key><string>${value}</string> with <key>Allowed</key><${allowed}/>, or raise --min-macos to ${AUTHORIZATION_SINCE}.`,
    }
  }
  return {
    message: `${value} has no Allowed form, so they ignore this entry`,
    fix: `${value} has no Allowed form: keep this entry in a profile for macOS ${AUTHORIZATION_SINCE} and later, or raise --min-macos to ${AUTHORIZATION_SINCE}.`,
  }
}

/** Version rules, each at the key it concerns: service keys for 070 and 072, each entry's value for 071 and 073. */
function checkVersions(uses: PppcUse[], options: ValidateOptions, out: FindingCollector): void {
  if (options.minMacos) {
    const min = options.minMacos
    for (const {service, where} of uses.flatMap((u) => u.services))
      if (!atLeast(min, service.introduced))
        out.report('PPPC070', `${service.key} needs macOS ${service.introduced}; Macs on ${min} ignore it`, where)
    if (!hasFeature(parseMacosFlag(min).semver, 'pppc-authorization-key'))
      for (const entry of uses.flatMap((u) => u.entries)) {
        if (entry.valueKey !== 'Authorization' || !entry.value) continue
        const value = entry.value
        const where = valueWhere(entry)
        const advice = allowedAdvice(value)
        out.report(
          'PPPC071',
          `Authorization ${value} for ${entry.decision?.identifier ?? 'this entry'} needs macOS ${AUTHORIZATION_SINCE}; Macs on ${min} read only Allowed: ${advice.message}`,
          where,
          advice.fix,
        )
      }
  }
  if (options.targetMacos) {
    const target = options.targetMacos
    for (const {service, where} of uses.flatMap((u) => u.services)) {
      if (service.deprecated && atLeast(target, service.deprecated))
        out.report(
          'PPPC072',
          `${service.key} is deprecated from macOS ${service.deprecated}${service.ddmKey ? `; deploy a declarative default for ${service.ddmKey} (pppc generate --format ddm)` : ''}`,
          where,
        )
    }
    if (hasFeature(parseMacosFlag(target).semver, 'accessibility-grant-notified'))
      for (const entry of uses.flatMap((u) => u.entries))
        if (entry.service.key === 'Accessibility' && entry.value === 'Allow')
          out.report(
            'PPPC073',
            `on macOS ${target} the user is notified of the Accessibility grant to ${entry.decision?.identifier ?? 'this app'} and can turn it off`,
            valueWhere(entry),
          )
  }
}

function checkMdm(root: PlistValue, document: ProfileDocument, options: ValidateOptions, out: FindingCollector): void {
  if (!options.mdm || !isDict(root)) return
  const at = (key: string) => ({node: root, key, path: key})
  const name = typeof root.PayloadDisplayName === 'string' && root.PayloadDisplayName.trim() !== ''
  if (!name)
    out.report(
      'PPPC082',
      `${options.mdm === 'jamf' ? 'Jamf Pro' : 'Kandji'} lists the profile by PayloadDisplayName, which is missing`,
      at('PayloadDisplayName'),
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
      at('PayloadIdentifier'),
    )
    out.reportOn('PPPC083', 'add it as a Custom Profile that runs on Mac', root, '')
  }
}

/**
 * Configured severities and pppc-disable comments, applied last so that every rule is written as if neither
 * existed: a rule set to 'off', or turned off by a comment for its line or the file, drops its findings.
 */
function applySettings(findings: Finding[], document: ProfileDocument, rules: RuleSettings | undefined): Finding[] {
  const directives = document.directives
  if (!rules && !directives) return findings
  const kept: Finding[] = []
  for (const finding of findings) {
    const setting = rules?.[finding.rule]
    if (setting === 'off') continue
    if (directives && disabled(directives, finding.rule, finding.line)) continue
    kept.push(setting && setting !== finding.severity ? {...finding, severity: setting} : finding)
  }
  return kept
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
  for (const {id, line} of document.directives?.unknown ?? []) {
    const near = nearestRuleId(id)
    out.reportAtLine(
      'PPPC007',
      `"${id}" in a pppc-disable comment is not a rule${near ? `; did you mean ${near}?` : ''}`,
      line,
    )
  }
  const uses = checkProfile(document.value, out, new Map())
  checkVersions(uses, options, out)
  checkMdm(document.value, document, options, out)
  return applySettings(out.findings, document, options.rules)
}

function profileSummary(value: PlistValue): FileReport['profile'] {
  if (!isDict(value)) return undefined
  // Built key by key, in the report's order: conditional spreads cost several times as much, once per file.
  const summary: NonNullable<FileReport['profile']> = {} as NonNullable<FileReport['profile']>
  if (typeof value.PayloadIdentifier === 'string') summary.identifier = value.PayloadIdentifier
  if (typeof value.PayloadDisplayName === 'string') summary.displayName = value.PayloadDisplayName
  const payloadTypes: string[] = []
  if (Array.isArray(value.PayloadContent))
    for (const p of value.PayloadContent) if (isDict(p)) payloadTypes.push(String(p.PayloadType ?? ''))
  summary.payloadTypes = payloadTypes
  return summary
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
    const setting = options.rules?.[rule]
    const findings = setting === 'off' ? [] : setting ? [{...finding, severity: setting}] : out.findings
    return {path, encoding: 'unreadable', ...(signature ? {signature} : {}), findings}
  }
  const {document} = read
  const summary = profileSummary(document.value)
  const report: FileReport = {path, encoding: document.encoding} as FileReport
  if (document.signature) report.signature = document.signature
  if (summary) report.profile = summary
  report.findings = validateDocument(document, options)
  return report
}
