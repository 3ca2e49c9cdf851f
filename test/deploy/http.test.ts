import {createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import type {AddressInfo} from 'node:net'
import {createGzip} from 'node:zlib'
import {afterEach, describe, expect, it} from 'vitest'
import {
  backoffMs,
  defaultPolicy,
  fetchTransport,
  retryAfterMs,
  send,
  type HttpPolicy,
  type HttpRequest,
  type Transport,
} from '../../src/deploy/http.js'
import {Secrets} from '../../src/deploy/secrets.js'
import {PppcError} from '../../src/errors.js'
import {FakeClock} from '../helpers/clock.js'
import {selfSignedCertificate} from '../helpers/tls.js'

const request: HttpRequest = {method: 'GET', url: new URL('https://jamf.example.com/x'), headers: {}}

function policyOn(clock: FakeClock, changes: Partial<HttpPolicy> = {}): HttpPolicy {
  return {
    ...defaultPolicy({timeoutSeconds: 120, clock, random: () => 0.5}),
    timeoutMs: 30_000,
    backoffMs: 500,
    ...changes,
  }
}

/** Answers with the given statuses in turn; 0 never answers (time passes on the fake clock until the try times out). */
function scripted(
  clock: FakeClock,
  statuses: number[],
  headers: Record<string, string>[] = [],
): Transport & {tries: number} {
  return {
    tries: 0,
    async send(_request, {signal}) {
      const n = this.tries++
      const status = statuses[n] ?? 200
      if (status === 0)
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason))
          clock.elapseUntilAborted(signal)
        })
      return {status, headers: new Headers(headers[n] ?? {}), text: ''}
    },
  }
}

describe('a POST that creates is never sent twice when the server may have carried it out', () => {
  const create: HttpRequest = {method: 'POST', url: new URL('https://jamf.example.com/create'), headers: {}}

  it('stops after a 500 or a timeout, and says to look with --plan before pushing again', async () => {
    for (const statuses of [
      [500, 200],
      [502, 200],
      [0, 200],
    ]) {
      const clock = new FakeClock()
      const server = scripted(clock, statuses)
      const failure = send(server, create, policyOn(clock), new Secrets(), 'Kandji')
      await expect(failure).rejects.toThrow(/may have created the item all the same, so pppc does not send it again/)
      await expect(failure).rejects.toMatchObject({hint: expect.stringMatching(/--plan/)})
      expect(server.tries).toBe(1)
    }
  })

  it('retries it when the server says it did not: 429 and 503', async () => {
    const clock = new FakeClock()
    const server = scripted(clock, [429, 503, 200])
    expect((await send(server, create, policyOn(clock), new Secrets(), 'Kandji')).status).toBe(200)
    expect(server.tries).toBe(3)
  })

  it('retries a POST that only asks (a token) like a GET', async () => {
    const clock = new FakeClock()
    const server = scripted(clock, [500, 200])
    const token = {...create, repeatable: true}
    expect((await send(server, token, policyOn(clock), new Secrets(), 'Jamf Pro')).status).toBe(200)
    expect(server.tries).toBe(2)
  })

  it('retries it when the connection never reached the server', async () => {
    const clock = new FakeClock()
    let tries = 0
    const refused: Transport = {
      async send() {
        if (tries++ === 0) throw Object.assign(new TypeError('fetch failed'), {cause: {code: 'ECONNREFUSED'}})
        return {status: 201, headers: new Headers(), text: ''}
      },
    }
    expect((await send(refused, create, policyOn(clock), new Secrets(), 'Kandji')).status).toBe(201)
    expect(tries).toBe(2)
  })
})

describe('retries', () => {
  it('retries 5xx and timeouts a bounded number of times, and never another 4xx', async () => {
    const clock = new FakeClock()
    const flaky = scripted(clock, [503, 0, 200])
    expect((await send(flaky, request, policyOn(clock), new Secrets(), 'Jamf Pro')).status).toBe(200)
    expect(flaky.tries).toBe(3)
    const down = scripted(clock, [500, 500, 500, 500, 500])
    await expect(send(down, request, policyOn(clock), new Secrets(), 'Jamf Pro')).rejects.toThrow(
      /kept failing \(500\) GET \/x after 4 tries/,
    )
    expect(down.tries).toBe(4)
    const missing = scripted(clock, [404])
    expect((await send(missing, request, policyOn(clock), new Secrets(), 'Jamf Pro')).status).toBe(404)
    expect(missing.tries).toBe(1)
  })

  it('waits as long as Retry-After says, plus jitter, on 429 and 503', async () => {
    const clock = new FakeClock()
    const limited = scripted(clock, [429, 503, 200], [{'Retry-After': '3'}, {'Retry-After': '1'}])
    expect((await send(limited, request, policyOn(clock), new Secrets(), 'Kandji')).status).toBe(200)
    // 3 s (more than the 500 ms step) + a quarter of the step; then 1 s + a quarter of the 1 s step.
    expect(clock.slept).toEqual([3000 + 125, 1000 + 250])
  })

  it('never retries sooner than the backoff floor, whatever Retry-After says (negative, past, zero, garbage)', async () => {
    const clock = new FakeClock()
    const past = new Date(clock.now() - 60_000).toUTCString()
    const limited = scripted(
      clock,
      [429, 429, 503],
      [{'Retry-After': '-5'}, {'Retry-After': past}, {'Retry-After': '0'}],
    )
    const policy = policyOn(clock, {tries: 4})
    expect((await send(limited, request, policy, new Secrets(), 'Kandji')).status).toBe(200)
    expect(clock.slept).toEqual([500 + 125, 1000 + 250, 2000 + 500])
    expect(retryAfterMs('-5', clock.now())).toBeUndefined()
    expect(retryAfterMs('1.5', clock.now())).toBeUndefined()
    expect(retryAfterMs(past, clock.now())).toBe(0)
  })

  it('backs off exponentially from the floor, with jitter of up to half a step, and a ceiling per step', () => {
    const p = (random: number) => policyOn(new FakeClock(), {backoffMs: 100, maxBackoffMs: 300, random: () => random})
    expect([0, 1, 2, 3].map((n) => backoffMs(p(0), n))).toEqual([100, 200, 300, 300])
    expect([0, 1, 2, 3].map((n) => backoffMs(p(1), n))).toEqual([150, 300, 450, 450])
    expect(backoffMs(p(0), 0, 5000)).toBe(5000)
  })

  it('does not wait out a Retry-After longer than its ceiling, nor one that runs past the deadline', async () => {
    const clock = new FakeClock()
    const limited = scripted(clock, [429], [{'Retry-After': '3600'}])
    await expect(send(limited, request, policyOn(clock), new Secrets(), 'Kandji')).rejects.toThrow(
      /Kandji is rate limiting GET \/x \(429\) for 3600 s; try again later/,
    )
    expect(limited.tries).toBe(1)
    const late = scripted(clock, [429], [{'Retry-After': '90'}])
    await expect(
      send(
        late,
        request,
        policyOn(clock, {deadline: clock.now() + 60_000, budgetSeconds: 60}),
        new Secrets(),
        'Kandji',
      ),
    ).rejects.toThrow(/kept rate limiting \(429\) GET \/x, and the --timeout of 60 s leaves no time to try again/)
    expect(clock.slept).toEqual([])
  })
})

