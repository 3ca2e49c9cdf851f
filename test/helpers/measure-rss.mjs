// Measures the peak memory (max RSS) of `pppc push jamf` against a loopback server whose answer to the profile
// lookup is 1 GiB (plain, or gzip on the wire). Not a test (it measures, it asserts nothing): run it by hand,
//   node test/helpers/measure-rss.mjs [plain|gzip]
// Needs GNU time at /usr/bin/time and a build (npm run build).
import {execFile} from 'node:child_process'
import {createServer} from 'node:http'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {createGzip} from 'node:zlib'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const encoding = process.argv[2] ?? 'plain'
let lookups = 0

const server = createServer((req, res) => {
  if (req.url?.endsWith('/oauth/token')) {
    res.writeHead(200, {'Content-Type': 'application/json'})
    return res.end(JSON.stringify({access_token: 'measure-token', expires_in: 1200}))
  }
  lookups++
  res.writeHead(200, {'Content-Type': 'application/xml', ...(encoding === 'gzip' ? {'Content-Encoding': 'gzip'} : {})})
  const gzip = encoding === 'gzip' ? createGzip({level: 1}) : undefined
  gzip?.pipe(res)
  const out = gzip ?? res
  const chunk = Buffer.alloc(64 * 1024, 0x20)
  let sent = 0
  const more = () => {
    while (sent < 1024 ** 3 && !res.destroyed) {
      sent += chunk.length
      if (!out.write(chunk)) return void out.once('drain', more)
    }
    out.end()
  }
  res.on('close', () => out.end())
  more()
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}`
const file = join(repo, 'fixtures', 'profiles', 'good', 'beyondtrust-authorization.mobileconfig')
const started = Date.now()
execFile(
  '/usr/bin/time',
  [
    '-f',
    'maxrss_kb=%M',
    'node',
    join(repo, 'bin', 'run.js'),
    'push',
    'jamf',
    file,
    '--url',
    url,
    '--name',
    'X',
    '--no-validate',
  ],
  {env: {...process.env, JAMF_CLIENT_ID: 'measure', JAMF_CLIENT_SECRET: 'measure-secret', PPPC_HTTP_BACKOFF_MS: '1'}},
  (_error, stdout, stderr) => {
    const kb = Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1])
    console.log(stdout + stderr.replace(/maxrss_kb=\d+\n?/, ''))
    console.log(
      `${encoding}: max RSS ${(kb / 1024).toFixed(0)} MB, profile lookups ${lookups}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
    server.close()
    server.closeAllConnections()
  },
)
