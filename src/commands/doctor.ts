import {string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import type {Diagnosis} from '../checks/diagnose.js'

export default class Doctor extends BaseCommand {
  static override summary = 'Say why the BeyondTrust client asks for permissions on a Mac, and what the user will see.'

  static override description = `Reads the Mac (or a snapshot written by \`pppc collect\`): macOS and its onboarding flow; the MDM enrollment (user approved or not) and which MDM it is (Jamf Pro cloud or self-hosted, Kandji/Iru, Intune, Mosyle, Addigy, Workspace ONE, JumpCloud, others by host); every installed copy of the client and the one in use (running, or started by the launcher), with version, signature and Gatekeeper's verdict; for Screen Recording, Accessibility and Full Disk Access whether each is granted by MDM (device-level profiles only; Deny wins), granted or denied in TCC.db, stale (granted to another signature: TCC.db's code requirement is decoded and evaluated against the client), or missing, and who can turn it on (the user, an administrator, only the MDM admin); each profile's code requirement evaluated against the client; the macOS 15 screen-capture alert; quarantine and translocation of the download. Then the verdict: will the Action Required window show, with which sections, the fixes, what is unknown, and the steps for this Mac (without what is granted or cannot work).

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
    const [{openMac}, {requireApp}, {gatherFacts}] = await Promise.all([
      import('../system/open-mac.js'),
      import('../profiles/catalogue.js'),
      import('../checks/gather.js'),
    ])
    const mac = await openMac({
      purpose: 'pppc doctor',
      problem: 'pppc doctor needs a Mac or a snapshot',
      hint: 'run it on the Mac, or run `pppc collect -o DIR` there and pass --snapshot DIR here',
      ...(flags.snapshot ? {snapshot: flags.snapshot} : {}),
    })
    // Start-up is most of a doctor run (npm run bench): the Mac is read first (sqlite3 runs in processes of its own,
    // started before the next turn of the event loop), and the modules that judge and print it load meanwhile.
    const gathering = gatherFacts(mac, requireApp(flags.app))
    await new Promise((resolve) => setImmediate(resolve))
    const [{diagnose}, view, text] = await Promise.all([
      import('../checks/diagnose.js'),
      this.jsonEnabled() ? undefined : import('../render/doctor-view.js'),
      this.jsonEnabled() ? undefined : import('../render/doctor-text.js'),
    ])
    const diagnosis = diagnose(await gathering)
    const settled =
      diagnosis.verdict.window === 'does-not-show' &&
      !diagnosis.findings.some((f) => f.level === 'problem') &&
      diagnosis.unknowns.length === 0
    // Exit 1 when there is something to do or to find out; the report (or JSON) is printed either way.
    if (!settled) process.exitCode = 1
    if (view && text) process.stdout.write(text.renderDoctorText(view.doctorView(diagnosis)))
    return diagnosis
  }
}
