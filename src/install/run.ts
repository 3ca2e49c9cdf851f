/**
 * Carries out an install plan on a Mac, every command through the Mac boundary: extract into a fresh temporary
 * folder, check there, and only when the checks pass move the app, lift its quarantine and open it.
 */
import {basename, dirname} from 'node:path'
import {PppcError} from '../errors.js'
import {detachArgv, parseAttach} from '../system/hdiutil.js'
import type {CommandResult, Mac} from '../system/mac.js'
import {decide, type Decision, type Expected, type Verification} from './decision.js'
import {APP, type InstallPlan, type PlanStep, type StepId, TEMP, VOLUME} from './plan.js'
import {verifyApp} from './verify.js'

export interface PerformedStep {
  id: StepId
  argv: string[]
  exitCode: number
}

export interface InstallRun {
  status: 'installed' | 'refused'
  verification: Verification
  decision: Decision
  performed: PerformedStep[]
  warnings: string[]
  /** The app's name, when it was found only while installing (inside a disk image). */
  appName?: string
}

/** ditto on a large client, and spctl asking Apple about notarization, can take longer than a quick command. */
const SLOW_MS: Partial<Record<StepId, number>> = {
  extract: 600_000,
  attach: 300_000,
  copy: 600_000,
  'verify-signature': 300_000,
  assess: 120_000,
}

function timeoutFor(id: StepId): {timeoutMs?: number} {
  const ms = SLOW_MS[id]
  return ms === undefined ? {} : {timeoutMs: ms}
}

function firstLine(result: CommandResult): string {
  return (
    `${result.stderr}\n${result.stdout}`
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? `exit ${result.exitCode}`
  )
}

class Steps {
  readonly performed: PerformedStep[] = []
  private temp: string | undefined
  appName: string | undefined

  constructor(private readonly mac: Mac) {}

  setTemp(temp: string): void {
    this.temp = temp
  }

  /** An argument with the temporary folder and the app found in a disk image in place of their placeholders. */
  resolve(arg: string): string {
    let out = this.temp && arg.startsWith(TEMP) ? this.temp + arg.slice(TEMP.length) : arg
    if (this.appName && out.endsWith(`/${APP}`)) out = out.slice(0, -APP.length) + this.appName
    return out
  }

  async run(step: PlanStep): Promise<CommandResult> {
    const argv = step.argv.map((a) => this.resolve(a))
    const result = await this.mac.run(argv, timeoutFor(step.id))
    this.performed.push({id: step.id, argv, exitCode: result.exitCode})
    return result
  }

  /** Runs a step that must succeed. */
  async must(step: PlanStep, what: string): Promise<CommandResult> {
    const result = await this.run(step)
    if (result.exitCode !== 0)
      throw new PppcError(`${what} failed: ${firstLine(result)}`, {
        exitCode: 1,
        code: 'PPPC_MAC_STEP',
        hint: `the command was: ${result.argv.join(' ')}`,
      })
    return result
  }
}

function stepOf(plan: InstallPlan, id: StepId): PlanStep | undefined {
  return plan.steps.find((s) => s.id === id)
}

export async function runInstall(
  mac: Mac,
  plan: InstallPlan,
  expected: Expected,
  options: {keepQuarantine: boolean},
): Promise<InstallRun> {
  const steps = new Steps(mac)
  const warnings: string[] = []

  let replace = false
  const checkDestination = async (): Promise<void> => {
    const check = stepOf(plan, 'check-destination')
    if (!check) return
    const there = await steps.run(check)
    const app = steps.resolve(plan.app)
    if (there.exitCode === 0) {
      if (!stepOf(plan, 'replace'))
        throw new PppcError(`${app} already exists`, {
          hint: 'pass --force to replace it, or --dest another folder',
        })
      replace = true
    } else if (there.exitCode !== 1) {
      throw new PppcError(`cannot tell whether ${app} exists: ${firstLine(there)}`, {
        exitCode: 1,
        code: 'PPPC_MAC_STEP',
      })
    }
  }
  // A zip's app is named by the archive: the destination is checked first. A disk image's, once it is attached.
  if (plan.kind !== 'dmg') await checkDestination()

  let verification: Verification
  let decision: Decision
  const makeTemp = stepOf(plan, 'make-temp')
  if (makeTemp) {
    const made = await steps.must(makeTemp, 'making a temporary folder')
    const temp = made.stdout.trim()
    // Everything below is removed with rm -rf at the end: be sure it is the folder mktemp just made.
    if (!/^\/.+\/pppc-install\.[A-Za-z0-9]+$/.test(temp))
      throw new PppcError(`mktemp printed "${temp}", not a temporary folder`, {exitCode: 1, code: 'PPPC_MAC_STEP'})
    steps.setTemp(temp)
    try {
      if (plan.kind === 'dmg') {
        await copyFromImage(plan, steps, warnings)
        await checkDestination()
      } else await steps.must(stepOf(plan, 'extract')!, 'extracting with ditto')
      verification = await verifyApp(mac, steps.resolve(plan.checkedApp), (step) => steps.run(step))
      decision = decide(verification, expected, options)
      if (decision.trusted) await moveIntoPlace(plan, steps, replace)
    } finally {
      const cleaned = await steps.run(stepOf(plan, 'remove-temp')!)
      if (cleaned.exitCode !== 0) warnings.push(`could not remove the temporary folder ${temp}: ${firstLine(cleaned)}`)
    }
  } else {
    verification = await verifyApp(mac, plan.checkedApp, (step) => steps.run(step))
    decision = decide(verification, expected, options)
    if (decision.trusted) await moveIntoPlace(plan, steps, replace)
  }

  warnings.push(...decision.warnings)
  const found = steps.appName ? {appName: steps.appName} : {}
  if (!decision.trusted)
    return {status: 'refused', verification, decision, performed: steps.performed, warnings, ...found}

  const unquarantine = stepOf(plan, 'unquarantine')
  if (unquarantine && decision.quarantine === 'remove') await steps.must(unquarantine, 'removing the quarantine')
  const quarantine = verification.quarantine
  if (quarantine.state === 'quarantined' && decision.quarantine !== 'remove' && quarantine.quarantine.mayTranslocate) {
    warnings.push(
      'the app keeps its quarantine without DO_NOT_TRANSLOCATE: macOS will likely run it translocated, from a random read-only folder under AppTranslocation, and ask the user before it opens',
    )
  }
  const open = stepOf(plan, 'open')
  if (open) {
    const opened = await steps.run(open)
    if (opened.exitCode !== 0) warnings.push(`open could not start ${plan.app}: ${firstLine(opened)}`)
  }
  return {status: 'installed', verification, decision, performed: steps.performed, warnings, ...found}
}

