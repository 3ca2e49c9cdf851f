import type {AppEntry} from '../profiles/app-entry.js'
import type {AppIdentity} from '../system/app-identity.js'
import type {Unreadable} from '../system/mac.js'
import type {AgentPresence} from './agents.js'
import {WINDOW_SECTIONS} from './flows.js'
import type {Gatekeeper, Quarantine} from './client.js'
import type {Enrollment} from './enrollment.js'
import type {InstalledProfile} from './installed-profiles.js'
import type {MacosVersion} from './macos-version.js'
import type {OverrideEntry} from './mdm-overrides.js'
import type {TccRead} from './tcc.js'

/** A fact, or why it is not known: not readable on the Mac, not in the snapshot, or output pppc could not read. */
export type Known<T> = {status: 'ok'; value: T} | {status: Unreadable | 'unparsable'; message: string}

export interface ClientCopy {
  path: string
  identity?: AppIdentity
  /** Why codesign could not say who signed it. */
  identityError?: string
  gatekeeper?: Gatekeeper
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
  downloads: string[]
}

/** Everything `pppc doctor` learns from a Mac, before any judgement. `diagnose` turns it into a Diagnosis. */
export interface Facts {
  source: string
  kind: 'live' | 'recorded'
  /** The app pppc ran under (it needs Full Disk Access to read TCC.db). */
  hostApp: string | null
  app: AppFacts
  macos: Known<MacosVersion>
  consoleUser: Known<string>
  enrollment: Known<Enrollment>
  profiles: Known<InstalledProfile[]>
  agents: Known<AgentPresence[]>
  /** Installed copies of the app (empty: not installed). */
  installed: Known<ClientCopy[]>
  /** Executable paths of the app's running processes (the launcher and the client). */
  running: Known<string[]>
  /** The downloads in the console user's Downloads folder. */
  launchers: Known<LauncherCopy[]>
  mdmOverrides: Known<OverrideEntry[]>
  tcc: {system: TccRead; user: TccRead | null}
}

const WINDOW_ORDER: string[] = WINDOW_SECTIONS.map((s) => s.service)

export function appFacts(app: AppEntry): AppFacts {
  // The catalogue lists the needs in its own order; reports follow the client's window where it names them.
  const order = (service: string) => {
    const i = WINDOW_ORDER.indexOf(service)
    return i === -1 ? WINDOW_ORDER.length : i
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
    downloads: app.downloads ?? [],
  }
}
