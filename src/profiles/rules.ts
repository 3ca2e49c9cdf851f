import {featureSince} from '../macos/facts.js'
import type {MacosFeature} from '../macos/releases.js'

/**
 * The validator's rules as data: id, default severity, what it checks, how to fix it, and the documentation
 * `pppc validate --explain ID` prints (why it matters, what Apple says, an example). The checks (validate-*.ts)
 * report by id; the README's rule table is generated from this list (`npm run docs`).
 * Severity: error (macOS or the MDM rejects or ignores it, or the entry can never match), warning (works, but risky,
 * refused by some MDMs, or soon wrong), info (worth knowing; never fails a run, even with --strict).
 * Versions in the texts come from the macOS release table (src/macos/releases.ts), never from literals here.
 */
export type Severity = 'error' | 'warning' | 'info'

export type RuleGroup = 'file' | 'container' | 'pppc' | 'identity' | 'security' | 'version' | 'mdm'

export interface RuleData {
  id: string
  severity: Severity
  group: RuleGroup
  title: string
  fix: string
  /** Why it matters: what macOS or the MDM does with such a profile. */
  why: string
  /** What Apple's schema (or Apple's tools) say, with where. */
  apple: string
  /** A short example of what the rule finds (XML as written in a profile). */
  example: string
}

/** "11.0.0" → "11", "10.15.0" → "10.15", "26.2.0" → "26.2": a release as people write it. */
function shortVersion(semver: string): string {
  const parts = semver.split('.')
  while (parts.length > 1 && parts[parts.length - 1] === '0') parts.pop()
  return parts.join('.')
}

/** The macOS version (as people write it) from which a feature holds. */
export function macosSince(feature: MacosFeature): string {
  return shortVersion(featureSince(feature))
}

const AUTHORIZATION_SINCE = macosSince('pppc-authorization-key')
const DDM_SINCE = macosSince('declarative-permission-defaults')
const NOTIFIED_SINCE = macosSince('accessibility-grant-notified')

