import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {execa} from 'execa'
import {beforeAll, describe, expect, it} from 'vitest'
import type {ClientCopy} from '../../src/checks/facts.js'
import {judge, requirementFromHex, signedCopy} from '../../src/checks/signing.js'
import {readTcc, SYSTEM_TCC_DB, type TccRow} from '../../src/checks/tcc.js'
import {
  encodeRequirementText,
  formatRequirement,
  parseRequirement,
  sameRequirement,
  type Verdict,
} from '../../src/requirements/index.js'
import {identityFromCodesign} from '../../src/system/app-identity.js'
import {parseCodesignDetails, parseSpctl} from '../../src/system/codesign.js'
import {codesignDetailsArgv, codesignRequirementArgv, spctlArgv} from '../../src/system/mac-commands.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'

/**
 * The whole way a TCC.db decision goes in doctor: a requirement compiled as tccd stores it (csreq), a real SQLite
 * TCC.db, readTcc through a recorded Mac (this machine's sqlite3, hex() of the blob), the decoder, and the evaluator
 * against a client described by codesign's own output. Each requirement must come back as itself, and be judged
 * right against a client that satisfies it and one that does not (or unknown, where codesign's output cannot say).
 */

const DEV_ID_LEAF = '1.2.840.113635.100.6.1.13'
const DEV_ID_CA = '1.2.840.113635.100.6.2.6'
const MAS_LEAF = '1.2.840.113635.100.6.1.9'
const CDHASH = 'a3f1c0de5b7d9e2f4a6c8e0b2d4f6a8c0e2b4d6f'

interface App {
  identifier: string
  requirement: string
  authorities: string[]
  teamId?: string
  adhoc?: boolean
  cdhash: string
  version: string
}

const APPS: Record<string, App> = {
  beyondtrust: {
    identifier: 'com.bomgar.bomgar-scc',
    requirement: `identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.${DEV_ID_CA}] /* exists */ and certificate leaf[field.${DEV_ID_LEAF}] /* exists */ and certificate leaf[subject.OU] = B65TM49E24`,
    authorities: [
      'Developer ID Application: BeyondTrust Corporation (B65TM49E24)',
      'Developer ID Certification Authority',
      'Apple Root CA',
    ],
    teamId: 'B65TM49E24',
    cdhash: '1111111111111111111111111111111111111111',
    version: '25.1.2',
  },
  impostor: {
    identifier: 'com.bomgar.bomgar-scc',
    requirement: `identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.${DEV_ID_CA}] /* exists */ and certificate leaf[field.${DEV_ID_LEAF}] /* exists */ and certificate leaf[subject.OU] = ABCDE12345`,
    authorities: [
      'Developer ID Application: Example Corp (ABCDE12345)',
      'Developer ID Certification Authority',
      'Apple Root CA',
    ],
    teamId: 'ABCDE12345',
    cdhash: '2222222222222222222222222222222222222222',
    version: '25.1.2',
  },
  terminal: {
    identifier: 'com.apple.Terminal',
    requirement: 'identifier "com.apple.Terminal" and anchor apple',
    authorities: ['Software Signing', 'Apple Code Signing Certification Authority', 'Apple Root CA'],
    cdhash: '3333333333333333333333333333333333333333',
    version: '2.14',
  },
  systemevents: {
    identifier: 'com.apple.systemevents',
    requirement: 'identifier "com.apple.systemevents" and anchor apple',
    authorities: ['Software Signing', 'Apple Code Signing Certification Authority', 'Apple Root CA'],
    cdhash: '4444444444444444444444444444444444444444',
    version: '1.3.6',
  },
  store: {
    identifier: 'com.example.notes',
    requirement: `identifier "com.example.notes" and anchor apple generic and certificate leaf[field.${MAS_LEAF}] /* exists */`,
    authorities: [
      'Apple Mac OS Application Signing',
      'Apple Worldwide Developer Relations Certification Authority',
      'Apple Root CA',
    ],
    teamId: 'NOTES12345',
    cdhash: '5555555555555555555555555555555555555555',
    version: '3.2',
  },
  teamviewer: {
    identifier: 'com.teamviewer.TeamViewer',
    requirement: `anchor apple generic and identifier "com.teamviewer.TeamViewer" and (certificate leaf[field.${MAS_LEAF}] /* exists */ or certificate 1[field.${DEV_ID_CA}] /* exists */ and certificate leaf[field.${DEV_ID_LEAF}] /* exists */ and certificate leaf[subject.OU] = H7UGFBUGV6)`,
    authorities: [
      'Developer ID Application: TeamViewer Germany GmbH (H7UGFBUGV6)',
      'Developer ID Certification Authority',
      'Apple Root CA',
    ],
    teamId: 'H7UGFBUGV6',
    cdhash: '6666666666666666666666666666666666666666',
    version: '15.40.4',
  },
  example: {
    identifier: 'com.example.app',
    requirement: `identifier "com.example.app" and anchor apple generic and certificate 1[field.${DEV_ID_CA}] /* exists */ and certificate leaf[field.${DEV_ID_LEAF}] /* exists */ and certificate leaf[subject.OU] = ABCDE12345`,
    authorities: [
      'Developer ID Application: Example Corp (ABCDE12345)',
      'Developer ID Certification Authority',
      'Apple Root CA',
    ],
    teamId: 'ABCDE12345',
    cdhash: '7777777777777777777777777777777777777777',
    version: '2.1',
  },
  exampleOld: {
    identifier: 'com.example.app',
    requirement: `identifier "com.example.app" and anchor apple generic and certificate 1[field.${DEV_ID_CA}] /* exists */ and certificate leaf[field.${DEV_ID_LEAF}] /* exists */ and certificate leaf[subject.OU] = ABCDE12345`,
    authorities: [
      'Developer ID Application: Example Corp (ABCDE12345)',
      'Developer ID Certification Authority',
      'Apple Root CA',
    ],
    teamId: 'ABCDE12345',
    cdhash: '8888888888888888888888888888888888888888',
    version: '1.9',
  },
  helper: {
    identifier: 'com.example.helper',
    requirement: 'identifier "com.example.helper" and anchor apple generic',
    authorities: [
      'Developer ID Application: Example Corp (ABCDE12345)',
      'Developer ID Certification Authority',
      'Apple Root CA',
    ],
    teamId: 'ABCDE12345',
    cdhash: '9999999999999999999999999999999999999999',
    version: '1.0',
  },
  adhoc: {
    identifier: 'com.example.app',
    requirement: `cdhash H"${CDHASH}"`,
    authorities: [],
    adhoc: true,
    cdhash: CDHASH,
    version: '0.9',
  },
}

