import {isDict} from './plist.js'
import type {PlistValue} from './model.js'
import type {TrustAnchors} from './cms.js'
import {rootOffsetOf, type ProfileDocument} from './read.js'
import {rule, type RuleId, type Severity} from './rules.js'

export interface Finding {
  rule: RuleId
  severity: Severity
  message: string
  fix: string
  /** Where in the plist: PayloadContent[0].Services.ScreenCapture[0].Authorization */
  path?: string
  line?: number
  column?: number
}

export interface ValidateOptions {
  /** Oldest macOS the profile must work on (semver-coerced, e.g. "10.15"). */
  minMacos?: string
  /** Newest macOS it is deployed to. */
  targetMacos?: string
  mdm?: 'jamf' | 'kandji'
  /** --ca: certificates to check signers' chains against; without them chains are not checked. */
  trustAnchors?: TrustAnchors
  /** Severities set by configuration (.pppc.yaml) for this file; 'off' drops the rule's findings. */
  rules?: RuleSettings
}

/** A rule's severity as configured, or off. */
export type RuleSetting = Severity | 'off'
export type RuleSettings = Partial<Record<RuleId, RuleSetting>>

type Container = {[key: string]: PlistValue} | PlistValue[]

/** Where a finding is: a key (or index) of a dictionary (or array), and its path in the plist. */
export interface Where {
  node: Container
  key: string | number
  path: string
}

/** A list of known key names, ready for the questions `canonical` asks of every key of every dictionary. */
interface KnownNames {
  exact: Set<string>
  lengths: Set<number>
  /** The first known name with this lower-case form. */
  byLowerCase: Map<string, string>
}

const knownNamesOf = new WeakMap<readonly string[], KnownNames>()

function knownNames(known: readonly string[]): KnownNames {
  let names = knownNamesOf.get(known)
  if (!names) {
    names = {exact: new Set(known), lengths: new Set(known.map((k) => k.length)), byLowerCase: new Map()}
    for (const k of known) if (!names.byLowerCase.has(k.toLowerCase())) names.byLowerCase.set(k.toLowerCase(), k)
    knownNamesOf.set(known, names)
  }
  return names
}

/** Collects findings for one document, placing each at the line of the key it is about. */
export class FindingCollector {
  readonly findings: Finding[] = []
  /** Views made by `canonical`, to the dictionaries they stand for (most documents need none). */
  private views: Map<object, object> | undefined

  constructor(private readonly document?: ProfileDocument) {}

  report(id: RuleId, message: string, where?: Where, fix?: string): void {
    const r = rule(id)
    const finding: Finding = {rule: id, severity: r.severity, message, fix: fix ?? r.fix}
    if (where) {
      finding.path = where.path
      const offset = this.offsetOf(where.node, where.key)
      if (offset !== undefined && this.document?.lines) Object.assign(finding, this.document.lines.at(offset))
    }
    this.findings.push(finding)
  }

  /** A finding about a dictionary or array as a whole: at its own position (the root element for the profile). */
  reportOn(id: RuleId, message: string, node: object, path: string): void {
    const finding: Finding = {rule: id, severity: rule(id).severity, message, fix: rule(id).fix, path}
    const offset = this.offsetOfNode(node)
    if (offset !== undefined && this.document?.lines) Object.assign(finding, this.document.lines.at(offset))
    this.findings.push(finding)
  }

  /** The key's own position; for a key the node lacks, the node's position in its parent (or the root element's). */
  private offsetOf(node: object, key: string | number): number | undefined {
    const own = this.document?.positions?.offset(node, key)
    return own ?? this.offsetOfNode(node)
  }

  private offsetOfNode(node: object): number | undefined {
    const original = this.views?.get(node) ?? node
    const positions = this.document?.positions
    if (!positions) return undefined
    if (original === this.document!.value) return rootOffsetOf(this.document!)
    // Where the reader found each dictionary and array in its parent: no walk of the document is needed.
    const place = positions.placeOf(original)
    return place ? this.offsetOf(place.node, place.key) : undefined
  }

  /**
   * A view of a dictionary where keys written in the wrong case (payloadScope) carry their canonical names, each
   * reported once as PPPC021, so the other rules still check what the author meant.
   */
  canonical(dict: {[key: string]: PlistValue}, known: readonly string[], path: string): {[key: string]: PlistValue} {
    let view: {[key: string]: PlistValue} | undefined
    const names = knownNames(known)
    for (const key of Object.keys(dict)) {
      if (names.exact.has(key)) continue
      // Most unknown keys are not near-misses at all; skip the search unless some known key has the same length.
      if (!names.lengths.has(key.length)) continue
      const canonical = names.byLowerCase.get(key.toLowerCase())
      if (!canonical) continue
      this.report(
        'PPPC021',
        `"${key}" must be written "${canonical}"; macOS ignores the key as written`,
        {node: dict, key, path: childPath(path, key)},
        `Write "${canonical}" instead of "${key}": keys are case-sensitive.`,
      )
      if (Object.hasOwn(dict, canonical)) continue
      if (!view) {
        view = {...dict}
        this.views ??= new Map()
        this.views.set(view, this.views.get(dict) ?? dict)
        this.document?.positions?.alias(view, dict)
      }
      Object.defineProperty(view, canonical, {value: dict[key], enumerable: true, writable: true, configurable: true})
      delete view[key]
      this.document?.positions?.rename(view, key, canonical)
    }
    return view ?? dict
  }

  /** A finding about a line of the text itself (a comment), not about a key. */
  reportAtLine(id: RuleId, message: string, line: number): void {
    const r = rule(id)
    this.findings.push({rule: id, severity: r.severity, message, fix: r.fix, line, column: 1})
  }

  reportAtOffset(id: RuleId, message: string, offset: number): void {
    const r = rule(id)
    this.findings.push({
      rule: id,
      severity: r.severity,
      message,
      fix: r.fix,
      ...(this.document?.lines ? this.document.lines.at(offset) : {}),
    })
  }
}

export function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value instanceof Date) return 'date'
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return 'data'
  if (typeof value === 'number' || typeof value === 'bigint')
    return Number.isInteger(Number(value)) ? 'integer' : 'real'
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'string') return 'string'
  return isDict(value) ? 'dictionary' : typeof value
}

/** A plist value quoted for a message: JSON for strings and scalars, exact for integers beyond 2^53. */
export function show(value: unknown): string {
  return typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? String(value))
}

export function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

/** "an integer", "a string": for messages. */
export function aTypeName(value: unknown): string {
  return article(typeName(value))
}

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`
  return parent ? `${parent}.${key}` : key
}
