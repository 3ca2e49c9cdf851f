import {hasFeature} from '../macos/facts.js'
import type {MacosVersion} from '../macos/version.js'
import type {PlistDict, PlistValue} from '../profiles/model.js'
import {isDict} from '../profiles/plist.js'
import {finderKey, isInside} from './client.js'
import type {Known} from './facts.js'

/**
 * The screen-capture alert of macOS 15 ("… is requesting to bypass the system private window picker and directly
 * access your screen and audio", buttons Allow For One Month and Open System Settings: macos-facts.md §2.6). It comes
 * on top of the Screen Recording permission, is not in TCC.db, and comes back about monthly. replayd keeps, per user,
 * when it was last shown and last used in ~/Library/Group Containers/group.com.apple.replayd/ScreenCaptureApprovals.plist.
 * Apple documents neither the file nor its keys; what is known comes from public tools that edit it:
 *
 * - 15.0 keys an entry by the capturing executable's path, its value a date; 15.1 and later key it by bundle ID, its
 *   value a dictionary with kScreenCaptureApprovalLastAlerted and kScreenCaptureApprovalLastUsed (dates),
 *   kScreenCapturePrivacyHintDate, kScreenCapturePrivacyHintPolicy (2592000 seconds, 30 days) and
 *   kScreenCaptureAlertableUsageCount (luckman212/screencapture-nag-remover screencapture-nag-remover.sh @000ac07 and
 *   issue #6; gertrude-app's _preventScreenCaptureNag, which cites gertrude-app/project#334 for the 15.0 → 15.1 change).
 * - Some entries are keyed by an app's bundle URL or executable path on later releases too (a public write-up measured
 *   on 26.6.2, which also reports that LastUsed alone decides and that records idle for 30 days are reset).
 *
 * So pppc reads the dates it recognises, takes the later of the two as the last approval, and says the alert is due
 * again 30 days after it; anything else in the entry makes the answer unknown.
 */
export const ALERT_INTERVAL_DAYS = 30
export const LAST_ALERTED = 'kScreenCaptureApprovalLastAlerted'
export const LAST_USED = 'kScreenCaptureApprovalLastUsed'

export type AlertState =
  /** Before macOS 15, or macOS unknown. */
  | 'not-applicable'
  /** forceBypassScreenCaptureAlert is set and honoured (15.1 and later). */
  | 'bypassed'
  /** No entry for the client: the alert comes the first time it captures the screen. */
  | 'first-use'
  /** Approved within the last 30 days. */
  | 'not-due'
  /** Approved more than 30 days ago: the alert comes at the next capture. */
  | 'due'
  | 'unknown'

export interface ScreenCaptureAlert {
  state: AlertState
  /** The key of the client's entry in the file. */
  entry: string | null
  lastAlerted: string | null
  lastUsed: string | null
  /** When the alert is due again (ISO 8601), from the later of the two dates. */
  dueAfter: string | null
  /** Why, in words: what was read, or why it could not be. */
  why: string
}

function iso(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z')
}

/** A key naming one of the client's copies: a path inside it, or a file:// URL of one. */
function namesCopy(key: string, copies: readonly string[]): boolean {
  let path = key
  if (/^file:\/\//i.test(key)) {
    try {
      path = decodeURIComponent(new URL(key).pathname)
    } catch {
      return false
    }
  }
  return path.startsWith('/') && copies.some((copy) => isInside(path, copy))
}

function findEntry(file: PlistDict, bundleId: string, copies: readonly string[]): [string, PlistValue] | undefined {
  const id = finderKey(bundleId)
  return (
    Object.entries(file).find(([key]) => finderKey(key) === id) ??
    Object.entries(file).find(([key]) => namesCopy(key, copies))
  )
}

function dates(value: PlistValue): {alerted?: Date; used?: Date} | undefined {
  if (value instanceof Date) return {alerted: value}
  if (!isDict(value)) return undefined
  const alerted = value[LAST_ALERTED]
  const used = value[LAST_USED]
  if (alerted !== undefined && !(alerted instanceof Date)) return undefined
  if (used !== undefined && !(used instanceof Date)) return undefined
  if (!alerted && !used) return undefined
  return {...(alerted ? {alerted} : {}), ...(used ? {used} : {})}
}

export function screenCaptureAlert(input: {
  macos: MacosVersion | undefined
  /** A profile sets forceBypassScreenCaptureAlert true (and its name). */
  bypass: string | undefined
  approvals: Known<PlistDict>
  bundleId: string
  copies: readonly string[]
  observedAt: string | null
}): ScreenCaptureAlert {
  const none = {entry: null, lastAlerted: null, lastUsed: null, dueAfter: null}
  const {macos} = input
  if (!macos || !hasFeature(macos.semver, 'screen-capture-periodic-alert'))
    return {...none, state: 'not-applicable', why: 'macOS before 15 has no periodic screen-capture alert'}
  if (input.bypass && hasFeature(macos.semver, 'force-bypass-screen-capture-alert'))
    return {...none, state: 'bypassed', why: `profile ${input.bypass} sets forceBypassScreenCaptureAlert`}
  const approvals = input.approvals
  if (approvals.status === 'missing')
    return {...none, state: 'first-use', why: 'the user has no screen-capture approvals file yet'}
  if (approvals.status !== 'ok') return {...none, state: 'unknown', why: approvals.message}
  const found = findEntry(approvals.value, input.bundleId, input.copies)
  if (!found) return {...none, state: 'first-use', why: `the approvals file has no entry for ${input.bundleId}`}
  const [entry, value] = found
  const read = dates(value)
  if (!read)
    return {
      ...none,
      entry,
      state: 'unknown',
      why: `the approvals file's entry ${entry} is not in a form pppc knows (${LAST_ALERTED} and ${LAST_USED} dates, or one date)`,
    }
  const latest = [read.alerted, read.used]
    .filter((d): d is Date => Boolean(d))
    .sort((a, b) => b.getTime() - a.getTime())[0]!
  const due = new Date(latest.getTime() + ALERT_INTERVAL_DAYS * 86_400_000)
  const known = {
    entry,
    lastAlerted: read.alerted ? iso(read.alerted) : null,
    lastUsed: read.used ? iso(read.used) : null,
    dueAfter: iso(due),
  }
  const now = input.observedAt ? Date.parse(input.observedAt) : Number.NaN
  if (Number.isNaN(now))
    return {
      ...known,
      state: 'unknown',
      why: 'the snapshot does not say when it was recorded, so how long ago is unknown',
    }
  return now >= due.getTime()
    ? {
        ...known,
        state: 'due',
        why: `last approved ${iso(latest)}, more than ${ALERT_INTERVAL_DAYS} days before ${iso(new Date(now))}`,
      }
    : {...known, state: 'not-due', why: `last approved ${iso(latest)}`}
}
