import {string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import type {Diagnosis} from '../checks/diagnose.js'

export default class Doctor extends BaseCommand {
  static override summary = 'Say why the BeyondTrust client asks for permissions on a Mac, and what the user will see.'

  static override description = `Reads the Mac (or a snapshot written by \`pppc collect\`): macOS and its onboarding flow; MDM enrollment and whether it is user approved (PPPC needs it); Kandji and Jamf agents; for Screen Recording, Accessibility and Full Disk Access whether each is granted by MDM (which profile), granted or denied in TCC.db, or missing; the installed client's code requirement against the profile's (a mismatch means the profile silently does nothing); quarantine and translocation of the download. Then the verdict: will the Action Required window show, with which sections, and the steps for this macOS.

Reading TCC.db needs Full Disk Access for the app pppc runs in (Terminal); without it doctor says so and what it can still tell.

Exit codes: 0 nothing to do (the window will not show), 1 something to do or something unknown, 2 no Mac or snapshot, 70 a bug in pppc (please report it).`

  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --snapshot ./mac-of-jdoe',
    '<%= config.bin %> doctor --snapshot ./mac-of-jdoe --json',
  ]

  static override flags = {
    app: string({
      char: 'a',
      default: 'beyondtrust',
      summary: 'The app to diagnose, from the catalogue (key, alias or bundle ID).',
    }),
    snapshot: string({summary: 'A folder written by `pppc collect` on the Mac, instead of this Mac.'}),
  }

  async run(): Promise<Diagnosis> {
    const {flags} = await this.parse(Doctor)
    const {openMac} = await import('../system/open-mac.js')
    const mac = await openMac({
      purpose: 'pppc doctor',
      problem: 'pppc doctor needs a Mac or a snapshot',
      hint: 'run it on the Mac, or run `pppc collect -o DIR` there and pass --snapshot DIR here',
      ...(flags.snapshot ? {snapshot: flags.snapshot} : {}),
    })
    const {requireApp} = await import('../profiles/catalogue.js')
    const app = requireApp(flags.app)
    const {gatherFacts} = await import('../checks/gather.js')
    const {diagnose} = await import('../checks/diagnose.js')
    const diagnosis = diagnose(await gatherFacts(mac, app))
    const settled =
      diagnosis.verdict.window === 'does-not-show' &&
      !diagnosis.findings.some((f) => f.level === 'problem') &&
      diagnosis.unknowns.length === 0
    // Exit 1 when there is something to do or to find out; the report (or JSON) is printed either way.
    if (!settled) process.exitCode = 1
    if (!this.jsonEnabled()) {
      const {renderTemplate} = await import('../render/templates.js')
      const {doctorView} = await import('../render/doctor-view.js')
      process.stdout.write(await renderTemplate('doctor', 'text', doctorView(diagnosis)))
    }
    return diagnosis
  }
}
