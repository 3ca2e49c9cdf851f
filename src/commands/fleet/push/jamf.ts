import {string as stringArg} from '@oclif/core/args'
import {string} from '@oclif/core/flags'
import {BaseCommand} from '../../../cli/base-command.js'
import type {FleetPushResult} from '../../../fleet/push.js'
import {jamfServerFlags} from '../../push/jamf.js'
import {fleetScriptText, planFlags} from '../../../cli/fleet-push.js'

export default class FleetPushJamf extends BaseCommand {
  static override summary =
    'Install the fleet script in Jamf Pro as an extension attribute: create it, or update the one with this name.'

  static override description = `The extension attribute (Jamf Pro API, /api/v1/computer-extension-attributes) is a string, input type Script, shown in the Extension Attributes inventory section; Jamf Pro runs it on every Mac at each inventory update and keeps the line it prints, which pppc fleet report reads back. Its name is "pppc fleet: APP KEY" unless --name. When one with this name exists its script is replaced in place (the description, display section and enabled state an admin set are kept); when it already holds this script nothing is sent and pppc says "unchanged".

FILE is a script written by pppc fleet script --mdm jamf; without FILE pppc generates it for --app. Credentials come from the environment, as for pppc push jamf; the API role needs Create, Read and Update Computer Extension Attributes.

--plan asks Jamf Pro (read only) and says create, update or unchanged; --dry-run contacts nothing and prints the requests of a first push, credentials redacted.

Exit codes: 0 pushed, planned or unchanged, 1 the server refused or could not be reached, 2 usage or input error (missing credentials, FILE not a script), 70 a bug in pppc (please report it).`

  static override examples = [
    'export JAMF_CLIENT_ID=... JAMF_CLIENT_SECRET=...',
    '<%= config.bin %> fleet push jamf --url https://example.jamfcloud.com --plan',
    '<%= config.bin %> fleet script --mdm jamf -o pppc-fleet.sh && <%= config.bin %> fleet push jamf pppc-fleet.sh --url https://example.jamfcloud.com',
  ]

  static override args = {
    file: stringArg({description: 'The script (pppc fleet script --mdm jamf); generated for --app when left out.'}),
  }

  static override flags = {
    ...jamfServerFlags,
    app: string({default: 'beyondtrust', summary: 'The app the script checks (catalogue key, alias or bundle ID).'}),
    name: string({
      summary: 'Extension attribute name (default "pppc fleet: APP KEY"); the one with this name is updated.',
    }),
    ...planFlags,
  }

  async run(): Promise<FleetPushResult> {
    const {args, flags} = await this.parse(FleetPushJamf)
    const {parseTimeout} = await import('../../../deploy/http.js')
    const {describeFleetPush, pushFleetJamf} = await import('../../../fleet/push.js')
    const {script, name} = await fleetScriptText('jamf', args.file, flags.app, flags.name, this.config.version)
    const result = await pushFleetJamf({
      url: flags.url,
      name,
      script,
      mode: flags.plan ? 'plan' : flags['dry-run'] ? 'dry-run' : 'push',
      env: process.env,
      timeoutSeconds: parseTimeout(flags.timeout),
    })
    this.log(describeFleetPush(result).trimEnd())
    for (const note of result.notes) this.say(`note: ${note}`)
    if (flags['dry-run'])
      this.say(
        `dry run: nothing was sent. These are the requests of a first push; if Jamf Pro has an extension attribute named "${name}", pppc sends PUT …/computer-extension-attributes/ID instead, or nothing when it holds this script. --plan asks the server which.`,
      )
    return result
  }
}
