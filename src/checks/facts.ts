import type {AppEntry, ClientFacts} from '../profiles/app-entry.js'
import type {PlistDict} from '../profiles/model.js'
import type {AppIdentity} from '../system/app-identity.js'
import type {Known} from '../system/known.js'
import type {AgentPresence} from './agents.js'
import type {GatekeeperCheck, SignatureDetails} from '../system/codesign.js'
import type {Quarantine} from '../system/quarantine.js'
import type {Enrollment} from './enrollment.js'
import type {InstalledProfile} from './installed-profiles.js'
import type {MacosVersion} from '../macos/version.js'
import type {OverrideEntry} from './mdm-overrides.js'
import type {TccRead} from './tcc.js'

export type {Known}

export interface ClientCopy {
  path: string
  identity?: AppIdentity
  /** Why codesign could not say who signed it. */
  identityError?: string
  /** The signature as `codesign -dv --verbose=4` describes it (or `codesign -dv`, in a first-format snapshot). */
  signature?: SignatureDetails
  gatekeeper?: GatekeeperCheck
  /** CFBundleShortVersionString. */
  version: Known<string>
  /** Found running, not by the install search (a copy outside the catalogue's install folders). */
  foundRunning?: true
}

/** A process of the app's executable name: the launcher or the client. */
export interface RunningProcess {
  /** The IDs are unknown in a first-format snapshot, which recorded executable paths only. */
  pid: number | null
  ppid: number | null
  /** The executable's path, without arguments. */
  path: string
}

export interface LauncherCopy {
  path: string
  present: boolean
  quarantine?: Quarantine
}

/** The app being diagnosed, as the catalogue describes it. */
export interface AppFacts {
  key: string
  /** The name to type: `pppc generate --app <cliName>`. */
  cliName: string
  name: string
  bundleId: string
  teamId: string
  codeRequirement: string
  /** PPPC services it needs (the catalogue's grants that are not optional). */
  services: string[]
  /** What the catalogue says of the installed app (executable, install folders, launcher, permissions window). */
  client: ClientFacts
  downloads: string[]
}

/** Everything `pppc doctor` learns from a Mac, before any judgement. `diagnose` turns it into a Diagnosis. */
export interface Facts {
  source: string
  kind: 'live' | 'recorded'
  /** The snapshot format of a recorded Mac (1 for snapshots that do not say); null for this Mac. */
  snapshotFormat: number | null
  /** When the facts were read (ISO 8601): now on a live Mac, the recording time of a snapshot when it says. */
  observedAt: string | null
  /** The app pppc ran under (it needs Full Disk Access to read TCC.db). */
  hostApp: string | null
  app: AppFacts
  macos: Known<MacosVersion>
  consoleUser: Known<string>
  /** Whether the console user is a member of the admin group. */
  consoleUserAdmin: Known<boolean>
  enrollment: Known<Enrollment>
  profiles: Known<InstalledProfile[]>
  agents: Known<AgentPresence[]>
  /** Installed copies of the app (empty: not installed), and running ones found elsewhere. */
  installed: Known<ClientCopy[]>
  /** Processes of the app's executable name (the launcher and the client). */
  processes: Known<RunningProcess[]>
  /** The downloads in the console user's Downloads folder. */
  launchers: Known<LauncherCopy[]>
  mdmOverrides: Known<OverrideEntry[]>
  tcc: {system: TccRead; user: TccRead | null}
  /** The console user's ScreenCaptureApprovals.plist (macOS 15 and later), whole. */
  screenCaptureApprovals: Known<PlistDict>
}

export function appFacts(app: AppEntry): AppFacts {
  // The catalogue lists the needs in its own order; reports follow the app's permissions window where it has one.
  const windowOrder = (app.client?.permissionsWindow?.sections ?? []).map((s) => s.service)
  const order = (service: string) => {
    const i = windowOrder.indexOf(service)
    return i === -1 ? windowOrder.length : i
  }
  return {
    key: app.key,
    cliName: app.aliases[0] ?? app.key,
    // "BeyondTrust Remote Support Customer Client (also Jump Client; ...)": the part before the aside.
    name: app.name.replace(/\s*\(.*\)\s*$/, ''),
    bundleId: app.bundleId,
    teamId: app.teamId,
    codeRequirement: app.codeRequirement,
    services: app.grants
      .filter((g) => !g.optional)
      .map((g) => g.service)
      .sort((a, b) => order(a) - order(b)),
    client: app.client ?? {},
    downloads: app.client?.launcher?.downloads ?? [],
  }
}