/** The recorded outputs of codesign and spctl for an app, in the layouts they print, read by doctor's own parsers. */
function copyOf(key: string): ClientCopy {
  const app = APPS[key]!
  const path = `/Applications/${key}.app`
  const exe = `${path}/Contents/MacOS/${key}`
  const dr = {
    argv: codesignRequirementArgv(path),
    exitCode: 0,
    stdout: `designated => ${app.requirement}\n`,
    stderr: `Executable=${exe}\n`,
  }
  const dv = {
    argv: codesignDetailsArgv(path),
    exitCode: 0,
    stdout: '',
    stderr: [
      `Executable=${exe}`,
      `Identifier=${app.identifier}`,
      'Format=app bundle with Mach-O universal (x86_64 arm64)',
      `CodeDirectory v=20500 size=4012 flags=${app.adhoc ? '0x2(adhoc)' : '0x10000(runtime)'} hashes=114+7 location=embedded`,
      'Hash type=sha256 size=32',
      `CandidateCDHash sha256=${app.cdhash}`,
      `CDHash=${app.cdhash}`,
      ...(app.adhoc ? ['Signature=adhoc'] : ['Signature size=9043', ...app.authorities.map((a) => `Authority=${a}`)]),
      `TeamIdentifier=${app.teamId ?? 'not set'}`,
      '',
    ].join('\n'),
  }
  const spctl = app.adhoc
    ? {argv: spctlArgv(path), exitCode: 3, stdout: '', stderr: `${path}: rejected\nsource=no usable signature\n`}
    : {
        argv: spctlArgv(path),
        exitCode: 0,
        stdout: '',
        stderr: `${path}: accepted\nsource=${app.teamId ? 'Notarized Developer ID' : 'Apple System'}\n`,
      }
  return {
    path,
    identity: identityFromCodesign(path, dr, dv),
    signature: parseCodesignDetails(dv),
    gatekeeper: parseSpctl(spctl, path),
    version: {status: 'ok', value: app.version},
  }
}

