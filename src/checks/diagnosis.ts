import type {Flow} from '../onboarding/flow.js'
import type {SectionId} from '../onboarding/steps.js'
import type {MdmKind} from '../profiles/mdm.js'
import type {Authorization} from '../profiles/services.js'
import type {AlertState} from './approvals.js'
import type {InUseBasis} from './copies.js'
import type {Finding, FindingId, Level} from './findings.js'
import type {RequirementCheck} from './requirement-check.js'
import type {Approver, ServiceJudgement, ServiceState} from './services.js'

export type {Approver, Finding, FindingId, Level, ServiceState}

/**
 * What `pppc doctor --json` prints. Keys are only ever added (schemas/doctor.schema.json is written from this shape);
 * what was there in the first release keeps its name and meaning.
 */
export interface ServiceDiagnosis extends ServiceJudgement {
  /** The name of its section in the client's Action Required window (or of the service). */
  label: string
  /** What System Settings calls the pane on this macOS. */
  pane: string
}

export interface ProfileDiagnosis {
  name: string
  identifier: string
  /** `_computerlevel`, or the user a user-level profile is installed for. */
  scope: string
  /** Device level: the only level whose PPPC payloads macOS applies. */
  deviceLevel: boolean
  services: {service: string; authorization: Authorization | null}[]
  requirement: RequirementCheck | null
}

export interface CopyDiagnosis {
  path: string
  version: string | null
  teamId: string | null
  /** The secure timestamp (or signing time) codesign printed. */
  signedAt: string | null
  gatekeeper: string | null
  inUse: boolean
  running: boolean
  /** The command that removes it (its per-site folder). */
  remove: string
}

export interface Diagnosis {
  source: string
  app: {key: string; name: string; bundleId: string}
  macos: {
    known: boolean
    version: string | null
    description: string | null
    flow: string | null
    settingsApp: string | null
  }
  enrollment: {
    state: 'user-approved' | 'automated' | 'not-user-approved' | 'not-enrolled' | 'unknown'
    server: string | null
    /** Which MDM (profiles/mdm.ts), when enrolled. */
    vendor: MdmKind | null
  }
  /** Which MDM manages the Mac and what said so; kind null when pppc cannot tell. */
  mdm: {kind: MdmKind | null; label: string; host: string | null; evidence: string[]}
  agents: {kind: string; label: string; found: string[]}[] | null
  client: {
    state: 'installed' | 'not-installed' | 'unknown'
    /** The copy in use (null when several are installed and pppc cannot tell which runs). */
    path: string | null
    teamId: string | null
    requirement: string | null
    gatekeeper: string | null
    /** Executable paths of the processes of the app's executable name (the launcher and the client). */
    running: string[]
    version: string | null
    /** How the copy in use was told: it runs, the launcher started it, it is the only one; or unknown. */
    inUse: InUseBasis
    copies: CopyDiagnosis[]
  }
  launchers: {path: string; quarantined: boolean; userApproved: boolean | null; downloadedBy: string | null}[]
  reader: {app: string; fullDiskAccess: 'yes' | 'no' | 'unknown'}
  tcc: {database: string; status: string; schema: string | null; message: string | null}[]
  profiles: ProfileDiagnosis[]
  services: ServiceDiagnosis[]
  /** The console user, and whether they are an administrator (null: unknown). */
  user: {name: string | null; administrator: boolean | null}
  /** The macOS 15 screen-capture alert for the client. */
  screenCapture: {
    state: AlertState
    lastAlerted: string | null
    lastUsed: string | null
    dueAfter: string | null
    why: string
  }
  verdict: {window: 'shows' | 'does-not-show' | 'unknown'; sections: string[]; summary: string}
  findings: Finding[]
  /** What pppc could not find out, and why. */
  unknowns: string[]
  steps: Flow | null
  /** Where the user's steps start: at the portal download (nothing installed or downloaded) or at the first launch. */
  stepsFrom: Extract<SectionId, 'download' | 'launch'>
  /** The snapshot format read (null for this Mac), and when the facts were read. */
  snapshot: {format: number | null; observedAt: string | null}
}
