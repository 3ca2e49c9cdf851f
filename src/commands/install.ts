import {string as stringArg} from '@oclif/core/args'
import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import type {InstallReport} from '../install/install.js'
import {terminalSafe} from '../util/safe-text.js'

export default class Install extends BaseCommand {
  static override summary =
    "Install a downloaded remote-support client safely: inspect the zip, extract with ditto, check the signature, lift the quarantine only when it is the vendor's."

  static override description = `The client arrives as "Open To Start Support Session.zip" (Chrome, Firefox, Edge) or as an .app Safari already expanded. Without a path, the newest such download in ~/Downloads is taken (the names come from the catalogue entry, --app, default beyondtrust).

The archive is inspected in-process first and refused when an entry escapes the folder (".." or an absolute path), a symlink points outside the bundle, an entry is encrypted, it holds more than one app, or its size or compression ratio is beyond sane limits. On macOS it is then extracted with ditto into a fresh temporary folder, checked there with codesign --verify --deep --strict, codesign -dv and spctl, and moved beside the download (or to --dest).

The quarantine is removed only when the signature is valid, Gatekeeper accepts the app and its Team ID matches the catalogue entry (or --team-id); otherwise it stays, nothing is installed, and pppc says why (exit 1). On Linux, pppc install inspects the archive and stops (exit 2) unless --dry-run. A .dmg is attached read-only with hdiutil on a Mac; on Linux only --dry-run can report on it.

Exit codes: 0 installed (or planned, or cleaned), 1 unsafe archive or refused, 2 bad input or no Mac, 70 a bug in pppc.`

  static override examples = [
    '<%= config.bin %> install',
    '<%= config.bin %> install ~/Downloads/"Open To Start Support Session.zip" --dest /Applications',
    '<%= config.bin %> install ~/Downloads/"Open To Start Support Session.app" --no-open',
    '<%= config.bin %> install --dry-run',
    '<%= config.bin %> install --cleanup',
    '<%= config.bin %> install ~/Downloads/Tool.zip --team-id ABCDE12345 --json',
  ]

  static override args = {
    path: stringArg({
      description: 'The downloaded .zip or .app (default: the newest matching download in ~/Downloads).',
      required: false,
    }),
  }

  static override flags = {
    app: string({char: 'a', summary: 'Catalogue app whose download names and Team ID to use (default beyondtrust).'}),
    'team-id': string({summary: "Team ID the app must be signed with (instead of the catalogue entry's)."}),
    dest: string({summary: 'Folder to put the app in (default: beside the download), e.g. /Applications.'}),
    force: boolean({summary: 'Replace an app already at the destination.'}),
    'keep-quarantine': boolean({summary: 'Leave the quarantine attribute in any case.'}),
    open: boolean({allowNo: true, default: true, summary: 'Open the app when it is installed (--no-open to skip).'}),
    cleanup: boolean({summary: 'After a session: remove the downloaded archive and the app extracted from it.'}),
    'dry-run': boolean({summary: 'Print the plan and change nothing.'}),
    snapshot: string({
      summary: 'Rehearse against a Mac recorded with `pppc collect`: its recorded outputs decide, nothing is changed.',
    }),
  }

  async run(): Promise<InstallReport> {
    const {args, flags} = await this.parse(Install)
    const {requireApp} = await import('../profiles/catalogue.js')
    const app = flags.app || !flags['team-id'] ? requireApp(flags.app ?? 'beyondtrust') : null
    let mac = null
    if (flags.snapshot || process.platform === 'darwin') {
      const {openMac} = await import('../system/open-mac.js')
      mac = await openMac({purpose: 'pppc install', ...(flags.snapshot ? {snapshot: flags.snapshot} : {})})
    }
    const {installJob} = await import('../install/install.js')
    const report = await installJob(
      {
        ...(args.path ? {path: args.path} : {}),
        app,
        ...(flags['team-id'] ? {teamId: flags['team-id']} : {}),
        ...(flags.dest ? {dest: flags.dest} : {}),
        force: flags.force,
        keepQuarantine: flags['keep-quarantine'],
        open: flags.open,
        dryRun: flags['dry-run'],
        cleanup: flags.cleanup,
      },
      mac,
    )
    if (!this.jsonEnabled()) {
      const {renderInstallReport} = await import('../render/install-report.js')
      process.stdout.write(renderInstallReport(report))
      for (const warning of report.warnings) this.say(`warning: ${warning}`)
      if (report.error) process.stderr.write(`Error: ${terminalSafe(report.error.message)}\n`)
    }
    // The report is the answer even when the install stops: it is printed (or returned as JSON), then the exit code says how it ended.
    if (report.error) process.exitCode = report.error.exit
    return report
  }
}
