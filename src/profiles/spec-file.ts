import {isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument} from 'yaml'
import {PppcError} from '../errors.js'
import {didYouMean} from '../util/did-you-mean.js'
import type {AppRequest, GrantInput, ReceiverInput} from './assemble.js'
import {REVERSE_DNS} from './build.js'
import {AUTHORIZATION_WORDS, permissionNames} from './grants.js'
import type {ProfileIdentity} from './model.js'
import {SERVICES} from './services.js'
import {UUID_PATTERN} from './uuid.js'

/**
 * A --spec file (YAML or JSON), read strictly: an unknown or misspelt key, two keys that contradict each other, a value
 * of the wrong kind, is an error with its line and column and, where a known key is close, "did you mean". A typo
 * must never be dropped in silence (a `grant:` that grants nothing, an `identifer:` that changes every PayloadUUID).
 *
 *   identifier: edu.example.pppc.remote-support
 *   organization: Example University
 *   apps:
 *     - app: beyondtrust
 *       grants: {post-event: allow}
 *     - bundleId: com.example.tool
 *       codeRequirement: identifier "com.example.tool" and anchor apple generic and ...
 *       grants: {full-disk-access: allow, "automation:com.apple.systemevents": allow}
 *     - path: /usr/local/bin/tool
 *       codeRequirement: ...
 *       grants: [{service: accessibility, value: allow}]
 *
 * schemas/spec.schema.json says the same for editors; test/profiles/spec-schema.test.ts keeps the two in step.
 */
export interface SpecFile {
  identity: Partial<ProfileIdentity>
  /** The DDM OrganizationJustification for apps without their own. */
  justification?: string
  apps: AppRequest[]
}

/** The keys of each level of a spec file. */
export const SPEC_KEYS = {
  top: ['identifier', 'displayName', 'organization', 'description', 'uuid', 'justification', 'apps'],
  app: ['app', 'bundleId', 'path', 'name', 'codeRequirement', 'justification', 'grants'],
  grant: ['service', 'value', 'receiver'],
  receiver: ['identifier', 'identifierType', 'codeRequirement'],
} as const

/** An app is named by exactly one of these. */
export const APP_NAMING_KEYS = ['app', 'bundleId', 'path'] as const
/** A catalogue app takes its name and requirement from the catalogue. */
export const CATALOGUE_EXCLUDED_KEYS = ['name', 'codeRequirement'] as const

/** Values a grant may have: pppc's words and Apple's own. */
export const SPEC_VALUE_WORDS: readonly string[] = [
  ...Object.keys(AUTHORIZATION_WORDS),
  'Allow',
  'Deny',
  'AllowStandardUserToSetSystemService',
]

/** Service names as written in a spec: Apple keys and pppc's names, exactly. */
export function specServiceNames(): string[] {
  return permissionNames()
}

/** The names of the service that takes a receiver (`automation:com.apple.finder`). */
export function receiverServiceNames(): string[] {
  return SERVICES.filter((s) => s.needsReceiver).flatMap((s) => [s.key, ...s.aliases])
}

type Path = (string | number)[]