interface Case {
  text: string
  /** Another spelling that must compile to the same requirement. */
  input?: string
  verdicts: [app: string, verdict: Verdict][]
}

const CASES: Case[] = [
  {
    text: APPS.beyondtrust!.requirement,
    verdicts: [
      ['beyondtrust', 'satisfied'],
      ['impostor', 'not-satisfied'],
      ['adhoc', 'not-satisfied'],
    ],
  },
  {
    text: 'identifier "com.apple.Terminal" and anchor apple',
    verdicts: [
      ['terminal', 'satisfied'],
      ['example', 'not-satisfied'],
    ],
  },
  {
    text: 'identifier "com.apple.systemevents" and anchor apple',
    verdicts: [
      ['systemevents', 'satisfied'],
      ['terminal', 'not-satisfied'],
    ],
  },
  {
    text: APPS.store!.requirement,
    verdicts: [
      ['store', 'satisfied'],
      ['example', 'not-satisfied'],
    ],
  },
  {
    text: APPS.teamviewer!.requirement,
    verdicts: [
      ['teamviewer', 'satisfied'],
      ['impostor', 'not-satisfied'],
    ],
  },
  {
    text: 'anchor apple generic and certificate leaf[subject.OU] = B65TM49E24',
    input: 'anchor apple generic and certificate leaf [ subject.OU ] = "B65TM49E24"',
    verdicts: [
      ['beyondtrust', 'satisfied'],
      ['impostor', 'not-satisfied'],
    ],
  },
  {
    text: 'identifier "com.example.app" or identifier "com.example.helper"',
    verdicts: [
      ['helper', 'satisfied'],
      ['example', 'satisfied'],
      ['terminal', 'not-satisfied'],
    ],
  },
  {
    text: 'identifier "com.example.app" and !(certificate leaf[subject.OU] = EVILTEAM99)',
    verdicts: [
      ['example', 'satisfied'],
      ['helper', 'not-satisfied'],
    ],
  },
  {
    text: `cdhash H"${CDHASH}"`,
    verdicts: [
      ['adhoc', 'satisfied'],
      ['example', 'not-satisfied'],
    ],
  },
  {
    text: 'identifier "com.example.app" and info[CFBundleShortVersionString] >= "2.0"',
    verdicts: [
      ['example', 'satisfied'],
      ['exampleOld', 'not-satisfied'],
    ],
  },
  {
    text: 'identifier "com.example.app" and entitlement["com.apple.security.app-sandbox"] /* exists */',
    // codesign -dv does not print entitlements: the one who cannot know says unknown.
    verdicts: [
      ['example', 'unknown'],
      ['helper', 'not-satisfied'],
    ],
  },
  {
    text: 'anchor apple generic and certificate leaf[subject.CN] = "Developer ID Application: Example Corp (ABCDE12345)"',
    verdicts: [
      ['example', 'satisfied'],
      ['teamviewer', 'not-satisfied'],
    ],
  },
  {
    text: 'anchor trusted',
    verdicts: [
      ['example', 'unknown'],
      ['adhoc', 'not-satisfied'],
    ],
  },
  {
    text: `identifier "com.example.app" and anchor apple generic and certificate 1[field.${DEV_ID_CA}] /* exists */`,
    verdicts: [
      ['example', 'satisfied'],
      ['store', 'not-satisfied'],
    ],
  },
  {
    text: 'certificate leaf = H"0123456789abcdef0123456789abcdef01234567"',
    verdicts: [
      ['example', 'unknown'],
      ['adhoc', 'not-satisfied'],
    ],
  },
  {
    text: 'identifier "com.example.app" and (anchor apple or anchor apple generic)',
    verdicts: [
      ['example', 'satisfied'],
      ['helper', 'not-satisfied'],
    ],
  },
  {
    text: 'identifier "com.example.app" and anchor apple generic',
    input: 'identifier com.example.app and anchor apple generic',
    verdicts: [
      ['example', 'satisfied'],
      ['adhoc', 'not-satisfied'],
    ],
  },
  {
    text: 'anchor apple generic and certificate leaf[subject.OU] = ABCDE12345 and info[NSPrincipalClass] = "NSApplication"',
    verdicts: [
      ['example', 'unknown'],
      ['beyondtrust', 'not-satisfied'],
    ],
  },
  {
    text: 'identifier "com.example.app" and certificate leaf[subject.O] = "Example Corp"',
    verdicts: [
      ['example', 'unknown'],
      ['terminal', 'not-satisfied'],
    ],
  },
  {
    text: 'identifier "com.example.app" and always',
    verdicts: [
      ['exampleOld', 'satisfied'],
      ['store', 'not-satisfied'],
    ],
  },
]

