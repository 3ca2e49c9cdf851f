import type {Diagnosis, ServiceDiagnosis, ServiceState} from '../checks/diagnose.js'
import type {Cause, ResultLine, SectionCause, Window} from './result-line.js'

/**
 * How the doctor's per-service states make the verdict (src/checks/diagnose.ts: a section still to grant shows the
 * window, an unknown one makes it unknown), and the fleet cause each state starts from. The fleet script's decision
 * cases are generated from these tables, and the tests map `doctor --json` through them: one table, two runtimes.
 */
export const STATE_ROLE: Readonly<Record<ServiceState, 'show' | 'unsure' | 'granted'>> = {
  'granted-by-mdm': 'granted',
  granted: 'granted',
  denied: 'show',
  'denied-by-mdm': 'show',
  missing: 'show',
  unknown: 'unsure',
}

export const STATE_CAUSE: Readonly<Partial<Record<ServiceState, Cause>>> = {
  denied: 'denied',
  'denied-by-mdm': 'mdm-denied',
  missing: 'not-granted',
  unknown: 'unknown',
}

/**
 * The refinements of a cause, from what the doctor noted about the service: a profile that names the app but does not
 * apply (not-applied), or whose requirement does not match the client (mismatch); an unknown state because TCC.db was
 * denied (no-fda). In the script these are the `note` it sets while judging, and the system database's status.
 */
export const NOTE_PATTERNS: readonly {cause: Cause; state: ServiceState; why: RegExp}[] = [
  {cause: 'mismatch', state: 'missing', why: /code requirement does not match/},
  {cause: 'not-applied', state: 'missing', why: /names it, but/},
]

function causeOf(service: ServiceDiagnosis, diagnosis: Diagnosis): Cause {
  for (const note of NOTE_PATTERNS) if (service.state === note.state && note.why.test(service.why)) return note.cause
  if (service.state === 'unknown' && diagnosis.tcc[0]?.status === 'denied') return 'no-fda'
  return STATE_CAUSE[service.state] ?? 'unknown'
}

/** The doctor's verdict as the fleet line has it: window, the sections that show and those undecided, with causes. */
export function doctorVerdict(diagnosis: Diagnosis): Pick<ResultLine, 'window' | 'show' | 'unsure'> {
  const show: SectionCause[] = []
  const unsure: SectionCause[] = []
  for (const service of diagnosis.services) {
    const role = STATE_ROLE[service.state]
    if (role === 'granted') continue
    ;(role === 'show' ? show : unsure).push({service: service.service, cause: causeOf(service, diagnosis)})
  }
  return {window: diagnosis.verdict.window as Window, show, unsure}
}
