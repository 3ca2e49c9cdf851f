import {isDict} from './plist.js'
import type {PlistValue} from './model.js'
import type {TrustAnchors} from './cms.js'
import type {ProfileDocument} from './read.js'
import {rule, type Severity} from './rules.js'

export interface Finding {
  rule: string
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
}

type Container = {[key: string]: PlistValue} | PlistValue[]

/** Collects findings for one document, placing each at the line of the key it is about. */
export class FindingCollector {
  readonly findings: Finding[] = []

  constructor(private readonly document?: ProfileDocument) {}

  report(id: string, message: string, where?: {node: Container; key: string | number; path: string}): void {
    const r = rule(id)
    const finding: Finding = {rule: id, severity: r.severity, message, fix: r.fix}
    if (where) {
      finding.path = where.path
      const offset = this.document?.positions?.get(where.node)?.get(where.key)
      if (offset !== undefined && this.document?.lines) Object.assign(finding, this.document.lines.at(offset))
    }
    this.findings.push(finding)
  }

  /**
   * A view of a dictionary where keys written in the wrong case (payloadScope) carry their canonical names, each
   * reported once as PPPC021, so the other rules still check what the author meant.
   */
  canonical(dict: {[key: string]: PlistValue}, known: readonly string[], path: string): {[key: string]: PlistValue} {
    let view: {[key: string]: PlistValue} | undefined
    for (const key of Object.keys(dict)) {
      if (known.includes(key)) continue
      const lower = key.toLowerCase()
      // Most unknown keys are not near-misses at all; skip the search unless some known key has the same length.
      if (!known.some((k) => k.length === key.length)) continue
      const canonical = known.find((k) => k.toLowerCase() === lower)
      if (!canonical) continue
      this.report('PPPC021', `"${key}" must be written "${canonical}"; macOS ignores the key as written`, {
        node: dict,
        key,
        path: childPath(path, key),
      })
      if (Object.hasOwn(dict, canonical)) continue
      if (!view) {
        view = {...dict}
        const where = this.document?.positions?.get(dict)
        if (where) this.document!.positions!.set(view, new Map(where))
      }
      Object.defineProperty(view, canonical, {value: dict[key], enumerable: true, writable: true, configurable: true})
      delete view[key]
      const where = this.document?.positions?.get(view)
      const offset = where?.get(key)
      if (where && offset !== undefined) where.set(canonical, offset)
    }
    return view ?? dict
  }

  reportAtOffset(id: string, message: string, offset: number): void {
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
