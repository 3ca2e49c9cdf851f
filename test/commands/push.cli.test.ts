import {mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse as parsePlist} from 'plist'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {BinaryDate, writeBinaryPlist, type BinaryValue} from '../helpers/bplist.js'
import {pppcInProcess, type CliResult} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {MdmServer} from '../helpers/mdm-server.js'
import {FIXTURES} from '../helpers/paths.js'

// Distinctive, so that any leak into any output is found by a plain search.
const CLIENT_ID = 'pppc-ci-client'
const CLIENT_SECRET = 'jamf-client-secret-7Q2xW'
const USER = 'pppc-deployer'
const PASSWORD = 'jamf-password-9Zr4K'
const KANDJI_TOKEN = 'kandji-token-5Hc8-e2a1f0d4'
const JAMF_CLIENT = {JAMF_CLIENT_ID: CLIENT_ID, JAMF_CLIENT_SECRET: CLIENT_SECRET}
const FAST = {PPPC_HTTP_BACKOFF_MS: '1'}
/**
 * Each test runs pppc several times: milliseconds each in this process, but a second or so each when spawned on a
 * loaded machine.
 */
const SLOW = {timeout: 90_000}

const server = new MdmServer()
const outputs: {args: string[]; result: CliResult}[] = []
let work: string
let profileA: string
let profileB: string
let profileKandji: string

/**
 * Runs pppc and keeps what it printed, for the secrets check at the end. In this process (pppcInProcess): these tests
 * are about what push sends and says; test/cli/in-process.cli.test.ts runs push through the binary.
 */
async function run(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const result = await pppcInProcess(args, {env: {...FAST, ...env}})
  outputs.push({args, result})
  return result
}

const jamf = (file: string, extra: string[] = [], env: Record<string, string> = JAMF_CLIENT) =>
  run(['push', 'jamf', file, '--url', server.url, '--name', 'PPPC BeyondTrust', ...extra], env)
const kandji = (file: string, extra: string[] = [], env: Record<string, string> = {KANDJI_API_TOKEN: KANDJI_TOKEN}) =>
  run(['push', 'kandji', file, '--api-url', server.url, '--name', 'PPPC BeyondTrust', ...extra], env)

type Dict = Record<string, unknown> & {PayloadContent: Record<string, unknown>[]}
function identity(payloads: string): {top: [unknown, unknown]; payloads: [unknown, unknown, unknown][]} {
  const profile = parsePlist(payloads) as Dict
  return {
    top: [profile.PayloadUUID, profile.PayloadIdentifier],
    payloads: profile.PayloadContent.map((p) => [p.PayloadType, p.PayloadUUID, p.PayloadIdentifier]),
  }
}

beforeAll(async () => {
  await server.start()
  work = await mkdtemp(join(tmpdir(), 'pppc-push-'))
  profileA = join(work, 'a.mobileconfig')
  profileB = join(work, 'b.mobileconfig')
  profileKandji = join(work, 'k.mobileconfig')
  const generated = await Promise.all([
    pppcInProcess(['generate', '--app', 'beyondtrust', '--mdm', 'jamf', '-o', profileA]),
    // The same app under another identifier and with one more grant: other UUIDs, other identifiers, other content.
    pppcInProcess([
      'generate',
      '--app',
      'beyondtrust',
      '--grant',
      'input-monitoring=deny',
      '--identifier',
      'edu.example.other',
      '--mdm',
      'jamf',
      '-o',
      profileB,
    ]),
    pppcInProcess(['generate', '--app', 'beyondtrust', '--mdm', 'kandji', '-o', profileKandji]),
  ])
  expect(generated.map((r) => r.exitCode)).toEqual([0, 0, 0])
}, 60_000)

afterAll(async () => {
  await server.stop()
})

beforeEach(() => {
  server.reset()
  server.jamf.clients.set(CLIENT_ID, CLIENT_SECRET)
  server.jamf.users.set(USER, PASSWORD)
  server.kandji.token = KANDJI_TOKEN
})

