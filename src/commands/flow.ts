import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {PppcError} from '../errors.js'
import type {Flow} from '../onboarding/flow.js'
import type {Browser, MdmKind} from '../onboarding/steps.js'
import type {MacosVersion} from '../macos/version.js'

const FORMATS = ['text', 'markdown', 'html', 'json'] as const

export default class FlowCommand extends BaseCommand {
  static override summary =
    'Show what the user sees and does to join a BeyondTrust session on a given macOS, browser and MDM.'

  static override description = `From the download to the end of the session, following the BeyondTrust onboarding documents: the download per browser, the "downloaded from the internet" Open, the agreement, Deny on the first Screen Recording request, the Action Required window with its Screen Recording, Accessibility and Full Disk Access sections, Quit & Reopen, and ending the session.

macOS 10.15 to 12 get the lock-and-checkbox steps of System Preferences; macOS 13 and later the toggles of System Settings (with the extra Allow windows of macOS 15). With --mdm kandji (or jamf, with its PPPC profile deployed) Accessibility and Full Disk Access are already granted; --granted names what else is.

Without --macos it uses the version of the Mac it runs on. --format html writes one self-contained page to send to a user.

Exit codes: 0 ok, 2 usage error (no --macos off a Mac), 70 a bug in pppc.`

  static override examples = [
    '<%= config.bin %> flow --macos 15.1 --browser chrome',
    '<%= config.bin %> flow --macos 12.7.6 --browser safari --mdm kandji',
    '<%= config.bin %> flow --macos 14.6 --granted screen-recording,accessibility',
    '<%= config.bin %> flow --macos 26.1 --browser firefox --format html -o join-session.html',
  ]

  static override flags = {
    macos: string({summary: "macOS version as sw_vers prints it (12.7.6, 15.1, 26.1); default: this Mac's."}),
    browser: string({
      options: ['chrome', 'firefox', 'edge', 'safari'],
      summary: 'The browser the user downloads with (default: the steps of every browser).',
    }),
    mdm: string({
      options: ['kandji', 'jamf', 'none'],
      default: 'none',
      summary: "The MDM that manages the Mac, with the client's PPPC profile deployed.",
    }),
    granted: string({
      multiple: true,
      summary:
        'Permissions already granted: screen-recording, accessibility, full-disk-access or all (comma-separated).',
    }),
    format: string({
      char: 'f',
      options: [...FORMATS],
      default: 'text',
      summary: 'text, markdown, html (one self-contained page) or json.',
    }),
    output: string({char: 'o', summary: 'Write to this file (atomically) instead of stdout.'}),
    force: boolean({summary: 'Replace --output if it exists.'}),
  }

  async run(): Promise<Flow> {
    const {flags} = await this.parse(FlowCommand)
    const {parseGranted, sectionsFor} = await import('../onboarding/flow-options.js')
    const granted = parseGranted(flags.granted ?? [])
    const macos = flags.macos
      ? (await import('../macos/version.js')).parseMacosFlag(flags.macos)
      : await this.runningMacos()
    const {buildFlow} = await import('../onboarding/flow.js')
    const mdm = flags.mdm as MdmKind
    const flow = buildFlow({
      macos,
      mdm,
      services: sectionsFor(mdm, granted),
      ...(flags.browser ? {browser: flags.browser as Browser} : {}),
    })
    if (this.jsonEnabled()) return flow

    let content: string
    if (flags.format === 'json') {
      content = `${JSON.stringify(flow, null, 2)}\n`
    } else {
      const {renderTemplate} = await import('../render/templates.js')
      const {flowView} = await import('../render/flow-view.js')
      content = await renderTemplate('flow', flags.format as 'text' | 'markdown' | 'html', flowView(flow))
    }
    if (flags.output) {
      const {writeFileAtomic} = await import('../util/atomic-write.js')
      await writeFileAtomic(flags.output, content, {force: flags.force})
      this.log(`Wrote ${flags.output} (${flags.format}, ${flow.macos.description}, ${flow.flow.id})`)
    } else {
      process.stdout.write(content)
    }
    return flow
  }

  /** The version of the Mac pppc runs on; elsewhere, a one-line error asking for --macos. */
  private async runningMacos(): Promise<MacosVersion> {
    if (process.platform !== 'darwin')
      throw new PppcError('pppc flow needs --macos VERSION when it does not run on a Mac', {
        hint: "give the version of the user's Mac, e.g. --macos 15.1 (sw_vers -productVersion on that Mac)",
      })
    const {openMac} = await import('../system/open-mac.js')
    const {readMacos} = await import('../system/read-macos.js')
    const read = await readMacos(await openMac({purpose: 'pppc flow'}))
    if (read.status !== 'ok')
      throw new PppcError(`cannot tell the macOS version of this Mac: ${read.message}`, {
        hint: 'give it with --macos VERSION',
        exitCode: 1,
      })
    const version = read.value
    return version
  }
}
