import {rmSync} from 'node:fs'

/**
 * Temporary files and folders of this run (an atomic write's temporary file, a report's spool): removed if the process
 * is interrupted (Ctrl-C, kill) before they are done with. The handler runs on the event loop: long synchronous work
 * must return to it now and then (see `validate`) for an interruption to be seen before the work ends.
 */
const pending = new Set<string>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

function onSignal(signal: NodeJS.Signals): void {
  for (const path of pending) rmSync(path, {recursive: true, force: true})
  pending.clear()
  for (const s of SIGNALS) process.removeListener(s, onSignal)
  // Die of the same signal, as the shell and CI expect (exit status 128 + n).
  process.kill(process.pid, signal)
}

export function removeOnInterrupt(path: string): void {
  if (pending.size === 0) for (const s of SIGNALS) process.on(s, onSignal)
  pending.add(path)
}

/** The path is done with (renamed into place, or removed): an interruption leaves it alone. */
export function keepOnInterrupt(path: string): void {
  pending.delete(path)
  if (pending.size === 0) for (const s of SIGNALS) process.removeListener(s, onSignal)
}
