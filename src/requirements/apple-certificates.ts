/**
 * What Apple's code-signing certificates carry, as data: the marker extensions designated requirements test for, and
 * what the names `codesign -dv` prints as `Authority=` lines tell about each certificate. Sources: the designated
 * requirements Xcode and codesign generate (`certificate leaf[field.1.2.840.113635.100.6.1.9]` for the Mac App
 * Store, `certificate 1[field.1.2.840.113635.100.6.2.6]` and `certificate leaf[field.1.2.840.113635.100.6.1.13]` for
 * Developer ID) and Security's reqinterp.cpp (the macOS software-signing marker 1.2.840.113635.100.6.22 that
 * `anchor apple` looks for).
 */

export const APPLE_OIDS = {
  /** Leaf of a Mac App Store app ("Apple Mac OS Application Signing"). */
  macAppStoreLeaf: '1.2.840.113635.100.6.1.9',
  /** Leaf of a Developer ID application certificate. */
  developerIdLeaf: '1.2.840.113635.100.6.1.13',
  /** The Developer ID Certification Authority (the intermediate, certificate 1). */
  developerIdIntermediate: '1.2.840.113635.100.6.2.6',
  /** Leaf of Apple's own software signing, which `anchor apple` requires. */
  appleSoftwareLeaf: '1.2.840.113635.100.6.22',
} as const

/** Words for a marker OID in messages. */
export const OID_NAMES: Readonly<Record<string, string>> = {
  [APPLE_OIDS.macAppStoreLeaf]: 'the Mac App Store marker',
  [APPLE_OIDS.developerIdLeaf]: 'the Developer ID application marker',
  [APPLE_OIDS.developerIdIntermediate]: 'the Developer ID intermediate marker',
  [APPLE_OIDS.appleSoftwareLeaf]: "Apple's software-signing marker",
}

/** What a certificate of a code signature is known to hold; anything left out is unknown. */
export interface CertificateFacts {
  /** Subject name fields by their short names: CN, OU, O, C… */
  subject?: Record<string, string>
  /**
   * Extension OIDs (dotted). An array is the certificate's complete list: what is not in it is absent. A record says
   * present (true) or absent (false) per OID, and leaves the others unknown.
   */
  fields?: readonly string[] | Readonly<Record<string, boolean>>
  /** SHA-1 of the whole certificate (what `certificate … = H"…"` compares), hex. */
  sha1?: string
}

/** Certificate names (CN) whose marker extensions are known, with the markers each has and has not. */
const KNOWN_AUTHORITIES: readonly {name: RegExp; fields: Record<string, boolean>}[] = [
  {
    name: /^Developer ID Application: /,
    fields: {[APPLE_OIDS.developerIdLeaf]: true, [APPLE_OIDS.macAppStoreLeaf]: false},
  },
  {name: /^Developer ID Certification Authority$/, fields: {[APPLE_OIDS.developerIdIntermediate]: true}},
  {
    name: /^Apple Mac OS Application Signing$/,
    fields: {[APPLE_OIDS.macAppStoreLeaf]: true, [APPLE_OIDS.developerIdLeaf]: false},
  },
  {
    name: /^Apple Worldwide Developer Relations Certification Authority$/,
    fields: {[APPLE_OIDS.developerIdIntermediate]: false},
  },
]

/** `Developer ID Application: BeyondTrust Corporation (B65TM49E24)`: the Team ID closes the name. */
const TEAM_ID_IN_NAME =
  /^(?:Developer ID Application|Apple Development|Apple Distribution|Mac Developer): .*\(([A-Z0-9]{10})\)$/

/**
 * Certificate facts from the `Authority=` names `codesign -dv` prints (leaf first): each name is the subject CN, the
 * Team ID at the end of a developer certificate's name is its OU, and Apple's well-known certificates get the marker
 * extensions they are known to carry or lack.
 */
export function certificatesFromAuthorities(names: readonly string[]): CertificateFacts[] {
  return names.map((name) => {
    const subject: Record<string, string> = {CN: name}
    const teamId = TEAM_ID_IN_NAME.exec(name)?.[1]
    if (teamId) subject.OU = teamId
    const known = KNOWN_AUTHORITIES.find((k) => k.name.test(name))
    return known ? {subject, fields: {...known.fields}} : {subject}
  })
}
