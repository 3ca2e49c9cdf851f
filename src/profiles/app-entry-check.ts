import type {AppEntry, CatalogueGrant, ClientFacts} from './app-entry.js'
import type {Receiver} from './grants.js'
import {serviceByKey} from './services.js'

/**
 * Checks a catalogue file as it is loaded, so a mistake in data/apps/ (a misspelt key, a service Apple does not have,
 * a value the service does not allow) stops pppc with the file and the key named, instead of producing a profile
 * that does not do what the file says. schemas/app.schema.json says the same for editors.
 */
class CatalogueError extends Error {}

type Obj = Record<string, unknown>

function fail(where: string, what: string): never {
  throw new CatalogueError(`${where}: ${what}`)
}

function object(value: unknown, where: string, keys: {required: string[]; optional: string[]}): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object')
  const obj = value as Obj
  for (const key of keys.required) if (!(key in obj)) fail(where, `"${key}" is missing`)
  for (const key of Object.keys(obj)) {
    if (!keys.required.includes(key) && !keys.optional.includes(key)) fail(where, `unknown key "${key}"`)
  }
  return obj
}

function string(value: unknown, where: string): string {
  if (typeof value !== 'string') fail(where, 'must be a string')
  return value
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) fail(where, 'must be a list of strings')
  return value.map((v, i) => string(v, `${where}[${i}]`))
}

const VERIFICATIONS = ['verified', 'partially_verified', 'unverified']

function receiver(value: unknown, where: string): Receiver {
  const obj = object(value, where, {required: ['identifier', 'identifierType', 'codeRequirement'], optional: []})
  const identifierType = string(obj.identifierType, `${where}.identifierType`)
  if (identifierType !== 'bundleID' && identifierType !== 'path') fail(where, 'identifierType must be bundleID or path')
  return {
    identifier: string(obj.identifier, `${where}.identifier`),
    identifierType,
    codeRequirement: string(obj.codeRequirement, `${where}.codeRequirement`),
  }
}

function grant(value: unknown, where: string): CatalogueGrant {
  const obj = object(value, where, {
    required: ['service', 'authorization', 'purpose', 'source'],
    optional: ['optional', 'receiver'],
  })
  const service = serviceByKey(string(obj.service, `${where}.service`))
  if (!service) fail(where, `"${String(obj.service)}" is not a PPPC service key`)
  const authorization = string(obj.authorization, `${where}.authorization`)
  if (!service.authorizations.some((a) => a === authorization)) {
    fail(where, `${service.key} cannot be "${authorization}" (Apple allows ${service.authorizations.join(', ')})`)
  }
  if (obj.optional !== undefined && obj.optional !== true) fail(where, '"optional" is true or absent')
  return {
    service: service.key,
    authorization: authorization as CatalogueGrant['authorization'],
    purpose: string(obj.purpose, `${where}.purpose`),
    source: string(obj.source, `${where}.source`),
    ...(obj.optional === true ? {optional: true as const} : {}),
    ...(obj.receiver === undefined ? {} : {receiver: receiver(obj.receiver, `${where}.receiver`)}),
  }
}

