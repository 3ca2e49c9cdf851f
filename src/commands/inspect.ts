import {string as stringArg} from '@oclif/core/args'
import {string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {PppcError} from '../errors.js'
import type {Signature} from '../profiles/cms.js'
import type {GrantRow} from '../profiles/inspect.js'
import {renderTable} from '../render/table.js'
import {terminalSafe} from '../util/safe-text.js'

interface InspectResult {
  path: string
  encoding: 'xml' | 'binary'
  signature: Signature | null
  profile: {identifier: string | null; displayName: string | null; organization: string | null; scope: string | null}
  grants: GrantRow[]
}

export default class Inspect extends BaseCommand {
  static override summary = 'Show what a profile grants: app, service, value, code requirement and signer.'

  static override description = `Reads XML, binary and signed profiles and tolerates keys in the wrong case, as PPPC Utility's importer does; \`pppc validate\` says what is wrong with them. A signature is checked against the content; its chain only against --ca.

Exit codes: 0 ok, 2 unreadable input or beyond pppc's limits (--max-size), 70 a bug in pppc.`

  static override examples = [
    '<%= config.bin %> inspect beyondtrust.mobileconfig',
    '<%= config.bin %> inspect signed.mobileconfig --json',
  ]

  static override args = {file: stringArg({description: 'The profile to read.', required: true})}

  static override flags = {
    'max-size': string({summary: 'Largest file to read (default 64MiB; e.g. 200MiB).'}),
    ca: string({summary: "PEM file of trusted CA certificates: check the signer's chain against it."}),
  }

  async run(): Promise<InspectResult> {
    const {args, flags} = await this.parse(Inspect)
    const {readProfile} = await import('../profiles/read.js')
    const {grantRows} = await import('../profiles/inspect.js')
    const {readInputFile} = await import('../profiles/read-file.js')
    const {maxSizeFlag} = await import('../profiles/limits.js')
    const {describeSignature, loadTrustAnchors} = await import('../profiles/cms.js')
    const trustAnchors = flags.ca ? await loadTrustAnchors(flags.ca) : undefined
    const input = readInputFile(args.file, maxSizeFlag(flags['max-size']))
    if (!input.ok)
      throw new PppcError(`${args.file} ${input.tooLarge}`, {code: 'PPPC_LIMIT', hint: 'raise --max-size to read it'})
    const read = await readProfile(input.bytes, trustAnchors ? {trustAnchors} : {})
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
    if (this.jsonEnabled()) return result
    // Every string below comes from the profile: made terminal-safe before it is printed.
    const t = terminalSafe
    this.log(
      t(
        `${result.profile.displayName ?? '(no display name)'} — ${result.profile.identifier ?? '(no identifier)'}${result.profile.organization ? `, ${result.profile.organization}` : ''}`,
      ),
    )
    this.log(t(result.signature ? describeSignature(result.signature) : 'unsigned'))
    if (result.grants.length === 0) {
      this.log('no PPPC grants')
    } else {
      this.log('')
      this.log(
        renderTable(
          ['app', 'service', 'System Settings', 'value', 'requirement'],
          result.grants.map((g) => [
            t(g.receiver ? `${g.app} → ${g.receiver}` : g.app),
            t(g.service),
            t(g.label),
            t(g.value),
            t(
              g.requirement.wellFormed
                ? [
                    g.requirement.identifier ? `identifier ${g.requirement.identifier}` : '',
                    g.requirement.teamId ? `team ${g.requirement.teamId}` : '',
                    g.requirement.anchor ? `anchor ${g.requirement.anchor}` : '',
                  ]
                    .filter(Boolean)
                    .join(', ') || 'no pins'
                : 'MALFORMED',
            ),
          ]),
        ),
      )
    }
    return result
  }
}
