import {certificatesFromAuthorities, type SigningFacts} from '../../src/requirements/index.js'

/** Signing facts as a snapshot records them for the common kinds of app. */

export function developerId(identifier: string, teamId: string, company = 'Example Corp'): SigningFacts {
  return {
    identifier,
    teamId,
    anchor: 'apple-generic',
    certificates: certificatesFromAuthorities([
      `Developer ID Application: ${company} (${teamId})`,
      'Developer ID Certification Authority',
      'Apple Root CA',
    ]),
  }
}

export function macAppStore(identifier: string, teamId: string): SigningFacts {
  return {
    identifier,
    teamId,
    anchor: 'apple-generic',
    certificates: certificatesFromAuthorities([
      'Apple Mac OS Application Signing',
      'Apple Worldwide Developer Relations Certification Authority',
      'Apple Root CA',
    ]),
  }
}

export function appleOwn(identifier: string): SigningFacts {
  return {identifier, anchor: 'apple'}
}

export function adHoc(identifier: string): SigningFacts {
  return {identifier, anchor: 'none'}
}

export function selfSigned(identifier: string, sha1: string): SigningFacts {
  return {identifier, anchor: 'other', certificates: [{subject: {CN: identifier}, sha1}]}
}