describe('the deadline', () => {
  it('bounds a stalled server to --timeout overall, not tries × the per-try timeout', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const stalled = scripted(clock, [0, 0, 0, 0, 0])
    const error = await send(stalled, request, policyOn(clock), new Secrets(), 'Jamf Pro').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PppcError)
    expect((error as PppcError).oneLine()).toMatch(
      /^Jamf Pro did not answer GET \/x within the --timeout of 120 s; try again later/,
    )
    expect(clock.now() - start).toBe(120_000)
    expect(stalled.tries).toBe(4)
  })

  it('gives a try no more than the time left', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const stalled = scripted(clock, [0])
    const policy = policyOn(clock, {deadline: clock.now() + 10_000, budgetSeconds: 10})
    await expect(send(stalled, request, policy, new Secrets(), 'Kandji')).rejects.toThrow(
      /within the --timeout of 10 s/,
    )
    expect(clock.now() - start).toBe(10_000)
    expect(stalled.tries).toBe(1)
  })
})

describe('fetchTransport against a loopback server', () => {
  let server: Server | undefined
  let connections = 0
  let requests = 0

  afterEach(async () => {
    server?.closeAllConnections?.()
    await new Promise((resolve) => server?.close(resolve))
    server = undefined
  })

  async function serve(
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    make: (h: typeof handler) => Server = (h) => createHttpServer(h),
    scheme = 'http',
  ): Promise<URL> {
    connections = 0
    requests = 0
    server = make((req, res) => {
      requests++
      handler(req, res)
    })
    server.on('connection', () => connections++)
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    return new URL(`${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}/x`)
  }

  /** Writes zeros until the client goes away (a 1 GiB answer, in effect), respecting backpressure. */
  function endless(res: ServerResponse, target: NodeJS.WritableStream = res): void {
    const chunk = Buffer.alloc(64 * 1024)
    let sent = 0
    const more = () => {
      while (sent < 1024 ** 3 && !res.destroyed) {
        sent += chunk.length
        if (!target.write(chunk)) return void target.once('drain', more)
      }
      target.end()
    }
    res.on('close', () => target.end())
    more()
  }

  const go = (url: URL) =>
    send(fetchTransport, {...request, url}, defaultPolicy({timeoutSeconds: 60}), new Secrets(), 'Jamf Pro')

  it('stops reading an answer at 8 MiB and does not fetch it again', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/xml'})
      endless(res)
    })
    await expect(go(url)).rejects.toThrow(
      /^Jamf Pro's answer to GET \/x is larger than 8 MiB, far more than an answer about profiles holds; nothing more was read/,
    )
    expect(requests).toBe(1)
  })

  it('refuses a declared Content-Length over the limit before reading it', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': String(1024 ** 3)})
      res.write('{"results": [')
    })
    await expect(go(url)).rejects.toThrow(/larger than 8 MiB/)
    expect(requests).toBe(1)
  })

  it('limits the decompressed size of a gzip answer (a small bomb)', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json', 'Content-Encoding': 'gzip'})
      const gzip = createGzip({level: 1})
      gzip.pipe(res)
      endless(res, gzip)
    })
    await expect(go(url)).rejects.toThrow(/larger than 8 MiB/)
    expect(requests).toBe(1)
  })

  it('does not retry a TLS certificate failure', async () => {
    const {key, cert} = await selfSignedCertificate()
    const url = await serve(
      (_req, res) => res.end('never reached'),
      (h) => createHttpsServer({key, cert}, h),
      'https',
    )
    const error = (await go(url).catch((e: unknown) => e)) as PppcError
    expect(error.oneLine()).toMatch(
      /^cannot make a trusted TLS connection to Jamf Pro at 127\.0\.0\.1:\d+ \(DEPTH_ZERO_SELF_SIGNED_CERT\); check the server's certificate .*NODE_EXTRA_CA_CERTS/,
    )
    expect(error.exitCode).toBe(1)
    expect(connections).toBe(1)
    expect(requests).toBe(0)
  })
})
