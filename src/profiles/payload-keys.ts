/**
 * The keys Apple's schema defines for a profile's top level (TopLevel.yaml) and for every payload
 * (CommonPayloadKeys.yaml), with their plist types. test/profiles/payload-keys.conformance.test.ts checks them against
 * Apple's files kept in data/apple.
 */
export type PlistType = 'string' | 'integer' | 'real' | 'boolean' | 'date' | 'data' | 'array' | 'dictionary'

export const TOP_LEVEL_KEYS: Readonly<Record<string, PlistType>> = {
  PayloadIdentifier: 'string',
  PayloadUUID: 'string',
  PayloadType: 'string',
  PayloadVersion: 'integer',
  IsEncrypted: 'boolean',
  PayloadContent: 'array',
  EncryptedPayloadContent: 'data',
  PayloadDescription: 'string',
  PayloadDisplayName: 'string',
  HasRemovalPasscode: 'boolean',
  PayloadOrganization: 'string',
  PayloadRemovalDisallowed: 'boolean',
  PayloadScope: 'string',
  RemovalDate: 'date',
  DurationUntilRemoval: 'real',
  PayloadExpirationDate: 'date',
  TargetDeviceType: 'integer',
  ConsentText: 'dictionary',
}

export const COMMON_PAYLOAD_KEYS: Readonly<Record<string, PlistType>> = {
  PayloadIdentifier: 'string',
  PayloadUUID: 'string',
  PayloadType: 'string',
  PayloadVersion: 'integer',
  PayloadDescription: 'string',
  PayloadDisplayName: 'string',
  PayloadOrganization: 'string',
}

/** Keys outside the schema that MDMs and profile editors have long written and macOS ignores: not worth a warning. */
export const TOLERATED_KEYS: ReadonlySet<string> = new Set(['PayloadEnabled'])

/** The keys of one identity dictionary in a PPPC service array (the schema's IdentityDict). */
export const IDENTITY_KEYS: Readonly<Record<string, PlistType>> = {
  Identifier: 'string',
  IdentifierType: 'string',
  CodeRequirement: 'string',
  StaticCode: 'boolean',
  Allowed: 'boolean',
  Authorization: 'string',
  Comment: 'string',
  AEReceiverIdentifier: 'string',
  AEReceiverIdentifierType: 'string',
  AEReceiverCodeRequirement: 'string',
}

export const AE_RECEIVER_KEYS = [
  'AEReceiverIdentifier',
  'AEReceiverIdentifierType',
  'AEReceiverCodeRequirement',
] as const
