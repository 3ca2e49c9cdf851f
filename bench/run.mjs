#!/usr/bin/env zx
// Benchmarks as ratios against baselines run side by side: each round runs every case once, in turn, so machine
// noise hits all cases alike; medians over the rounds. Usage: npm run bench [-- --runs 21]
//   start-up:   pppc --version and pppc generate against `node -e 0`
//   validation: pppc validate over 2,000 profiles in one process against Python's plistlib parsing the same files
//   fleet:      pppc fleet report against a loopback Jamf Pro and Kandji holding 10,000 and 100,000 Macs, against a
//               plain fetch-and-JSON.parse of the same pages; time per 10,000 Macs and max RSS (GNU time)
// --only NAME runs one group (start-up, validation, fleet).
import {$, argv, fs, path, tmpdir} from 'zx'
import {fileURLToPath} from 'node:url'

$.verbose = false
$.quiet = true
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const bin = path.join(root, 'bin', 'run.js')
const runs = Number(argv.runs ?? 21)
const only = argv.only
const wanted = (name) => only === undefined || only === name
const node = process.execPath
// The interpreter itself, not a version manager's shell shim in front of it: the baseline must not carry a shim's cost.
const python = (await $`python3 -c ${'import sys; print(sys.executable)'}`).stdout.trim()

async function timeOnce(command, args, okExits = [0]) {
  const start = process.hrtime.bigint()
  const result = await $`${command} ${args}`.nothrow()
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (!okExits.includes(result.exitCode))
    throw new Error(`${command} ${args.join(' ')} exited ${result.exitCode}: ${result.stderr.slice(0, 500)}`)
  return ms
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

async function compare(title, cases, rounds) {
  const medians = await measure(cases, rounds)
  console.log(`\n${title}, ${rounds} alternating rounds (median ms, ratio to the first line)`)
  for (const [i, c] of cases.entries())
    console.log(
      `${c.name.padEnd(48)} ${medians[i].toFixed(1).padStart(8)} ms   x${(medians[i] / medians[0]).toFixed(2)}`,
    )
  return medians
}

async function measure(cases, rounds) {
  for (const c of cases) await timeOnce(c.command, c.args, c.okExits) // warm the file cache
  const samples = cases.map(() => [])
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of cases.entries()) samples[i].push(await timeOnce(c.command, c.args, c.okExits))
  }
  return samples.map(median)
}

/** 2,000 profiles: generated ones for every catalogue app and MDM, and the shared corpus's XML profiles. */
async function profileSet() {
  const dir = path.join(tmpdir(), 'pppc-bench-profiles')
  await fs.emptyDir(dir)
  const sources = []
  const apps = JSON.parse((await $`${node} ${bin} apps --json`).stdout)
    .apps.map((a) => a.key)
    .filter((k) => k !== 'realvnc-server')
  for (const app of apps) {
    for (const mdm of ['kandji', 'jamf', 'generic'])
      sources.push(
        (await $`${node} ${bin} generate --app ${app} --mdm ${mdm} --identifier edu.example.bench.${app}`).stdout,
      )
  }
  const corpus = path.join(process.env.PPPC_SHARED ?? path.join(root, '..', 'shared'), 'corpus', 'real-world')
  if (await fs.pathExists(corpus)) {
    for (const d of await fs.readdir(corpus)) {
      const folder = path.join(corpus, d)
      if (!(await fs.stat(folder)).isDirectory()) continue
      for (const f of await fs.readdir(folder)) {
        const text = await fs.readFile(path.join(folder, f), 'utf8')
        // Only what plistlib parses: the baseline is a parse of valid files.
        if (
          /^\s*<\?xml/.test(text) &&
          (
            await $({
              input: text,
              nothrow: true,
            })`python3 -c ${'import plistlib,sys; plistlib.loads(sys.stdin.buffer.read())'}`
          ).exitCode === 0
        )
          sources.push(text)
      }
    }
  }
  for (let i = 0; i < 2000; i++)
    await fs.writeFile(path.join(dir, `p${String(i).padStart(4, '0')}.mobileconfig`), sources[i % sources.length])
  return {dir, distinct: sources.length}
}

if (wanted('start-up'))
  await compare(
    'start-up',
    [
      {name: 'node -e 0 (baseline)', command: node, args: ['-e', '0']},
      {name: 'pppc --version', command: node, args: [bin, '--version']},
      {name: 'pppc generate --app beyondtrust', command: node, args: [bin, 'generate', '--app', 'beyondtrust']},
      {name: 'pppc flow --macos 15.1', command: node, args: [bin, 'flow', '--macos', '15.1']},
      // doctor exits 0 on this Mac: everything is granted.
      {
        name: 'pppc doctor --snapshot (14.6)',
        command: node,
        args: [bin, 'doctor', '--snapshot', path.join(root, 'fixtures', 'macs', 'macos-14.6-everything-granted')],
      },
    ],
    runs,
  )