describe('pppc push jamf', SLOW, () => {
  it('creates the profile, then finds it and sends nothing for an identical push, then updates it in place', async () => {
    server.jamf.categories.set('Security', 3)
    const first = await jamf(profileA, ['--category', 'Security'])
    expect(first.exitCode).toBe(0)
    expect(first.stdout).toBe(
      `created "PPPC BeyondTrust" in Jamf Pro: id 1\n  category: "Security"\n${server.url}/OSXConfigurationProfiles.html?id=1\n`,
    )
    expect(first.stderr).toBe(
      'note: "PPPC BeyondTrust" is not scoped: Jamf Pro sends it to no Mac until it is (--scope all, --scope-group NAME, or the profile\'s Scope tab)\n',
    )
    expect(server.jamf.profiles.size).toBe(1)
    const stored = server.jamf.profiles.get(1)!
    expect(stored).toMatchObject({name: 'PPPC BeyondTrust', category: 'Security'})
    const created = identity(stored.payloads)

    const second = await jamf(profileA, ['--category', 'Security'])
    expect(second.exitCode).toBe(0)
    expect(second.stdout).toMatch(/^unchanged "PPPC BeyondTrust" in Jamf Pro: id 1 already holds this profile\n/)
    expect(server.jamf.profiles.size).toBe(1)
    expect(server.seen('POST', /osxconfigurationprofiles/)).toHaveLength(1)
    expect(server.seen('PUT', /osxconfigurationprofiles/)).toHaveLength(0)

    // Profile B grants to the same app: an update, not a replacement; it adds one service.
    const third = await jamf(profileB, ['--json'])
    expect(third.exitCode).toBe(0)
    expect(JSON.parse(third.stdout)).toEqual({
      mdm: 'jamf',
      action: 'updated',
      plan: false,
      name: 'PPPC BeyondTrust',
      file: profileB,
      id: '1',
      url: `${server.url}/OSXConfigurationProfiles.html?id=1`,
      validation: {errors: 0, warnings: 0, infos: 0},
      grants: {
        apps: {added: [], removed: []},
        services: [{app: 'com.bomgar.bomgar-scc', added: [{service: 'ListenEvent', value: 'Deny'}], removed: []}],
        values: [],
        requirements: [],
      },
      replaces: false,
      redeploy: 'all',
      scope: {all: false, groups: []},
      blueprints: null,
      changes: [],
      notes: [
        '"PPPC BeyondTrust" is not scoped: Jamf Pro sends it to no Mac until it is (--scope all, --scope-group NAME, or the profile\'s Scope tab)',
      ],
      requests: [],
    })
    expect(server.jamf.profiles.size).toBe(1)
    expect(server.seen('PUT', /\/id\/1$/)).toHaveLength(1)
    const updated = server.jamf.profiles.get(1)!
    // Same identity as Jamf gave the first upload, top level and payload; the new content inside.
    expect(identity(updated.payloads)).toEqual(created)
    expect(updated.payloads).toContain('ListenEvent')
    expect(updated.category).toBe('Security')
  })

  it('looks the profile up by its URL-encoded name', async () => {
    expect(
      (await run(['push', 'jamf', profileA, '--url', server.url, '--name', 'PPPC/Remote support & more'], JAMF_CLIENT))
        .exitCode,
    ).toBe(0)
    expect(server.seen('GET', /name\//)[0]!.path).toBe(
      '/JSSResource/osxconfigurationprofiles/name/PPPC%2FRemote%20support%20%26%20more',
    )
  })

  it('falls back to /api/oauth/token when the v1 path answers 404', async () => {
    server.jamf.v1OAuth = false
    const result = await jamf(profileA)
    expect(result.exitCode).toBe(0)
    expect(server.requests.slice(0, 2).map((r) => r.path)).toEqual(['/api/v1/oauth/token', '/api/oauth/token'])
    expect(server.jamf.profiles.size).toBe(1)
  })

  it('gets a bearer token with a user and password', async () => {
    const result = await jamf(profileA, [], {JAMF_USER: USER, JAMF_PASSWORD: PASSWORD})
    expect(result.exitCode).toBe(0)
    expect(server.seen('POST', /^\/api\/v1\/auth\/token$/)).toHaveLength(1)
    expect(server.jamf.profiles.size).toBe(1)
  })

  it('gets a new token once when the token expires (401) and carries on', async () => {
    server.jamf.tokenUses = 1
    const result = await jamf(profileA)
    expect(result.exitCode).toBe(0)
    expect(server.seen('POST', /oauth\/token/)).toHaveLength(2)
    expect(server.seen('POST', /\/id\/0$/)).toHaveLength(2)
    expect(server.jamf.profiles.size).toBe(1)
  })

  it('stops when the new token is refused too (401 after refresh)', async () => {
    server.jamf.tokenUses = 0
    const result = await jamf(profileA)
    expectOneLineError(
      result,
      1,
      /Jamf Pro refused the credentials for GET \/JSSResource\/osxconfigurationprofiles\/name\/PPPC%20BeyondTrust \(401\).*; check the credentials/,
    )
    expect(server.seen('POST', /oauth\/token/)).toHaveLength(2)
    expect(server.jamf.profiles.size).toBe(0)
  })

  it('says when the client credentials are refused', async () => {
    const result = await jamf(profileA, [], {JAMF_CLIENT_ID: CLIENT_ID, JAMF_CLIENT_SECRET: 'jamf-wrong-secret-3Lp0'})
    expectOneLineError(result, 1, /refused the credentials for POST \/api\/v1\/oauth\/token \(401\)/)
    expect(result.stderr).not.toContain('jamf-wrong-secret-3Lp0')
  })

  it('reports a 403 with the privileges to give', async () => {
    server.inject({
      method: 'GET',
      path: /osxconfigurationprofiles/,
      status: 403,
      body: '<html><body>Forbidden for {auth}</body></html>',
    })
    expectOneLineError(
      await jamf(profileA),
      1,
      /denied GET .* \(403\).*Create, Read and Update macOS Configuration Profiles/,
    )
    // The same with --json and PPPC_DEBUG (which prints stacks of unexpected errors): still one redacted message.
    server.inject({
      method: 'GET',
      path: /osxconfigurationprofiles/,
      status: 403,
      body: '<html><body>Forbidden for {auth}</body></html>',
    })
    const json = await jamf(profileA, ['--json'], {...JAMF_CLIENT, PPPC_DEBUG: '1'})
    expect(json.exitCode).toBe(1)
    expect(json.stderr).toBe('')
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        code: 'PPPC_HTTP',
        exit: 1,
        message: expect.stringMatching(
          /^Jamf Pro denied GET .* \(403\): "Forbidden for Bearer \[redacted\]"; give the API role/,
        ),
      },
    })
  })

  it('reports a 409 for a duplicate name and creates nothing', async () => {
    server.inject({
      method: 'POST',
      path: /\/id\/0$/,
      status: 409,
      body: '<html><body><p>Error: Duplicate name</p><p>{auth}</p></body></html>',
    })
    const result = await jamf(profileA)
    expectOneLineError(
      result,
      1,
      /refused POST \/JSSResource\/osxconfigurationprofiles\/id\/0 with a conflict \(409\): "Error: Duplicate name Bearer \[redacted\]"; .*no other profile has this name/,
    )
    expect(server.jamf.profiles.size).toBe(0)
  })

  it('retries a 503 and succeeds; never sends a create again after a 500; gives up after four tries', async () => {
    server.inject({method: 'POST', path: /\/id\/0$/, status: 503, body: 'Unavailable'})
    expect((await jamf(profileA)).exitCode).toBe(0)
    expect(server.seen('POST', /\/id\/0$/)).toHaveLength(2)
    expect(server.jamf.profiles.size).toBe(1)

    server.jamf.profiles.clear()
    server.inject({method: 'POST', path: /\/id\/0$/, status: 500, body: 'Internal error'})
    expectOneLineError(
      await jamf(profileA),
      1,
      /Jamf Pro answered 500 to POST \/JSSResource\/osxconfigurationprofiles\/id\/0: it may have created the item all the same/,
    )
    expect(server.seen('POST', /\/id\/0$/)).toHaveLength(3)

    server.inject({
      method: 'GET',
      path: /osxconfigurationprofiles/,
      status: 503,
      times: 10,
      body: '<html><body>Service Unavailable {auth}</body></html>',
    })
    expectOneLineError(
      await jamf(profileB),
      1,
      /Jamf Pro kept failing \(503\) GET .* after 4 tries: "Service Unavailable Bearer \[redacted\]"; try again later/,
    )
    // one lookup for each of the two pushes above, then the first try and three retries
    expect(server.seen('GET', /osxconfigurationprofiles/)).toHaveLength(2 + 4)
  })

  it('never retries another 4xx', async () => {
    server.inject({method: 'GET', path: /osxconfigurationprofiles/, status: 400, times: 10, body: 'Bad Request'})
    expectOneLineError(await jamf(profileA), 1, /answered GET .* with 400: "Bad Request"/)
    expect(server.seen('GET', /osxconfigurationprofiles/)).toHaveLength(1)
  })

  it('reports malformed XML and malformed JSON answers', async () => {
    server.inject({
      method: 'GET',
      path: /osxconfigurationprofiles/,
      status: 200,
      body: '<os_x_configuration_profile><general><id>3</general>',
    })
    expectOneLineError(
      await jamf(profileA),
      1,
      /answer to GET .* is not well-formed XML.*; check that --url is the Jamf Pro server/,
    )
    server.inject({method: 'POST', path: /oauth\/token/, status: 200, body: '{"access_token": "jamf-half-a-token'})
    expectOneLineError(await jamf(profileA), 1, /answer to POST \/api\/v1\/oauth\/token is not JSON/)
    expect(server.jamf.profiles.size).toBe(0)
  })

  it('reports a network failure in one line', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const {port} = probe.address() as {port: number}
        probe.close(() => resolve(port))
      })
    })
    const result = await run(
      ['push', 'jamf', profileA, '--url', `http://127.0.0.1:${port}`, '--name', 'X'],
      JAMF_CLIENT,
    )
    expectOneLineError(
      result,
      1,
      /cannot reach Jamf Pro at 127\.0\.0\.1:\d+ \(ECONNREFUSED\) after 4 tries; check the URL and the network/,
    )
  })

  it('refuses plain http to a remote host and missing credentials (exit 2), before sending anything', async () => {
    expectOneLineError(
      await run(['push', 'jamf', profileA, '--url', 'http://jamf.example.com', '--name', 'X'], JAMF_CLIENT),
      2,
      /--url http:\/\/jamf\.example\.com is plain http; use https:\/\//,
    )
    expectOneLineError(
      await run(['push', 'jamf', profileA, '--url', server.url, '--name', 'X']),
      2,
      /no Jamf Pro credentials in the environment; set JAMF_CLIENT_ID and JAMF_CLIENT_SECRET/,
    )
    expectOneLineError(
      await run(['push', 'jamf', profileA, '--url', server.url, '--name', 'X'], {JAMF_CLIENT_ID: CLIENT_ID}),
      2,
      /JAMF_CLIENT_SECRET is not set/,
    )
    const json = await run(['push', 'jamf', profileA, '--url', server.url, '--name', 'X', '--json'], {JAMF_USER: USER})
    expect(json.exitCode).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({
      error: {code: 'PPPC_INPUT', exit: 2, message: expect.stringMatching(/^JAMF_PASSWORD is not set/)},
    })
    expect(server.requests).toHaveLength(0)
  })

  it('does not push a profile with errors unless --no-validate', async () => {
    const bad = join(FIXTURES, 'profiles', 'bad', 'PPPC050-allow-screencapture.mobileconfig')
    const refused = await jamf(bad)
    expect(refused.exitCode).toBe(1)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toMatch(/:\d+:\d+: error PPPC050 Allow is not allowed for ScreenCapture/)
    expect(refused.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^Error: .*PPPC050-allow-screencapture\.mobileconfig has 1 error \(PPPC050\); nothing was pushed; fix them .* or pass --no-validate$/,
    )
    expect(server.requests).toHaveLength(0)

    const forced = await jamf(bad, ['--no-validate', '--json'])
    expect(forced.exitCode).toBe(0)
    expect(JSON.parse(forced.stdout)).toMatchObject({action: 'created', validation: null})
    expect(server.jamf.profiles.size).toBe(1)
  })

  it('--dry-run prints the requests with credentials redacted and sends nothing', async () => {
    const result = await jamf(profileA, ['--dry-run', '--category', 'Security'])
    expect(result.exitCode).toBe(0)
    expect(server.requests).toHaveLength(0)
    expect(result.stdout).toContain(
      `POST ${server.url}/api/v1/oauth/token\nContent-Type: application/x-www-form-urlencoded\nAccept: application/json\n\ngrant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=[redacted]\n`,
    )
    expect(result.stdout).toContain(
      `GET ${server.url}/JSSResource/osxconfigurationprofiles/name/PPPC%20BeyondTrust\nAuthorization: Bearer [redacted]\n`,
    )
    expect(result.stdout).toMatch(
      /POST .*\/id\/0\nAuthorization: Bearer \[redacted\]\nAccept: application\/xml\nContent-Type: application\/xml\n\n<\?xml[^]*<name>Security<\/name>[^]*&lt;key&gt;PayloadIdentifier&lt;\/key&gt;/,
    )
    expect(result.stderr).toMatch(/dry run: nothing was sent/)

    const json = await jamf(profileA, ['--dry-run', '--json'], {JAMF_USER: USER, JAMF_PASSWORD: PASSWORD})
    const body = JSON.parse(json.stdout)
    expect(body).toMatchObject({mdm: 'jamf', action: 'dry-run', id: null, url: null})
    expect(body.requests.map((r: {method: string; url: string}) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /api/v1/auth/token',
      'GET /JSSResource/osxconfigurationprofiles/name/PPPC%20BeyondTrust',
      'POST /JSSResource/osxconfigurationprofiles/id/0',
    ])
    expect(body.requests[0].headers.Authorization).toBe('Basic [redacted]')
    expect(server.requests).toHaveLength(0)
  })
})

