import {string as stringArg} from '@oclif/core/args'
import {boolean} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import type {AppEntry} from '../profiles/app-entry.js'
import {allApps, requireApp} from '../profiles/catalogue.js'
import {DDM_ONLY} from '../profiles/ddm-permissions.js'
import {friendlyAuthorization, grantFlag} from '../profiles/grants.js'
import type {ReceiverEntry} from '../profiles/receiver-check.js'
import {serviceByKey, SERVICES, type Service} from '../profiles/services.js'
import {renderTable} from '../render/table.js'

const VERIFICATION_MARK: Record<AppEntry['verification'], string> = {
  verified: 'verified',
  partially_verified: 'PARTIAL',
  unverified: 'UNVERIFIED',
}

function grantText(app: AppEntry, optional: boolean): string {
  return app.grants
    .filter((g) => Boolean(g.optional) === optional)
    .map((g) => `${serviceByKey(g.service)?.label ?? g.service}=${friendlyAuthorization(g.authorization)}`)
    .join(', ')
}

/** The --grant flags that add an app's optional grants, exactly as `pppc generate` takes them. */
function optionalFlags(app: AppEntry): string {
  return app.grants
    .filter((g) => g.optional)
    .map((g) => grantFlag(g))
    .join(' ')
}

export default class Apps extends BaseCommand {
  static override summary =
    'List the app catalogue, show one app with its sources, or list the PPPC services or the Apple Events receivers.'

  static override description =
    'Entries marked PARTIAL or UNVERIFIED have a code requirement that was not corroborated by the vendor; confirm it with `codesign -dr -` on an installed copy before deploying.\n\nExit codes: 0 ok, 2 usage error (unknown app), 70 a bug in pppc.'

  static override examples = [
    '<%= config.bin %> apps',
    '<%= config.bin %> apps beyondtrust',
    '<%= config.bin %> apps --services',
    '<%= config.bin %> apps --receivers',
    '<%= config.bin %> apps --json',
  ]

  static override args = {
    name: stringArg({description: 'Catalogue key, alias or bundle ID.', required: false}),
  }

  static override flags = {
    services: boolean({
      summary: 'List the 24 PPPC services with their names and allowed values (and the declarative-only ones) instead.',
    }),
    receivers: boolean({
      summary: 'List the Apple Events receivers pppc knows (--grant automation:RECEIVER=allow), with their sources.',
    }),
  }

  async run(): Promise<
    {apps: AppEntry[]} | {app: AppEntry} | {services: Service[]} | {receivers: readonly ReceiverEntry[]}
  > {
    const {args, flags} = await this.parse(Apps)
    if (flags.services) {
      this.log(
        renderTable(
          ['service', 'System Settings', 'values', 'macOS', 'deprecated', 'ddm', 'names'],
          SERVICES.map((s) => [
            s.key,
            s.renamed ? `${s.label} / ${s.renamed.label} (${s.renamed.macos}+)` : s.label,
            s.authorizations.map(friendlyAuthorization).join(', '),
            s.introduced,
            s.deprecated ?? '',
            s.ddmKey ?? '',
            s.aliases.join(', '),
          ]),
        ),
      )
      this.log(
        `\nOnly a declaration (--format ddm, macOS 27) sets ${DDM_ONLY.map((p) => `${p.label} (${p.key}: ${p.aliases.join(', ')})`).join(' and ')}.`,
      )
      return {services: [...SERVICES]}
    }
    if (flags.receivers) {
      const {allReceivers} = await import('../profiles/receivers.js')
      const receivers = allReceivers()
      this.log(
        renderTable(
          ['receiver', 'name', 'signed by', 'requirement'],
          receivers.map((r) => [
            r.bundleId,
            r.name,
            r.signing,
            r.codeRequirement === null ? 'none published: give --receiver-requirement' : r.evidence,
          ]),
        ),
      )
      this.log(
        `\n${receivers.length} receivers. --grant automation:RECEIVER=allow takes the requirement from here; \`pppc apps --receivers --json\` shows each with its source.`,
      )
      return {receivers}
    }
    if (args.name) {
      const app = requireApp(args.name)
      this.log(this.describe(app))
      return {app}
    }
    this.log(
      renderTable(
        ['app', 'bundle ID', 'team ID', 'status', 'grants'],
        allApps().map((a) => [a.key, a.bundleId, a.teamId, VERIFICATION_MARK[a.verification], grantText(a, false)]),
      ),
    )
    this.log(`\n${allApps().length} apps. \`pppc apps NAME\` shows one with its sources.`)
    return {apps: [...allApps()]}
  }

  private describe(app: AppEntry): string {
    const lines = [
      app.name,
      `  key:              ${app.key}${app.aliases.length > 0 ? ` (also: ${app.aliases.join(', ')})` : ''}`,
      `  vendor:           ${app.vendor}`,
      `  bundle ID:        ${app.bundleId} (${app.bundleRole})`,
      `  team ID:          ${app.teamId}`,
      `  status:           ${VERIFICATION_MARK[app.verification]}${app.verification === 'verified' ? '' : ' - confirm with codesign -dr - on an installed copy'}`,
      `  requirement:      ${app.codeRequirement}`,
      `  requirement from: ${app.requirementSource}`,
      `  grants:           ${grantText(app, false)}`,
    ]
    const optional = grantText(app, true)
    if (optional) lines.push(`  optional grants:  ${optional} (add with ${optionalFlags(app)})`)
    for (const g of app.grants)
      if (g.purpose) lines.push(`    ${g.service}: ${g.purpose}${g.source ? ` [${g.source}]` : ''}`)
    if (app.relatedBundleIds.length > 0)
      lines.push(`  related:          ${app.relatedBundleIds.map((r) => `${r.id} (${r.role})`).join('; ')}`)
    const downloads = app.client?.launcher?.downloads
    if (downloads) lines.push(`  downloads as:     ${downloads.join(', ')}`)
    if (app.notes.length > 0) lines.push('  notes:', ...app.notes.map((n) => `    - ${n}`))
    lines.push('  sources:', ...app.sources.map((s) => `    - ${s}`))
    return lines.join('\n')
  }
}
