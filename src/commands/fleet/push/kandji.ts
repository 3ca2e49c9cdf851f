import {string as stringArg} from '@oclif/core/args'
import {string} from '@oclif/core/flags'
import {BaseCommand} from '../../../cli/base-command.js'
import type {FleetPushResult, KandjiFrequency} from '../../../fleet/push.js'
import {kandjiServerFlags} from '../../push/kandji.js'
import {fleetScriptText, planFlags} from '../../../cli/fleet-push.js'

export default class FleetPushKandji extends BaseCommand {
  static override summary =
    'Install the fleet script in Kandji as a custom script: create it, or update the one with this name.'

  static override description = `The custom script (Kandji API, /api/v1/library/custom-scripts) is the audit script, run as root by the Kandji agent --frequency (every_day by default; every_15_min, once, no_enforcement): it prints one line and exits 0 only when the window will not show (1 when it shows or pppc cannot tell), so Kandji lists those Macs as failing. No remediation script. Its name is "pppc fleet: APP KEY" unless --name. When one with this name exists its script and frequency are replaced (PATCH); when it already holds them nothing is sent and pppc says "unchanged". --blueprint NAME (repeatable) assigns it to classic Blueprints, looked up by name.

FILE is a script written by pppc fleet script --mdm kandji; without FILE pppc generates it for --app. The API token comes from KANDJI_API_TOKEN, as for pppc push kandji (Library and Blueprints permissions).

--plan asks Kandji (read only) and says create, update or unchanged; --dry-run contacts nothing and prints the requests of a first push, credentials redacted.

Exit codes: 0 pushed, planned or unchanged, 1 the server refused or could not be reached, 2 usage or input error (missing token, an unknown Blueprint, FILE not a script), 70 a bug in pppc (please report it).`

  static override examples = [
    'export KANDJI_API_TOKEN=...',
    '<%= config.bin %> fleet push kandji --subdomain accuhive --blueprint "Lab Macs" --plan',
    '<%= config.bin %> fleet push kandji --subdomain accuhive --blueprint "Lab Macs" --frequency every_day',
  ]

  static override args = {
    file: stringArg({description: 'The script (pppc fleet script --mdm kandji); generated for --app when left out.'}),
  }

  static override flags = {
    ...kandjiServerFlags,
    app: string({default: 'beyondtrust', summary: 'The app the script checks (catalogue key, alias or bundle ID).'}),
    name: string({summary: 'Custom script name (default "pppc fleet: APP KEY"); the one with this name is updated.'}),
    frequency: string({
      options: ['every_15_min', 'every_day', 'once', 'no_enforcement'],
      default: 'every_day',
      summary: 'How often the Kandji agent runs it.',
    }),
    blueprint: string({
      multiple: true,
      summary: 'Assign it to this classic Blueprint, by name (looked up; repeatable).',
    }),
    ...planFlags,
  }

  async run(): Promise<FleetPushResult> {
    const {args, flags} = await this.parse(FleetPushKandji)
    const {parseTimeout} = await import('../../../deploy/http.js')
    const {describeFleetPush, pushFleetKandji} = await import('../../../fleet/push.js')
    const {script, name} = await fleetScriptText('kandji', args.file, flags.app, flags.name, this.config.version)
    const result = await pushFleetKandji({
      region: flags.region as 'us' | 'eu',
      subdomain: flags.subdomain,
      apiUrl: flags['api-url'],
      name,
      script,
      frequency: flags.frequency as KandjiFrequency,
      blueprints: flags.blueprint,
      mode: flags.plan ? 'plan' : flags['dry-run'] ? 'dry-run' : 'push',
      env: process.env,
      timeoutSeconds: parseTimeout(flags.timeout),
    })
    this.log(describeFleetPush(result).trimEnd())
    for (const note of result.notes) this.say(`note: ${note}`)
    if (flags['dry-run'])
      this.say(
        `dry run: nothing was sent. These are the requests of a first push; if Kandji has a custom script named "${name}", pppc sends PATCH …/custom-scripts/ID instead, or nothing when it holds this script. --plan asks the server which.`,
      )
    return result
  }
}
