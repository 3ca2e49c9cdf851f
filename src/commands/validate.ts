import {readFileSync} from 'node:fs'
import {string as stringArg} from '@oclif/core/args'
import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {PppcError} from '../errors.js'
import type {ValidateOptions} from '../profiles/findings.js'
import {REPORT_FORMATS, type ReportFormat, type Summary} from '../render/report-formats.js'
import type {FileReport} from '../profiles/validate.js'

export default class Validate extends BaseCommand {
  static override summary = "Check profiles against Apple's PPPC rules and what Jamf Pro and Kandji accept."

  static override description = `Reads XML, binary and CMS-signed profiles (the signer is reported and the signature checked), then applies the rules listed in the README (\`pppc validate --rules\`). Files, folders (recursively: .mobileconfig and .plist) and quoted globs.

Severities can be set per rule, globally or for path globs, in a .pppc.yaml found upward from each file (or --config FILE); an XML profile can turn rules off with <!-- pppc-disable-next-line PPPCnnn --> or <!-- pppc-disable-file PPPCnnn -->. --explain PPPCnnn prints a rule's documentation.

Exit codes: 0 clean, 1 findings (errors, or warnings with --strict), 2 usage error, unreadable input, a configuration that does not fit its schema, or no profiles found. Info findings never fail.`

  static override examples = [
    '<%= config.bin %> validate profiles/',
    '<%= config.bin %> validate "profiles/**/*.mobileconfig" --strict --format github',
    '<%= config.bin %> validate beyondtrust.mobileconfig --min-macos 12 --target-macos 27 --mdm kandji',
    '<%= config.bin %> validate profiles/ --format sarif -o pppc.sarif',
    '<%= config.bin %> validate profiles/ --config ci/pppc.yaml',
    '<%= config.bin %> validate --explain PPPC045',
  ]

  // Any number of paths: files, folders and globs.
  static override strict = false

  static override args = {
    paths: stringArg({
      description: 'Profiles, folders (searched recursively) or quoted globs; several may be given.',
      required: false,
    }),
  }

  static override flags = {
    format: string({
      char: 'f',
      options: [...REPORT_FORMATS],
      default: 'text',
      summary: 'text, json, junit, sarif or github (Actions annotations).',
    }),
    strict: boolean({summary: 'Fail on warnings too.'}),
    'min-macos': string({summary: 'Oldest macOS the profiles must work on (e.g. 11, 12.7).'}),
    'target-macos': string({summary: 'Newest macOS they are deployed to (e.g. 27): warns about deprecations.'}),
    mdm: string({options: ['jamf', 'kandji'], summary: 'Also check what this MDM needs or changes.'}),
    output: string({char: 'o', summary: 'Write the report to this file (atomically) instead of stdout.'}),
    force: boolean({summary: 'Replace --output if it exists.'}),
    rules: boolean({summary: 'List the rules instead of validating.'}),
    explain: string({summary: "Print a rule's documentation (why, what Apple says, an example, the fix)."}),
    config: string({
      char: 'c',
      summary: 'Use this configuration for every file, instead of the .pppc.yaml found upward from each.',
    }),
  }

  async run(): Promise<{summary: Summary; files: FileReport[]} | {rules: unknown[]} | {rule: unknown}> {
    const {argv, flags} = await this.parse(Validate)
    if (flags.explain) {
      const {isRuleId, nearestRuleId, rule} = await import('../profiles/rules.js')
      const id = flags.explain.toUpperCase()
      if (!isRuleId(id)) {
        const near = nearestRuleId(flags.explain)
        throw new PppcError(`"${flags.explain}" is not a rule${near ? `; did you mean ${near}?` : ''}`, {
          hint: '`pppc validate --rules` lists them',
        })
      }
      const {explainRule} = await import('../render/rule-doc.js')
      if (!this.jsonEnabled()) process.stdout.write(explainRule(rule(id)))
      return {rule: rule(id)}
    }
    if (flags.rules) {
      const {RULES} = await import('../profiles/rules.js')
      for (const r of RULES) this.log(`${r.id}  ${r.severity.padEnd(7)}  ${r.title}`)
      return {rules: [...RULES]}
    }
    const {expandPaths} = await import('../util/expand-paths.js')
    const {parseMacosVersion, validateBytes} = await import('../profiles/validate.js')
    const {FORMATTERS, summarise} = await import('../render/report-formats.js')
    const options: ValidateOptions = {}
    if (flags['min-macos']) options.minMacos = parseMacosVersion(flags['min-macos'], '--min-macos')
    if (flags['target-macos']) options.targetMacos = parseMacosVersion(flags['target-macos'], '--target-macos')
    if (flags.mdm) options.mdm = flags.mdm as 'jamf' | 'kandji'

    const files = await expandPaths(argv as string[])
    if (files.length === 0)
      throw new PppcError(`no profiles found in ${(argv as string[]).join(', ')}`, {
        hint: 'folders are searched for .mobileconfig and .plist files; name a file to read it whatever its name',
      })
    const {LintConfigs} = await import('../cli/lint-configs.js')
    const configs = new LintConfigs(flags.config)
    // Validation is CPU-bound and the files are small: synchronous reads cost a fraction of a promise round trip each.
    const reports: FileReport[] = []
    for (const file of files) {
      let bytes: Buffer
      try {
        bytes = readFileSync(file)
      } catch (error) {
        throw new PppcError(
          `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        )
      }
      const rules = await configs.settingsFor(file)
      reports.push(await validateBytes(file, bytes, rules ? {...options, rules} : options))
    }

    const summary = summarise(reports, flags.strict)
    if (summary.failed) process.exitCode = 1
    const text = FORMATTERS[flags.format as ReportFormat](reports, summary)
    if (flags.output) {
      const {writeFileAtomic} = await import('../util/atomic-write.js')
      await writeFileAtomic(flags.output, text, {force: flags.force})
      if (!this.jsonEnabled())
        process.stderr.write(
          `${summary.files} files, ${summary.errors} errors, ${summary.warnings} warnings; report written to ${flags.output}\n`,
        )
    } else if (!this.jsonEnabled()) {
      process.stdout.write(text)
    }
    return {summary, files: reports}
  }
}