if (wanted('validation')) {
  const {dir, distinct} = await profileSet()
  const pythonParse =
    'import plistlib,sys,os\nfor f in sorted(os.listdir(sys.argv[1])):\n    with open(os.path.join(sys.argv[1], f), "rb") as fh: plistlib.load(fh)'
  const one = path.join(tmpdir(), 'pppc-bench-one')
  await fs.emptyDir(one)
  await fs.copy(path.join(dir, 'p0000.mobileconfig'), path.join(one, 'p0000.mobileconfig'))
  const rounds = Math.max(5, Math.round(runs / 2))
  // Exit 1 is expected from validate: the corpus profiles have findings.
  const [python2000, pppc2000, python1, pppc1] = await compare(
    `validation of 2,000 profiles (${distinct} distinct)`,
    [
      {name: 'python3 plistlib, parse only (baseline)', command: python, args: ['-c', pythonParse, dir]},
      {
        name: 'pppc validate (all rules)',
        command: node,
        args: [bin, 'validate', dir, '--format', 'json'],
        okExits: [0, 1],
      },
      {name: 'python3 plistlib, 1 profile (start-up)', command: python, args: ['-c', pythonParse, one]},
      {
        name: 'pppc validate, 1 profile (start-up)',
        command: node,
        args: [bin, 'validate', one, '--format', 'json'],
        okExits: [0, 1],
      },
    ],
    rounds,
  )
  const pythonPer = (python2000 - python1) / 1999
  const pppcPer = (pppc2000 - pppc1) / 1999
  console.log(
    `per profile, start-up taken out: python3 parse ${(pythonPer * 1000).toFixed(0)} µs, pppc validate ${(pppcPer * 1000).toFixed(0)} µs   x${(pppcPer / pythonPer).toFixed(2)}`,
  )

  // Inside one warm process (best of 5 passes over the files already in memory): what each costs per profile once
  // start-up and JIT warm-up are paid.
  const nodeWarm = `
import {readFileSync, readdirSync} from 'node:fs'
import {validateBytes} from ${JSON.stringify(path.join(root, 'dist', 'profiles', 'validate.js'))}
const dir = process.argv[1]
const files = readdirSync(dir).sort().map((f) => dir + '/' + f)
const bytes = files.map((f) => readFileSync(f))
let best = Infinity
for (let pass = 0; pass < 5; pass++) {
  const start = performance.now()
  for (let i = 0; i < files.length; i++) await validateBytes(files[i], bytes[i])
  best = Math.min(best, performance.now() - start)
}
console.log(best)`
  const pythonWarm =
    'import plistlib,os,sys,time\nd=sys.argv[1]\nbs=[open(os.path.join(d,f),"rb").read() for f in sorted(os.listdir(d))]\nbest=1e9\nfor _ in range(5):\n    t=time.perf_counter()\n    [plistlib.loads(b) for b in bs]\n    best=min(best,(time.perf_counter()-t)*1000)\nprint(best)'
  const warmNode = Number((await $`${node} --input-type=module -e ${nodeWarm} ${dir}`).stdout)
  const warmPython = Number((await $`${python} -c ${pythonWarm} ${dir}`).stdout)
  console.log(
    `in one warm process, 2,000 profiles: python3 parse ${warmPython.toFixed(0)} ms, pppc validate ${warmNode.toFixed(0)} ms   x${(warmNode / warmPython).toFixed(2)}`,
  )
  // CPU time of the first (cold) pass in one process: what validation itself costs, JIT warm-up included, without the
  // scheduling noise of wall time on a shared machine (median of the rounds).
  const nodeCold = `
import {readFileSync, readdirSync} from 'node:fs'
import {validateBytes} from ${JSON.stringify(path.join(root, 'dist', 'profiles', 'validate.js'))}
const dir = process.argv[1]
const bytes = readdirSync(dir).sort().map((f) => readFileSync(dir + '/' + f))
const start = process.cpuUsage()
for (let i = 0; i < bytes.length; i++) await validateBytes(String(i), bytes[i])
const used = process.cpuUsage(start)
console.log((used.user + used.system) / 1000)`
  const pythonCold =
    'import plistlib,os,sys,time\nd=sys.argv[1]\nbs=[open(os.path.join(d,f),"rb").read() for f in sorted(os.listdir(d))]\nt=time.process_time()\n[plistlib.loads(b) for b in bs]\nprint((time.process_time()-t)*1000)'
  const coldNode = []
  const coldPython = []
  for (let round = 0; round < rounds; round++) {
    coldPython.push(Number((await $`${python} -c ${pythonCold} ${dir}`).stdout))
    coldNode.push(Number((await $`${node} --input-type=module -e ${nodeCold} ${dir}`).stdout))
  }
  console.log(
    `first pass in one process, CPU time: python3 parse ${median(coldPython).toFixed(0)} ms, pppc validate ${median(coldNode).toFixed(0)} ms   x${(median(coldNode) / median(coldPython)).toFixed(2)}`,
  )
  await fs.remove(dir)
  await fs.remove(one)
}

/**
 * pppc fleet report over N Macs served on loopback (test/helpers/serve-fleet.ts, run by vite-node), its JSON sent to
 * /dev/null: wall time and max RSS from GNU time. The baseline fetches the same pages and parses them, nothing else.
 */