/**
 * A disk image: attached read-only at a folder in $TMP, its one top-level app copied out with ditto, detached
 * (always, once attached; by force when a plain detach fails). The checks then run on the copy, as for a zip.
 */
async function copyFromImage(plan: InstallPlan, steps: Steps, warnings: string[]): Promise<void> {
  await steps.must(stepOf(plan, 'make-mountpoint')!, 'making the folder to attach the disk image at')
  const attached = await steps.must(stepOf(plan, 'attach')!, 'attaching the disk image with hdiutil')
  const mountPoint = steps.resolve(VOLUME)
  try {
    const answer = parseAttach(attached.stdout)
    if (!answer || answer.mountPoints.length !== 1 || answer.mountPoints[0] !== mountPoint)
      throw new PppcError(
        `hdiutil did not mount the disk image at ${mountPoint} alone (${answer ? `mount points: ${answer.mountPoints.join(', ') || 'none'}` : 'its answer is not the plist it prints'})`,
        {exitCode: 1, code: 'PPPC_UNSAFE_ARCHIVE', hint: 'a vendor disk image holds one volume; download it again'},
      )
    const found = await steps.must(stepOf(plan, 'find-app')!, 'looking for the app in the disk image')
    const apps = found.stdout.split('\n').filter((l) => l !== '')
    if (apps.length !== 1)
      throw new PppcError(
        `the disk image holds ${apps.length === 0 ? 'no app bundle' : `${apps.length} app bundles (${apps.map((a) => basename(a)).join(', ')})`} at its top level`,
        {
          exitCode: 1,
          code: 'PPPC_UNSAFE_ARCHIVE',
          hint: 'a vendor disk image holds one app; download it again from your support portal',
        },
      )
    const app = apps[0]!
    if (dirname(app) !== mountPoint || !/\.app$/i.test(app) || basename(app).startsWith('.'))
      throw new PppcError(`find printed "${app}", not an app at the top of ${mountPoint}`, {
        exitCode: 1,
        code: 'PPPC_MAC_STEP',
      })
    steps.appName = basename(app)
    await steps.must(stepOf(plan, 'copy')!, 'copying the app out of the disk image with ditto')
  } finally {
    const detached = await steps.run(stepOf(plan, 'detach')!)
    if (detached.exitCode !== 0) {
      const forced = await steps.run({
        id: 'detach',
        argv: [...detachArgv(VOLUME), '-force'],
        why: 'detach by force',
        writes: [VOLUME],
      })
      if (forced.exitCode !== 0)
        warnings.push(
          `could not detach the disk image at ${mountPoint}: ${firstLine(forced)}; run hdiutil detach there`,
        )
    }
  }
}

async function moveIntoPlace(plan: InstallPlan, steps: Steps, replace: boolean): Promise<void> {
  const move = stepOf(plan, 'move')
  if (!move) return
  if (replace) await steps.must(stepOf(plan, 'replace')!, `removing the app already at ${plan.app}`)
  await steps.must(move, `moving the app to ${plan.dest}`)
}

export interface CleanupRun {
  removed: string[]
  absent: string[]
  performed: PerformedStep[]
}

/** Removes each target that is there; a target already gone is reported, not an error. */
export async function runCleanup(mac: Mac, plan: PlanStep[]): Promise<CleanupRun> {
  const steps = new Steps(mac)
  const run: CleanupRun = {removed: [], absent: [], performed: steps.performed}
  for (const step of plan) {
    const target = step.writes[0]!
    const there = await steps.run({
      id: 'check-destination',
      argv: ['test', '-e', target],
      why: 'is it there?',
      writes: [],
    })
    if (there.exitCode === 1) {
      run.absent.push(target)
      continue
    }
    if (there.exitCode !== 0)
      throw new PppcError(`cannot tell whether ${target} exists: ${firstLine(there)}`, {
        exitCode: 1,
        code: 'PPPC_MAC_STEP',
      })
    await steps.must(step, `removing ${target}`)
    run.removed.push(target)
  }
  return run
}
