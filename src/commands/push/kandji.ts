import {string as stringArg} from '@oclif/core/args'
import {string} from '@oclif/core/flags'
import type {PushResult} from '../../deploy/push.js'
import {PushCommand} from '../../cli/push-command.js'

export default class PushKandji extends PushCommand {
  static override summary =
    'Upload a profile to Kandji as a Custom Profile: create it, or update the one with this name.'

  static override description = `The API token comes from the environment (KANDJI_API_TOKEN) and is never printed. The API host is https://SUBDOMAIN.api.kandji.io (--region us) or https://SUBDOMAIN.api.eu.kandji.io (--region eu); --api-url replaces it (tenants on new hosts, tests).

The profile is validated first (for Kandji) and not pushed when it has errors, unless --no-validate. A new Custom Profile is created active and set to run on Mac; when one with this name exists its file is replaced (PATCH), and when it already holds the same content nothing is sent and pppc says "unchanged". Kandji sets the top-level PayloadIdentifier itself (com.kandji.profile.custom.<id>).

Exit codes: 0 pushed or unchanged, 1 validation errors or the server refused, 2 usage error (missing token, http:// to a remote host), 70 a bug in pppc.`

  static override examples = [
    'KANDJI_API_TOKEN=... <%= config.bin %> push kandji beyondtrust.mobileconfig --subdomain accuhive --name "PPPC BeyondTrust"',
    '<%= config.bin %> push kandji beyondtrust.mobileconfig --subdomain accuhive --region eu --name "PPPC BeyondTrust" --dry-run',
  ]

  static override args = {
    file: stringArg({description: 'The .mobileconfig to upload.', required: true}),
  }

  static override flags = {
    subdomain: string({summary: 'Your Kandji subdomain (NAME in NAME.kandji.io).'}),
    region: string({options: ['us', 'eu'], default: 'us', summary: 'Where the tenant is hosted.'}),
    'api-url': string({summary: 'API base URL, instead of --subdomain and --region (https; http only for localhost).'}),
    name: string({summary: 'Custom Profile name in Kandji; the one with this name is updated.', required: true}),
    ...PushCommand.pushFlags,
  }

  async run(): Promise<PushResult> {
    const {args, flags} = await this.parse(PushKandji)
    const {pushToKandji} = await import('../../deploy/push.js')
    return this.push(
      'kandji',
      args.file,
      {name: flags.name, validate: flags.validate, dryRun: flags['dry-run']},
      (loaded) =>
        pushToKandji(loaded, {
          region: flags.region as 'us' | 'eu',
          ...(flags.subdomain ? {subdomain: flags.subdomain} : {}),
          ...(flags['api-url'] ? {apiUrl: flags['api-url']} : {}),
          name: flags.name,
          dryRun: flags['dry-run'],
          env: process.env,
        }),
    )
  }
}