let rows: TccRow[]

beforeAll(async () => {
  // A recorded Mac whose system TCC.db holds one Accessibility decision per requirement, csreq compiled as tccd keeps it.
  const dir = await mkdtemp(join(tmpdir(), 'pppc-csreq-'))
  const db = join(dir, 'files', SYSTEM_TCC_DB)
  await mkdir(dirname(db), {recursive: true})
  const sql = [
    "CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL, client_type INTEGER NOT NULL, auth_value INTEGER NOT NULL, auth_reason INTEGER NOT NULL, auth_version INTEGER NOT NULL, csreq BLOB, policy_id INTEGER, indirect_object_identifier_type INTEGER, indirect_object_identifier TEXT NOT NULL DEFAULT 'UNUSED', indirect_object_code_identity BLOB, flags INTEGER, last_modified INTEGER NOT NULL DEFAULT 0, pid INTEGER, pid_version INTEGER, boot_uuid TEXT NOT NULL DEFAULT 'UNUSED', last_reminded INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (service, client, client_type, indirect_object_identifier));",
    ...CASES.map(
      (c, i) =>
        `INSERT INTO access (service, client, client_type, auth_value, auth_reason, auth_version, csreq, indirect_object_identifier, last_modified) VALUES ('kTCCServiceAccessibility', 'case${i}', 0, 2, 3, 1, X'${encodeRequirementText(c.input ?? c.text).toString('hex')}', 'UNUSED', ${1700000000 + i});`,
    ),
  ].join('\n')
  await execa('sqlite3', [db], {input: sql})
  await writeFile(
    join(dir, 'commands.json'),
    JSON.stringify({formatVersion: 2, commands: [], files: [{path: SYSTEM_TCC_DB, status: 'copied'}]}),
  )
  const mac = await RecordedMac.open(dir)
  rows = []
  for (let i = 0; i < CASES.length; i++) {
    const read = await readTcc(mac, SYSTEM_TCC_DB, `case${i}`, ['Accessibility'])
    expect(read.status).toBe('ok')
    rows.push(read.rows[0]!)
  }
})

describe('a requirement through TCC.db: compiled, stored, read back with sqlite3, decoded and judged', () => {
  it('has 20 requirements: Apple, Mac App Store, Developer ID, and/or/not/parentheses, certificate fields, info[], entitlement[]', () => {
    expect(CASES).toHaveLength(20)
  })

  it.each(CASES.map((c, i) => [i, c] as const))('case %i comes back as the same requirement', (i, c) => {
    const decoded = requirementFromHex(rows[i]!.csreq!)
    if (!decoded.ok) throw new Error(decoded.reason)
    const parsed = parseRequirement(c.text)
    if (!parsed.ok) throw new Error(parsed.problem.message)
    expect(sameRequirement(decoded.requirement, parsed.requirement)).toBe(true)
    expect(formatRequirement(decoded.requirement)).toBe(formatRequirement(parsed.requirement))
  })

  it.each(CASES.flatMap((c, i) => c.verdicts.map(([app, verdict]) => [i, app, verdict] as const)))(
    'case %i against %s: %s',
    (i, app, verdict) => {
      const decoded = requirementFromHex(rows[i]!.csreq!)
      if (!decoded.ok) throw new Error(decoded.reason)
      const code = signedCopy(copyOf(app))!
      expect(judge(decoded.requirement, code).result).toBe(verdict)
    },
  )

  it('a damaged blob is unknown, with why', () => {
    const hex = rows[0]!.csreq!
    expect(requirementFromHex(hex.slice(0, 40))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the csreq blob cannot be read/),
    })
    expect(requirementFromHex('zz')).toEqual({ok: false, reason: 'the csreq value is not hexadecimal bytes'})
  })
})
