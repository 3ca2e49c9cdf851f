import type {Verification} from './app-entry.js'
import type {Grant} from './grants.js'

export type IdentifierType = 'bundleID' | 'path'

/** One app (or binary) and what the profile says about it: the core's input, whatever the flags or spec file said. */
export interface AppGrants {
  name: string
  identifier: string
  identifierType: IdentifierType
  codeRequirement: string
  grants: Grant[]
  /** Set for catalogue apps; undefined for apps the admin described. */
  catalogueKey?: string
  verification?: Verification
  /** The DDM OrganizationJustification for this app, when the admin wrote one for it. */
  justification?: string
  /** What pppc changed in what the admin wrote (a removed "designated =>" label), and what they should check. */
  notes?: string[]
  warnings?: string[]
}

/** Who the profile says it is. */
export interface ProfileIdentity {
  identifier: string
  displayName: string
  organization?: string
  description?: string
  /** The top-level PayloadUUID; derived from the identifier when not given. */
  uuid?: string
}

export interface GrantSpec {
  identity: ProfileIdentity
  apps: AppGrants[]
}

/**
 * A property list value. Integers are numbers while they are exact as numbers (|n| <= 2^53 - 1), bigints beyond:
 * CoreFoundation keeps 64-bit integers, and a serial number or an ID rounded to the nearest double would be a lie.
 */
export type PlistValue = string | number | bigint | boolean | Date | Buffer | PlistValue[] | {[key: string]: PlistValue}
export type PlistDict = {[key: string]: PlistValue}