async function fleetRun(mdm, count, rounds) {
  const serve = $({
    cwd: root,
    input: undefined,
  })`${path.join(root, 'node_modules', '.bin', 'vite-node')} ${path.join(root, 'test', 'helpers', 'serve-fleet.ts')} -- ${count}`
  const url = await new Promise((resolve, reject) => {
    serve.stdout.on('data', (d) => resolve(String(d).split('\n')[0].trim()))
    serve.catch(reject)
  })
  const env = {
    ...process.env,
    JAMF_CLIENT_ID: 'pppc-bench',
    JAMF_CLIENT_SECRET: 'pppc-bench-secret',
    KANDJI_API_TOKEN: 'pppc-bench-token',
  }
  const args =
    mdm === 'jamf'
      ? ['fleet', 'report', '--mdm', 'jamf', '--url', url, '--format', 'json']
      : ['fleet', 'report', '--mdm', 'kandji', '--api-url', url, '--format', 'json']
  const baseline = `
const url = process.argv[1], mdm = process.argv[2]
let headers = {Accept: 'application/json'}, n = 0
if (mdm === 'jamf') {
  const t = await (await fetch(url + '/api/v1/oauth/token', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'grant_type=client_credentials&client_id=pppc-bench&client_secret=pppc-bench-secret'})).json()
  headers.Authorization = 'Bearer ' + t.access_token
  for (let page = 0; ; page++) {
    const a = await (await fetch(url + '/api/v1/computers-inventory?section=GENERAL&section=OPERATING_SYSTEM&section=EXTENSION_ATTRIBUTES&page-size=500&page=' + page, {headers})).json()
    n += a.results.length
    if ((page + 1) * 500 >= a.totalCount) break
  }
} else {
  headers.Authorization = 'Bearer pppc-bench-token'
  let next = url + '/api/v1/library/library-items/5e1f0000-0000-4000-8000-00000000beef/status?limit=300'
  while (next) { const a = await (await fetch(next, {headers})).json(); n += a.results.length; next = a.next }
}
console.log(n)`
  // The report goes to /dev/null (not through this process): sh execs the command, so time measures it alone.
  const time = async (command, commandArgs) => {
    const r = await $({
      env,
    })`/usr/bin/time -f ${'%e %M'} sh -c ${'exec "$0" "$@" > /dev/null'} ${command} ${commandArgs}`
    const [seconds, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number)
    return {ms: seconds * 1000, rssMb: kb / 1024}
  }
  const samples = {pppc: [], baseline: []}
  let capped
  try {
    for (let round = 0; round < rounds; round++) {
      samples.baseline.push(await time(node, ['--input-type=module', '-e', baseline, url, mdm]))
      samples.pppc.push(await time(node, [bin, ...args]))
    }
    // Once more with V8's old generation capped at 24 MB: it fails if what the report keeps grows with the fleet.
    capped = await time(node, ['--max-old-space-size=24', bin, ...args])
  } finally {
    serve.stdin.end()
    await serve.nothrow()
  }
  const pick = (list) => ({ms: median(list.map((s) => s.ms)), rssMb: Math.max(...list.map((s) => s.rssMb))})
  return {pppc: pick(samples.pppc), baseline: pick(samples.baseline), capped}
}

if (wanted('fleet')) {
  const rounds = Math.max(3, Math.round(runs / 7))
  console.log(
    `\nfleet report, ${rounds} alternating rounds (median wall time, max RSS over the rounds; output to /dev/null)`,
  )
  for (const mdm of ['jamf', 'kandji']) {
    const small = await fleetRun(mdm, 10_000, rounds)
    const large = await fleetRun(mdm, 100_000, rounds)
    for (const [label, r] of [
      ['10,000 Macs', small],
      ['100,000 Macs', large],
    ])
      console.log(
        `${`${mdm} ${label}`.padEnd(20)} pppc ${(r.pppc.ms / 1000).toFixed(2).padStart(6)} s ${r.pppc.rssMb.toFixed(0).padStart(4)} MB   fetch+parse baseline ${(r.baseline.ms / 1000).toFixed(2).padStart(6)} s ${r.baseline.rssMb.toFixed(0).padStart(4)} MB   x${(r.pppc.ms / r.baseline.ms).toFixed(2)}`,
      )
    console.log(
      `${mdm}: ${((large.pppc.ms - small.pppc.ms) / 9 / 1000).toFixed(2)} s per 10,000 Macs (100k minus 10k, over 9); max RSS ${small.pppc.rssMb.toFixed(0)} MB at 10k, ${large.pppc.rssMb.toFixed(0)} MB at 100k (x${(large.pppc.rssMb / small.pppc.rssMb).toFixed(2)}); with a 24 MB old generation: 10k ${(small.capped.ms / 1000).toFixed(2)} s ${small.capped.rssMb.toFixed(0)} MB, 100k ${(large.capped.ms / 1000).toFixed(2)} s ${large.capped.rssMb.toFixed(0)} MB`,
    )
  }
}
