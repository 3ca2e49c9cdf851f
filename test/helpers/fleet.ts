import {formatResultLine, type ResultLine} from '../../src/fleet/result-line.js'
import type {FleetMacSpec} from './mdm-server.js'

const APP = 'beyondtrust-rs-customer-client'
const none: ResultLine['show'] = []

/**
 * A made-up fleet: Mac i is of kind KINDS[i % 20], so 1,000 Macs hold 50 of each kind. Counted by hand for 1,000
 * (the tests assert these numbers, not numbers computed from this table):
 * - does not show: kinds 0-7, 400 Macs (200 on 14.6, 200 on 15.5);
 * - shows: kinds 8-15 and 17, 450 Macs: Screen Recording not granted 200 (15.5), Accessibility and Full Disk Access
 *   stale 100 (14.6), Screen Recording denied with Full Disk Access undecided (no-fda) 50 (26.1), all three mismatch
 *   50 (15.7.9), Accessibility and Full Disk Access not applied 50 (26.1);
 * - unknown: kind 16, 50 Macs, Screen Recording undecided (no-fda) on 26.6.2;
 * - no result: kinds 18-19, 100 Macs on 13.7.8.
 */
const KINDS: {macos: string; line: ResultLine | null}[] = [
  ...Array.from({length: 4}, () => ({macos: '14.6', line: {window: 'does-not-show', show: none} as const})),
  ...Array.from({length: 4}, () => ({macos: '15.5', line: {window: 'does-not-show', show: none} as const})),
  ...Array.from({length: 4}, () => ({
    macos: '15.5',
    line: {window: 'shows', show: [{service: 'ScreenCapture', cause: 'not-granted'}]} as const,
  })),
  ...Array.from({length: 2}, () => ({
    macos: '14.6',
    line: {
      window: 'shows',
      show: [
        {service: 'Accessibility', cause: 'stale'},
        {service: 'SystemPolicyAllFiles', cause: 'stale'},
      ],
    } as const,
  })),
  {
    macos: '26.1',
    line: {
      window: 'shows',
      show: [{service: 'ScreenCapture', cause: 'denied'}],
      unsure: [{service: 'SystemPolicyAllFiles', cause: 'no-fda'}],
    },
  },
  {
    macos: '15.7.9',
    line: {
      window: 'shows',
      show: ['ScreenCapture', 'Accessibility', 'SystemPolicyAllFiles'].map((service) => ({service, cause: 'mismatch'})),
    },
  },
  {macos: '26.6.2', line: {window: 'unknown', show: none, unsure: [{service: 'ScreenCapture', cause: 'no-fda'}]}},
  {
    macos: '26.1',
    line: {
      window: 'shows',
      show: [
        {service: 'Accessibility', cause: 'not-applied'},
        {service: 'SystemPolicyAllFiles', cause: 'not-applied'},
      ],
    },
  },
  {macos: '13.7.8', line: null},
  {macos: '13.7.8', line: null},
].map((k) => ({
  macos: k.macos,
  line: k.line && {app: APP, macos: k.macos, unsure: [], ...k.line},
})) as {macos: string; line: ResultLine | null}[]

/** Mac number i of the made-up fleet. */
export function madeUpMac(i: number): FleetMacSpec {
  const kind = KINDS[i % KINDS.length]!
  return {name: `Mac-${String(i).padStart(6, '0')}`, macos: kind.macos, line: kind.line && formatResultLine(kind.line)}
}
