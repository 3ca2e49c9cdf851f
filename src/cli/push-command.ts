import {boolean} from '@oclif/core/flags'
import {BaseCommand} from './base-command.js'
import type {LoadedProfile, Mdm, PushResult} from '../deploy/push.js'
import type {FileReport} from '../profiles/validate.js'

/** What `pppc push jamf` and `pppc push kandji` share: validation first, the dry run, and how a result is shown. */
export abstract class PushCommand extends BaseCommand {
  static readonly pushFlags = {
    validate: boolean({
      allowNo: true,
      default: true,
      summary: 'Validate before pushing (--no-validate to push a profile with errors).',
    }),
    'dry-run': boolean({summary: 'Print the requests that would be sent, credentials redacted; send nothing.'}),
  }

  protected async push(
    mdm: Mdm,
    file: string,
    options: {name: string; validate: boolean; dryRun: boolean},
    send: (loaded: LoadedProfile) => Promise<PushResult>,
  ): Promise<PushResult> {
    const {describeResult, dryRunNote, loadProfile, requireValid} = await import('../deploy/push.js')
    const loaded = await loadProfile(file, mdm, options.validate)
    await this.showFindings(loaded.report)
    requireValid(loaded)
    const result = await send(loaded)
    if (!this.jsonEnabled()) process.stdout.write(describeResult(result))
    if (options.dryRun) this.say(dryRunNote(mdm, options.name))
    return result
  }

  private async showFindings(report: FileReport | undefined): Promise<void> {
    // Info findings are notes about the MDM this command already handles (Kandji's identifier, run on Mac).
    const findings = report?.findings.filter((f) => f.severity !== 'info') ?? []
    if (!report || findings.length === 0 || this.jsonEnabled()) return
    const {FORMATTERS, summarise} = await import('../render/report-formats.js')
    const shown = {...report, findings}
    process.stderr.write(FORMATTERS.text([shown], summarise([shown], false)))
  }
}
