import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import type {FileRecord} from '../system/snapshot.js'

interface CollectJson {
  dir: string
  hostApp: string | null
  commands: number
  files: FileRecord[]
  verdict: string
  redacted: {kind: string; place: string; count: number}[]
}

export default class Collect extends BaseCommand {
  static override summary = 'Record this Mac into a folder for `pppc doctor --snapshot` (on macOS).'

  static override description = `Records what pppc doctor reads: sw_vers, profiles status -type enrollment, profiles -P -o stdout-xml (only PPPC payloads and forceBypassScreenCaptureAlert kept, secrets removed), where the client is installed with, per copy, codesign -dr -, codesign -dv --verbose=4, spctl and its version, its running processes (IDs, parent IDs, executable paths), quarantine of the download, whether the console user is an administrator, whether this process has Full Disk Access, MDMOverrides.plist, copies of the system and user TCC.db when readable, the user's screen-capture approvals, and the MDM agents present. commands.json says its format (formatVersion) and when it was recorded; a README.md in the folder says what it holds.

TCC.db and MDMOverrides.plist are readable only when the app pppc runs in (Terminal) has Full Disk Access; run with sudo to see the content of PPPC payloads. An existing folder that is not empty is refused unless --force.

Every recorded output and copied text file is also redacted by shape (tokens, passwords, private keys, serial numbers, e-mail addresses); the README lists what was removed and where.

Exit codes: 0 written, 2 no Mac or snapshot, or an unusable folder, 70 a bug in pppc.`

  static override examples = [
    '<%= config.bin %> collect -o ~/Desktop/mac-snapshot',
    'sudo <%= config.bin %> collect -o /tmp/mac-snapshot --force',
  ]

  static override flags = {
    output: string({char: 'o', required: true, summary: 'The folder to write (created if missing).'}),
    force: boolean({summary: 'Replace the snapshot in a folder that is not empty.'}),
    app: string({
      char: 'a',
      default: 'beyondtrust',
      summary: 'The app to record, from the catalogue (key, alias or bundle ID).',
    }),
    snapshot: string({
      summary: 'Record from an existing snapshot instead of this Mac (keeps only what doctor reads, redacted again).',
    }),
  }

  async run(): Promise<CollectJson> {
    const {flags} = await this.parse(Collect)
    const {openMac} = await import('../system/open-mac.js')
    const mac = await openMac({
      purpose: 'pppc collect',
      problem: 'pppc collect records the Mac it runs on, and this is not a Mac',
      hint: 'run it on the Mac (Terminal needs Full Disk Access), then read the folder anywhere with `pppc doctor --snapshot DIR`',
      ...(flags.snapshot ? {snapshot: flags.snapshot} : {}),
    })
    const {requireApp} = await import('../profiles/catalogue.js')
    const app = requireApp(flags.app)
    const {collectSnapshot} = await import('../checks/collect.js')
    const {renderSnapshotReadme} = await import('../render/snapshot-readme.js')
    const result = await collectSnapshot(mac, app, flags.output, {
      force: flags.force,
      recordedWith: `pppc ${this.config.version} collect${flags.snapshot ? ` --snapshot ${flags.snapshot}` : ''}`,
      readme: (index, diagnosis, redacted) =>
        renderSnapshotReadme(index, {dir: flags.output, reader: diagnosis.reader, redacted}),
    })
    const copied = result.files.filter((f) => f.status === 'copied').length
    const notCopied = result.files.filter((f) => f.status !== 'copied').map((f) => `${f.path} ${f.status}`)
    this.log(
      `Wrote ${flags.output}: ${result.commands} command outputs, ${copied} file${copied === 1 ? '' : 's'} copied${notCopied.length > 0 ? ` (not copied: ${notCopied.join('; ')})` : ''}.`,
    )
    const fda = result.diagnosis.reader
    if (fda.fullDiskAccess === 'no')
      this.log(
        `${fda.app} has no Full Disk Access, so TCC.db was not copied: turn it on in System Settings › Privacy & Security › Full Disk Access and collect again.`,
      )
    const removed = result.redacted.reduce((n, r) => n + r.count, 0)
    if (removed > 0)
      this.log(`Removed ${removed} secret${removed === 1 ? '' : 's'} (listed by kind and place in README.md).`)
    this.log(result.diagnosis.verdict.summary)
    this.log(`Read it anywhere with: pppc doctor --snapshot ${flags.output}`)
    return {
      dir: result.dir,
      hostApp: result.hostApp,
      commands: result.commands,
      files: result.files,
      verdict: result.diagnosis.verdict.summary,
      redacted: result.redacted,
    }
  }
}
