import {string as stringArg} from '@oclif/core/args'
import {string} from '@oclif/core/flags'
import type {PushResult} from '../../deploy/push.js'
import {PushCommand} from '../../cli/push-command.js'

export default class PushJamf extends PushCommand {
  static override summary = 'Upload a profile to Jamf Pro: create it, or update the one with this name in place.'

  static override description = `Credentials come from the environment: an API client (JAMF_CLIENT_ID, JAMF_CLIENT_SECRET; Jamf Pro 10.49 or later) or a user (JAMF_USER, JAMF_PASSWORD) for a bearer token. They are never printed.

The profile is validated first (for Jamf Pro) and not pushed when it has errors, unless --no-validate. When a profile with this name exists it is updated in place: same id, and its PayloadUUID and PayloadIdentifier are kept so devices see an update, not a second profile. When it already holds the same content nothing is sent and pppc says "unchanged".

Exit codes: 0 pushed or unchanged, 1 validation errors or the server refused, 2 usage error (missing credentials, http:// to a remote host), 70 a bug in pppc.`

  static override examples = [
    'JAMF_CLIENT_ID=... JAMF_CLIENT_SECRET=... <%= config.bin %> push jamf beyondtrust.mobileconfig --url https://example.jamfcloud.com --name "PPPC BeyondTrust"',
    '<%= config.bin %> push jamf beyondtrust.mobileconfig --url https://example.jamfcloud.com --name "PPPC BeyondTrust" --category Security --dry-run',
  ]

  static override args = {
    file: stringArg({description: 'The .mobileconfig to upload.', required: true}),
  }

  static override flags = {
    url: string({
      summary: 'Jamf Pro server, e.g. https://example.jamfcloud.com (https; http only for localhost).',
      required: true,
    }),
    name: string({summary: 'Profile name in Jamf Pro; the profile with this name is updated.', required: true}),
    category: string({summary: 'Category name (must exist in Jamf Pro).'}),
    site: string({summary: 'Site name (must exist in Jamf Pro).'}),
    ...PushCommand.pushFlags,
  }

  async run(): Promise<PushResult> {
    const {args, flags} = await this.parse(PushJamf)
    const {pushToJamf} = await import('../../deploy/push.js')
    return this.push(
      'jamf',
      args.file,
      {name: flags.name, validate: flags.validate, dryRun: flags['dry-run']},
      (loaded) =>
        pushToJamf(loaded, {
          url: flags.url,
          name: flags.name,
          ...(flags.category ? {category: flags.category} : {}),
          ...(flags.site ? {site: flags.site} : {}),
          dryRun: flags['dry-run'],
          env: process.env,
        }),
    )
  }
}
