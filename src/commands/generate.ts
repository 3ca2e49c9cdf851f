import {string, boolean} from '@oclif/core/flags'
import {readFile} from 'node:fs/promises'
import {BaseCommand} from '../cli/base-command.js'
import {PppcError} from '../errors.js'
import {type AppRequest, assembleApps} from '../profiles/assemble.js'
import {grantInputFromFlag, receiverRequirementsFromFlags, requestsFromFlags} from '../profiles/flag-requests.js'
import type {MdmName} from '../profiles/flavors.js'
import {
  completeIdentity,
  generate,
  type GenerateResult,
  OUTPUT_FORMATS,
  type OutputFormat,
} from '../profiles/generate.js'
import type {ProfileIdentity} from '../profiles/model.js'

export default class Generate extends BaseCommand {
  static override summary = 'Write a PPPC profile (or a macOS 27 declarative default) for Kandji, Jamf Pro or any MDM.'

  static override description = `Apps come from the catalogue (--app beyondtrust), from a bundle ID or path with its code requirement, from an installed app (--from-app, read with codesign on a Mac or from a --snapshot), or from a --spec YAML/JSON file. Catalogue apps get their documented grants; --grant adds or overrides (value none removes one).

Grants are checked against the format being written. A configuration profile cannot grant Screen Recording, Input Monitoring, Camera or Microphone: use allow-standard-user for the first two, deny for the last two.

--format ddm writes a com.apple.configuration.app.settings declaration for macOS 27 and later, following Apple's app.settings schema: defaults for Accessibility, Bluetooth, Camera, Dictation, Local Network, Location and Microphone, which the user accepts in a consent prompt (nothing is granted silently; a default can only allow). Screen Recording and Full Disk Access stay in the PPPC profile. The prompt shows --justification, by default a sentence naming --organization, the app and the permissions.

Automation (--grant automation:RECEIVER=allow) takes the receiver's requirement from pppc's table of common receivers (pppc apps --receivers); give others with --receiver-requirement RECEIVER=REQUIREMENT.

The same command always gives the same bytes: keys are sorted, PayloadUUIDs derive from --identifier, no timestamps.

Exit codes: 0 written, 1 the profile fails its own check (weak requirement without --allow-warnings), 2 bad input, 70 a bug in pppc.`

  static override examples = [
    '<%= config.bin %> generate --app beyondtrust --mdm kandji',
    '<%= config.bin %> generate --app beyondtrust --mdm jamf --identifier edu.example.pppc.beyondtrust -o beyondtrust.mobileconfig',
    '<%= config.bin %> generate --app beyondtrust --mdm jamf --format jamf-xml --jamf-category "Remote Support"',
    '<%= config.bin %> generate --bundle-id com.example.tool --code-requirement \'identifier "com.example.tool" and anchor apple generic\' --grant full-disk-access=allow',
    '<%= config.bin %> generate --app beyondtrust --format ddm --organization "Example University"',
    '<%= config.bin %> generate --app zoom --format ddm --grant camera=allow --grant microphone=allow --organization "Example University"',
    '<%= config.bin %> generate --app beyondtrust --grant automation:com.apple.finder=allow',
    '<%= config.bin %> generate --spec pppc.yaml --mdm kandji -o profile.mobileconfig --force',
  ]

  static override flags = {
    app: string({
      char: 'a',
      multiple: true,
      summary: 'App from the catalogue (key, alias or bundle ID); see `pppc apps`.',
      helpGroup: 'APPS',
    }),
    'bundle-id': string({
      multiple: true,
      summary: 'Bundle ID of an app not in the catalogue (with --code-requirement).',
      helpGroup: 'APPS',
    }),
    path: string({
      multiple: true,
      summary: 'Installation path of a non-bundled binary (with --code-requirement).',
      helpGroup: 'APPS',
    }),
    'code-requirement': string({
      multiple: true,
      summary: 'Designated requirement (`codesign -dr - APP`), one per --bundle-id/--path in order.',
      helpGroup: 'APPS',
    }),
    'from-app': string({
      multiple: true,
      summary: 'Installed app or binary: identifier and requirement read with codesign.',
      helpGroup: 'APPS',
    }),
    snapshot: string({
      summary: 'Read --from-app from a Mac recorded with `pppc collect` instead of this machine.',
      helpGroup: 'APPS',
    }),
    spec: string({summary: 'YAML or JSON file listing apps and grants (and optionally identity).', helpGroup: 'APPS'}),
    grant: string({
      char: 'g',
      multiple: true,
      summary:
        'SERVICE=VALUE for every app given by flags, e.g. full-disk-access=allow, screen-recording=allow-standard-user.',
      helpGroup: 'GRANTS',
    }),
    'receiver-requirement': string({
      multiple: true,
      summary: 'RECEIVER=REQUIREMENT: the code requirement of an Automation receiver pppc does not know.',
      helpGroup: 'GRANTS',
    }),
    mdm: string({
      char: 'm',
      options: ['kandji', 'jamf', 'generic'],
      default: 'generic',
      summary: 'The MDM the profile is for.',
    }),
    format: string({
      char: 'f',
      options: [...OUTPUT_FORMATS],
      default: 'mobileconfig',
      summary: 'mobileconfig, jamf-xml (Classic API body) or ddm (macOS 27 declaration).',
    }),
    identifier: string({
      summary: 'Top-level PayloadIdentifier, reverse DNS (default pppc.<apps>).',
      helpGroup: 'IDENTITY',
    }),
    organization: string({summary: 'PayloadOrganization.', helpGroup: 'IDENTITY'}),
    'display-name': string({summary: 'PayloadDisplayName (and the Jamf profile name).', helpGroup: 'IDENTITY'}),
    description: string({summary: 'PayloadDescription (default: what is granted to whom).', helpGroup: 'IDENTITY'}),
    uuid: string({summary: 'Top-level PayloadUUID (default: derived from --identifier).', helpGroup: 'IDENTITY'}),
    justification: string({
      summary:
        'OrganizationJustification the user reads in the macOS 27 consent prompt (--format ddm); default: names --organization, the app and the permissions.',
      helpGroup: 'IDENTITY',
    }),
    'jamf-category': string({summary: 'Jamf category name (--format jamf-xml).', helpGroup: 'JAMF'}),
    'jamf-site': string({summary: 'Jamf site name (--format jamf-xml).', helpGroup: 'JAMF'}),
    'jamf-distribution': string({
      options: ['auto', 'self-service'],
      default: 'auto',
      summary: 'Install automatically or make available in Self Service.',
      helpGroup: 'JAMF',
    }),
    output: string({char: 'o', summary: 'Write to this file (atomically) instead of stdout.'}),
    force: boolean({summary: 'Replace --output if it exists.'}),
    'allow-warnings': boolean({
      summary:
        'Write the profile even if `pppc validate --strict` would warn about it (e.g. a requirement without a Team ID).',
    }),
  }