describe('secrets in what the server says', SLOW, () => {
  it('are redacted in every encoding a server echoes them in, before the answer is cut short', async () => {
    for (const form of ['{token}', '{token:html}', '{token:url}', '{token:json}', '{token:b64}']) {
      // The echo starts before character 160, where the quoted answer is cut, and ends after it.
      server.inject({method: 'GET', path: /osxconfigurationprofiles/, status: 403, body: `${'x'.repeat(130)} ${form}`})
      const result = await jamf(profileA)
      expectOneLineError(result, 1, /denied GET .* \(403\): "x+ \S*\[redacted\]/)
      const token = server.jamf.issued.at(-1)!
      for (const piece of [
        'issued',
        'jamf&#45;',
        'jamf%2d',
        Buffer.from(`session:${token}`).toString('base64').slice(12, 24),
      ])
        expect(result.stderr, form).not.toContain(piece)
    }
  })

  it('never prints a token answer, even cut short or with an unexpected field', async () => {
    server.inject({method: 'POST', path: /oauth\/token/, status: 200, body: '{"access_token": "jamf-half-a-token-Zq81'})
    expectOneLineError(await jamf(profileA), 1, /answer to POST \/api\/v1\/oauth\/token is not JSON; /)
    server.inject({
      method: 'POST',
      path: /oauth\/token/,
      status: 200,
      body: '{"accessToken": "jamf-camel-token-Xc22", "expiresIn": 1199}',
    })
    expectOneLineError(await jamf(profileA), 1, /answer to POST \/api\/v1\/oauth\/token is JSON without access_token; /)
    server.inject({method: 'POST', path: /auth\/token/, status: 200, body: '{"bearer": "jamf-user-token-Pw30"}'})
    expectOneLineError(
      await jamf(profileA, [], {JAMF_USER: USER, JAMF_PASSWORD: PASSWORD}),
      1,
      /answer to POST \/api\/v1\/auth\/token is JSON without token; /,
    )
    expect(server.jamf.profiles.size).toBe(0)
  })

  it('refuses a query in --url (it would be printed, and logged with DEBUG=*) without echoing it', async () => {
    const result = await run(
      ['push', 'jamf', profileA, '--url', `${server.url}/?access_token=jamf-url-token-Q7`, '--name', 'X'],
      {...JAMF_CLIENT, DEBUG: '*'},
    )
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/^Error: --url must not carry a query or fragment/m)
    expect(`${result.stdout}${result.stderr}`).not.toContain('jamf-url-token-Q7')
    expect(server.requests).toHaveLength(0)
  })
})

