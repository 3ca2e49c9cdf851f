import {string as stringArg} from '@oclif/core/args'
import {boolean} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {readProfileFile} from '../cli/profile-file.js'
import type {ProfileDiff} from '../profiles/diff.js'

export default class Diff extends BaseCommand {
  static override summary = 'Compare two profiles by apps, services and values, not by XML.'

  static override description = `Reads both profiles (XML, binary or signed, keys in any case, Allowed or Authorization) and lists the apps added and removed, and for each app the services whose value changed, and changed code requirements (compared by what they ask, not how they are written); then the profile's own fields (PayloadIdentifier, PayloadUUID, names, scope, signer), unless --grants-only.

Exit codes: 0 the same, 1 they differ, 2 a file cannot be read.`

  static override examples = [
    '<%= config.bin %> diff deployed.mobileconfig new.mobileconfig',
    '<%= config.bin %> diff "PPPC Utility export.mobileconfig" generated.mobileconfig --grants-only',
    '<%= config.bin %> diff a.mobileconfig b.mobileconfig --json',
  ]

  static override args = {
    a: stringArg({description: 'The first profile (the old one).', required: true}),
    b: stringArg({description: 'The second profile (the new one).', required: true}),
  }

  static override flags = {
    'grants-only': boolean({summary: 'Compare only what is granted, not the identifiers, names or signer.'}),
  }

  async run(): Promise<ProfileDiff & {a: string; b: string}> {
    const {args, flags} = await this.parse(Diff)
    const [a, b] = [await readProfileFile(args.a), await readProfileFile(args.b)]
    const {readGrants} = await import('../profiles/profile-grants.js')
    const {diffProfiles, formatDiff} = await import('../profiles/diff.js')
    const side = (file: typeof a) => ({
      grants: readGrants(file.document.value),
      signer: file.document.signature
        ? `${file.document.signature.subject}${file.document.signature.verified ? '' : ' (signature does not verify)'}`
        : 'unsigned',
    })
    const diff = diffProfiles(side(a), side(b), {grantsOnly: flags['grants-only']})
    if (!diff.same) process.exitCode = 1
    if (!this.jsonEnabled()) process.stdout.write(formatDiff(diff, args.a, args.b))
    return {a: args.a, b: args.b, ...diff}
  }
}
