import {string as stringArg} from '@oclif/core/args'
import {string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {PppcError} from '../errors.js'
import type {Signature} from '../profiles/signature.js'
import type {GrantRow} from '../profiles/inspect.js'
import type {CsreqView} from '../render/csreq-view.js'
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
    '<%= config.bin %> inspect --csreq FADE0C00000000340000000100000006000000020000001263...',
  ]

  static override args = {file: stringArg({description: 'The profile to read.'})}

  static override flags = {
    'max-size': string({summary: 'Largest file to read (default 64MiB; e.g. 200MiB).'}),
    ca: string({summary: "PEM file of trusted CA certificates: check the signer's chain against it."}),
    csreq: string({
      summary:
        'Show a compiled code requirement as text: a TCC.db csreq value as hex (SELECT hex(csreq) FROM access …), or a file holding it (the blob, or its hex).',
    }),
  }

  async run(): Promise<InspectResult | {csreq: CsreqView}> {
    const {args, flags} = await this.parse(Inspect)
    if (flags.csreq !== undefined) return this.csreq(flags.csreq)
    if (!args.file)
      throw new PppcError('missing argument FILE', {
        code: 'PPPC_USAGE',
        hint: 'see --help (or give --csreq HEX|FILE to read a TCC.db code requirement)',
      })
    const file = args.file
    const {readProfile} = await import('../profiles/read.js')
    const {describeRequirement, grantRows} = await import('../profiles/inspect.js')
    const {readInputFile} = await import('../profiles/read-file.js')
    const {maxSizeFlag} = await import('../profiles/limits.js')
    const {describeSignature} = await import('../profiles/signature.js')
    // pkijs (through cms.js) loads only for --ca, or when the profile is signed (readProfile).
    const trustAnchors = flags.ca ? await (await import('../profiles/cms.js')).loadTrustAnchors(flags.ca) : undefined
    const input = readInputFile(file, maxSizeFlag(flags['max-size']))
    if (!input.ok)
      throw new PppcError(`${file} ${input.tooLarge}`, {code: 'PPPC_LIMIT', hint: 'raise --max-size to read it'})
    const read = await readProfile(input.bytes, trustAnchors ? {trustAnchors} : {})
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
            t(describeRequirement(g.requirement)),
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
      const {readInputFile} = await import('../profiles/read-file.js')
      // A compiled requirement is small: a file larger than 1 MiB is not one (and is not read whole).
      const input = (() => {
        try {
          return readInputFile(value, 1024 * 1024)
        } catch (error) {
          const why = error instanceof PppcError ? error.problem.replace(/^cannot read \S+ /, '') : String(error)
          throw new PppcError(`--csreq ${value} is neither hex nor a file pppc can read ${why}`, {
            hint: 'give the csreq value as hex (SELECT hex(csreq) FROM access …), or the path of a file holding it',
          })
        }
      })()
      if (!input.ok)
        throw new PppcError(`--csreq ${value} ${input.tooLarge}`, {
          code: 'PPPC_LIMIT',
          hint: 'give the csreq value as hex (SELECT hex(csreq) FROM access …), or the path of a file holding it',
        })
      view = csreqView(hexBytes(input.bytes.toString('latin1')) ?? input.bytes, value)
    }
    if (!this.jsonEnabled()) process.stdout.write(renderCsreq(view))
    return {csreq: view}
  }
}
