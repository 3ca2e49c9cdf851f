import {SW_VERS} from './mac-commands.js'
import {type Mac, NOT_RECORDED} from './mac.js'
import type {Known} from './known.js'
import {type MacosVersion, parseSwVers} from '../macos/version.js'

/** The macOS version of a Mac, from sw_vers; kept apart from gather so `pppc flow` loads only this. */
export async function readMacos(mac: Mac): Promise<Known<MacosVersion>> {
  const result = await mac.run(SW_VERS)
  if (mac.kind === 'recorded' && result.exitCode === NOT_RECORDED)
    return {status: 'not-recorded', message: 'the snapshot has no output of `sw_vers`'}
  if (result.exitCode !== 0)
    return {
      status: 'failed',
      message: `\`sw_vers\` failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n')[0] || 'no output'}`,
    }
  const version = parseSwVers(result.stdout)
  const flat = result.stdout.replace(/\s+/g, ' ').trim()
  return version
    ? {status: 'ok', value: version}
    : {
        status: 'unparsable',
        message: `pppc cannot read the output of \`sw_vers\`: ${flat ? `"${flat.slice(0, 100)}"` : 'no output'}`,
      }
}
