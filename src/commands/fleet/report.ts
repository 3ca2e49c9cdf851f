import {string} from '@oclif/core/flags'
import {BaseCommand} from '../../cli/base-command.js'
import {PppcError} from '../../errors.js'

/** Writes to stdout, waiting when the pipe is full, so that a report of any size streams out in bounded memory. */
function stdoutSink(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(text, (error) => (error ? reject(error) : undefined))
    if (ok) resolve()
    else process.stdout.once('drain', () => resolve())
  })
}

export default class FleetReport extends BaseCommand {
  static override summary =
    "Read the fleet script's results back from Jamf Pro, Kandji or a CSV export: which Macs will show the window, and why."

  static override description = `Each Mac runs the script of pppc fleet script (pushed with pppc fleet push) and reports one line (see README › Fleet). This reads every Mac's line, page by page, and prints fleet readiness: Macs by verdict (window shows, unknown, does not show, no result yet), by macOS version and by cause, then the Macs that will show the window with the fix for each section, and those pppc cannot decide.

Jamf Pro: GET /api/v1/computers-inventory (sections GENERAL, OPERATING_SYSTEM, EXTENSION_ATTRIBUTES; 500 a page), credentials as for pppc push jamf (JAMF_CLIENT_ID and JAMF_CLIENT_SECRET, or JAMF_USER and JAMF_PASSWORD); the API role needs Read Computers. Kandji: the custom script's statuses (GET /api/v1/library/library-items/{id}/status) and the device list (GET /api/v1/devices), with KANDJI_API_TOKEN. --csv FILE: an advanced computer search exported from Jamf Pro, or a device export from Kandji (README › Fleet lists the columns read).

The report streams: memory stays flat whatever the fleet's size. --format json (or --json) prints the counts, then "list", one Mac at a time.

Exit codes: 0 the report was printed, 1 the MDM refused or could not be reached, 2 usage or input error (missing credentials, no such script, a CSV without the columns), 70 a bug in pppc (please report it).`

  static override examples = [
    'export JAMF_CLIENT_ID=... JAMF_CLIENT_SECRET=...',
    '<%= config.bin %> fleet report --mdm jamf --url https://example.jamfcloud.com',
    '<%= config.bin %> fleet report --mdm kandji --subdomain accuhive --format html > fleet.html',
    '<%= config.bin %> fleet report --csv "Advanced Computer Search.csv" --format csv > window.csv',
  ]

  static override flags = {
    mdm: string({options: ['jamf', 'kandji'], summary: 'Read the results from this MDM (not with --csv).'}),
    csv: string({summary: 'Read the results from a CSV export (Jamf Pro advanced search or Kandji devices).'}),
    app: string({
      default: 'beyondtrust',
      summary: 'The app the script checks, from the catalogue (key, alias or bundle ID).',
    }),
    name: string({
      summary:
        'The extension attribute (Jamf Pro) or custom script (Kandji) holding the result (default "pppc fleet: APP KEY", e.g. "pppc fleet: beyondtrust-rs-customer-client").',
    }),
    column: string({
      summary: 'With --csv: the column that holds the result (default: the one named like --name, else any cell).',
    }),
    format: string({options: ['text', 'json', 'csv', 'html'], default: 'text', summary: 'Output format.'}),
    url: string({summary: 'Jamf Pro server, e.g. https://example.jamfcloud.com (https; http only for localhost).'}),
    subdomain: string({summary: 'Kandji: your subdomain (NAME in NAME.kandji.io).'}),
    region: string({options: ['us', 'eu'], default: 'us', summary: 'Kandji: where the tenant is hosted.'}),
    'api-url': string({summary: 'Kandji: API base URL instead of --subdomain and --region.'}),
    'library-item': string({summary: "Kandji: the custom script's library item id, instead of finding it by --name."}),
    timeout: string({summary: 'Seconds the whole job may take, every request and retry included (default 3600).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(FleetReport)
    if (Boolean(flags.mdm) === Boolean(flags.csv))
      throw new PppcError(flags.mdm ? '--mdm and --csv do not go together' : 'pppc fleet report needs --mdm or --csv', {
        hint: 'read from the MDM (--mdm jamf --url URL, --mdm kandji --subdomain NAME) or from an export (--csv FILE)',
      })
    if (flags.column && !flags.csv)
      throw new PppcError('--column goes with --csv', {hint: 'leave it out, or add --csv FILE'})
    const {requireApp} = await import('../../profiles/catalogue.js')
    const {parseTimeout} = await import('../../deploy/http.js')
    const {readFleet} = await import('../../fleet/run-report.js')
    const {renderFleetReport} = await import('../../render/fleet-report.js')
    const app = requireApp(flags.app)
    const report = await readFleet({
      from: flags.csv ? 'csv' : (flags.mdm as 'jamf' | 'kandji'),
      app,
      name: flags.name,
      url: flags.url,
      subdomain: flags.subdomain,
      region: flags.region as 'us' | 'eu',
      apiUrl: flags['api-url'],
      libraryItem: flags['library-item'],
      csv: flags.csv,
      column: flags.column,
      env: process.env,
      timeoutSeconds: parseTimeout(flags.timeout),
    })
    try {
      const format = this.jsonEnabled() ? 'json' : (flags.format as 'text' | 'json' | 'csv' | 'html')
      const {reportAppName} = await import('../../fleet/names.js')
      await renderFleetReport(report, format, reportAppName(app), stdoutSink)
    } finally {
      await report.dispose()
    }
  }
}
