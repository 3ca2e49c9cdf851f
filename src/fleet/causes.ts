import type {Diagnosis, ServiceDiagnosis, ServiceState} from '../checks/diagnosis.js'
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
  stale: 'show',
  unknown: 'unsure',
}

export const STATE_CAUSE: Readonly<Partial<Record<ServiceState, Cause>>> = {
  denied: 'denied',
  'denied-by-mdm': 'mdm-denied',
  missing: 'not-granted',
  stale: 'stale',
  unknown: 'unknown',
}

/**
 * The refinements of a cause, from what the doctor says about the service: a profile that names the app but that macOS
 * does not apply (user level, an enrollment that is not user approved, not in MDMOverrides.plist, a value the service
 * does not take) is not-applied; one whose requirement does not match the client is mismatch; an unknown state because
 * TCC.db was denied is no-fda. In the script these are the `note` it sets while judging, and the system database's
 * status. The first that holds wins, in this order (the doctor's own order of notes).
 */
export const NOTE_PATTERNS: readonly {cause: Cause; state: ServiceState; why: RegExp}[] = [
  {cause: 'mismatch', state: 'missing', why: /code requirement does not match the client/},
  {
    cause: 'not-applied',
    state: 'missing',
    why: /macOS applies PPPC payloads only from device-level|names it, but|which a profile cannot do/,
  },
]

function causeOf(service: ServiceDiagnosis, diagnosis: Diagnosis): Cause {
  // The doctor's why holds its notes in the order it made them; the first that names a cause decides.
  const hits = NOTE_PATTERNS.filter((n) => service.state === n.state)
    .map((n) => ({cause: n.cause, at: service.why.search(n.why)}))
    .filter((h) => h.at >= 0)
    .sort((a, b) => a.at - b.at)
  if (hits[0]) return hits[0].cause
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