function pathText(path: Path): string {
  let text = ''
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`
  return text
}

class SpecReader {
  private readonly lines = new LineCounter()
  readonly root: Node | null

  constructor(
    text: string,
    private readonly file: string,
  ) {
    const doc = parseDocument(text, {lineCounter: this.lines, prettyErrors: false})
    const error = doc.errors[0]
    if (error) {
      const at = this.lines.linePos(error.pos[0])
      const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
      throw new PppcError(`${file}:${at.line}:${at.col}: not YAML or JSON (${message})`)
    }
    this.root = doc.contents as Node | null
  }

  /** An error at a node (or at a map key, when `key` is given). */
  fail(node: Node | null | undefined, path: Path, what: string, hint?: string): never {
    const offset = node?.range?.[0]
    const at = offset === undefined ? '' : `:${this.lines.linePos(offset).line}:${this.lines.linePos(offset).col}`
    const where = path.length > 0 ? `${pathText(path)}: ` : ''
    throw new PppcError(`${this.file}${at}: ${where}${what}`, hint ? {hint} : {})
  }

  /** A map's entries, after refusing keys the level does not have. */
  entries(
    node: Node | null,
    path: Path,
    allowed: readonly string[],
    what: string,
  ): Map<string, {key: Node; value: Node | null}> {
    if (!isMap(node)) this.fail(node, path, `must be a map (${what})`)
    const out = new Map<string, {key: Node; value: Node | null}>()
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string')
        this.fail(node, path, 'has a key that is not text')
      const key = pair.key.value
      if (!allowed.includes(key)) {
        const near = didYouMean(key, allowed)
        this.fail(pair.key, path, `unknown key "${key}"`, near ?? `the keys here are ${allowed.join(', ')}`)
      }
      out.set(key, {key: pair.key, value: (pair.value as Node | null) ?? null})
    }
    return out
  }

  string(entry: {value: Node | null} | undefined, path: Path): string | undefined {
    if (entry === undefined) return undefined
    const node = entry.value
    if (!isScalar(node) || node.value === null)
      this.fail(node ?? null, path, 'has no value', 'give a text or remove the key')
    if (typeof node.value !== 'string') this.fail(node, path, `must be text, not ${typeof node.value}`, 'quote it')
    if (node.value.trim() === '') this.fail(node, path, 'is empty', 'give a text or remove the key')
    return node.value
  }

  value(node: Node | null, path: Path): string {
    if (isScalar(node) && typeof node.value === 'boolean') return String(node.value)
    if (isScalar(node) && typeof node.value === 'string') {
      if (SPEC_VALUE_WORDS.includes(node.value)) return node.value
      const near = didYouMean(node.value, SPEC_VALUE_WORDS)
      this.fail(node, path, `unknown value "${node.value}"`, near ?? 'use allow, deny, allow-standard-user or none')
    }
    return this.fail(node, path, 'must be a value such as allow, deny or allow-standard-user')
  }

  service(name: string, node: Node, path: Path): string {
    if (specServiceNames().includes(name)) return name
    const near = didYouMean(name, specServiceNames())
    return this.fail(
      node,
      path,
      `unknown service "${name}"`,
      near ?? '`pppc apps --services` lists the services and their names',
    )
  }
}

function identityOf(reader: SpecReader, top: Map<string, {key: Node; value: Node | null}>): Partial<ProfileIdentity> {
  const identity: Partial<ProfileIdentity> = {}
  for (const key of ['identifier', 'displayName', 'organization', 'description', 'uuid'] as const) {
    const value = reader.string(top.get(key), [key])
    if (value !== undefined) identity[key] = value
  }
  if (identity.identifier !== undefined && !REVERSE_DNS.test(identity.identifier))
    reader.fail(
      top.get('identifier')!.value,
      ['identifier'],
      `"${identity.identifier}" is not reverse DNS`,
      'use letters, digits and hyphens in dot-separated parts, e.g. edu.example.pppc.remote-support',
    )
  if (identity.uuid !== undefined && !UUID_PATTERN.test(identity.uuid))
    reader.fail(
      top.get('uuid')!.value,
      ['uuid'],
      `"${identity.uuid}" is not a UUID`,
      'use 8-4-4-4-12 hex digits, or leave it out for a stable one derived from identifier',
    )
  return identity
}

function receiverOf(reader: SpecReader, node: Node | null, path: Path): string | ReceiverInput {
  if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value
  if (!isMap(node)) reader.fail(node, path, 'must be a bundle ID or {identifier, codeRequirement}')
  const keys = reader.entries(node, path, SPEC_KEYS.receiver, 'identifier, identifierType, codeRequirement')
  for (const key of ['identifier', 'codeRequirement']) if (!keys.has(key)) reader.fail(node, path, `needs "${key}"`)
  const receiver: ReceiverInput = {
    identifier: reader.string(keys.get('identifier'), [...path, 'identifier'])!,
    codeRequirement: reader.string(keys.get('codeRequirement'), [...path, 'codeRequirement'])!,
  }
  const type = reader.string(keys.get('identifierType'), [...path, 'identifierType'])
  if (type !== undefined) {
    if (type !== 'bundleID' && type !== 'path')
      reader.fail(
        keys.get('identifierType')!.value,
        [...path, 'identifierType'],
        `is "${type}"`,
        'write bundleID or path',
      )
    receiver.identifierType = type
  }
  return receiver
}

function grantsOf(reader: SpecReader, node: Node | null, path: Path, origin: string): GrantInput[] {
  if (isSeq(node)) {
    return node.items.map((item, i) => {
      const at = [...path, i]
      const keys = reader.entries(item as Node, at, SPEC_KEYS.grant, '{service, value, receiver}')
      for (const key of ['service', 'value']) if (!keys.has(key)) reader.fail(item as Node, at, `needs "${key}"`)
      const serviceEntry = keys.get('service')!
      const service = reader.service(reader.string(serviceEntry, [...at, 'service'])!, serviceEntry.value!, [
        ...at,
        'service',
      ])
      const grant: GrantInput = {
        service,
        value: reader.value(keys.get('value')!.value, [...at, 'value']),
        origin: `${origin}${pathText(at).slice(pathText(path).length)}`,
      }
      const receiver = keys.get('receiver')
      if (receiver) {
        if (!receiverServiceNames().includes(service))
          reader.fail(
            receiver.key,
            [...at, 'receiver'],
            `only Automation (AppleEvents) takes a receiver, not ${service}`,
          )
        grant.receiver = receiverOf(reader, receiver.value, [...at, 'receiver'])
      }
      return grant
    })
  }
  if (isMap(node)) {
    return node.items.map((pair) => {
      if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string')
        return reader.fail(node, path, 'has a key that is not text')
      const name = pair.key.value
      const at = [...path, name]
      const value = reader.value((pair.value as Node | null) ?? null, at)
      const colon = name.indexOf(':')
      if (colon > 0) {
        const service = name.slice(0, colon)
        if (!receiverServiceNames().includes(service))
          reader.fail(
            pair.key,
            at,
            `only Automation (AppleEvents) takes a receiver, not ${service}`,
            'write automation:RECEIVER_BUNDLE_ID',
          )
        const receiver = name.slice(colon + 1)
        if (receiver.trim() === '' || /\s/.test(receiver))
          reader.fail(pair.key, at, `"${receiver}" is not a receiver`, 'write automation:com.apple.systemevents')
        return {service, value, receiver, origin: `${origin}.${name}`}
      }
      return {service: reader.service(name, pair.key, at), value, origin: `${origin}.${name}`}
    })
  }
  return reader.fail(node, path, 'must be a map (service: value) or a list of {service, value}')
}

function appOf(reader: SpecReader, node: Node, i: number, file: string): AppRequest {
  const path: Path = ['apps', i]
  const origin = `${file} apps[${i}]`
  const keys = reader.entries(node, path, SPEC_KEYS.app, 'app, bundleId or path, and grants')
  const naming = APP_NAMING_KEYS.filter((k) => keys.has(k))
  if (naming.length === 0) reader.fail(node, path, 'names no app', 'give app (a catalogue name), bundleId or path')
  if (naming.length > 1)
    reader.fail(
      keys.get(naming[1]!)!.key,
      path,
      `has both ${naming[0]} and ${naming[1]}`,
      'keep one: app names a catalogue entry, bundleId or path an app you describe with codeRequirement',
    )
  const grantsEntry = keys.get('grants')
  const grants = grantsEntry ? grantsOf(reader, grantsEntry.value, [...path, 'grants'], `${origin}.grants`) : []
  const justification = reader.string(keys.get('justification'), [...path, 'justification'])
  const common = {grants, origin, ...(justification !== undefined ? {justification} : {})}
  if (naming[0] === 'app') {
    const excluded = CATALOGUE_EXCLUDED_KEYS.find((k) => keys.has(k))
    if (excluded)
      reader.fail(
        keys.get(excluded)!.key,
        path,
        `has both app and ${excluded}`,
        `app takes its ${excluded === 'name' ? 'name' : 'requirement'} from the catalogue; to give your own, name the app with bundleId instead`,
      )
    return {kind: 'catalogue', name: reader.string(keys.get('app'), [...path, 'app'])!, ...common}
  }
  const kind = naming[0] === 'bundleId' ? 'bundleID' : 'path'
  const request: AppRequest = {kind, identifier: reader.string(keys.get(naming[0]!), [...path, naming[0]!])!, ...common}
  const codeRequirement = reader.string(keys.get('codeRequirement'), [...path, 'codeRequirement'])
  const name = reader.string(keys.get('name'), [...path, 'name'])
  if (codeRequirement !== undefined) request.codeRequirement = codeRequirement
  if (name !== undefined) request.name = name
  return request
}

export function parseSpec(text: string, file: string): SpecFile {
  const reader: SpecReader = new SpecReader(text, file)
  const top = reader.entries(reader.root, [], SPEC_KEYS.top, 'with an "apps" list')
  const apps = top.get('apps')
  if (!apps) reader.fail(reader.root, [], 'has no "apps" list', 'see `pppc generate --help` for the spec format')
  if (!isSeq(apps.value) || apps.value.items.length === 0)
    reader.fail(
      apps.value ?? apps.key,
      ['apps'],
      'must be a non-empty list',
      'see `pppc generate --help` for the spec format',
    )
  const spec: SpecFile = {
    identity: identityOf(reader, top),
    apps: apps.value.items.map((item, i) => appOf(reader, item as Node, i, file)),
  }
  const justification = reader.string(top.get('justification'), ['justification'])
  if (justification !== undefined) spec.justification = justification
  return spec
}
