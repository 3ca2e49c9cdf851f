import type {Grant} from './grants.js'

export type Verification = 'verified' | 'partially_verified' | 'unverified'

export interface CatalogueGrant extends Grant {
  /** Why the app needs it, in the vendor's words where there are any. */
  purpose: string
  /** Where the need is documented. */
  source: string
  /** Legacy or undocumented needs: listed, but left out of a generated profile unless asked for. */
  optional?: true
}

export interface AppEntry {
  key: string
  name: string
  vendor: string
  aliases: string[]
  bundleId: string
  bundleRole: string
  teamId: string
  codeRequirement: string
  requirementSource: string
  verification: Verification
  grants: CatalogueGrant[]
  relatedBundleIds: {id: string; role: string}[]
  /** What the doctor, the installer and the onboarding steps need to know of the installed app. */
  client?: ClientFacts
  notes: string[]
  sources: string[]
}

/** The app as a user meets it: its names, where it installs, how it starts, and its own permissions window. */
export interface ClientFacts {
  /** The name the app shows in its windows and in the privacy panes of System Settings. */
  shownName?: string
  /** The executable inside the bundle (`pgrep -x`). */
  executable?: string
  /** Where to look for installed copies when Spotlight cannot find them (hidden per-site folders). */
  install?: {roots: string[]; maxDepth: number; pathPattern: string; why: string}
  /**
   * The download that starts the app: its name, the names it had in earlier releases, and the names a browser saves it
   * under. Finder compares these names without regard to case, so neither does pppc.
   */
  launcher?: {name?: string; formerNames?: string[]; downloads: string[]}
  /** The app's own window asking for permissions (BeyondTrust's Action Required), its sections in order. */
  permissionsWindow?: {name: string; sections: {service: string; label: string}[]}
}
