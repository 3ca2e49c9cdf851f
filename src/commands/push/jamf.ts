import {string as stringArg} from '@oclif/core/args'
import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../../base-command.js'
import type {PushResult} from '../../deploy/push.js'

export default class PushJamf extends BaseCommand {
  static override summary = 'Upload a profile to Jamf Pro: create it, or update the one with this name in place.'

  static override description = `Credentials come from the environment: an API client (JAMF_CLIENT_ID, JAMF_CLIENT_SECRET; Jamf Pro 10.49 or later) or a user (JAMF_USER, JAMF_PASSWORD) for a bearer token. They are never printed.

The profile is validated first (for Jamf Pro) and not pushed when it has errors, unless --no-validate. When a profile with this name exists it is updated in place: same id, and its PayloadUUID and PayloadIdentifier are kept so devices see an update, not a second profile. When it already holds the same content nothing is sent and pppc says "unchanged".

Exit codes: 0 pushed or unchanged, 1 validation errors or the server refused, 2 usage error (missing credentials, http:// to a remote host).`

  static override examples = [
    'JAMF_CLIENT_ID=... JAMF_CLIENT_SECRET=... <%= config.bin %> push jamf beyondtrust.mobileconfig --url https://example.jamfcloud.com --name "PPPC BeyondTrust"',
    '<%= config.bin %> push jamf beyondtrust.mobileconfig --url https://example.jamfcloud.com --name "PPPC BeyondTrust" --category Security --dry-run',
  ]

  static override args = {
    file: stringArg({description: 'The .mobileconfig to upload.', required: true}),
  }

  static override flags = {
    url: string({summary: 'Jamf Pro server, e.g. https://example.jamfcloud.com (https; http only for localhost).', required: true}),
    name: string({summary: 'Profile name in Jamf Pro; the profile with this name is updated.', required: true}),
    category: string({summary: 'Category name (must exist in Jamf Pro).'}),
    site: string({summary: 'Site name (must exist in Jamf Pro).'}),
    validate: boolean({allowNo: true, default: true, summary: 'Validate before pushing (--no-validate to push a profile with errors).'}),
    'dry-run': boolean({summary: 'Print the requests that would be sent, credentials redacted; send nothing.'}),
  }

  async run(): Promise<PushResult> {
    const {args, flags} = await this.parse(PushJamf)
    const {describeResult, dryRunNote, loadProfile, pushToJamf, requireValid} = await import('../../deploy/push.js')
    const loaded = await loadProfile(args.file, 'jamf', flags.validate)
    await this.showFindings(loaded.report)
    requireValid(loaded)
    const result = await pushToJamf(loaded, {
      url: flags.url,
      name: flags.name,
      ...(flags.category ? {category: flags.category} : {}),
      ...(flags.site ? {site: flags.site} : {}),
      dryRun: flags['dry-run'],
      env: process.env,
    })
    if (!this.jsonEnabled()) process.stdout.write(describeResult(result))
    if (flags['dry-run']) this.say(dryRunNote('jamf', flags.name))
    return result
  }

  private async showFindings(report: import('../../profiles/validate.js').FileReport | undefined): Promise<void> {
    // Info findings are notes about the MDM this command already handles (Kandji's identifier, run on Mac).
    const findings = report?.findings.filter((f) => f.severity !== 'info') ?? []
    if (!report || findings.length === 0 || this.jsonEnabled()) return
    const {FORMATTERS, summarise} = await import('../../render/report-formats.js')
    const shown = {...report, findings}
    process.stderr.write(FORMATTERS.text([shown], summarise([shown], false)))
  }
}
