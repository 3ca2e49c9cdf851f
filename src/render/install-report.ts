/** `pppc install` as text for a terminal: what was found, what was checked, what was decided, what was done. */
import {formatBytes} from '../profiles/limits.js'
import type {InstallReport} from '../install/install.js'
import {APP, TEMP, type PlanStep} from '../install/plan.js'
import {describeQuarantine} from '../system/quarantine.js'
import {terminalSafe} from '../util/safe-text.js'

const SAFE_ARG = /^[\w./=:@%+,-]+$/

/** An argument as a shell would need it typed; the temporary folder and a disk image's app stay variables. */
export function shellArg(arg: string): string {
  if (SAFE_ARG.test(arg)) return arg
  const app = arg.endsWith(`/${APP}`) ? `/${APP}` : ''
  const body = app ? arg.slice(0, -app.length) : arg
  if (body.startsWith(TEMP)) return `"${TEMP}${quoteInside(body.slice(TEMP.length))}${app}"`
  if (app) return `"${quoteInside(body)}${app}"`
  return `'${arg.replace(/'/g, `'\\''`)}'`
}

function quoteInside(text: string): string {
  return text.replace(/(["\\$`])/g, '\\$1')
}

export function commandLine(argv: string[]): string {
  return argv.map(shellArg).join(' ')
}

const LABEL_WIDTH = 14

function row(label: string, value: string, indent = ''): string {
  return `${indent}${label.padEnd(LABEL_WIDTH - indent.length)}${value}`
}

const CHECK_LABEL = {
  signature: 'signature',
  gatekeeper: 'gatekeeper',
  'team-id': 'team ID',
  'bundle-id': 'bundle ID',
} as const

function archiveLines(report: InstallReport): string[] {
  const a = report.archive
  if (!a) return []
  const c = a.counts
  const lines = [
    row(
      'archive',
      `${c.entries} entries (${c.directories} folders, ${c.files} files, ${c.symlinks} symlinks): ${formatBytes(a.size)} unpacked from ${formatBytes(a.compressedSize)} (ratio ${a.ratio} to 1)`,
    ),
  ]
  if (a.apps.length > 0) lines.push(row('app', a.apps.join(', '), '  '))
  if (a.symlinks.length > 0) {
    const out = a.symlinks.filter((s) => s.resolved === null).length
    lines.push(
      row(
        'symlinks',
        out === 0 ? `${a.symlinks.length}, all inside the bundle` : `${a.symlinks.length}, ${out} leading outside`,
        '  ',
      ),
    )
  }
  if (a.safe) lines.push(row('verdict', 'safe to extract with ditto', '  '))
  else lines.push(row('verdict', 'UNSAFE: nothing was extracted', '  '), ...a.problems.map((p) => `    - ${p.message}`))
  return lines
}

function planLines(steps: PlanStep[], heading: string): string[] {
  const lines = [heading]
  const width = String(steps.length).length
  steps.forEach((step, i) => {
    lines.push(
      `  ${String(i + 1).padStart(width)}. ${commandLine(step.argv)}`,
      `  ${' '.repeat(width)}  ${step.why}${step.when ? ` (${step.when})` : ''}`,
    )
  })
  return lines
}

function verificationLines(report: InstallReport): string[] {
  const d = report.decision
  if (!d) return []
  const lines = [
    'checks',
    ...d.checks.map((c) => row(CHECK_LABEL[c.name], `${c.ok ? 'ok  ' : 'FAIL'}  ${c.detail}`, '  ')),
  ]
  const q = report.quarantine
  const qs = report.verification?.quarantine
  if (q) {
    lines.push(row('quarantine', q.raw))
    lines.push(
      row(
        'flags',
        `0x${q.flags.toString(16).padStart(4, '0')}: ${q.bits.map((b) => `${b.bit} ${b.meaning}${b.name ? ` (${b.name})` : ''}`).join(', ')}`,
        '  ',
      ),
    )
    lines.push(row('meaning', describeQuarantine(q), '  '))
    if (q.eventId)
      lines.push(
        row('event', `${q.eventId} (row in ~/Library/Preferences/com.apple.LaunchServices.QuarantineEventsV2)`, '  '),
      )
  } else if (qs?.state === 'none') {
    lines.push(row('quarantine', 'none: the app carries no com.apple.quarantine attribute'))
  }
  const decision = {
    remove: 'removed: the signature is valid, Gatekeeper accepts and the Team ID matches',
    keep: d.trusted ? 'kept (--keep-quarantine)' : 'kept: the checks did not pass',
    absent: 'nothing to remove',
    unknown: 'left as it is: it could not be read',
  }[d.quarantine]
  lines.push(row('decision', decision, '  '))
  if (d.reasons.length > 0) lines.push('refused', ...d.reasons.map((r) => `  - ${r}`))
  return lines
}

function outcome(report: InstallReport): string[] {
  const opened = report.performed.some((p) => p.id === 'open' && p.exitCode === 0)
  switch (report.status) {
    case 'installed': {
      const unquarantined = report.performed.some((p) => p.id === 'unquarantine' && p.exitCode === 0)
      return [`installed ${report.app}${unquarantined ? ', quarantine removed' : ''}${opened ? ', opened' : ''}`]
    }
    case 'cleaned':
      return report.removed.length > 0 ? report.removed.map((r) => row('removed', r)) : ['nothing to remove']
    default:
      return []
  }
}

export function renderInstallReport(report: InstallReport): string {
  const e = report.expected
  const lines = [
    row('download', report.source.path),
    row(
      'expected',
      [e.teamId ? `Team ID ${e.teamId}` : 'no Team ID', e.bundleId ? `bundle ID ${e.bundleId}` : '']
        .filter(Boolean)
        .join(', ') + ` (${e.from})`,
    ),
  ]
  if (report.diskImage)
    lines.push(
      row(
        'disk image',
        `${report.diskImage.format}, ${formatBytes(report.diskImage.size)}: attached read-only on the Mac with hdiutil; its app (${APP}) is known once attached`,
      ),
    )
  if (report.mac && report.mac !== 'this Mac')
    lines.push(row('mac', `recorded snapshot ${report.mac} (a rehearsal: nothing is changed)`))
  lines.push(...archiveLines(report))
  if (report.status === 'planned') lines.push(...planLines(report.plan, 'plan (--dry-run: nothing was changed)'))
  lines.push(...verificationLines(report))
  if (report.performed.length > 0) {
    const rehearsal = report.mac !== null && report.mac !== 'this Mac'
    lines.push(
      rehearsal ? 'done (answered by the recording)' : 'done',
      ...report.performed.map((p) => `  $ ${commandLine(p.argv)}${p.exitCode === 0 ? '' : `   [exit ${p.exitCode}]`}`),
    )
  }
  lines.push(...outcome(report))
  // Entry names, paths and tool outputs come from the download and the Mac: each line made terminal-safe.
  return `${lines.map((l) => terminalSafe(l)).join('\n')}\n`
}
