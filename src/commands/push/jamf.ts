import {string as stringArg} from '@oclif/core/args'
import {boolean, string} from '@oclif/core/flags'
import type {ListResult} from '../../deploy/inventory.js'
import type {PushResult} from '../../deploy/push.js'
import {PushCommand} from '../../cli/push-command.js'
import {PppcError} from '../../errors.js'

/** The flags that say which Jamf Pro and how long to spend on it: push and pull share them. */
export const jamfServerFlags = {
  url: string({
    summary: 'Jamf Pro server, e.g. https://example.jamfcloud.com (https; http only for localhost).',
    required: true,
  }),
  timeout: string({
    summary: 'Seconds the whole job may take, every request, retry and wait included (default 120).',
  }),
}

export default class PushJamf extends PushCommand {
  static override summary = 'Upload a profile to Jamf Pro: create it, or update the one with this name in place.'

  static override description = `Credentials come from the environment: an API client (JAMF_CLIENT_ID, JAMF_CLIENT_SECRET; Jamf Pro 10.49 or later) or a user (JAMF_USER, JAMF_PASSWORD) for a bearer token. They are never printed.

The profile is validated first (for Jamf Pro) and not pushed when it has errors, unless --no-validate. When a profile with this name exists it is updated in place: same id, and its PayloadUUID and PayloadIdentifier are kept so devices see an update, not a second profile. An update that changes the payloads is redeployed to every Mac in scope (--redeploy new: only to Macs newly in scope). When it already holds the same content nothing is sent and pppc says "unchanged". A profile that grants to other apps than the file is not replaced without --replace.

--plan asks Jamf Pro (read only) and says create, update (with the grants that change: apps, services, values) or unchanged. --category, --site and --scope-group are looked up by name first; an unknown name stops the push. A new profile without --scope or --scope-group reaches no Mac: pppc says so.

--list shows the profiles with a PPPC payload that Jamf Pro holds (name, id, identifier, apps).

Exit codes: 0 pushed, planned or unchanged, 1 validation errors, the server refused, or the profile grants to other apps (without --replace), 2 usage or input error (missing credentials, an unknown category, site or group, http:// to a remote host), 70 a bug in pppc.`

  static override examples = [
    'export JAMF_CLIENT_ID=... JAMF_CLIENT_SECRET=...',
    '<%= config.bin %> push jamf beyondtrust.mobileconfig --url https://example.jamfcloud.com --name "PPPC BeyondTrust" --scope-group "All Managed Macs" --plan',
    '<%= config.bin %> push jamf beyondtrust.mobileconfig --url https://example.jamfcloud.com --name "PPPC BeyondTrust" --scope-group "All Managed Macs" --category Security',
    '<%= config.bin %> push jamf --list --url https://example.jamfcloud.com',
  ]

  static override args = {
    file: stringArg({description: 'The .mobileconfig to upload (not with --list).'}),
  }

  static override flags = {
    ...jamfServerFlags,
    name: string({summary: 'Profile name in Jamf Pro; the profile with this name is updated.'}),
    category: string({summary: 'Category, by name (looked up in Jamf Pro).'}),
    site: string({summary: 'Site, by name (looked up in Jamf Pro).'}),
    scope: string({options: ['all'], summary: 'Scope the profile to all computers.'}),
    'scope-group': string({
      multiple: true,
      summary: 'Scope the profile to this computer group, by name (looked up; repeatable; added to the scope it has).',
    }),
    redeploy: string({
      options: ['all', 'new'],
      summary: 'On an update: send it to every Mac in scope (all, the default) or only to Macs newly in scope (new).',
    }),
    replace: boolean({summary: 'Replace a profile of this name that grants to other apps than the file.'}),
    plan: boolean({summary: 'Ask Jamf Pro and say what a push would do; change nothing.'}),
    list: boolean({summary: 'List the PPPC profiles Jamf Pro holds.'}),
    ...PushCommand.pushFlags,
  }

  async run(): Promise<PushResult | ListResult> {
    const {args, flags} = await this.parse(PushJamf)
    const {parseTimeout} = await import('../../deploy/http.js')
    const timeoutSeconds = parseTimeout(flags.timeout)
    const other = (['plan', 'dry-run', 'replace'] as const).find((f) => flags[f] && (flags.list || f === 'dry-run'))
    if (other && (flags.list || flags.plan))
      throw new PppcError(`--${flags.list ? 'list' : 'plan'} and --${other} do not go together`, {
        hint: '--plan asks the server and changes nothing, --dry-run contacts nothing, --list only lists: choose one',
      })
    if (flags.list) {
      const {listJamf} = await import('../../deploy/inventory.js')
      const listed = await listJamf({url: flags.url, env: process.env, timeoutSeconds})
      if (!this.jsonEnabled()) process.stdout.write(await describeList(listed))
      return listed
    }
    if (!args.file || !flags.name)
      throw new PppcError(`pppc push jamf needs ${args.file ? '--name NAME' : 'FILE'}`, {
        hint: 'give the .mobileconfig and --name, or --list to see what Jamf Pro holds',
      })
    const name = flags.name
    const {pushToJamf} = await import('../../deploy/push.js')
    const mode = flags.plan ? 'plan' : flags['dry-run'] ? 'dry-run' : 'push'
    return this.push('jamf', args.file, {name, validate: flags.validate, dryRun: flags['dry-run']}, async (loaded) => {
      const result = await pushToJamf(loaded, {
        url: flags.url,
        name,
        category: flags.category,
        site: flags.site,
        scopeAll: flags.scope === 'all',
        scopeGroups: flags['scope-group'],
        redeploy: flags.redeploy as 'all' | 'new' | undefined,
        replace: flags.replace,
        mode,
        env: process.env,
        timeoutSeconds,
      })
      for (const note of result.notes) this.say(`note: ${note}`)
      return result
    })
  }
}

/** The PPPC profiles an MDM holds, as a table (or a line saying there are none). */
export async function describeList(listed: ListResult): Promise<string> {
  const where = listed.mdm === 'jamf' ? 'Jamf Pro' : 'Kandji'
  if (listed.profiles.length === 0) return `${where} holds no profile with a PPPC payload\n`
  const {renderTable} = await import('../../render/table.js')
  const rows = listed.profiles.map((p) => [p.name, p.id, p.identifier, p.apps.join(', ')])
  return `${renderTable(['NAME', 'ID', 'IDENTIFIER', 'APPS'], rows)}\n`
}
