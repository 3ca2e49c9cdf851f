import {string as stringArg} from '@oclif/core/args'
import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {EXIT, PppcError} from '../errors.js'
import type {ValidateOptions} from '../profiles/findings.js'
import {REPORT_FORMATS, type ReportFormat, type Summary} from '../render/report-formats.js'
import type {FileReport} from '../profiles/validate.js'
import type {AtomicFile} from '../util/atomic-write.js'
import type {batched, TextSink} from '../util/spool.js'

/** Files validated between returns to the event loop (each costs a few microseconds). */
const YIELD_EVERY = 64

/**
 * Files from which V8's compiler budgets are set for a long run (util/jit-budget.ts): below, the compiler has little
 * to do and loading node:v8 (about a millisecond) is not paid back.
 */
const COMPILER_BUDGETS_FROM = 100

export default class Validate extends BaseCommand {
  static override summary = "Check profiles against Apple's PPPC rules and what Jamf Pro and Kandji accept."

  static override description = `Reads XML, binary and CMS-signed profiles (the signer is reported and the signature checked), then applies the rules listed in the README (\`pppc validate --rules\`). Files, folders (recursively: .mobileconfig and .plist, symlinks to files followed, symlinks to folders not) and quoted globs.

Exit codes: 0 clean, 1 findings (errors, or warnings with --strict), 2 usage error or unreadable input, 70 a bug in pppc (please report it). Info findings never fail; a file beyond pppc's limits (--max-size, nesting) is a finding on that file; among several files, one that cannot be read is a finding on it (PPPC084) and the run ends with 2 after the report; a configuration that does not fit its schema, or a folder with no profile, is a usage error (2).

Severities can be set per rule, globally or for path globs, in a .pppc.yaml found upward from each file (or --config FILE); an XML profile can turn rules off with <!-- pppc-disable-next-line PPPCnnn --> or <!-- pppc-disable-file PPPCnnn -->. --explain PPPCnnn prints a rule's documentation.`

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
    // Unset, an oclif boolean is undefined: summary.failed (errors || strict && warnings) then fell out of --json.
    strict: boolean({summary: 'Fail on warnings too.', default: false}),
    'min-macos': string({summary: 'Oldest macOS the profiles must work on (e.g. 11, 12.7).'}),
    'target-macos': string({summary: 'Newest macOS they are deployed to (e.g. 27): warns about deprecations.'}),
    mdm: string({options: ['jamf', 'kandji'], summary: 'Also check what this MDM needs or changes.'}),
    output: string({char: 'o', summary: 'Write the report to this file (atomically) instead of stdout.'}),
    force: boolean({summary: 'Replace --output if it exists.'}),
    rules: boolean({summary: 'List the rules instead of validating.'}),
    'max-size': string({
      summary: 'Largest file to read (default 64MiB; e.g. 200MiB); a larger one is a PPPC008 finding, not read.',
    }),
    ca: string({summary: 'PEM file of trusted CA certificates: check the chain of signed profiles against it.'}),
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
    const {parseMacosVersion} = await import('../profiles/validate.js')
    const {validateFile} = await import('../profiles/read-file.js')
    const {maxSizeFlag} = await import('../profiles/limits.js')
    const {reportStream, Tally} = await import('../render/report-formats.js')
    const options: ValidateOptions = {}
    if (flags['min-macos']) options.minMacos = parseMacosVersion(flags['min-macos'], '--min-macos')
    if (flags['target-macos']) options.targetMacos = parseMacosVersion(flags['target-macos'], '--target-macos')
    if (flags.mdm) options.mdm = flags.mdm as 'jamf' | 'kandji'

    const maxBytes = maxSizeFlag(flags['max-size'])
    if (flags.ca) {
      const {loadTrustAnchors} = await import('../profiles/cms.js')
      options.trustAnchors = await loadTrustAnchors(flags.ca)
    }

    const files = await expandPaths(argv as string[])
    if (files.length === 0)
      throw new PppcError(`no profiles found in ${(argv as string[]).join(', ')}`, {
        hint: 'folders are searched for .mobileconfig and .plist files; name a file to read it whatever its name',
      })
    if (files.length >= COMPILER_BUDGETS_FROM) (await import('../util/jit-budget.js')).setCompilerBudgets()
    const {LintConfigs} = await import('../cli/lint-configs.js')
    const configs = new LintConfigs(flags.config)
    // A configuration that cannot be read or does not fit its schema is a usage error before any report is written:
    // each is read once here (and kept), so nothing of the report reaches stdout first.
    for (const {path} of files) await configs.settingsFor(path)

    // The report streams: each file's part is written (or spooled) as soon as the file is done, and only the counts
    // are kept, so memory stays flat however many files there are. --json returns every report, so it keeps them.
    const keep = this.jsonEnabled()
    const kept: FileReport[] = []
    let sink: TextSink | undefined
    let file: AtomicFile | undefined
    let stdout: ReturnType<typeof batched> | undefined
    if (flags.output) {
      const {AtomicFile} = await import('../util/atomic-write.js')
      file = await AtomicFile.open(flags.output, {force: flags.force})
      sink = file
    } else if (!keep) {
      const {batched, stdoutSink} = await import('../util/spool.js')
      // A person at a terminal sees each file's report as it is done; a pipe or a file gets it in fewer, larger writes.
      sink = process.stdout.isTTY ? stdoutSink : (stdout = batched(stdoutSink))
    }
    const tally = new Tally()
    let internal = false
    let unreadableInput = false
    const report = sink ? await reportStream(flags.format as ReportFormat, sink, flags.strict) : undefined
    try {
      // Validation is CPU-bound and the files are small: synchronous reads cost a fraction of a promise round trip
      // each. Whatever happens with one file becomes a finding on it; every file gets its report.
      let done = 0
      for (const {path, listed} of files) {
        // Back to the event loop now and then: Ctrl-C (and the removal of temporary files it asks for) is handled
        // there, and validation alone would never return to it before the last file.
        if (++done % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve))
        const rules = await configs.settingsFor(path)
        const one = await validateFile(path, {
          ...options,
          ...(rules ? {rules} : {}),
          maxBytes,
          listed,
          unreadableAsFinding: files.length > 1,
          version: this.config.version,
        })
        tally.add(one)
        // A failure of pppc's own on a file (PPPC009) is a bug, not a finding about the profile: CI must see it as such.
        if (one.findings.some((f) => f.rule === 'PPPC009')) internal = true
        // A file that could not be read is an input error (exit 2), reported after every other file's report.
        if (one.findings.some((f) => f.rule === 'PPPC084')) unreadableInput = true
        if (keep) kept.push(one)
        await report?.file(one)
      }
      const summary = tally.summary(flags.strict)
      if (summary.failed) process.exitCode = EXIT.findings
      if (unreadableInput) process.exitCode = EXIT.usage
      if (internal) process.exitCode = EXIT.internal
      await report?.end(summary)
      await stdout?.flush()
      if (file) {
        await file.commit()
        if (!keep)
          process.stderr.write(
            `${summary.files} files, ${summary.errors} errors, ${summary.warnings} warnings; report written to ${flags.output}\n`,
          )
      }
      return {summary, files: kept}
    } finally {
      // What was gathered goes out before an error's message, as it would have without the gathering.
      await stdout?.flush()
      await report?.dispose()
      await file?.abort()
    }
  }
}
