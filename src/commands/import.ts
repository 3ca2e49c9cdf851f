import {string as stringArg} from '@oclif/core/args'
import {boolean, string} from '@oclif/core/flags'
import {basename} from 'node:path'
import {BaseCommand} from '../cli/base-command.js'
import {readProfileFile} from '../cli/profile-file.js'
import type {ImportCheck, SpecOut} from '../profiles/import.js'

interface ImportCommandResult {
  source: string
  output: string | null
  signature: {subject: string; verified: boolean} | null
  apps: number
  grants: number
  spec: SpecOut
  yaml: string
  /** What `pppc generate --spec` makes of it: the same grants, or why not. */
  check: ImportCheck
  notes: string[]
  warnings: string[]
}

export default class Import extends BaseCommand {
  static override summary = 'Turn an existing PPPC profile into a spec file for `pppc generate --spec`.'

  static override description = `Reads any PPPC profile (PPPC Utility, Jamf Pro, iMazing, Kandji or hand-written; XML, binary or signed) and writes the apps, requirements and grants as a YAML spec file. \`pppc generate --spec\` of that file writes the same grants, with pppc's identifiers and deterministic UUIDs; review changes in the spec from then on, and compare profiles with \`pppc diff\`.

Catalogue defaults the profile does not grant are written as none, and receivers pppc knows are named by bundle ID. What pppc validate finds in the source is listed as warnings: generate refuses what Apple does not allow.`

  static override examples = [
    '<%= config.bin %> import "PPPC Utility export.mobileconfig"',
    '<%= config.bin %> import legacy.mobileconfig -o pppc.yaml',
    '<%= config.bin %> import signed.mobileconfig --json',
  ]

  static override args = {file: stringArg({description: 'The profile to import.', required: true})}

  static override flags = {
    output: string({char: 'o', summary: 'Write the spec to this file (atomically) instead of stdout.'}),
    force: boolean({summary: 'Replace --output if it exists.'}),
  }

  async run(): Promise<ImportCommandResult> {
    const {args, flags} = await this.parse(Import)
    const {document} = await readProfileFile(args.file)
    const {checkImport, importProfile} = await import('../profiles/import.js')
    const imported = importProfile(document.value, basename(args.file))
    const check = await checkImport(imported, document.value)
    const warnings: string[] = []
    const notes = [...imported.notes]
    if (document.signature && !document.signature.verified)
      warnings.push(
        `the signature by ${document.signature.subject} does not verify: the content was changed after signing (${document.signature.problem ?? 'tampered'})`,
      )
    const {validateDocument} = await import('../profiles/validate.js')
    const errors = validateDocument(document).filter((f) => f.severity === 'error')
    if (errors.length > 0 && check.generates)
      notes.push(
        `pppc validate finds ${errors.length} error${errors.length === 1 ? '' : 's'} in ${args.file} (${[...new Set(errors.map((f) => f.rule))].join(', ')}); a profile generated from the spec is written correctly.`,
      )
    if (check.problem) warnings.push(`pppc generate --spec refuses it as it is: ${check.problem}`)
    else if (check.warnings)
      warnings.push(`pppc generate --spec stops on ${check.warnings}; pass --allow-warnings to keep them`)
    if (check.generates && !check.sameGrants)
      warnings.push(
        'the profile generated from the spec does not grant exactly what the source grants; please report this',
      )
    if (check.generates && check.sameGrants)
      notes.push(`pppc generate --spec writes the same ${imported.grants} grants.`)

    let output: string | null = null
    if (flags.output) {
      const {writeFileAtomic} = await import('../util/atomic-write.js')
      output = await writeFileAtomic(flags.output, imported.yaml, {force: flags.force})
      this.log(
        `Wrote ${flags.output} (${imported.apps} app${imported.apps === 1 ? '' : 's'}, ${imported.grants} grant${imported.grants === 1 ? '' : 's'})`,
      )
    } else if (!this.jsonEnabled()) {
      process.stdout.write(imported.yaml)
    }
    for (const warning of warnings) this.say(`warning: ${warning}`)
    for (const note of notes) this.say(`note: ${note}`)
    return {
      source: args.file,
      output,
      signature: document.signature
        ? {subject: document.signature.subject, verified: document.signature.verified}
        : null,
      apps: imported.apps,
      grants: imported.grants,
      spec: imported.spec,
      yaml: imported.yaml,
      check,
      notes,
      warnings,
    }
  }
}
