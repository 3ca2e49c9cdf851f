import {chmod} from 'node:fs/promises'
import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../../cli/base-command.js'

/** What `pppc fleet script --json` returns. */
export interface FleetScriptResult {
  app: string
  mdm: string
  /** The file written, or null when the script went to stdout. */
  file: string | null
  bytes: number
  script: string
}

export default class FleetScript extends BaseCommand {
  static override summary =
    "Write the shell script that computes doctor's verdict on a Mac, for an MDM to run on every Mac (pppc fleet push)."

  static override description = `The script (/bin/sh; macOS built-ins only: sw_vers, stat, profiles, plutil, find, codesign, sqlite3) computes on the Mac what pppc doctor would say for --app: whether the window shows, which sections, and the main cause of each (not-granted, denied, mdm-denied, mismatch, not-applied, no-fda, unknown), and prints one line (README › Fleet › The result line). It reads only and writes nothing; where a shell cannot decide what doctor decides it says unknown, never a guess.

--mdm jamf prints the line as an extension attribute (<result>…</result>), --mdm kandji as an audit script (exit 0 only when the window will not show, 1 when it shows or pppc cannot tell), --mdm generic as JSON. The decision cases are generated from the data doctor uses (the catalogue entry, its services, the TCC.db schemas, the argv doctor runs, the states that show the window), so the two do not drift; the tests run it against every recorded Mac and compare with doctor --snapshot.

Exit codes: 0 written, 2 usage or input error (an unknown app, FILE exists without --force), 70 a bug in pppc (please report it).`

  static override examples = [
    '<%= config.bin %> fleet script --mdm jamf -o pppc-fleet.sh',
    '<%= config.bin %> fleet script --mdm kandji --app beyondtrust > audit.sh',
  ]

  static override flags = {
    mdm: string({
      options: ['jamf', 'kandji', 'generic'],
      required: true,
      summary: "How the line is printed: the MDM's convention.",
    }),
    app: string({default: 'beyondtrust', summary: 'The app to check, from the catalogue (key, alias or bundle ID).'}),
    output: string({char: 'o', summary: 'Write the script to this file (mode 755) instead of stdout.'}),
    force: boolean({summary: 'Replace the file if it exists.'}),
  }

  async run(): Promise<FleetScriptResult> {
    const {flags} = await this.parse(FleetScript)
    const {requireApp} = await import('../../profiles/catalogue.js')
    const {fleetScript} = await import('../../fleet/script.js')
    const app = requireApp(flags.app)
    const mdm = flags.mdm as 'jamf' | 'kandji' | 'generic'
    const script = await fleetScript({app, mdm, version: this.config.version})
    if (flags.output) {
      const {writeFileAtomic} = await import('../../util/atomic-write.js')
      const written = await writeFileAtomic(flags.output, script, {force: flags.force})
      await chmod(written, 0o755)
      this.say(
        `wrote ${flags.output} (${Buffer.byteLength(script)} bytes): push it with pppc fleet push ${mdm === 'generic' ? 'jamf|kandji' : mdm}`,
      )
    } else if (!this.jsonEnabled()) process.stdout.write(script)
    return {app: app.key, mdm, file: flags.output ?? null, bytes: Buffer.byteLength(script), script}
  }
}
