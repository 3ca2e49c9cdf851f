import {finding, type Finding} from '../findings.js'
import {listing} from '../words.js'
import type {Check} from './check.js'

/**
 * Who can give the missing permissions: an administrator turns them on alone; a standard user needs an administrator's
 * name and password in System Settings (or, before 13, to unlock System Preferences), except for Screen Recording when
 * a profile allows standard users (AllowStandardUserToSetSystemService). Accessibility and Full Disk Access always need
 * an administrator unless the MDM grants them (macos-facts.md §3).
 */
export const checkUser: Check = ({services, facts, settings, generate}) => {
  if (facts.consoleUser.status !== 'ok') return []
  const user = facts.consoleUser.value
  const open = services.filter((s) => s.approver === 'user' || s.approver === 'administrator')
  if (open.length === 0) return []
  const findings: Finding[] = []
  const needAdmin = open.filter((s) => s.approver === 'administrator')
  const alone = open.filter((s) => s.approver === 'user')
  if (needAdmin.length > 0) {
    const grantable = needAdmin.filter((s) => s.service !== 'ScreenCapture').map((s) => s.label)
    const screen = needAdmin.some((s) => s.service === 'ScreenCapture')
    const fixes = [
      grantable.length > 0 ? `grant ${listing(grantable)} with a PPPC profile from the MDM (${generate})` : undefined,
      screen
        ? 'let standard users approve Screen Recording (AllowStandardUserToSetSystemService in that profile)'
        : undefined,
    ].filter(Boolean)
    findings.push(
      finding('user-standard', {
        user,
        sections: listing(needAdmin.map((s) => s.label)),
        settings: settings?.name ?? 'System Settings',
        alone:
          alone.length > 0
            ? `; ${user} can turn on ${listing(alone.map((s) => s.label))} alone (a profile allows it)`
            : '',
        mdmFix: fixes.length > 0 ? `, or ${fixes.join(', and ')}` : '',
      }),
    )
  } else if (facts.consoleUserAdmin.status === 'ok' && facts.consoleUserAdmin.value)
    findings.push(finding('user-admin', {user, sections: listing(alone.map((s) => s.label))}))
  return findings
}
