/**
 * The validator's rules as data: id, severity, what it checks and how to fix it. The checks (validate-*.ts) report
 * by id; the README's rule table is generated from this list (`npm run docs`).
 * Severity: error (macOS or the MDM rejects or ignores it), warning (works, but risky or soon wrong), info (worth
 * knowing; never fails a run, even with --strict).
 */
export type Severity = 'error' | 'warning' | 'info'

export interface Rule {
  id: string
  severity: Severity
  group: 'file' | 'container' | 'pppc' | 'identity' | 'security' | 'version' | 'mdm'
  title: string
  fix: string
}

export const RULES: readonly Rule[] = [
  {
    id: 'PPPC001',
    severity: 'error',
    group: 'file',
    title: 'The file is not a property list',
    fix: 'Save the profile as an XML property list (or a signed profile); check it was not truncated or converted.',
  },
  {
    id: 'PPPC002',
    severity: 'error',
    group: 'file',
    title: 'The XML is not well-formed',
    fix: 'Fix the XML at the line given; a profile editor or `plutil -lint` on a Mac shows the same place.',
  },
  {
    id: 'PPPC003',
    severity: 'error',
    group: 'file',
    title: 'The property list is not a configuration profile',
    fix: 'A profile is a dictionary with PayloadType Configuration and a PayloadContent array.',
  },
  {
    id: 'PPPC004',
    severity: 'error',
    group: 'file',
    title: 'The signature does not match the content (tampered or damaged)',
    fix: 'Sign the profile again from its source, or deploy the unsigned original.',
  },
  {
    id: 'PPPC005',
    severity: 'info',
    group: 'file',
    title: 'Binary property list',
    fix: 'MDM consoles expect XML: convert with `plutil -convert xml1` (macOS) or regenerate with pppc generate.',
  },
  {
    id: 'PPPC006',
    severity: 'warning',
    group: 'file',
    title: 'A key appears twice in one dictionary',
    fix: 'Keep one; macOS silently uses the last.',
  },
  {
    id: 'PPPC010',
    severity: 'error',
    group: 'container',
    title: 'Top-level PayloadType is not exactly "Configuration"',
    fix: 'Set the top-level PayloadType to Configuration and put each payload in PayloadContent.',
  },
  {
    id: 'PPPC011',
    severity: 'error',
    group: 'container',
    title: 'PayloadVersion is not the integer 1',
    fix: 'Write <key>PayloadVersion</key><integer>1</integer>.',
  },
  {
    id: 'PPPC012',
    severity: 'error',
    group: 'container',
    title: 'PayloadIdentifier is missing or empty',
    fix: 'Give a reverse-DNS identifier, e.g. com.example.pppc.app.',
  },
  {
    id: 'PPPC013',
    severity: 'warning',
    group: 'container',
    title: 'PayloadIdentifier is not reverse DNS',
    fix: 'Use dot-separated parts of letters, digits and hyphens, e.g. com.example.pppc.app.',
  },
  {
    id: 'PPPC014',
    severity: 'error',
    group: 'container',
    title: 'PayloadUUID is missing or not a UUID',
    fix: 'Use a UUID in the form 8-4-4-4-12 hex digits (`uuidgen`).',
  },
  {
    id: 'PPPC015',
    severity: 'error',
    group: 'container',
    title: 'A PayloadUUID is used twice in the file',
    fix: 'Give every payload and the profile its own UUID.',
  },
  {
    id: 'PPPC016',
    severity: 'error',
    group: 'container',
    title: 'PayloadContent is not a non-empty array of payload dictionaries',
    fix: 'Put each payload dictionary in the PayloadContent array.',
  },
  {
    id: 'PPPC017',
    severity: 'error',
    group: 'container',
    title: 'PayloadScope is not exactly "System" or "User"',
    fix: 'Write System (or User), in that case.',
  },
  {
    id: 'PPPC018',
    severity: 'error',
    group: 'container',
    title: 'A PPPC payload in a profile that is not device-scoped',
    fix: 'PPPC is delivered on the device channel only: set PayloadScope to System.',
  },
  {
    id: 'PPPC019',
    severity: 'error',
    group: 'container',
    title: 'Two payloads share a PayloadIdentifier',
    fix: 'Payload identifiers must be unique within the profile.',
  },
  {
    id: 'PPPC020',
    severity: 'warning',
    group: 'container',
    title: 'A payload reuses the top-level PayloadIdentifier',
    fix: 'Give the payload its own identifier, e.g. <top-level>.tcc.',
  },
  {
    id: 'PPPC021',
    severity: 'error',
    group: 'container',
    title: 'A known key or payload type is written in the wrong case',
    fix: 'Keys and PayloadType values are case-sensitive: macOS ignores payloadScope; write PayloadScope.',
  },
  {
    id: 'PPPC022',
    severity: 'warning',
    group: 'container',
    title: 'Unknown key',
    fix: "Remove it, or check the spelling against Apple's schema.",
  },
  {
    id: 'PPPC023',
    severity: 'error',
    group: 'container',
    title: 'A payload has no PayloadType',
    fix: 'Set PayloadType, e.g. com.apple.TCC.configuration-profile-policy.',
  },
  {
    id: 'PPPC024',
    severity: 'error',
    group: 'container',
    title: 'A key has the wrong type',
    fix: "Use the type Apple's schema gives for the key.",
  },
  {
    id: 'PPPC030',
    severity: 'error',
    group: 'pppc',
    title: 'Services is missing or not a dictionary',
    fix: 'A PPPC payload needs a Services dictionary of service keys.',
  },
  {
    id: 'PPPC031',
    severity: 'warning',
    group: 'pppc',
    title: 'Services is empty',
    fix: 'Add at least one service, or remove the payload.',
  },
  {
    id: 'PPPC032',
    severity: 'error',
    group: 'pppc',
    title: 'Unknown service key',
    fix: 'Use one of the 24 keys (`pppc apps --services`).',
  },
  {
    id: 'PPPC033',
    severity: 'error',
    group: 'pppc',
    title: 'A service is not an array of identity dictionaries',
    fix: 'Each service holds an array of dictionaries with Identifier, IdentifierType, CodeRequirement and Authorization.',
  },
  {
    id: 'PPPC040',
    severity: 'error',
    group: 'identity',
    title: 'Identifier is missing or empty',
    fix: 'Give the bundle ID (or the path of a binary).',
  },
  {
    id: 'PPPC041',
    severity: 'error',
    group: 'identity',
    title: 'IdentifierType is missing or not bundleID or path',
    fix: 'Write bundleID for app bundles, path for binaries.',
  },
  {
    id: 'PPPC042',
    severity: 'error',
    group: 'identity',
    title: 'IdentifierType does not fit the Identifier',
    fix: 'A path starts with /; a bundle ID has no /.',
  },
  {
    id: 'PPPC043',
    severity: 'error',
    group: 'identity',
    title: 'CodeRequirement is missing or empty',
    fix: 'Copy the designated requirement from `codesign -dr - APP`.',
  },
  {
    id: 'PPPC044',
    severity: 'error',
    group: 'identity',
    title: 'CodeRequirement is malformed',
    fix: 'Copy it again from `codesign -dr - APP`, without the "designated =>" prefix or surrounding text.',
  },
  {
    id: 'PPPC045',
    severity: 'error',
    group: 'identity',
    title: 'The requirement names another identifier than Identifier',
    fix: 'TCC matches the app by Identifier and then checks the requirement: make its identifier "..." the same bundle ID.',
  },
  {
    id: 'PPPC046',
    severity: 'error',
    group: 'identity',
    title: 'Not exactly one of Authorization and Allowed',
    fix: 'Keep Authorization (macOS 11+) or Allowed (older Macs), not both.',
  },
  {
    id: 'PPPC047',
    severity: 'error',
    group: 'identity',
    title: 'Allowed is not a boolean',
    fix: 'Write <true/> or <false/>.',
  },
  {
    id: 'PPPC048',
    severity: 'warning',
    group: 'identity',
    title: 'Allowed is an integer',
    fix: 'Write <true/> or <false/>; some MDMs reject integers.',
  },
  {
    id: 'PPPC049',
    severity: 'error',
    group: 'identity',
    title: 'Authorization is not Allow, Deny or AllowStandardUserToSetSystemService',
    fix: 'Use one of the three values, in that case.',
  },
  {
    id: 'PPPC050',
    severity: 'error',
    group: 'identity',
    title: 'The value is not allowed for this service',
    fix: 'Screen Recording and Input Monitoring: Deny or AllowStandardUserToSetSystemService; Camera and Microphone: Deny only.',
  },
  {
    id: 'PPPC051',
    severity: 'error',
    group: 'identity',
    title: 'AppleEvents entry without its receiver',
    fix: 'Add AEReceiverIdentifier, AEReceiverIdentifierType and AEReceiverCodeRequirement.',
  },
  {
    id: 'PPPC052',
    severity: 'error',
    group: 'identity',
    title: 'Receiver keys on a service other than AppleEvents',
    fix: 'Remove the AEReceiver* keys: they are valid for AppleEvents only.',
  },
  {
    id: 'PPPC053',
    severity: 'error',
    group: 'identity',
    title: 'The AppleEvents receiver is malformed',
    fix: 'AEReceiverIdentifierType is bundleID or path, consistent with AEReceiverIdentifier, with a valid requirement.',
  },
  {
    id: 'PPPC054',
    severity: 'error',
    group: 'identity',
    title: 'Conflicting entries for one app and service',
    fix: 'Keep one entry: macOS applies the most restrictive (Deny).',
  },
  {
    id: 'PPPC055',
    severity: 'warning',
    group: 'identity',
    title: 'Duplicate entry for one app and service',
    fix: 'Remove the copy.',
  },
  {
    id: 'PPPC056',
    severity: 'warning',
    group: 'identity',
    title: 'Unknown key in an identity dictionary',
    fix: 'Remove it or fix its spelling (Identifier, IdentifierType, CodeRequirement, Authorization, ...).',
  },
  {
    id: 'PPPC060',
    severity: 'warning',
    group: 'security',
    title: 'The requirement pins no anchor or no Team ID',
    fix: 'Use the designated requirement from `codesign -dr -`, which pins the certificate and Team ID.',
  },
  {
    id: 'PPPC061',
    severity: 'warning',
    group: 'security',
    title: 'Full Disk Access or Accessibility for a shell, interpreter or terminal',
    fix: 'Grant the app or signed tool that needs it, not the interpreter every script runs in.',
  },
  {
    id: 'PPPC062',
    severity: 'warning',
    group: 'security',
    title: "A path identifier inside a user's home folder",
    fix: 'Grant binaries installed where users cannot replace them (/Applications, /usr/local, /Library).',
  },
  {
    id: 'PPPC063',
    severity: 'warning',
    group: 'security',
    title: 'StaticCode is true',
    fix: 'Static validation is for processes that invalidate their own signature; leave it out otherwise.',
  },
  {
    id: 'PPPC070',
    severity: 'warning',
    group: 'version',
    title: 'The service is newer than --min-macos',
    fix: 'Older Macs ignore the key; raise --min-macos or keep a separate profile for them.',
  },
  {
    id: 'PPPC071',
    severity: 'error',
    group: 'version',
    title: 'Authorization on a macOS older than 11 (--min-macos)',
    fix: 'macOS 10.14 and 10.15 read only Allowed: use Allowed, or raise --min-macos to 11.',
  },
  {
    id: 'PPPC072',
    severity: 'warning',
    group: 'version',
    title: 'The service is deprecated in --target-macos',
    fix: 'From macOS 27 use a declarative default (pppc generate --format ddm) alongside the profile.',
  },
  {
    id: 'PPPC073',
    severity: 'warning',
    group: 'version',
    title: 'Accessibility granted by profile on macOS 26.2 or later (--target-macos)',
    fix: 'The user is notified and can change it; plan a declarative default (pppc generate --format ddm).',
  },
  {
    id: 'PPPC080',
    severity: 'warning',
    group: 'mdm',
    title: 'Signed profile for Jamf Pro',
    fix: 'Upload the unsigned profile: Jamf Pro expects unsigned PPPC uploads (its API is reported to refuse signed ones).',
  },
  {
    id: 'PPPC081',
    severity: 'info',
    group: 'mdm',
    title: 'Kandji replaces the top-level PayloadIdentifier',
    fix: 'Expect com.kandji.profile.custom.<id> on devices; do not key scripts on the identifier you wrote.',
  },
  {
    id: 'PPPC082',
    severity: 'warning',
    group: 'mdm',
    title: 'No PayloadDisplayName for the MDM to show',
    fix: 'Set PayloadDisplayName; Jamf Pro and Kandji list the profile by it.',
  },
  {
    id: 'PPPC083',
    severity: 'info',
    group: 'mdm',
    title: 'Kandji Custom Profile must run on Mac',
    fix: 'When adding it (or with pppc push kandji) set it to run on Mac.',
  },
]

const BY_ID = new Map(RULES.map((r) => [r.id, r]))

export function rule(id: string): Rule {
  const found = BY_ID.get(id)
  if (!found) throw new Error(`unknown rule ${id}`)
  return found
}
