import {readFile} from 'node:fs/promises'
import {string as stringArg} from '@oclif/core/args'
import {string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {PppcError} from '../errors.js'
import type {Signature} from '../profiles/cms.js'
import type {GrantRow} from '../profiles/inspect.js'
import type {CsreqView} from '../render/csreq-view.js'
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
    '<%= config.bin %> inspect --csreq FADE0C00000000340000000100000006000000020000001263...',
  ]

  static override args = {file: stringArg({description: 'The profile to read.'})}

  static override flags = {
    csreq: string({
      summary:
        'Show a compiled code requirement as text: a TCC.db csreq value as hex (SELECT hex(csreq) FROM access …), or a file holding it (the blob, or its hex).',
    }),
  }

  async run(): Promise<InspectResult | {csreq: CsreqView}> {
    const {args, flags} = await this.parse(Inspect)
    if (flags.csreq !== undefined) return this.csreq(flags.csreq)
    if (!args.file)
      throw new PppcError('pppc inspect needs a profile to read, or --csreq', {
        hint: 'give the path of a .mobileconfig, or --csreq HEX|FILE for a TCC.db code requirement',
      })
    const file = args.file
    const {readProfile} = await import('../profiles/read.js')
    const {grantRows} = await import('../profiles/inspect.js')
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new PppcError(`cannot read ${file} (${error.code ?? error.message})`)
    })
    const read = await readProfile(bytes)
    if (!read.ok) {
      const where = read.failure.line ? ` at line ${read.failure.line}, column ${read.failure.column}` : ''
      throw new PppcError(`${file} is not readable as a profile${where}: ${read.failure.message}`, {
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
      path: file,
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
            g.requirement.wellFormed
              ? [
                  g.requirement.identifier ? `identifier ${g.requirement.identifier}` : '',
                  g.requirement.teamId ? `team ${g.requirement.teamId}` : '',
                  g.requirement.anchor ? `anchor ${g.requirement.anchor}` : '',
                ]
                  .filter(Boolean)
                  .join(', ') || 'no pins'
              : 'MALFORMED',
          ]),
        ),
      )
    }
    return result
  }

  /** `--csreq HEX|FILE`: hex on the command line, else a file holding the blob or its hex. */
  private async csreq(value: string): Promise<{csreq: CsreqView}> {
    const {csreqView, hexBytes, renderCsreq} = await import('../render/csreq-view.js')
    let view: CsreqView
    const hex = hexBytes(value)
    if (hex) view = csreqView(hex, 'hex')
    else {
      const bytes = await readFile(value).catch((error: NodeJS.ErrnoException) => {
        throw new PppcError(
          `--csreq ${value} is neither hex nor a file pppc can read (${error.code ?? error.message})`,
          {
            hint: 'give the csreq value as hex (SELECT hex(csreq) FROM access …), or the path of a file holding it',
          },
        )
      })
      view = csreqView(hexBytes(bytes.toString('latin1')) ?? bytes, value)
    }
    if (!this.jsonEnabled()) process.stdout.write(renderCsreq(view))
    return {csreq: view}
  }
}