const TCC_SCHEMA = "Apple's schema, com.apple.TCC.configuration-profile-policy.yaml"
const TOP_LEVEL = "Apple's schema, TopLevel.yaml"
const COMMON_KEYS = "Apple's schema, CommonPayloadKeys.yaml"
const RULE_LIST = [
  {
    id: 'PPPC001',
    severity: 'error',
    group: 'file',
    title: 'The file is not a property list',
    fix: 'Save the profile as an XML property list (or a signed profile); check it was not truncated or converted.',
    why: 'macOS reads a profile only as an XML or binary property list, or one of those inside a CMS signature; anything else is refused before a payload is looked at.',
    apple: `${TOP_LEVEL}: a profile is a dictionary with PayloadType Configuration and a PayloadContent array.`,
    example:
      'A YAML or JSON file named .mobileconfig; a signed profile whose bytes were changed by a line-ending conversion.',
  },
  {
    id: 'PPPC002',
    severity: 'error',
    group: 'file',
    title: 'The XML is not well-formed',
    fix: 'Fix the XML at the line given; a profile editor or `plutil -lint` on a Mac shows the same place.',
    why: 'A property list parser stops at the first XML error, so macOS and every MDM refuse the whole file.',
    apple: 'Property lists are XML documents of the Apple plist DTD (PropertyList-1.0.dtd).',
    example: '<dict> ... </array> (a closing tag that does not match), or a file cut off before </plist>.',
  },
  {
    id: 'PPPC003',
    severity: 'error',
    group: 'file',
    title: 'The property list is not a configuration profile',
    fix: 'A profile is a dictionary with PayloadType Configuration and a PayloadContent array.',
    why: 'A preferences plist or an array is not a profile: macOS cannot install it.',
    apple: `${TOP_LEVEL}: PayloadType (Configuration), PayloadContent, PayloadIdentifier, PayloadUUID and PayloadVersion are required.`,
    example: '<plist><dict><key>RevokeAtLogin</key><true/></dict></plist> (a preferences file, not a profile).',
  },
  {
    id: 'PPPC004',
    severity: 'error',
    group: 'file',
    title: 'The signature does not match the content (tampered or damaged)',
    fix: 'Sign the profile again from its source, or deploy the unsigned original.',
    why: 'macOS refuses a signed profile whose signature does not verify over its content.',
    apple: 'Signed profiles are CMS SignedData over the property list; the signature covers every byte of it.',
    example: 'A signed profile whose XML was edited after signing.',
  },
  {
    id: 'PPPC005',
    severity: 'info',
    group: 'file',
    title: 'Binary property list',
    fix: 'MDM consoles expect XML: convert with `plutil -convert xml1` (macOS) or regenerate with pppc generate.',
    why: 'macOS reads binary plists, but MDM consoles upload and show XML, and findings cannot name lines in binary.',
    apple: 'Configuration profiles are property lists; Apple documents and exports them as XML.',
    example: 'A file that starts with the bytes bplist00.',
  },
  {
    id: 'PPPC006',
    severity: 'warning',
    group: 'file',
    title: 'A key appears twice in one dictionary',
    fix: 'Keep one; macOS silently uses the last.',
    why: 'The property list reader keeps the last value, so the first one is silently ignored: rarely what the author meant.',
    apple: 'A dictionary maps each key to one value.',
    example: '<key>Authorization</key><string>Allow</string> ... <key>Authorization</key><string>Deny</string>',
  },
  {
    id: 'PPPC007',
    severity: 'warning',
    group: 'file',
    title: 'A pppc-disable comment names an unknown rule',
    fix: 'Name rules by their ids (PPPC013); `pppc validate --rules` lists them.',
    why: 'A misspelt id turns nothing off, so the finding it was meant for stays.',
    apple: "Not an Apple rule: pppc's own comments (<!-- pppc-disable-next-line PPPCnnn -->).",
    example: '<!-- pppc-disable-next-line PPPC13 -->',
  },
  {
    id: 'PPPC008',
    severity: 'error',
    group: 'file',
    title: "The file exceeds pppc's limits (size, nesting, expansion)",
    fix: 'A real profile is far below them: check the file is the profile you meant (not a bomb); raise --max-size for a large one.',
    why: 'A hostile or broken file (a 600 MB file, thousands of nested arrays, a binary plist whose shared references expand to gigabytes) is refused by its size or shape before it can exhaust the run; the other files still get their report.',
    apple:
      'Real profiles are a few kilobytes and nest about six levels; Apple sets no limit pppc could copy, so pppc sets generous ones (src/profiles/limits.ts).',
    example: 'A binary plist of 266 KB whose array references one large string a million times.',
  },
  {
    id: 'PPPC009',
    severity: 'error',
    group: 'file',
    title: 'pppc failed on this file (a bug in pppc)',
    fix: 'Please report it with the pppc version and, if you can share it, the file; the other files were checked.',
    why: "An exception of pppc's own is reported on the file that caused it, so the other files are still checked and CI sees exit 70, not a stack trace.",
    apple: "Not an Apple rule: pppc's own failure.",
    example: 'Any file on which pppc throws an unexpected error.',
  },
  {
    id: 'PPPC010',
    severity: 'error',
    group: 'container',
    title: 'Top-level PayloadType is not exactly "Configuration"',
    fix: 'Set the top-level PayloadType to Configuration and put each payload in PayloadContent.',
    why: 'The outer dictionary is the profile, not a payload: MDMs (SimpleMDM, Jamf Now) refuse other values, and old PPPC Utility exports that carry the PPPC type there are not profiles Apple documents.',
    apple: `${TOP_LEVEL}: PayloadType, "The type of payload. The only supported value is 'Configuration'."`,
    example:
      '<key>PayloadType</key><string>com.apple.TCC.configuration-profile-policy</string> on the outer dictionary.',
  },
  {
    id: 'PPPC011',
    severity: 'error',
    group: 'container',
    title: 'PayloadVersion is not the integer 1 (or the profile has none)',
    fix: 'Write <key>PayloadVersion</key><integer>1</integer>.',
    why: 'PayloadVersion 1 is the only version of the profile format; a string or another number is refused by MDMs that check the schema.',
    apple: `${TOP_LEVEL} and ${COMMON_KEYS}: PayloadVersion is a required <integer> whose only value is 1.`,
    example: '<key>PayloadVersion</key><string>1</string>',
  },
  {
    id: 'PPPC012',
    severity: 'error',
    group: 'container',
    title: 'PayloadIdentifier is missing or empty',
    fix: 'Give a reverse-DNS identifier, e.g. com.example.pppc.app.',
    why: 'macOS uses the identifier to decide whether a profile replaces an installed one; without it the profile cannot be installed.',
    apple: `${TOP_LEVEL}: PayloadIdentifier is required; "The system uses this string to determine whether to replace an existing profile or add it as a new profile."`,
    example: 'A payload dictionary with PayloadType and PayloadUUID but no PayloadIdentifier.',
  },
  {
    id: 'PPPC013',
    severity: 'warning',
    group: 'container',
    title: 'PayloadIdentifier is not reverse DNS',
    fix: 'Use dot-separated parts of letters, digits and hyphens, e.g. com.example.pppc.app.',
    why: 'A bare UUID or a name with spaces works, but says nothing about who made the profile and collides more easily with another vendor’s.',
    apple: `${TOP_LEVEL}: "The reverse-DNS style identifier ('com.example.myprofile', for example) that identifies the profile."`,
    example: '<key>PayloadIdentifier</key><string>5DDB8D88-A6BB-4868-B728-BF1E833C6650</string>',
  },
  {
    id: 'PPPC014',
    severity: 'error',
    group: 'container',
    title: 'PayloadUUID is missing, empty or not a string',
    fix: 'Give every payload and the profile a PayloadUUID, e.g. from `uuidgen`.',
    why: 'macOS matches payloads by PayloadIdentifier and PayloadUUID when a profile is replaced; a payload without one is refused.',
    apple: `${COMMON_KEYS}: PayloadUUID is a required <string>.`,
    example: 'A payload dictionary without <key>PayloadUUID</key>.',
  },
  {
    id: 'PPPC015',
    severity: 'error',
    group: 'container',
    title: 'A PayloadUUID is used twice in the file',
    fix: 'Give every payload and the profile its own UUID.',
    why: 'macOS refuses the profile: "Invalid profile: The PayloadUUID … is used more than once in the profile" (homotechsual/macOS-MDM-Profiles#1).',
    apple: `${COMMON_KEYS}: "The actual content is unimportant, but must be globally unique."`,
    example: 'Two payloads that both say <string>747B8C9B-34F0-4E51-82D7-E848FAA62420</string>.',
  },
  {
    id: 'PPPC016',
    severity: 'error',
    group: 'container',
    title: 'PayloadContent is not a non-empty array of payload dictionaries',
    fix: 'Put each payload dictionary in the PayloadContent array.',
    why: 'A profile without payloads configures nothing; a PayloadContent that is not an array of dictionaries is refused.',
    apple: `${TOP_LEVEL}: PayloadContent is a required <array> of payload dictionaries.`,
    example: '<key>PayloadContent</key><dict>…</dict>, or no PayloadContent at all.',
  },
  {
    id: 'PPPC017',
    severity: 'warning',
    group: 'container',
    title: 'PayloadScope is "System" or "User" in another case',
    fix: 'Write System (or User), in that case.',
    why: 'macOS reads the value without regard to case (tested in jamf/PPPC-Utility#29), but Apple lists only System and User, and schema-checking MDMs may refuse other spellings.',
    apple: `${TOP_LEVEL}: PayloadScope takes System or User.`,
    example: '<key>PayloadScope</key><string>system</string>',
  },
  {
    id: 'PPPC018',
    severity: 'error',
    group: 'container',
    title: 'A PPPC payload in a profile that is not device-scoped',
    fix: 'PPPC is delivered on the device channel only: set PayloadScope to System.',
    why: 'macOS installs PPPC payloads only from the device channel; a user-scoped profile delivers none of its grants.',
    apple: `${TCC_SCHEMA}: devicechannel true, userchannel false.`,
    example: '<key>PayloadScope</key><string>User</string> on a profile with a PPPC payload.',
  },
  {
    id: 'PPPC019',
    severity: 'error',
    group: 'container',
    title: 'Two payloads share a PayloadIdentifier',
    fix: 'Payload identifiers must be unique within the profile.',
    why: 'macOS updates payloads by identifier; two with one identifier make the profile invalid.',
    apple: `${COMMON_KEYS}: PayloadIdentifier, "This string must be unique within the profile."`,
    example: 'Two payloads with <string>com.example.pppc.tcc</string>.',
  },
  {
    id: 'PPPC020',
    severity: 'warning',
    group: 'container',
    title: 'A payload reuses the top-level PayloadIdentifier',
    fix: 'Give the payload its own identifier, e.g. <top-level>.tcc.',
    why: 'It works, but some MDMs key payloads and profiles by identifier and confuse the two.',
    apple: `${COMMON_KEYS}: "This identifier is usually the same as the TopLevel value, with an additional appended component."`,
    example: 'Top level and payload both <string>com.example.pppc</string>.',
  },
  {
    id: 'PPPC021',
    severity: 'error',
    group: 'container',
    title: 'A known key or payload type is written in the wrong case',
    fix: "Keys and PayloadType values are case-sensitive: write them as Apple's schema spells them.",
    why: 'macOS looks keys up exactly: a miscased key is ignored (payloadScope leaves the profile user-scoped, jamf/PPPC-Utility#29), a miscased PayloadType is not recognised.',
    apple: `${TOP_LEVEL} and ${TCC_SCHEMA} spell every key; "This value is case-sensitive" (Identifier).`,
    example:
      '<key>payloadScope</key>, <key>identifierType</key>, <string>com.apple.tcc.configuration-profile-policy</string>',
  },
  {
    id: 'PPPC022',
    severity: 'warning',
    group: 'container',
    title: 'Unknown key',
    fix: "Remove it, or check the spelling against Apple's schema.",
    why: 'macOS ignores keys it does not know; an unknown key is usually a misspelling of one it does.',
    apple: `${TOP_LEVEL} and ${COMMON_KEYS} list the keys a profile and a payload take.`,
    example: '<key>PayloadRemovalDisalowed</key>',
  },
  {
    id: 'PPPC023',
    severity: 'error',
    group: 'container',
    title: 'A payload has no PayloadType',
    fix: 'Set PayloadType, e.g. com.apple.TCC.configuration-profile-policy.',
    why: 'Without a type macOS cannot tell what the payload configures and refuses the profile.',
    apple: `${COMMON_KEYS}: PayloadType is required.`,
    example: 'A payload dictionary with Services but no PayloadType.',
  },
  {
    id: 'PPPC024',
    severity: 'error',
    group: 'container',
    title: 'A key has the wrong type',
    fix: "Use the type Apple's schema gives for the key.",
    why: 'macOS reads a value of the wrong type as missing: the setting does not apply.',
    apple: 'Each key of the schema has one type (<string>, <boolean>, <integer>, <array>, <dictionary>…).',
    example: '<key>PayloadRemovalDisallowed</key><string>true</string>; <key>Identifier</key><array>…</array>',
  },
  {
    id: 'PPPC025',
    severity: 'info',
    group: 'container',
    title: 'PayloadUUID is not in UUID form',
    fix: 'Nothing is required; `uuidgen` gives a value that is certainly globally unique.',
    why: 'Apple asks for a unique string, not for a UUID: a unique value in another form works (MDMs such as Kandji write "<type>.<UUID>"). Only a value used twice breaks the profile (PPPC015).',
    apple: `${COMMON_KEYS}: "The actual content is unimportant, but must be globally unique. In macOS, use uuidgen to generate UUIDs." ${TOP_LEVEL}: "The actual content is unimportant."`,
    example:
      '<key>PayloadUUID</key><string>com.apple.TCC.configuration-profile-policy.9A10BE5D-5E46-4C22-89C9-20597A04B6E3</string>',
  },
  {
    id: 'PPPC026',
    severity: 'error',
    group: 'container',
    title: 'PayloadScope is neither System nor User',
    fix: 'Write System (or User).',
    why: 'macOS does not know the value and installs the profile with its default scope, which is not the one meant.',
    apple: `${TOP_LEVEL}: PayloadScope takes System or User.`,
    example: '<key>PayloadScope</key><string>Computer</string>',
  },
  {
    id: 'PPPC027',
    severity: 'warning',
    group: 'container',
    title: 'A payload has no PayloadVersion',
    fix: 'Add <key>PayloadVersion</key><integer>1</integer> to the payload.',
    why: 'macOS installs the payload anyway, but Apple Business Manager and other MDMs that check the schema refuse the profile (microsoft/mdatp-xplat#257).',
    apple: `${COMMON_KEYS}: PayloadVersion is required in every payload, and its only value is 1.`,
    example: 'A com.apple.servicemanagement payload with PayloadType and PayloadUUID but no PayloadVersion.',
  },
  {
    id: 'PPPC030',
    severity: 'error',
    group: 'pppc',
    title: 'Services is missing or not a dictionary',
    fix: 'A PPPC payload needs a Services dictionary of service keys.',
    why: 'A PPPC payload grants what its Services dictionary lists; without it, it grants nothing.',
    apple: `${TCC_SCHEMA}: Services is a required <dictionary>.`,
    example: 'A com.apple.TCC.configuration-profile-policy payload without <key>Services</key>.',
  },
  {
    id: 'PPPC031',
    severity: 'warning',
    group: 'pppc',
    title: 'Services is empty',
    fix: 'Add at least one service, or remove the payload.',
    why: 'An empty Services dictionary installs and does nothing.',
    apple: `${TCC_SCHEMA}: Services holds the privacy services.`,
    example: '<key>Services</key><dict/>',
  },
  {
    id: 'PPPC032',
    severity: 'error',
    group: 'pppc',
    title: 'Unknown service key',
    fix: 'Use one of the 24 keys (`pppc apps --services`).',
    why: 'macOS ignores a service it does not know: the grant never happens.',
    apple: `${TCC_SCHEMA}: "A dictionary whose keys are limited to the privacy policy control services."`,
    example: '<key>ScreenRecording</key> (the key is ScreenCapture), <key>FullDiskAccess</key> (SystemPolicyAllFiles).',
  },
  {
    id: 'PPPC033',
    severity: 'error',
    group: 'pppc',
    title: 'A service is not an array of identity dictionaries',
    fix: 'Each service holds an array of dictionaries with Identifier, IdentifierType, CodeRequirement and Authorization.',
    why: 'macOS reads each service as an array of identity dictionaries; anything else grants nothing.',
    apple: `${TCC_SCHEMA}: each service is an <array> of IdentityDict dictionaries.`,
    example: '<key>Accessibility</key><dict>…</dict>',
  },
  {
    id: 'PPPC034',
    severity: 'error',
    group: 'pppc',
    title: 'A PPPC payload is wrapped in another payload (Custom Settings)',
    fix: 'Put the com.apple.TCC.configuration-profile-policy payload itself in the profile’s PayloadContent, not inside Custom Settings (com.apple.ManagedClient.preferences).',
    why: 'Custom Settings only writes managed preferences for a domain; TCC reads grants from PPPC payloads at the profile’s top level, so a wrapped one grants nothing, without a word.',
    apple: `${TCC_SCHEMA}: payloadtype com.apple.TCC.configuration-profile-policy, a payload of its own in PayloadContent.`,
    example:
      'A com.apple.ManagedClient.preferences payload whose PayloadContent holds the domain com.apple.TCC.configuration-profile-policy with Services under Forced › mcx_preference_settings.',
  },
  {
    id: 'PPPC035',
    severity: 'error',
    group: 'pppc',
    title: 'Two payloads of the profile decide differently for one app and service',
    fix: 'Keep one decision per app and service in the profile; macOS applies the most restrictive (Deny).',
    why: 'Conflicting PPPC specifications resolve to the most restrictive one, so the Allow never takes effect.',
    apple: `${TCC_SCHEMA}: "In the case of conflicting specifications, the most restrictive setting (deny) is used."`,
    example: 'PayloadContent[0] allows com.example.tool SystemPolicyAllFiles, PayloadContent[1] denies it.',
  },
  {
    id: 'PPPC040',
    severity: 'error',
    group: 'identity',
    title: 'Identifier is missing or empty',
    fix: 'Give the bundle ID (or the path of a binary).',
    why: 'TCC matches an entry to an app by its Identifier; without one the entry matches nothing.',
    apple: `${TCC_SCHEMA}: Identifier, "The bundle ID or installation path of the binary", required.`,
    example: 'An identity dictionary with CodeRequirement and Authorization but no Identifier.',
  },
  {
    id: 'PPPC041',
    severity: 'error',
    group: 'identity',
    title: 'IdentifierType is missing or not bundleID or path',
    fix: 'Write bundleID for app bundles, path for binaries.',
    why: 'TCC needs to know whether Identifier is a bundle ID or a path; another value (or another case) matches nothing.',
    apple: `${TCC_SCHEMA}: IdentifierType is required, one of bundleID or path.`,
    example: '<key>IdentifierType</key><string>bundleid</string>',
  },
  {
    id: 'PPPC042',
    severity: 'error',
    group: 'identity',
    title: 'IdentifierType does not fit the Identifier',
    fix: 'A path starts with /; a bundle ID has no /.',
    why: 'A bundle ID marked path (or a path marked bundleID) is looked up the wrong way and never matches.',
    apple: `${TCC_SCHEMA}: "Application bundles must be identified by bundle ID. Nonbundled binaries must be identified by installation path."`,
    example: '<key>Identifier</key><string>com.example.tool</string><key>IdentifierType</key><string>path</string>',
  },
  {
    id: 'PPPC043',
    severity: 'error',
    group: 'identity',
    title: 'CodeRequirement is missing or empty',
    fix: 'Copy the designated requirement from `codesign -dr - APP`.',
    why: 'The requirement is how TCC tells the real app from a copy; the entry is refused without it.',
    apple: `${TCC_SCHEMA}: CodeRequirement is required; "Obtain this value by running codesign -display -r -."`,
    example: '<key>CodeRequirement</key><string></string>',
  },
  {
    id: 'PPPC044',
    severity: 'error',
    group: 'identity',
    title: 'CodeRequirement is malformed',
    fix: 'Copy it again from `codesign -dr - APP`, without the "designated =>" prefix or surrounding text.',
    why: 'macOS compiles the requirement when it installs the profile; one that does not compile (or pins a Team ID no certificate can have) makes the entry useless.',
    apple: 'Apple’s Code Signing Requirement Language (requirements.grammar in the Security framework).',
    example: '<string>designated => identifier "com.example.tool" and anchor apple generic</string>',
  },
  {
    id: 'PPPC045',
    severity: 'error',
    group: 'identity',
    title: 'The requirement cannot be met by the app named in Identifier',
    fix: 'TCC matches the app by Identifier and then checks the requirement: make the requirement’s identifier "..." (one of its identifiers) the same bundle ID.',
    why: 'An app signed with identifier A never satisfies identifier "B": the entry never matches.',
    apple: `${TCC_SCHEMA}: Identifier is the bundle ID; CodeRequirement is the designated requirement of that app (codesign -dr -).`,
    example:
      '<key>Identifier</key><string>com.example.tool</string> with <string>identifier "com.example.other" and anchor apple generic</string>',
  },
  {
    id: 'PPPC046',
    severity: 'error',
    group: 'identity',
    title: 'Not exactly one of Authorization and Allowed',
    fix: `Keep Authorization (macOS ${AUTHORIZATION_SINCE} and later) or Allowed (older Macs), not both.`,
    why: 'An entry with neither decides nothing; with both, which one wins is not defined.',
    apple: `${TCC_SCHEMA}: "Every payload needs to include either Authorization or Allowed, but not both."`,
    example: '<key>Allowed</key><true/><key>Authorization</key><string>Allow</string>',
  },
  {
    id: 'PPPC047',
    severity: 'error',
    group: 'identity',
    title: 'Allowed is not a boolean',
    fix: 'Write <true/> or <false/>.',
    why: 'A string such as "true" is not read as a boolean: the entry decides nothing.',
    apple: `${TCC_SCHEMA}: Allowed is a <boolean>.`,
    example: '<key>Allowed</key><string>true</string>',
  },
  {
    id: 'PPPC048',
    severity: 'warning',
    group: 'identity',
    title: 'A boolean key (Allowed, StaticCode, …) is written as the integer 0 or 1',
    fix: 'Write <true/> or <false/>; Apple Business Manager and other schema-checking MDMs reject integers.',
    why: 'macOS reads 0 and 1 as false and true, so the profile works (Microsoft Defender’s and old Jamf exports do), but MDMs that check Apple’s schema refuse it (microsoft/mdatp-xplat#257).',
    apple: `${TCC_SCHEMA}: Allowed and StaticCode are <boolean>.`,
    example: '<key>StaticCode</key><integer>0</integer><key>Allowed</key><integer>1</integer>',
  },
  {
    id: 'PPPC049',
    severity: 'error',
    group: 'identity',
    title: 'Authorization is not Allow, Deny or AllowStandardUserToSetSystemService',
    fix: 'Use one of the three values, in that case.',
    why: 'macOS does not know any other value: the entry decides nothing.',
    apple: `${TCC_SCHEMA}: Authorization takes Allow, Deny or AllowStandardUserToSetSystemService.`,
    example: '<key>Authorization</key><string>allow</string>',
  },
  {
    id: 'PPPC050',
    severity: 'error',
    group: 'identity',
    title: 'The value is not allowed for this service',
    fix: 'Screen Recording and Input Monitoring: Deny or AllowStandardUserToSetSystemService; Camera and Microphone: Deny only.',
    why: 'A profile cannot grant Camera, Microphone, Screen Recording or Input Monitoring: macOS ignores the Allow.',
    apple: `${TCC_SCHEMA}: Camera, Microphone: "A profile can't grant access … it can only deny it"; AllowStandardUserToSetSystemService is "only valid for the ListenEvent and ScreenCapture services".`,
    example: '<key>ScreenCapture</key> … <key>Authorization</key><string>Allow</string>',
  },
  {
    id: 'PPPC051',
    severity: 'error',
    group: 'identity',
    title: 'AppleEvents entry without its receiver',
    fix: 'Add AEReceiverIdentifier, AEReceiverIdentifierType and AEReceiverCodeRequirement.',
    why: 'An AppleEvents grant is for one sender and one receiver; without the receiver it matches nothing.',
    apple: `${TCC_SCHEMA}: the AEReceiver* keys are "required for AppleEvents service".`,
    example: 'An AppleEvents entry with Identifier and CodeRequirement only.',
  },
  {
    id: 'PPPC052',
    severity: 'error',
    group: 'identity',
    title: 'Receiver keys on a service other than AppleEvents',
    fix: 'Remove the AEReceiver* keys: they are valid for AppleEvents only.',
    why: 'The receiver keys mean nothing for other services and show a misplaced entry.',
    apple: `${TCC_SCHEMA}: the AEReceiver* keys are "not valid for other services".`,
    example: '<key>Accessibility</key> entry with <key>AEReceiverIdentifier</key>.',
  },
  {
    id: 'PPPC053',
    severity: 'error',
    group: 'identity',
    title: 'The AppleEvents receiver is malformed',
    fix: 'AEReceiverIdentifierType is bundleID or path, consistent with AEReceiverIdentifier, with a valid requirement.',
    why: 'A receiver TCC cannot read matches no receiving app.',
    apple: `${TCC_SCHEMA}: AEReceiverIdentifierType takes bundleID or path; AEReceiverCodeRequirement is the receiver's code requirement.`,
    example: '<key>AEReceiverIdentifierType</key><string>bundleid</string>',
  },
  {
    id: 'PPPC054',
    severity: 'error',
    group: 'identity',
    title: 'Conflicting entries for one app and service',
    fix: 'Keep one entry: macOS applies the most restrictive (Deny).',
    why: 'Conflicting specifications resolve to Deny, so the Allow never takes effect.',
    apple: `${TCC_SCHEMA}: "In the case of conflicting specifications, the most restrictive setting (deny) is used."`,
    example: 'Two SystemPolicyAllFiles entries for com.example.tool, one Allow, one Deny.',
  },
  {
    id: 'PPPC055',
    severity: 'warning',
    group: 'identity',
    title: 'Duplicate entry for one app and service',
    fix: 'Remove the copy.',
    why: 'The copy changes nothing but makes the next edit easy to get half right.',
    apple: `${TCC_SCHEMA}: one identity dictionary per app and service is enough.`,
    example: 'Two identical Accessibility entries for com.example.tool.',
  },
  {
    id: 'PPPC056',
    severity: 'warning',
    group: 'identity',
    title: 'Unknown key in an identity dictionary',
    fix: 'Remove it or fix its spelling (Identifier, IdentifierType, CodeRequirement, Authorization, ...).',
    why: 'macOS ignores keys it does not know; an unknown key is usually a misspelt one.',
    apple: `${TCC_SCHEMA}: IdentityDict lists Identifier, IdentifierType, CodeRequirement, StaticCode, Allowed, Authorization, Comment and the AEReceiver* keys.`,
    example: '<key>CodeRequirment</key>',
  },
  {
    id: 'PPPC057',
    severity: 'error',
    group: 'identity',
    title: 'AEReceiverCodeRequirement cannot be met by the app named in AEReceiverIdentifier',
    fix: 'Use the receiving app’s own designated requirement (`codesign -dr - /System/Library/CoreServices/Finder.app`), not the sender’s.',
    why: 'The receiver is checked against AEReceiverCodeRequirement; a requirement that names another identifier (often the sender’s, copied by mistake) never holds, so the Apple Events grant never applies.',
    apple: `${TCC_SCHEMA}: AEReceiverCodeRequirement is "The code requirement for the receiving binary."`,
    example:
      'AEReceiverIdentifier com.apple.finder with AEReceiverCodeRequirement identifier "com.example.sender" and anchor apple generic …',
  },
  {
    id: 'PPPC058',
    severity: 'error',
    group: 'identity',
    title: 'An unexpanded build variable in an identifier or requirement',
    fix: 'Write the value the build produces (the real bundle ID), or let the build expand the variable before the profile ships.',
    why: 'macOS does not expand $(PRODUCT_BUNDLE_IDENTIFIER) or ${VAR}: it compares the text as written, which no app has, so the entry never matches.',
    apple: `${TCC_SCHEMA}: Identifier is "The bundle ID or installation path of the binary"; CodeRequirement is what codesign -display -r - prints.`,
    example: '<key>Identifier</key><string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>',
  },
  {
    id: 'PPPC059',
    severity: 'error',
    group: 'identity',
    title: 'A path identifier names a bundle, not an executable',
    fix: 'Use IdentifierType bundleID with the app’s bundle ID, or name the executable inside it (…/Tool.app/Contents/MacOS/Tool).',
    why: 'TCC compares a path identifier with the path of the running executable; a folder such as /Applications/Tool.app is never one, so the entry never matches.',
    apple: `${TCC_SCHEMA}: "Application bundles must be identified by bundle ID. Nonbundled binaries must be identified by installation path."`,
    example:
      '<key>Identifier</key><string>/Applications/Tool.app</string><key>IdentifierType</key><string>path</string>',
  },
  {
    id: 'PPPC060',
    severity: 'warning',
    group: 'security',
    title: 'The requirement pins no anchor or no signer',
    fix: 'Use the designated requirement from `codesign -dr -`, which pins the certificate and Team ID.',
    why: 'A requirement without an anchor matches unsigned or re-signed copies; anchor apple generic without a Team ID (or the Mac App Store marker) matches any developer’s app with that identifier.',
    apple: `${TCC_SCHEMA}: CodeRequirement, "Obtain this value by running codesign -display -r -", which pins the signer.`,
    example: '<string>identifier "com.example.tool" and anchor apple generic</string>',
  },
  {
    id: 'PPPC061',
    severity: 'warning',
    group: 'security',
    title: 'Full Disk Access or Accessibility for a shell, interpreter or terminal',
    fix: 'Grant the app or signed tool that needs it, not the interpreter every script runs in.',
    why: 'Every script the interpreter runs inherits the grant.',
    apple: `${TCC_SCHEMA}: "Helper tools embedded within an application bundle automatically inherit the permissions of their enclosing app bundle."`,
    example: 'SystemPolicyAllFiles Allow for /bin/bash or com.apple.Terminal.',
  },
  {
    id: 'PPPC062',
    severity: 'warning',
    group: 'security',
    title: "A path identifier inside a user's home folder",
    fix: 'Grant binaries installed where users cannot replace them (/Applications, /usr/local, /Library).',
    why: 'The folder’s owner can put another binary at that path; only the requirement still stands in the way.',
    apple: `${TCC_SCHEMA}: path identifies "the installation path of the binary".`,
    example: '<string>/Users/admin/bin/tool</string> with IdentifierType path.',
  },
  {
    id: 'PPPC063',
    severity: 'warning',
    group: 'security',
    title: 'StaticCode is true',
    fix: 'Static validation is for processes that invalidate their own signature; leave it out otherwise.',
    why: 'Static validation checks the file on disk rather than the running code, which is weaker.',
    apple: `${TCC_SCHEMA}: StaticCode, "Used only if the process invalidates its dynamic code signature."`,
    example: '<key>StaticCode</key><true/>',
  },
  {
    id: 'PPPC064',
    severity: 'error',
    group: 'security',
    title: "The signer's certificate chain does not lead to a CA in --ca",
    fix: "Check who signed it: sign it again with your organisation's identity, or add the right CA to the --ca bundle.",
    why: 'With --ca, a signer whose chain does not lead to one of your CAs is someone else: macOS shows such a profile as unverified.',
    apple: 'Signed profiles are CMS SignedData; macOS checks the signer against the keychain trust settings.',
    example: 'pppc validate --ca corp-ca.pem profile-signed-by-someone-else.mobileconfig',
  },
  {
    id: 'PPPC065',
    severity: 'warning',
    group: 'security',
    title: 'The signer is self-signed (anyone can make one, with any name)',
    fix: 'Sign with a certificate from a CA your Macs trust; pass --ca FILE to check a chain.',
    why: "A self-signed certificate can carry any vendor's name, so its signature tells nothing about who made the profile.",
    apple: 'Signed profiles are CMS SignedData; macOS marks a profile whose signer it cannot verify as unverified.',
    example: 'A profile signed with a certificate made by `openssl req -x509` on a laptop.',
  },
  {
    id: 'PPPC066',
    severity: 'error',
    group: 'identity',
    title: 'The requirement accepts only Apple’s own code, but the app is not Apple’s',
    fix: 'Use the app’s designated requirement from `codesign -dr -` (anchor apple generic with its Team ID).',
    why: '`anchor apple` holds only for code Apple signs itself; a third-party app is signed with a certificate Apple issued to its developer (anchor apple generic), so the entry never matches.',
    apple:
      'Code Signing Requirement Language: anchor apple is "code signed by Apple"; anchor apple generic is code signed with a certificate Apple issued.',
    example:
      '<key>Identifier</key><string>com.example.tool</string> with <string>identifier "com.example.tool" and anchor apple</string>',
  },
  {
    id: 'PPPC070',
    severity: 'warning',
    group: 'version',
    title: 'The service is newer than --min-macos',
    fix: 'Older Macs ignore the key; raise --min-macos or keep a separate profile for them.',
    why: 'A Mac older than the service ignores it: the grant does not happen there.',
    apple: `${TCC_SCHEMA}: supportedOS › macOS › introduced of each service.`,
    example: 'SystemPolicyAppData with --min-macos 13.',
  },
  {
    id: 'PPPC071',
    severity: 'error',
    group: 'version',
    title: 'Authorization on a macOS older than the release that reads it (--min-macos)',
    fix: `Macs before macOS ${AUTHORIZATION_SINCE} read only Allowed: write Allowed for Allow and Deny; AllowStandardUserToSetSystemService has no Allowed form, so keep that entry in a profile for macOS ${AUTHORIZATION_SINCE} and later.`,
    why: 'Older Macs do not read Authorization: the entry decides nothing there.',
    apple: `${TCC_SCHEMA}: Authorization, supportedOS › macOS › introduced ${AUTHORIZATION_SINCE}.`,
    example: `<key>Authorization</key><string>Allow</string> with --min-macos older than ${AUTHORIZATION_SINCE}.`,
  },
  {
    id: 'PPPC072',
    severity: 'warning',
    group: 'version',
    title: 'The service is deprecated in --target-macos',
    fix: `From macOS ${DDM_SINCE} use a declarative default (pppc generate --format ddm) alongside the profile.`,
    why: 'Apple deprecates the key; the declarative app.settings configuration replaces it.',
    apple: `${TCC_SCHEMA}: supportedOS › macOS › deprecated; "Deprecated: use the Privacy key in the declarative management com.apple.configuration.app.settings configuration."`,
    example: `Accessibility with --target-macos ${DDM_SINCE}.`,
  },
  {
    id: 'PPPC073',
    severity: 'warning',
    group: 'version',
    title: `Accessibility granted by profile on macOS ${NOTIFIED_SINCE} or later (--target-macos)`,
    fix: 'The user is notified and can change it; plan a declarative default (pppc generate --format ddm).',
    why: 'The grant is no longer silent: the user sees a notification and can turn it off in System Settings.',
    apple: `${TCC_SCHEMA}: Accessibility, "the device shows a non-blocking notification for each application when this setting is applied, and it allows the user to make changes to the setting in the System Settings app."`,
    example: `Accessibility Allow with --target-macos ${NOTIFIED_SINCE}.`,
  },
  {
    id: 'PPPC080',
    severity: 'warning',
    group: 'mdm',
    title: 'Signed profile for Jamf Pro',
    fix: 'Upload the unsigned profile: Jamf Pro expects unsigned PPPC uploads (its API is reported to refuse signed ones).',
    why: 'Jamf Pro signs profiles itself and is reported to refuse signed uploads.',
    apple: 'Profiles delivered by MDM are signed by the MDM server.',
    example: 'pppc validate --mdm jamf signed.mobileconfig',
  },
  {
    id: 'PPPC081',
    severity: 'info',
    group: 'mdm',
    title: 'Kandji replaces the top-level PayloadIdentifier',
    fix: 'Expect com.kandji.profile.custom.<id> on devices; do not key scripts on the identifier you wrote.',
    why: 'Scripts that look the profile up by the identifier you wrote will not find it.',
    apple: `${TOP_LEVEL}: the identifier decides whether a profile replaces an installed one.`,
    example: 'pppc validate --mdm kandji profile.mobileconfig',
  },
  {
    id: 'PPPC082',
    severity: 'warning',
    group: 'mdm',
    title: 'No PayloadDisplayName for the MDM to show',
    fix: 'Set PayloadDisplayName; Jamf Pro and Kandji list the profile by it.',
    why: 'The MDM console lists the profile by name; without one it shows an identifier or nothing.',
    apple: `${TOP_LEVEL}: PayloadDisplayName, "The human-readable name for the profile".`,
    example: 'A profile without <key>PayloadDisplayName</key>.',
  },
  {
    id: 'PPPC083',
    severity: 'info',
    group: 'mdm',
    title: 'Kandji Custom Profile must run on Mac',
    fix: 'When adding it (or with pppc push kandji) set it to run on Mac.',
    why: 'A Kandji Custom Profile is assigned per platform; unassigned, the Mac never receives it.',
    apple: `${TCC_SCHEMA}: the payload exists on macOS only.`,
    example: 'pppc validate --mdm kandji profile.mobileconfig',
  },
  {
    id: 'PPPC084',
    severity: 'error',
    group: 'file',
    title: 'The file cannot be read',
    fix: 'Check what the path is: a symlink whose target is gone, a file pppc may not read, or a folder or FIFO named like a profile.',
    why: 'A file that cannot be read has not passed: in a run of several files it is reported on its own line, the others still get their report, and the run ends with exit 2 (an input error). A single file named alone is a one-line error, as any unreadable input.',
    apple: 'Not an Apple rule: the file never reached the checks.',
    example: 'profiles/old.mobileconfig, a symlink left behind when its target was deleted.',
  },
] as const satisfies readonly RuleData[]

/** Every rule id, as a type: reporting an id that has no rule is a compile error. */
export type RuleId = (typeof RULE_LIST)[number]['id']

export interface Rule extends RuleData {
  id: RuleId
}

export const RULES: readonly Rule[] = RULE_LIST

const BY_ID = new Map<string, Rule>(RULES.map((r) => [r.id, r]))

export function rule(id: RuleId): Rule {
  return BY_ID.get(id)!
}

export function isRuleId(text: string): text is RuleId {
  return BY_ID.has(text)
}

/** A known id close to what was written ("PPPC13" → "PPPC013", "pppc044" → "PPPC044"), for "did you mean". */
export function nearestRuleId(text: string): RuleId | undefined {
  const digits = /(\d+)\s*$/.exec(text)?.[1]
  if (!digits) return undefined
  const candidate = `PPPC${digits.padStart(3, '0').slice(-3)}`
  return isRuleId(candidate) ? candidate : undefined
}
