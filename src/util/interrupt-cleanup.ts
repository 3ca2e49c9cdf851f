import {mkdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

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

/**
 * A new folder of the run's own in the temporary folder (`PREFIX-xxxxxxxx`), named for removal on interruption before
 * it exists: an interruption between its making and its naming would leave it behind. `mkdir` refuses a name that
 * exists (a link included), so a name guessed in advance is only a retry. The caller removes it, then calls
 * `keepOnInterrupt`.
 */
export function temporaryFolder(prefix: string): string {
  for (let attempt = 0; ; attempt++) {
    // Not node:crypto: it costs every run a few milliseconds to load, and mkdir, not the name, is what is safe.
    const dir = join(tmpdir(), `${prefix}-${Math.random().toString(36).slice(2, 10)}`)
    removeOnInterrupt(dir)
    try {
      mkdirSync(dir, {mode: 0o700})
      return dir
    } catch (error) {
      keepOnInterrupt(dir)
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 9) throw error
    }
  }
}
