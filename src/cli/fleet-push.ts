import {readFile} from 'node:fs/promises'
import {boolean} from '@oclif/core/flags'
import {PppcError} from '../errors.js'

/** --plan and --dry-run, as profile pushes have them. */
export const planFlags = {
  plan: boolean({summary: 'Ask the MDM and say what a push would do; change nothing.', exclusive: ['dry-run']}),
  'dry-run': boolean({summary: 'Print the requests that would be sent, credentials redacted; send nothing.'}),
}

/** The script to push (FILE, or generated for the app) and the name to push it under. */
export async function fleetScriptText(
  mdm: 'jamf' | 'kandji',
  file: string | undefined,
  appName: string,
  name: string | undefined,
  version: string,
): Promise<{script: string; name: string}> {
  const {requireApp} = await import('../profiles/catalogue.js')
  const {fleetItemName} = await import('../fleet/names.js')
  const app = requireApp(appName)
  const itemName = name ?? fleetItemName(app)
  if (!file) {
    const {fleetScript} = await import('../fleet/script.js')
    return {script: await fleetScript({app, mdm, version}), name: itemName}
  }
  let script: string
  try {
    script = await readFile(file, 'utf8')
  } catch (error) {
    throw new PppcError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      hint: `give the script pppc fleet script --mdm ${mdm} wrote`,
    })
  }
  const {requireScript} = await import('../fleet/push.js')
  requireScript(script, file)
  return {script, name: itemName}
}
