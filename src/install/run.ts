/**
 * Carries out an install plan on a Mac, every command through the Mac boundary: extract into a fresh temporary
 * folder, check there, and only when the checks pass move the app, lift its quarantine and open it.
 */
import {PppcError} from '../errors.js'
import type {CommandResult, Mac} from '../system/mac.js'
import {decide, type Decision, type Expected, type Verification} from './decision.js'
import {type InstallPlan, type PlanStep, type StepId, TEMP} from './plan.js'
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
}

/** ditto on a large client, and spctl asking Apple about notarization, can take longer than a quick command. */
const SLOW_MS: Partial<Record<StepId, number>> = {extract: 600_000, 'verify-signature': 300_000, assess: 120_000}

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

  constructor(private readonly mac: Mac) {}

  setTemp(temp: string): void {
    this.temp = temp
  }

  async run(step: PlanStep): Promise<CommandResult> {
    const argv = step.argv.map((a) => (this.temp && a.startsWith(TEMP) ? this.temp + a.slice(TEMP.length) : a))
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
  const check = stepOf(plan, 'check-destination')
  if (check) {
    const there = await steps.run(check)
    if (there.exitCode === 0) {
      if (!stepOf(plan, 'replace'))
        throw new PppcError(`${plan.app} already exists`, {
          hint: 'pass --force to replace it, or --dest another folder',
        })
      replace = true
    } else if (there.exitCode !== 1) {
      throw new PppcError(`cannot tell whether ${plan.app} exists: ${firstLine(there)}`, {
        exitCode: 1,
        code: 'PPPC_MAC_STEP',
      })
    }
  }

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
      await steps.must(stepOf(plan, 'extract')!, 'extracting with ditto')
      verification = await verifyApp(mac, `${temp}/${plan.appName}`, (step) => steps.run(step))
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
  if (!decision.trusted) return {status: 'refused', verification, decision, performed: steps.performed, warnings}

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
  return {status: 'installed', verification, decision, performed: steps.performed, warnings}
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
