/**
 * The install as a list of macOS commands, each with why it runs and when. `--dry-run` prints it; the runner carries
 * it out through the Mac boundary. Pure. Until the checks pass, every command writes only inside the fresh temporary
 * folder ($TMP); the app reaches its destination with one `mv`.
 */
import {join} from 'node:path'
import {attachArgv, detachArgv, findAppsArgv} from '../system/hdiutil.js'
import type {SourceKind} from './locate.js'

/** Stands for the temporary folder `mktemp` makes; the runner puts the real path in its place. */
export const TEMP = '$TMP'
/** Stands for the app found inside a disk image, known only once it is attached; the runner puts its name in. */
export const APP = '$APP'
/** Where a disk image is mounted: a folder inside $TMP, so nothing appears in /Volumes. */
export const VOLUME = `${TEMP}/volume`

export type StepId =
  | 'check-destination'
  | 'make-temp'
  | 'make-mountpoint'
  | 'attach'
  | 'find-app'
  | 'copy'
  | 'detach'
  | 'extract'
  | 'verify-signature'
  | 'read-signing'
  | 'assess'
  | 'read-quarantine'
  | 'replace'
  | 'move'
  | 'remove-temp'
  | 'unquarantine'
  | 'open'
  | 'remove'

export interface PlanStep {
  id: StepId
  argv: string[]
  why: string
  /** When the step runs, if not always. */
  when?: string
  /** Paths the step creates, changes or removes. */
  writes: string[]
}

export interface InstallPlan {
  source: string
  kind: SourceKind
  appName: string
  /** The app the checks read: in $TMP for an archive, where it is for an app. */
  checkedApp: string
  /** Where the app ends up. */
  app: string
  dest: string
  steps: PlanStep[]
}

export interface PlanInput {
  source: string
  kind: SourceKind
  appName: string
  dest: string
  force: boolean
  keepQuarantine: boolean
  open: boolean
}

const CHECKS_PASS = 'only when the signature is valid, Gatekeeper accepts and the Team ID matches'

/** The four read-only checks, in the order they run. */
export function verifySteps(app: string): PlanStep[] {
  return [
    {
      id: 'verify-signature',
      argv: ['codesign', '--verify', '--deep', '--strict', '--verbose=2', app],
      why: 'the signature of the app and everything inside it is intact',
      writes: [],
    },
    {id: 'read-signing', argv: ['codesign', '-dv', app], why: 'the signing identifier and Team ID', writes: []},
    {
      id: 'assess',
      argv: ['spctl', '-a', '-vv', '-t', 'exec', app],
      why: 'what Gatekeeper will say: accepted or rejected, source and origin',
      writes: [],
    },
    {
      id: 'read-quarantine',
      argv: ['xattr', '-p', 'com.apple.quarantine', app],
      why: 'the quarantine attribute: flags, time, agent, event id',
      writes: [],
    },
  ]
}

export function planInstall(input: PlanInput): InstallPlan {
  const app = join(input.dest, input.appName)
  const copied = input.kind === 'zip' || input.kind === 'dmg'
  const moves = copied || app !== input.source
  const checkedApp = copied ? join(TEMP, input.appName) : input.source
  const steps: PlanStep[] = []
  if (input.kind === 'dmg') {
    // The app's name is known once the image is attached: the destination is checked after the copy.
    steps.push(
      {
        id: 'make-temp',
        argv: ['mktemp', '-d', '-t', 'pppc-install'],
        why: `a fresh temporary folder (${TEMP})`,
        writes: [TEMP],
      },
      {id: 'make-mountpoint', argv: ['mkdir', VOLUME], why: 'an empty folder to attach the image at', writes: [VOLUME]},
      {
        id: 'attach',
        argv: attachArgv(input.source, VOLUME),
        why: 'attach the disk image read-only, checksums verified, hidden from Finder, at that folder',
        writes: [VOLUME],
      },
      {
        id: 'find-app',
        argv: findAppsArgv(VOLUME),
        why: `the app bundle at the top of the image (exactly one; it becomes ${APP})`,
        writes: [],
      },
      {
        id: 'copy',
        argv: ['ditto', join(VOLUME, input.appName), checkedApp],
        why: 'copy the app with ditto, which keeps symlinks and extended attributes and so the signature',
        writes: [checkedApp],
      },
      {
        id: 'detach',
        argv: detachArgv(VOLUME),
        why: 'detach the image',
        when: 'always, once attached',
        writes: [VOLUME],
      },
    )
  }
  if (moves) {
    steps.push({
      id: 'check-destination',
      argv: ['test', '-e', app],
      why: input.force
        ? 'is an app already there? --force replaces it'
        : 'is an app already there? then stop: nothing is replaced without --force',
      writes: [],
    })
  }
  if (input.kind === 'zip') {
    steps.push(
      {
        id: 'make-temp',
        argv: ['mktemp', '-d', '-t', 'pppc-install'],
        why: `a fresh temporary folder (${TEMP})`,
        writes: [TEMP],
      },
      {
        id: 'extract',
        argv: ['ditto', '-x', '-k', input.source, TEMP],
        why: 'extract with ditto, which keeps symlinks and extended attributes and so the signature',
        writes: [TEMP],
      },
    )
  }
  steps.push(...verifySteps(checkedApp))
  if (moves) {
    if (input.force)
      steps.push({
        id: 'replace',
        argv: ['rm', '-rf', app],
        why: 'remove the app already there (--force)',
        when: `${CHECKS_PASS}, and an app is there`,
        writes: [app],
      })
    steps.push({
      id: 'move',
      argv: ['mv', checkedApp, `${input.dest}/`],
      why: `move the app to ${input.dest}`,
      when: CHECKS_PASS,
      writes: [app],
    })
  }
  if (copied)
    steps.push({
      id: 'remove-temp',
      argv: ['rm', '-rf', TEMP],
      why: 'remove the temporary folder',
      when: 'always, also after a refusal',
      writes: [TEMP],
    })
  if (!input.keepQuarantine) {
    steps.push({
      id: 'unquarantine',
      argv: ['xattr', '-dr', 'com.apple.quarantine', app],
      why: 'lift the quarantine, so no Gatekeeper prompt and no App Translocation',
      when: `${CHECKS_PASS}, and the app is quarantined`,
      writes: [app],
    })
  }
  if (input.open) steps.push({id: 'open', argv: ['open', app], why: 'start the app', when: CHECKS_PASS, writes: []})
  return {source: input.source, kind: input.kind, appName: input.appName, checkedApp, app, dest: input.dest, steps}
}

/** `--cleanup`: remove the extracted app and the downloaded archive, each only if it is there. */
export function planCleanup(targets: {app: string | null; archive: string | null}): PlanStep[] {
  const steps: PlanStep[] = []
  if (targets.app)
    steps.push({
      id: 'remove',
      argv: ['rm', '-rf', targets.app],
      why: 'remove the extracted app',
      when: 'if it is there',
      writes: [targets.app],
    })
  if (targets.archive)
    steps.push({
      id: 'remove',
      argv: ['rm', '-f', targets.archive],
      why: 'remove the downloaded archive',
      when: 'if it is there',
      writes: [targets.archive],
    })
  return steps
}
