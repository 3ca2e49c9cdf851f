import {string as stringArg} from '@oclif/core/args'
import {boolean, string} from '@oclif/core/flags'
import type {ListResult} from '../../deploy/inventory.js'
import type {PushResult} from '../../deploy/push.js'
import {PushCommand} from '../../cli/push-command.js'
import {PppcError} from '../../errors.js'
import {describeList} from './jamf.js'

/** The flags that say which Kandji tenant and how long to spend on it: push and pull share them. */
export const kandjiServerFlags = {
  subdomain: string({summary: 'Your Kandji subdomain (NAME in NAME.kandji.io).'}),
  region: string({options: ['us', 'eu'], default: 'us', summary: 'Where the tenant is hosted.'}),
  'api-url': string({summary: 'API base URL, instead of --subdomain and --region (https; http only for localhost).'}),
  timeout: string({
    summary: 'Seconds the whole job may take, every request, retry and wait included (default 120).',
  }),
}

export default class PushKandji extends PushCommand {
  static override summary =
    'Upload a profile to Kandji as a Custom Profile: create it, or update the one with this name.'

  static override description = `The API token comes from the environment (KANDJI_API_TOKEN) and is never printed. The API host is https://SUBDOMAIN.api.kandji.io (--region us) or https://SUBDOMAIN.api.eu.kandji.io (--region eu); --api-url replaces it (tenants on new hosts, tests).

The profile is validated first (for Kandji) and not pushed when it has errors, unless --no-validate. A new Custom Profile is created active and set to run on Mac; when one with this name exists its file is replaced (PATCH), and when it already holds the same content nothing is sent and pppc says "unchanged". Kandji sets the top-level PayloadIdentifier itself (com.kandji.profile.custom.<id>). A profile that grants to other apps than the file is not replaced without --replace.

--blueprint NAME (repeatable) assigns it to classic Blueprints, looked up by name; without one, a new Custom Profile reaches no Mac and pppc says so. --plan asks Kandji (read only) and says create, update (with the grants that change: apps, services, values) or unchanged, and which Blueprints it would be assigned to.

--list shows the Custom Profiles with a PPPC payload that Kandji holds (name, id, identifier, apps).

Exit codes: 0 pushed, planned or unchanged, 1 validation errors, the server refused, or the profile grants to other apps (without --replace), 2 usage or input error (missing token, an unknown Blueprint, http:// to a remote host), 70 a bug in pppc.`

  static override examples = [
    'export KANDJI_API_TOKEN=...',
    '<%= config.bin %> push kandji beyondtrust.mobileconfig --subdomain accuhive --name "PPPC BeyondTrust" --blueprint "Lab Macs" --plan',
    '<%= config.bin %> push kandji beyondtrust.mobileconfig --subdomain accuhive --region eu --name "PPPC BeyondTrust" --blueprint "Lab Macs"',
    '<%= config.bin %> push kandji --list --subdomain accuhive',
  ]

  static override args = {
    file: stringArg({description: 'The .mobileconfig to upload (not with --list).'}),
  }

  static override flags = {
    ...kandjiServerFlags,
    name: string({summary: 'Custom Profile name in Kandji; the one with this name is updated.'}),
    blueprint: string({
      multiple: true,
      summary: 'Assign it to this classic Blueprint, by name (looked up; repeatable).',
    }),
    replace: boolean({summary: 'Replace a Custom Profile of this name that grants to other apps than the file.'}),
    plan: boolean({summary: 'Ask Kandji and say what a push would do; change nothing.'}),
    list: boolean({summary: 'List the PPPC Custom Profiles Kandji holds.'}),
    ...PushCommand.pushFlags,
  }

  async run(): Promise<PushResult | ListResult> {
    const {args, flags} = await this.parse(PushKandji)
    const {parseTimeout} = await import('../../deploy/http.js')
    const timeoutSeconds = parseTimeout(flags.timeout)
    const server = {
      region: flags.region as 'us' | 'eu',
      subdomain: flags.subdomain,
      apiUrl: flags['api-url'],
      env: process.env,
      timeoutSeconds,
    }
    const other = (['plan', 'dry-run', 'replace'] as const).find((f) => flags[f] && (flags.list || f === 'dry-run'))
    if (other && (flags.list || flags.plan))
      throw new PppcError(`--${flags.list ? 'list' : 'plan'} and --${other} do not go together`, {
        hint: '--plan asks the server and changes nothing, --dry-run contacts nothing, --list only lists: choose one',
      })
    if (flags.list) {
      const {listKandji} = await import('../../deploy/inventory.js')
      const listed = await listKandji(server)
      if (!this.jsonEnabled()) process.stdout.write(await describeList(listed))
      return listed
    }
    if (!args.file || !flags.name)
      throw new PppcError(`pppc push kandji needs ${args.file ? '--name NAME' : 'FILE'}`, {
        hint: 'give the .mobileconfig and --name, or --list to see what Kandji holds',
      })
    const name = flags.name
    const {pushToKandji} = await import('../../deploy/push.js')
    const mode = flags.plan ? 'plan' : flags['dry-run'] ? 'dry-run' : 'push'
    return this.push(
      'kandji',
      args.file,
      {name, validate: flags.validate, dryRun: flags['dry-run']},
      async (loaded) => {
        const result = await pushToKandji(loaded, {
          ...server,
          name,
          blueprints: flags.blueprint,
          replace: flags.replace,
          mode,
        })
        for (const note of result.notes) this.say(`note: ${note}`)
        return result
      },
    )
  }
}
