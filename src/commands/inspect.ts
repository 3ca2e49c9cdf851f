import {readFile} from 'node:fs/promises'
import {string as stringArg} from '@oclif/core/args'
import {BaseCommand} from '../cli/base-command.js'
import {PppcError} from '../errors.js'
import type {Signature} from '../profiles/cms.js'
import type {GrantRow} from '../profiles/inspect.js'
import {renderTable} from '../render/table.js'

interface InspectResult {
  path: string
  encoding: 'xml' | 'binary'
  signature: Signature | null
  profile: {identifier: string | null; displayName: string | null; organization: string | null; scope: string | null}
  grants: GrantRow[]
}

export default class Inspect extends BaseCommand {
  static override summary = 'Show what a profile grants: app, service, value, code requirement and signer.'

  static override description =
    "Reads XML, binary and signed profiles and tolerates keys in the wrong case, as PPPC Utility's importer does; `pppc validate` says what is wrong with them."

  static override examples = [
    '<%= config.bin %> inspect beyondtrust.mobileconfig',
    '<%= config.bin %> inspect signed.mobileconfig --json',
  ]

  static override args = {file: stringArg({description: 'The profile to read.', required: true})}

  async run(): Promise<InspectResult> {
    const {args} = await this.parse(Inspect)
    const {readProfile} = await import('../profiles/read.js')
    const {describeRequirement, grantRows} = await import('../profiles/inspect.js')
    const bytes = await readFile(args.file).catch((error: NodeJS.ErrnoException) => {
      throw new PppcError(`cannot read ${args.file} (${error.code ?? error.message})`)
    })
    const read = await readProfile(bytes)
    if (!read.ok) {
      const where = read.failure.line ? ` at line ${read.failure.line}, column ${read.failure.column}` : ''
      throw new PppcError(`${args.file} is not readable as a profile${where}: ${read.failure.message}`, {
        hint: 'run pppc validate on it for details',
      })
    }
    const {document} = read
    const top = (
      document.value && typeof document.value === 'object' && !Array.isArray(document.value) ? document.value : {}
    ) as Record<string, unknown>
    const field = (key: string) => {
      const found = Object.keys(top).find((k) => k.toLowerCase() === key.toLowerCase())
      return found !== undefined && typeof top[found] === 'string' ? (top[found] as string) : null
    }
    const result: InspectResult = {
      path: args.file,
      encoding: document.encoding,
      signature: document.signature ?? null,
      profile: {
        identifier: field('PayloadIdentifier'),
        displayName: field('PayloadDisplayName'),
        organization: field('PayloadOrganization'),
        scope: field('PayloadScope'),
      },
      grants: grantRows(document.value),
    }
    this.log(
      `${result.profile.displayName ?? '(no display name)'} — ${result.profile.identifier ?? '(no identifier)'}${result.profile.organization ? `, ${result.profile.organization}` : ''}`,
    )
    this.log(
      result.signature
        ? `signed by ${result.signature.subject}: ${result.signature.verified ? 'signature verified' : `SIGNATURE DOES NOT VERIFY (${result.signature.problem ?? 'tampered'})`}`
        : 'unsigned',
    )
    if (result.grants.length === 0) {
      this.log('no PPPC grants')
    } else {
      this.log('')
      this.log(
        renderTable(
          ['app', 'service', 'System Settings', 'value', 'requirement'],
          result.grants.map((g) => [
            g.receiver ? `${g.app} → ${g.receiver}` : g.app,
            g.service,
            g.label,
            g.value,
            describeRequirement(g.requirement),
          ]),
        ),
      )
    }
    return result
  }
}
