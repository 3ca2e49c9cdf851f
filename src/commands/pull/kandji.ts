import {string as stringArg} from '@oclif/core/args'
import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../../cli/base-command.js'
import type {PullResult} from '../../deploy/inventory.js'
import {kandjiServerFlags} from '../push/kandji.js'

export default class PullKandji extends BaseCommand {
  static override summary = 'Download a Custom Profile from Kandji as a .mobileconfig.'

  static override description = `Finds the Custom Profile with this name (GET /api/v1/library/custom-profiles, every page) and writes its file, as Kandji holds it (with Kandji's own top-level PayloadIdentifier), to FILE: whole or not at all, and over an existing file only with --force. The token comes from KANDJI_API_TOKEN, as for pppc push kandji.

Exit codes: 0 written, 1 the server refused or two profiles have the name, 2 usage or input error (no profile by that name, FILE exists without --force, missing token), 70 a bug in pppc.`

  static override examples = [
    'export KANDJI_API_TOKEN=...',
    '<%= config.bin %> pull kandji "PPPC BeyondTrust" --subdomain accuhive -o beyondtrust.mobileconfig',
  ]

  static override args = {
    name: stringArg({description: 'The Custom Profile name in Kandji.', required: true}),
  }

  static override flags = {
    ...kandjiServerFlags,
    output: string({char: 'o', summary: 'The file to write.', required: true}),
    force: boolean({summary: 'Replace FILE if it exists.'}),
  }

  async run(): Promise<PullResult> {
    const {args, flags} = await this.parse(PullKandji)
    const {parseTimeout} = await import('../../deploy/http.js')
    const {pullKandji} = await import('../../deploy/inventory.js')
    const result = await pullKandji({
      region: flags.region as 'us' | 'eu',
      subdomain: flags.subdomain,
      apiUrl: flags['api-url'],
      name: args.name,
      output: flags.output,
      force: flags.force,
      env: process.env,
      timeoutSeconds: parseTimeout(flags.timeout),
    })
    this.say(`pulled "${result.name}" from Kandji (id ${result.id}) to ${result.file}, ${result.bytes} bytes`)
    return result
  }
}
