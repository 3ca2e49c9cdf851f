import {ALERT_INTERVAL_DAYS} from '../approvals.js'
import {finding} from '../findings.js'
import type {Check} from './check.js'

function day(iso: string): string {
  return iso.slice(0, 10)
}

/** The macOS 15 screen-capture alert: when it comes (again), which button to press, and how an MDM stops it. */
export const checkScreenCapture: Check = ({alert, macos, services, facts}) => {
  const screen = services.find((s) => s.service === 'ScreenCapture')
  if (!macos || !screen || screen.state === 'denied-by-mdm') return []
  const name = facts.app.client.shownName ?? facts.app.name
  const days = String(ALERT_INTERVAL_DAYS)
  const last = [alert.lastUsed, alert.lastAlerted]
    .filter((d): d is string => Boolean(d))
    .sort()
    .reverse()[0]
  switch (alert.state) {
    case 'first-use':
      return [finding('screen-capture-alert-first', {version: macos.productVersion, name, days})]
    case 'due':
      return [finding('screen-capture-alert-due', {last: day(last!), days, name})]
    case 'not-due':
      return [finding('screen-capture-alert-not-due', {last: day(last!), due: day(alert.dueAfter!)})]
    default:
      return []
  }
}