  async run(): Promise<GenerateResult & {output: string | null}> {
    const {flags} = await this.parse(Generate)
    const requests: AppRequest[] = []
    let fromSpec: Partial<ProfileIdentity> = {}
    let specJustification: string | undefined
    if (flags.spec) {
      const {parseSpec} = await import('../profiles/spec-file.js')
      const text = await readFile(flags.spec, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new PppcError(`cannot read --spec ${flags.spec} (${error.code ?? error.message})`)
      })
      const spec = parseSpec(text, flags.spec)
      requests.push(...spec.apps)
      fromSpec = spec.identity
      specJustification = spec.justification
    }
    requests.push(
      ...requestsFromFlags({
        app: flags.app,
        bundleId: flags['bundle-id'],
        path: flags.path,
        codeRequirement: flags['code-requirement'],
      }),
    )
    if (flags['from-app']?.length) requests.push(...(await this.fromInstalledApps(flags['from-app'], flags.snapshot)))
    if (requests.length === 0)
      throw new PppcError('no app given', {
        hint: 'use --app beyondtrust, --bundle-id ID --code-requirement REQ, --from-app PATH or --spec FILE',
      })

    const apps = assembleApps(requests, (flags.grant ?? []).map(grantInputFromFlag), {
      receiverRequirements: receiverRequirementsFromFlags(flags['receiver-requirement']),
    })
    const justification = flags.justification ?? specJustification
    const given: Partial<ProfileIdentity> = {...fromSpec}
    if (flags.identifier) given.identifier = flags.identifier
    if (flags.organization) given.organization = flags.organization
    if (flags['display-name']) given.displayName = flags['display-name']
    if (flags.description) given.description = flags.description
    if (flags.uuid) given.uuid = flags.uuid
    const result = await generate({
      spec: {identity: completeIdentity(apps, given), apps},
      mdm: flags.mdm as MdmName,
      format: flags.format as OutputFormat,
      jamf: {
        distribution: flags['jamf-distribution'] as 'auto' | 'self-service',
        ...(flags['jamf-category'] ? {category: flags['jamf-category']} : {}),
        ...(flags['jamf-site'] ? {site: flags['jamf-site']} : {}),
      },
      ...(justification !== undefined ? {justification} : {}),
      allowWarnings: flags['allow-warnings'],
    })

    let output: string | null = null
    if (flags.output) {
      const {writeFileAtomic} = await import('../util/atomic-write.js')
      output = await writeFileAtomic(flags.output, result.content, {force: flags.force})
      this.log(`Wrote ${flags.output} (${Buffer.byteLength(result.content)} bytes, ${result.format} for ${result.mdm})`)
    } else if (!this.jsonEnabled()) {
      process.stdout.write(result.content)
    }
    for (const warning of result.warnings) this.say(`warning: ${warning}`)
    for (const note of result.notes) this.say(`note: ${note}`)
    return {...result, output}
  }

  private async fromInstalledApps(paths: string[], snapshot: string | undefined): Promise<AppRequest[]> {
    const {openMac} = await import('../system/open-mac.js')
    const {readAppIdentity} = await import('../system/app-identity.js')
    const mac = await openMac({purpose: '--from-app', ...(snapshot ? {snapshot} : {})})
    const requests: AppRequest[] = []
    for (const path of paths) {
      const app = await readAppIdentity(mac, path)
      requests.push({
        kind: app.identifierType,
        identifier: app.identifier,
        codeRequirement: app.codeRequirement,
        name: app.name,
        origin: `--from-app ${path}`,
      })
    }
    return requests
  }
}