describe('bounds', SLOW, () => {
  it('stops reading an endless answer at 8 MiB, once, plain or gzip-compressed', async () => {
    for (const endless of ['plain', 'gzip'] as const) {
      server.reset()
      server.jamf.clients.set(CLIENT_ID, CLIENT_SECRET)
      server.inject({method: 'GET', path: /osxconfigurationprofiles/, status: 200, endless})
      expectOneLineError(
        await jamf(profileA),
        1,
        /^Error: Jamf Pro's answer to GET \/JSSResource\/osxconfigurationprofiles\/name\/PPPC%20BeyondTrust is larger than 8 MiB, .*; check that the URL is the Jamf Pro server$/,
      )
      expect(server.seen('GET', /osxconfigurationprofiles/)).toHaveLength(1)
      expect(server.jamf.profiles.size).toBe(0)
    }
  })

  it('reads a Kandji page of 200,000 results', async () => {
    const results = Array.from({length: 200_000}, (_, n) => ({id: `id-${n}`, name: `Profile ${n}`}))
    server.inject({
      method: 'GET',
      path: /custom-profiles$/,
      status: 200,
      body: JSON.stringify({count: results.length, next: null, previous: null, results}),
    })
    const result = await kandji(profileKandji)
    expect(result.stderr).not.toMatch(/Error/)
    expect(result.exitCode).toBe(0)
    expect(server.kandji.profiles).toHaveLength(1)
  })

  it('--timeout takes seconds (exit 2 otherwise)', async () => {
    for (const bad of ['0', '-1', 'soon', '1e3'])
      expectOneLineError(await jamf(profileA, ['--timeout', bad]), 2, /--timeout ".*" is not a number of seconds/)
    expect(server.requests).toHaveLength(0)
  })
})

