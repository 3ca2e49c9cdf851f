import {parse as parseYaml} from 'yaml'
import {PppcError} from '../errors.js'
import type {AppRequest, GrantInput} from './assemble.js'
import type {ProfileIdentity} from './model.js'

/**
 * A --spec file (YAML or JSON; JSON is read by the YAML parser too):
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
 */
export interface SpecFile {
  identity: Partial<ProfileIdentity>
  apps: AppRequest[]
}

type Json = unknown

function fail(file: string, what: string, hint?: string): never {
  throw new PppcError(`${file}: ${what}`, hint ? {hint} : {})
}

function optionalString(file: string, obj: Record<string, Json>, key: string): string | undefined {
  const value = obj[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') fail(file, `"${key}" must be a string`)
  return value
}

function grantsOf(file: string, where: string, value: Json): GrantInput[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) {
    return value.map((g, i) => {
      if (!g || typeof g !== 'object') fail(file, `${where}.grants[${i}] must be {service, value}`)
      const {service, value: v, receiver} = g as Record<string, Json>
      if (typeof service !== 'string' || typeof v !== 'string')
        fail(file, `${where}.grants[${i}] needs "service" and "value" strings`)
      const input: GrantInput = {service, value: v}
      if (receiver !== undefined) input.receiver = receiver as NonNullable<GrantInput['receiver']>
      return input
    })
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, Json>).map(([name, v]) => {
      const text = typeof v === 'boolean' ? String(v) : v
      if (typeof text !== 'string')
        fail(file, `${where}.grants.${name} must be a value such as allow, deny or allow-standard-user`)
      const colon = name.indexOf(':')
      return colon > 0
        ? {service: name.slice(0, colon), value: text, receiver: name.slice(colon + 1)}
        : {service: name, value: text}
    })
  }
  return fail(file, `${where}.grants must be a map or a list`)
}

function appOf(file: string, raw: Json, i: number): AppRequest {
  const where = `apps[${i}]`
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    fail(file, `${where} must be a map with app, bundleId or path`)
  const obj = raw as Record<string, Json>
  const grants = grantsOf(file, where, obj.grants)
  const app = optionalString(file, obj, 'app')
  if (app) return {kind: 'catalogue', name: app, grants}
  const bundleId = optionalString(file, obj, 'bundleId')
  const path = optionalString(file, obj, 'path')
  if (!bundleId && !path) fail(file, `${where} needs app, bundleId or path`)
  const request: AppRequest = {kind: bundleId ? 'bundleID' : 'path', identifier: (bundleId ?? path)!, grants}
  const codeRequirement = optionalString(file, obj, 'codeRequirement')
  const name = optionalString(file, obj, 'name')
  if (codeRequirement) request.codeRequirement = codeRequirement
  if (name) request.name = name
  return request
}

export function parseSpec(text: string, file: string): SpecFile {
  let doc: Json
  try {
    doc = parseYaml(text, {prettyErrors: false})
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return fail(file, `not YAML or JSON (${message})`)
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail(file, 'must be a map with an "apps" list')
  const obj = doc as Record<string, Json>
  if (!Array.isArray(obj.apps) || obj.apps.length === 0)
    fail(file, '"apps" must be a non-empty list', 'see `pppc generate --help` for the spec format')
  const identity: Partial<ProfileIdentity> = {}
  for (const key of ['identifier', 'displayName', 'organization', 'description', 'uuid'] as const) {
    const value = optionalString(file, obj, key)
    if (value) identity[key] = value
  }
  return {identity, apps: obj.apps.map((a, i) => appOf(file, a, i))}
}
