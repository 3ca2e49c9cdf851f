import {join} from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {loadProfile, pushToJamf, pushToKandji} from '../../src/deploy/push.js'
import {FakeClock} from '../helpers/clock.js'
import {MdmServer} from '../helpers/mdm-server.js'
import {FIXTURES} from '../helpers/paths.js'

const FILE = join(FIXTURES, 'profiles', 'good', 'beyondtrust-authorization.mobileconfig')
const JAMF_ENV = {JAMF_CLIENT_ID: 'pppc-ci-client', JAMF_CLIENT_SECRET: 'jamf-client-secret-7Q2xW'}
const KANDJI_ENV = {KANDJI_API_TOKEN: 'kandji-token-5Hc8-e2a1f0d4'}
const server = new MdmServer()

beforeAll(async () => {
  await server.start()
})
afterAll(async () => {
  await server.stop()
})
beforeEach(() => {
  server.reset()
  server.jamf.clients.set(JAMF_ENV.JAMF_CLIENT_ID, JAMF_ENV.JAMF_CLIENT_SECRET)
  server.kandji.token = KANDJI_ENV.KANDJI_API_TOKEN
})

describe('push with an injected clock (in process, against the loopback server)', () => {
  it('waits as long as Retry-After says on 429 (plus jitter), on the clock it is given, then succeeds', async () => {
    const clock = new FakeClock()
    server.inject({method: 'GET', path: /osxconfigurationprofiles/, status: 429, headers: {'Retry-After': '1'}})
    const loaded = await loadProfile(FILE, 'jamf', false)
    const result = await pushToJamf(loaded, {
      url: server.url,
      name: 'PPPC BeyondTrust',
      mode: 'push',
      env: JAMF_ENV,
      clock,
    })
    expect(result.action).toBe('created')
    expect(server.seen('GET', /osxconfigurationprofiles/)).toHaveLength(2)
    expect(clock.slept).toHaveLength(1)
    expect(clock.slept[0]).toBeGreaterThanOrEqual(1000)
    expect(clock.slept[0]).toBeLessThanOrEqual(1250)
  })

  it('counts --timeout on the clock for the whole push: a Retry-After past it fails at once', async () => {
    const clock = new FakeClock()
    server.inject({method: 'GET', path: /custom-profiles/, status: 429, headers: {'Retry-After': '30'}})
    const loaded = await loadProfile(FILE, 'kandji', false)
    await expect(
      pushToKandji(loaded, {
        apiUrl: server.url,
        region: 'us',
        name: 'PPPC BeyondTrust',
        mode: 'push',
        env: KANDJI_ENV,
        clock,
        timeoutSeconds: 10,
      }),
    ).rejects.toThrow(
      /Kandji kept rate limiting \(429\) GET \/api\/v1\/library\/custom-profiles, and the --timeout of 10 s leaves no time to try again/,
    )
    expect(clock.slept).toEqual([])
    expect(server.kandji.profiles).toHaveLength(0)
  })
})
