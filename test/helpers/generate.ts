import {type AppRequest, assembleApps} from '../../src/profiles/assemble.js'
import {grantInputFromFlag, receiverRequirementsFromFlags} from '../../src/profiles/flag-requests.js'
import type {MdmName} from '../../src/profiles/flavors.js'
import {completeIdentity, generate, type GenerateResult, type OutputFormat} from '../../src/profiles/generate.js'
import type {ProfileIdentity} from '../../src/profiles/model.js'

/** The core path of `pppc generate`, without the process: apps, grant flags, identity, MDM and format. */
export async function generateFor(
  requests: AppRequest[],
  options: {
    grants?: string[]
    identity?: Partial<ProfileIdentity>
    mdm?: MdmName
    format?: OutputFormat
    jamf?: {category?: string; site?: string; distribution?: 'auto' | 'self-service'}
    justification?: string
    allowWarnings?: boolean
    receiverRequirements?: string[]
  } = {},
): Promise<GenerateResult> {
  const apps = assembleApps(requests, (options.grants ?? []).map(grantInputFromFlag), {
    receiverRequirements: receiverRequirementsFromFlags(options.receiverRequirements),
  })
  return generate({
    spec: {identity: completeIdentity(apps, options.identity ?? {}), apps},
    mdm: options.mdm ?? 'generic',
    format: options.format ?? 'mobileconfig',
    ...(options.jamf ? {jamf: options.jamf} : {}),
    ...(options.justification ? {justification: options.justification} : {}),
    ...(options.allowWarnings ? {allowWarnings: true} : {}),
  })
}

export const BEYONDTRUST: AppRequest = {kind: 'catalogue', name: 'beyondtrust'}
