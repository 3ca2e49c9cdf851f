import {mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {Secrets} from '../../src/deploy/secrets.js'
import {pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {MdmServer} from '../helpers/mdm-server.js'

/**
 * Where a push's secrets could leave pppc, layer by layer, through what a user sees: the redactor itself, the
 * requests a dry run prints (credential headers and form fields masked whatever their value), and every error, which
 * goes through the redactor once more on its way out (even text pppc did not write, such as a parser's quote of what
 * the server holds). Written against the CLI and the Secrets class, not the clients' insides.
 */
const server = new MdmServer()
let profile: string

beforeAll(async () => {
  await server.start()
  profile = join(await mkdtemp(join(tmpdir(), 'pppc-redaction-')), 'beyondtrust.mobileconfig')
  expect((await pppcInProcess(['generate', '--app', 'beyondtrust', '--mdm', 'jamf', '-o', profile])).exitCode).toBe(0)
})

afterAll(async () => {
  await server.stop()
})

beforeEach(() => {
  server.reset()
})

describe('the redactor (Secrets)', () => {
  it('replaces a secret wherever it stands, and any Bearer or Basic credential even when it was never told', () => {
    const secrets = new Secrets()
    secrets.add('s3cret-value-Qx7')
    const text = 'token s3cret-value-Qx7, url s3cret-value-Qx7, header Bearer eyJhbGciOi.xyz and Basic dXNlcjpwYXNz'
    const out = secrets.redact(text)
    for (const leak of ['s3cret-value-Qx7', 'eyJhbGciOi', 'dXNlcjpwYXNz']) expect(out).not.toContain(leak)
    expect(out.match(/\[redacted\]/g)).toHaveLength(4)
  })
})

describe('pppc push --dry-run shows requests with every credential masked', () => {
  it('masks the Authorization header whatever the token, even one too short to be searched for', async () => {
    // A three-character token is below the length the redactor searches text for, and "#" stops the Bearer pattern:
    // only the header masking stands between it and the terminal.
    const token = '#k!'
    const args = ['push', 'kandji', profile, '--subdomain', 'example', '--name', 'PPPC', '--dry-run']
    const text = await pppcInProcess(args, {env: {KANDJI_API_TOKEN: token}})
    expect(text.exitCode).toBe(0)
    const authorization = text.stdout.split('\n').filter((l) => l.startsWith('Authorization:'))
    expect(authorization).toEqual(['Authorization: Bearer [redacted]', 'Authorization: Bearer [redacted]'])
    const json = await pppcInProcess([...args, '--json'], {env: {KANDJI_API_TOKEN: token}})
    const requests = (JSON.parse(json.stdout) as {requests: {headers: Record<string, string>}[]}).requests
    expect(requests.map((r) => r.headers.Authorization)).toEqual(['Bearer [redacted]', 'Bearer [redacted]'])
    for (const out of [text.stdout, text.stderr, json.stdout]) expect(out).not.toContain(token)
  })

  it('masks a short client secret in the token request and a user password in the Basic header', async () => {
    const args = ['push', 'jamf', profile, '--url', 'https://example.jamfcloud.com', '--name', 'PPPC', '--dry-run']
    const client = await pppcInProcess(args, {env: {JAMF_CLIENT_ID: 'ci', JAMF_CLIENT_SECRET: 'a#1'}})
    expect(client.exitCode).toBe(0)
    expect(client.stdout).toContain('\n\ngrant_type=client_credentials&client_id=ci&client_secret=[redacted]\n')
    expect(client.stdout).not.toContain('a%231')
    const user = await pppcInProcess(args, {env: {JAMF_USER: 'u', JAMF_PASSWORD: 'p!'}})
    expect(user.exitCode).toBe(0)
    expect(user.stdout).toContain(
      'POST https://example.jamfcloud.com/api/v1/auth/token\nAuthorization: Basic [redacted]\n',
    )
    expect(user.stdout).not.toContain(Buffer.from('u:p!').toString('base64'))
  })
})

describe('pppc push errors are redacted on their way out', () => {
  it('quotes what Jamf Pro holds, when pppc cannot read it, without the credentials the server echoed into it', async () => {
    const secret = 'jamf-client-secret-Hv83'
    server.jamf.clients.set('pppc-ci', secret)
    // A careless server (or a careless admin) stored a profile whose payloads hold the secret and are not a plist:
    // the reader's message quotes the text around the place it stopped.
    server.jamf.profiles.set(7, {
      id: 7,
      name: 'PPPC',
      payloads: `<plist version="1.0"><dict><key>a</key><string>b</string><creds>${secret}</creds></dict></plist>`,
      scope: {all: false, groups: []},
    })
    const env = {JAMF_CLIENT_ID: 'pppc-ci', JAMF_CLIENT_SECRET: secret, PPPC_HTTP_BACKOFF_MS: '1'}
    const args = ['push', 'jamf', profile, '--url', server.url, '--name', 'PPPC']
    const result = await pppcInProcess(args, {env})
    expectOneLineError(
      result,
      1,
      /^Error: the profile "PPPC" in Jamf Pro \(id 7\) holds payloads pppc cannot read \(.*<creds>\[redacted\].*\), so their PayloadUUID and PayloadIdentifier cannot be kept; look at it in Jamf Pro/,
    )
    const json = await pppcInProcess([...args, '--json'], {env: {...env, PPPC_DEBUG: '1'}})
    expect(json.exitCode).toBe(1)
    expect((JSON.parse(json.stdout) as {error: {message: string}}).error.message).toContain('<creds>[redacted]')
    for (const out of [result.stderr, json.stdout, json.stderr]) expect(out).not.toContain(secret)
    for (const token of server.jamf.issued) expect(`${result.stderr}${json.stdout}${json.stderr}`).not.toContain(token)
  })
})
