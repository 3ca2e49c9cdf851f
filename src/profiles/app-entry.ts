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
  /** Names the vendor's download arrives under (used by `pppc install` to find it in ~/Downloads). */
  downloads?: string[]
  notes: string[]
  sources: string[]
}