function client(value: unknown, where: string): ClientFacts {
  const obj = object(value, where, {
    required: [],
    optional: ['shownName', 'executable', 'install', 'launcher', 'permissionsWindow'],
  })
  const out: ClientFacts = {}
  if (obj.shownName !== undefined) out.shownName = string(obj.shownName, `${where}.shownName`)
  if (obj.executable !== undefined) out.executable = string(obj.executable, `${where}.executable`)
  if (obj.install !== undefined) {
    const install = object(obj.install, `${where}.install`, {
      required: ['roots', 'maxDepth', 'pathPattern', 'why'],
      optional: [],
    })
    if (typeof install.maxDepth !== 'number' || !Number.isInteger(install.maxDepth))
      fail(where, 'install.maxDepth must be an integer')
    out.install = {
      roots: strings(install.roots, `${where}.install.roots`),
      maxDepth: install.maxDepth,
      pathPattern: string(install.pathPattern, `${where}.install.pathPattern`),
      why: string(install.why, `${where}.install.why`),
    }
  }
  if (obj.launcher !== undefined) {
    const launcher = object(obj.launcher, `${where}.launcher`, {
      required: ['downloads'],
      optional: ['name', 'formerNames'],
    })
    out.launcher = {
      ...(launcher.name === undefined ? {} : {name: string(launcher.name, `${where}.launcher.name`)}),
      ...(launcher.formerNames === undefined
        ? {}
        : {formerNames: strings(launcher.formerNames, `${where}.launcher.formerNames`)}),
      downloads: strings(launcher.downloads, `${where}.launcher.downloads`),
    }
  }
  if (obj.permissionsWindow !== undefined) {
    const window = object(obj.permissionsWindow, `${where}.permissionsWindow`, {
      required: ['name', 'sections'],
      optional: [],
    })
    if (!Array.isArray(window.sections)) fail(where, 'permissionsWindow.sections must be a list')
    out.permissionsWindow = {
      name: string(window.name, `${where}.permissionsWindow.name`),
      sections: window.sections.map((s, i) => {
        const section = object(s, `${where}.permissionsWindow.sections[${i}]`, {
          required: ['service', 'label'],
          optional: [],
        })
        const key = string(section.service, `${where}.permissionsWindow.sections[${i}].service`)
        if (!serviceByKey(key)) fail(where, `permissionsWindow: "${key}" is not a PPPC service key`)
        return {service: key, label: string(section.label, `${where}.permissionsWindow.sections[${i}].label`)}
      }),
    }
  }
  return out
}

/** The file's content as an AppEntry, or an error naming the file and the key. */
export function checkAppEntry(value: unknown, file: string): AppEntry {
  const obj = object(value, file, {
    required: [
      'key',
      'name',
      'vendor',
      'aliases',
      'bundleId',
      'bundleRole',
      'teamId',
      'codeRequirement',
      'requirementSource',
      'verification',
      'grants',
      'relatedBundleIds',
      'notes',
      'sources',
    ],
    optional: ['client'],
  })
  const key = string(obj.key, `${file}.key`)
  if (!file.endsWith(`/${key}.json`)) fail(file, `the file of "${key}" is named ${key}.json`)
  const verification = string(obj.verification, `${file}.verification`)
  if (!VERIFICATIONS.includes(verification)) fail(file, `verification must be one of ${VERIFICATIONS.join(', ')}`)
  if (!Array.isArray(obj.grants)) fail(file, 'grants must be a list')
  if (!Array.isArray(obj.relatedBundleIds)) fail(file, 'relatedBundleIds must be a list')
  return {
    key,
    name: string(obj.name, `${file}.name`),
    vendor: string(obj.vendor, `${file}.vendor`),
    aliases: strings(obj.aliases, `${file}.aliases`),
    bundleId: string(obj.bundleId, `${file}.bundleId`),
    bundleRole: string(obj.bundleRole, `${file}.bundleRole`),
    teamId: string(obj.teamId, `${file}.teamId`),
    codeRequirement: string(obj.codeRequirement, `${file}.codeRequirement`),
    requirementSource: string(obj.requirementSource, `${file}.requirementSource`),
    verification: verification as AppEntry['verification'],
    grants: obj.grants.map((g, i) => grant(g, `${file}.grants[${i}]`)),
    relatedBundleIds: obj.relatedBundleIds.map((r, i) => {
      const related = object(r, `${file}.relatedBundleIds[${i}]`, {required: ['id', 'role'], optional: []})
      return {
        id: string(related.id, `${file}.relatedBundleIds[${i}].id`),
        role: string(related.role, `${file}.relatedBundleIds[${i}].role`),
      }
    }),
    ...(obj.client === undefined ? {} : {client: client(obj.client, `${file}.client`)}),
    notes: strings(obj.notes, `${file}.notes`),
    sources: strings(obj.sources, `${file}.sources`),
  }
}