describe('values pppc cannot send faithfully', SLOW, () => {
  const variant = async (name: string, edit: (xml: string) => string) => {
    const file = join(work, name)
    await writeFile(file, edit(await readFile(profileA, 'utf8')))
    return file
  }
  const topLevel = (key: string, value: string) => (xml: string) =>
    xml.replace('<dict>\n', `<dict>\n\t<key>${key}</key>\n\t${value}\n`)

  it('refuses them before any request, with a one-line exit-2 error', async () => {
    const big = await variant(
      'big-integer.mobileconfig',
      topLevel('TargetDeviceType', '<integer>100000000000000000000000</integer>'),
    )
    expectOneLineError(
      await jamf(big, ['--no-validate']),
      2,
      // The reader refuses it first: beyond a signed 64-bit integer, CoreFoundation cannot read it either.
      /big-integer\.mobileconfig is not a readable profile: <integer> holds "100000000000000000000000", too large to represent/,
    )
    const proto = await variant('proto.mobileconfig', (xml) =>
      xml.replace('<key>Services</key>', '<key>__proto__</key>\n\t\t\t<string>x</string>\n\t\t\t<key>Services</key>'),
    )
    expectOneLineError(
      await jamf(proto, ['--no-validate']),
      2,
      /proto\.mobileconfig: PayloadContent\[0\] has a key named __proto__, .*; nothing was sent/,
    )
    const profile = parsePlist(await readFile(profileA, 'utf8')) as Record<string, BinaryValue>
    const binary = join(work, 'far-date.mobileconfig')
    await writeFile(binary, writeBinaryPlist({...profile, RemovalDate: new BinaryDate(1e300)}))
    const validated = await jamf(binary)
    expectOneLineError(
      validated,
      2,
      /far-date\.mobileconfig: RemovalDate holds a date outside the years 1 to 9999, .*; nothing was sent/,
    )
    expectOneLineError(
      await kandji(binary, ['--no-validate']),
      2,
      /RemovalDate holds a date outside the years 1 to 9999/,
    )
    expect(server.requests).toHaveLength(0)
  })
})

