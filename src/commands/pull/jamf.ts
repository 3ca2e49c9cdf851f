import {string as stringArg} from '@oclif/core/args'
import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../../cli/base-command.js'
import type {PullResult} from '../../deploy/inventory.js'
import {jamfServerFlags} from '../push/jamf.js'

export default class PullJamf extends BaseCommand {
  static override summary = 'Download a profile from Jamf Pro as a .mobileconfig.'

  static override description = `Reads the macOS configuration profile with this name (GET /JSSResource/osxconfigurationprofiles/name/NAME) and writes its payloads, as Jamf Pro holds them, to FILE: whole or not at all, and over an existing file only with --force. Credentials come from the environment, as for pppc push jamf.

Exit codes: 0 written, 1 the server refused, 2 usage or input error (no profile by that name, FILE exists without --force, missing credentials), 70 a bug in pppc.`

  static override examples = [
    'export JAMF_CLIENT_ID=... JAMF_CLIENT_SECRET=...',
    '<%= config.bin %> pull jamf "PPPC BeyondTrust" --url https://example.jamfcloud.com -o beyondtrust.mobileconfig',
  ]

  static override args = {
    name: stringArg({description: 'The profile name in Jamf Pro.', required: true}),
  }

  static override flags = {
    ...jamfServerFlags,
    output: string({char: 'o', summary: 'The file to write.', required: true}),
    force: boolean({summary: 'Replace FILE if it exists.'}),
  }

  async run(): Promise<PullResult> {
    const {args, flags} = await this.parse(PullJamf)
    const {parseTimeout} = await import('../../deploy/http.js')
    const {pullJamf} = await import('../../deploy/inventory.js')
    const result = await pullJamf({
      url: flags.url,
      name: args.name,
      output: flags.output,
      force: flags.force,
      env: process.env,
      timeoutSeconds: parseTimeout(flags.timeout),
    })
    this.say(`pulled "${result.name}" from Jamf Pro (id ${result.id}) to ${result.file}, ${result.bytes} bytes`)
    return result
  }
}
