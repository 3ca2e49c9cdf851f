import {PppcError} from '../errors.js'
import type {Mac} from './mac.js'

export interface OpenMacOptions {
  snapshot?: string
  /** What the caller wanted the Mac for, to say in the error when there is none. */
  purpose: string
  /** The caller's own words for that error, when "PURPOSE needs a Mac" says too little. */
  problem?: string
  hint?: string
}

/** A recorded Mac when a snapshot is given, this Mac on macOS, otherwise a one-line error (exit 2). */
export async function openMac(options: OpenMacOptions): Promise<Mac> {
  if (options.snapshot) {
    const {RecordedMac} = await import('./recorded-mac.js')
    return RecordedMac.open(options.snapshot)
  }
  if (process.platform === 'darwin') {
    const {LiveMac} = await import('./live-mac.js')
    return new LiveMac()
  }
  throw new PppcError(options.problem ?? `${options.purpose} needs a Mac`, {
    hint: options.hint ?? 'run it on macOS, or pass --snapshot DIR with a folder written by `pppc collect` on the Mac',
  })
}
