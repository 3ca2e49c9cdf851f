/** The four read-only checks on an app, run through the Mac boundary and read with the pure parsers. */
import type {CommandResult, Mac} from '../system/mac.js'
import type {Verification} from './decision.js'
import {type PlanStep, verifySteps} from './plan.js'
import {quarantineFromXattr} from '../system/quarantine.js'
import {parseCodesignDisplay, parseCodesignVerify, parseSpctl} from '../system/codesign.js'

export type StepRunner = (step: PlanStep) => Promise<CommandResult>

export async function verifyApp(
  mac: Mac,
  app: string,
  run: StepRunner = (step) => mac.run(step.argv),
): Promise<Verification> {
  const results: CommandResult[] = []
  for (const step of verifySteps(app)) results.push(await run(step))
  const [signature, signing, assessment, quarantine] = results as [
    CommandResult,
    CommandResult,
    CommandResult,
    CommandResult,
  ]
  return {
    signature: parseCodesignVerify(signature, app),
    signing: parseCodesignDisplay(signing),
    gatekeeper: parseSpctl(assessment, app),
    quarantine: quarantineFromXattr(quarantine),
  }
}