describe('pppc push kandji', SLOW, () => {
  it('creates a custom profile from a multipart upload, then reports it unchanged', async () => {
    const first = await kandji(profileKandji)
    expect(first.exitCode).toBe(0)
    const [item] = server.kandji.profiles
    expect(first.stdout).toBe(`created "PPPC BeyondTrust" in Kandji: id ${item!.id}\n`)
    const post = server.seen('POST', /custom-profiles$/)[0]!
    expect(post.form).toEqual({
      name: 'PPPC BeyondTrust',
      file: await readFile(profileKandji, 'utf8'),
      active: 'true',
      runs_on_mac: 'true',
    })
    expect(item).toMatchObject({name: 'PPPC BeyondTrust', active: true, runs_on_mac: true})

    // Kandji rewrote the top-level identifier; the content is the same, so nothing is sent.
    const second = await kandji(profileKandji, ['--json'])
    expect(JSON.parse(second.stdout)).toEqual({
      mdm: 'kandji',
      action: 'unchanged',
      plan: false,
      name: 'PPPC BeyondTrust',
      file: profileKandji,
      id: item!.id,
      url: null,
      validation: {errors: 0, warnings: 0, infos: 2},
      grants: {apps: {added: [], removed: []}, services: [], values: [], requirements: []},
      replaces: false,
      redeploy: null,
      scope: null,
      blueprints: [],
      changes: [],
      notes: [],
      requests: [],
    })
    expect(server.kandji.profiles).toHaveLength(1)
    expect(server.seen('POST', /custom-profiles/)).toHaveLength(1)
    expect(server.seen('PATCH', /custom-profiles/)).toHaveLength(0)
  })

  it('follows next pages to find the profile and updates it in place (PATCH), creating nothing', async () => {
    for (const n of [1, 2, 3, 4]) server.seedKandji(`Other profile ${n}`)
    const target = server.seedKandji('PPPC BeyondTrust', '<plist version="1.0"><dict/></plist>')
    server.seedKandji('Last one')
    const result = await kandji(profileKandji)
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe(`updated "PPPC BeyondTrust" in Kandji: id ${target.id}\n`)
    expect(server.seen('GET', /custom-profiles/).map((r) => r.path)).toEqual([
      '/api/v1/library/custom-profiles',
      '/api/v1/library/custom-profiles?page=2',
      '/api/v1/library/custom-profiles?page=3',
    ])
    expect(server.seen('POST', /custom-profiles/)).toHaveLength(0)
    expect(server.seen('PATCH', new RegExp(`/custom-profiles/${target.id}$`))).toHaveLength(1)
    expect(server.kandji.profiles).toHaveLength(6)
    expect(target.profile).toContain('com.bomgar.bomgar-scc')
  })

  it('refuses to choose between two profiles of the same name', async () => {
    server.seedKandji('PPPC BeyondTrust')
    server.seedKandji('PPPC BeyondTrust')
    expectOneLineError(
      await kandji(profileKandji),
      1,
      /2 Kandji custom profiles are named "PPPC BeyondTrust" .*; rename or delete all but one/,
    )
    expect(server.seen('PATCH', /./)).toHaveLength(0)
  })

  it('handles a refused token, 429 with Retry-After, a 500, a 409 and malformed JSON', async () => {
    expectOneLineError(
      await kandji(profileKandji, [], {KANDJI_API_TOKEN: 'kandji-revoked-token-0000'}),
      1,
      /Kandji refused the credentials for GET \/api\/v1\/library\/custom-profiles \(401\): .*Bearer \[redacted\].*; check KANDJI_API_TOKEN/,
    )

    server.inject({method: 'GET', path: /custom-profiles/, status: 429, headers: {'Retry-After': '0'}})
    server.inject({method: 'POST', path: /custom-profiles/, status: 503, body: 'Unavailable'})
    expect((await kandji(profileKandji)).exitCode).toBe(0)
    expect(server.seen('GET', /custom-profiles/)).toHaveLength(1 + 2)
    expect(server.seen('POST', /custom-profiles/)).toHaveLength(2)
    expect(server.kandji.profiles).toHaveLength(1)

    // A 502 to a create may come after the item was made: sending it again could make a second one.
    server.kandji.profiles.length = 0
    server.inject({method: 'POST', path: /custom-profiles/, status: 502, body: 'Bad Gateway'})
    expectOneLineError(
      await kandji(profileKandji),
      1,
      /Kandji answered 502 to POST \/api\/v1\/library\/custom-profiles: it may have created the item all the same, so pppc does not send it again .*; run the same command with --plan/,
    )
    expect(server.seen('POST', /custom-profiles/)).toHaveLength(3)

    server.kandji.profiles.length = 0
    server.inject({
      method: 'POST',
      path: /custom-profiles/,
      status: 409,
      body: JSON.stringify({detail: 'A library item with this name already exists.'}),
    })
    expectOneLineError(
      await kandji(profileKandji),
      1,
      /Kandji refused POST \/api\/v1\/library\/custom-profiles with a conflict \(409\): .*already exists.*; Kandji refused the name/,
    )

    server.inject({method: 'GET', path: /custom-profiles/, status: 200, body: '{"count": 1, "results": [ {"id": '})
    expectOneLineError(
      await kandji(profileKandji),
      1,
      /Kandji's answer to GET \/api\/v1\/library\/custom-profiles is not JSON.*; check --subdomain and --region/,
    )
    expect(server.kandji.profiles).toHaveLength(0)
  })

  it('does not follow a next page to another host (the token would go there)', async () => {
    server.inject({
      method: 'GET',
      path: /custom-profiles/,
      status: 200,
      body: JSON.stringify({
        count: 3,
        next: 'https://evil.example.com/api/v1/library/custom-profiles?page=2',
        results: [],
      }),
    })
    expectOneLineError(await kandji(profileKandji), 1, /a next page on another host \(evil\.example\.com\)/)
    expect(server.requests).toHaveLength(1)
  })

  it('--dry-run shows the regional host and a multipart create, redacted, and sends nothing', async () => {
    const result = await run(
      [
        'push',
        'kandji',
        profileKandji,
        '--subdomain',
        'accuhive',
        '--region',
        'eu',
        '--name',
        'PPPC BeyondTrust',
        '--dry-run',
      ],
      {KANDJI_API_TOKEN: KANDJI_TOKEN},
    )
    expect(result.exitCode).toBe(0)
    const size = (await readFile(profileKandji)).byteLength
    expect(result.stdout).toBe(
      [
        'GET https://accuhive.api.eu.kandji.io/api/v1/library/custom-profiles',
        'Authorization: Bearer [redacted]',
        'Accept: application/json',
        '',
        'POST https://accuhive.api.eu.kandji.io/api/v1/library/custom-profiles',
        'Authorization: Bearer [redacted]',
        'Accept: application/json',
        'Content-Type: multipart/form-data',
        '',
        '  name=PPPC BeyondTrust',
        `  file=k.mobileconfig (application/octet-stream, ${size} bytes)`,
        '  active=true',
        '  runs_on_mac=true',
        '',
      ].join('\n'),
    )
    expect(server.requests).toHaveLength(0)
  })

  it('needs the token and a host (exit 2)', async () => {
    expectOneLineError(
      await run(['push', 'kandji', profileKandji, '--subdomain', 'accuhive', '--name', 'X']),
      2,
      /KANDJI_API_TOKEN is not set/,
    )
    expectOneLineError(
      await run(['push', 'kandji', profileKandji, '--name', 'X'], {KANDJI_API_TOKEN: KANDJI_TOKEN}),
      2,
      /needs --subdomain NAME or --api-url URL/,
    )
    expectOneLineError(
      await run(['push', 'kandji', profileKandji, '--api-url', 'http://10.0.0.5:8080', '--name', 'X'], {
        KANDJI_API_TOKEN: KANDJI_TOKEN,
      }),
      2,
      /--api-url http:\/\/10\.0\.0\.5:8080 is plain http/,
    )
  })
})

describe('secrets', SLOW, () => {
  it('never appear in any output, --json or error message of the cases above', () => {
    expect(outputs.length).toBeGreaterThan(30)
    const secrets = [
      CLIENT_SECRET,
      PASSWORD,
      KANDJI_TOKEN,
      'jamf-wrong-secret-3Lp0',
      'kandji-revoked-token-0000',
      'jamf-half-a-token',
      'jamf-camel-token-Xc22',
      'jamf-user-token-Pw30',
      'jamf-url-token-Q7',
      Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
      ...server.jamf.issued,
    ]
    expect(server.jamf.issued.length).toBeGreaterThan(10)
    for (const {args, result} of outputs) {
      for (const secret of secrets) {
        expect(result.stdout, `stdout of ${args.join(' ')}`).not.toContain(secret)
        expect(result.stderr, `stderr of ${args.join(' ')}`).not.toContain(secret)
      }
    }
  })
})
