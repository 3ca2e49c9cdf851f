import type {ClientFacts} from '../profiles/app-entry.js'
import {isInside, isLauncherPath, isTranslocated} from './client.js'
import type {ClientCopy, Known, RunningProcess} from './facts.js'

/**
 * Which installed copy is the client the user runs. The client installs itself into a hidden per-site folder
 * (/Applications/.com.bomgar.scc.<hash>/), so several copies are normal: a copy that runs is the one in use; with
 * several running, the one the launcher started; with none running, the only copy, if there is one. Otherwise pppc
 * says it cannot tell, and judges only what holds for every copy.
 */
export type InUseBasis = 'running' | 'started-by-launcher' | 'only-copy' | 'none-installed' | 'unknown'

export interface ProcessRole {
  process: RunningProcess
  role: 'launcher' | 'client'
  translocated: boolean
  /** The installed copy it runs from. */
  copy?: ClientCopy
}

export interface ClientInUse {
  copies: ClientCopy[]
  inUse?: ClientCopy
  basis: InUseBasis
  /** Why the copy in use is unknown. */
  why?: string
  processes: ProcessRole[]
}

export function clientInUse(
  installed: ClientCopy[] | undefined,
  processes: Known<RunningProcess[]>,
  client: ClientFacts,
): ClientInUse {
  const copies = installed ?? []
  const roles: ProcessRole[] =
    processes.status === 'ok'
      ? processes.value.map((process) => {
          const copy = copies.find((c) => isInside(process.path, c.path))
          return {
            process,
            role: isLauncherPath(process.path, client) ? 'launcher' : 'client',
            translocated: isTranslocated(process.path),
            ...(copy ? {copy} : {}),
          }
        })
      : []
  const running = [...new Set(roles.filter((r) => r.role === 'client' && r.copy).map((r) => r.copy!))]
  if (running.length === 1) return {copies, inUse: running[0]!, basis: 'running', processes: roles}
  if (running.length > 1) {
    const launchers = new Set(roles.filter((r) => r.role === 'launcher').map((r) => r.process.pid))
    const started = [
      ...new Set(
        roles
          .filter((r) => r.role === 'client' && r.copy && r.process.ppid !== null && launchers.has(r.process.ppid))
          .map((r) => r.copy!),
      ),
    ]
    if (started.length === 1) return {copies, inUse: started[0]!, basis: 'started-by-launcher', processes: roles}
    return {copies, basis: 'unknown', why: `${running.length} copies run at once`, processes: roles}
  }
  if (installed === undefined)
    return {copies, basis: 'unknown', why: 'the installed copies are unknown', processes: roles}
  if (copies.length === 0) return {copies, basis: 'none-installed', processes: roles}
  if (copies.length === 1) return {copies, inUse: copies[0]!, basis: 'only-copy', processes: roles}
  return {
    copies,
    basis: 'unknown',
    why: `${copies.length} copies are installed and none runs${processes.status === 'ok' ? '' : ' (or the processes are unknown)'}: which one the launcher starts is not known`,
    processes: roles,
  }
}
