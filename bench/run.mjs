#!/usr/bin/env zx
// Benchmarks as ratios against baselines run side by side: each round runs every case once, in turn, so machine
// noise hits all cases alike; medians over the rounds. Usage: npm run bench [-- --runs 21] [-- --only NAME]
//   [-- --before DIR]   DIR: another checkout of pppc (built), measured in the same rounds (a "before" column)
//   start-up:   every command with a goal against `node -e 0`, with NODE_EXTRA_CA_CERTS set and unset (Node 20 parses
//               that file at every start, which doubles `node -e 0`: unset is what a user on a Mac sees)
//   validation: pppc validate over 2,000 profiles in one process against Python's plistlib parsing the same files (with
//               NODE_EXTRA_CA_CERTS set and unset, as start-up);
//               max RSS (GNU time) over 10,000 profiles in every --format, and of one 50 MB profile
//   fleet:      pppc fleet report against a loopback Jamf Pro and Kandji holding 10,000 and 100,000 Macs, against a
//               plain fetch-and-JSON.parse of the same pages; time per 10,000 Macs and max RSS (GNU time)
// --only NAME runs one group (start-up, validation, fleet; memory: validation's max RSS only); --startup-only is
// --only start-up.
// Commands are spawned directly (no shell in front of them), with stdout and stderr piped, as a script would run them.
import {$, argv, fs, os, path, tmpdir} from 'zx'
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

$.verbose = false
$.quiet = true
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const bin = path.join(root, 'bin', 'run.js')
const runs = Number(argv.runs ?? 21)
const before = argv.before ? path.resolve(String(argv.before)) : undefined
const only = argv['startup-only'] ? 'start-up' : argv.only
const wanted = (name) => only === undefined || only === name
const node = process.execPath

/** The CA bundle Node reads when NODE_EXTRA_CA_CERTS is set: the one set here, or the system's (to show both modes). */
const caFile =
  process.env.NODE_EXTRA_CA_CERTS ||
  ['/etc/ssl/certs/ca-certificates.crt', '/etc/ssl/cert.pem'].find((f) => fs.existsSync(f))
const withoutCa = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'))
const modes = [
  ...(caFile ? [{name: 'NODE_EXTRA_CA_CERTS set', env: {...withoutCa, NODE_EXTRA_CA_CERTS: caFile}}] : []),
  {name: 'NODE_EXTRA_CA_CERTS unset', env: withoutCa},
]

function timeOnce(c, env) {
  const start = process.hrtime.bigint()
  const result = spawnSync(c.command, c.args, {env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20})
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (!(c.okExits ?? [0]).includes(result.status))
    throw new Error(`${c.command} ${c.args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`)
  return ms
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Every case once per round, in turn (in every mode); medians of each. */
function measure(cases, rounds, envs = [process.env]) {
  for (const env of envs) for (const c of cases) timeOnce(c, env) // warm the file cache
  const samples = envs.map(() => cases.map(() => []))
  for (let round = 0; round < rounds; round++)
    for (const [m, env] of envs.entries()) for (const [i, c] of cases.entries()) samples[m][i].push(timeOnce(c, env))
  return samples.map((perCase) => perCase.map(median))
}

function loadLine() {
  const [one, five] = os.loadavg()
  return `load average ${one.toFixed(1)} (1 min), ${five.toFixed(1)} (5 min) on ${os.cpus().length} cores`
}

if (wanted('start-up')) {
  // ---------------------------------------------------------------------------------------------- start-up, with goals
  const sample = path.join(root, 'fixtures', 'profiles', 'good', 'beyondtrust-authorization.mobileconfig')
  const recordedMac = path.join(root, 'fixtures', 'macs', 'macos-14.6-everything-granted')
  /** [name, argv, goal (ratio to node -e 0), exit codes that are success]. */
  const STARTUP = [
    ['pppc --version', ['--version'], 1.3],
    ['pppc --help', ['--help'], 1.3],
    ['pppc generate --help', ['generate', '--help'], 1.3],
    ['pppc generate --app beyondtrust --mdm kandji', ['generate', '--app', 'beyondtrust', '--mdm', 'kandji'], 2.0],
    ['pppc validate (one profile)', ['validate', sample], 2.0],
    ['pppc inspect (one profile)', ['inspect', sample], 2.0],
    ['pppc flow --macos 14', ['flow', '--macos', '14'], 2.0],
    ['pppc apps', ['apps'], 2.0],
    // doctor exits 0 on this Mac: everything is granted.
    ['pppc doctor --snapshot (14.6)', ['doctor', '--snapshot', recordedMac], 2.5],
  ]

  /**
   * What any command pays while it runs through oclif, measured as a floor (no goal): loading oclif's entry
   * (@oclif/core/execute) and its Config (package.json, manifest, platform), without finding or loading a command.
   */
  const oclifFloor = (checkout) =>
    `const {createRequire} = require('node:module'); const r = createRequire(${JSON.stringify(path.join(checkout, 'package.json'))});` +
    `r('@oclif/core/execute'); r('@oclif/core/config').Config.load(${JSON.stringify(checkout)})`

  function startupCases(checkout) {
    const entry = path.join(checkout, 'bin', 'run.js')
    return [
      ...STARTUP.map(([name, args, goal, okExits]) => ({name, goal, command: node, args: [entry, ...args], okExits})),
      {name: 'floor: oclif loaded, Config.load', command: node, args: ['-e', oclifFloor(checkout)]},
    ]
  }

  const baseline = {name: 'node -e 0 (baseline)', command: node, args: ['-e', '0']}
  const after = startupCases(root)
  const cases = [baseline, ...after, ...(before ? startupCases(before) : [])]
  const load0 = loadLine()
  const medians = measure(
    cases,
    runs,
    modes.map((m) => m.env),
  )
  console.log(
    `start-up, ${runs} alternating rounds, median ms and ratio to \`node -e 0\` in the same mode (node ${process.version})`,
  )
  console.log(`machine: ${load0} before, ${loadLine()} after`)
  if (before) console.log(`before: ${before}`)
  const head = ['', 'goal', ...modes.flatMap((m) => (before ? [`${m.name}: before`, 'after'] : [m.name])), 'met']
  const rows = [['node -e 0 (baseline)', '', ...modes.flatMap((_, m) => cell(m, 0, 0, before))]]
  let missed = 0
  for (const [i, c] of after.entries()) {
    const ratios = modes.map((_, m) => medians[m][1 + i] / medians[m][0])
    const ok = c.goal === undefined || ratios.every((r) => r <= c.goal)
    if (!ok) missed++
    rows.push([
      c.name,
      c.goal === undefined ? '' : `<= ${c.goal.toFixed(1)}`,
      ...modes.flatMap((_, m) => cell(m, 1 + i, before ? 1 + after.length + i : undefined, before)),
      c.goal === undefined ? '' : ok ? 'ok' : 'MISSED',
    ])
  }
  printTable(head, rows)
  const goals = after.filter((c) => c.goal !== undefined).length
  console.log(`${goals - missed} of ${goals} goals met in both modes`)

  function cell(m, i, beforeIndex, withBefore) {
    const show = (j) => `${medians[m][j].toFixed(1)} ms x${(medians[m][j] / medians[m][0]).toFixed(2)}`
    if (!withBefore) return [show(i)]
    return [beforeIndex === undefined ? show(i) : show(beforeIndex), show(i)]
  }

  function printTable(header, body) {
    const widths = header.map((_, c) => Math.max(...[header, ...body].map((r) => String(r[c] ?? '').length)))
    const line = (r) =>
      r
        .map((v, c) => (c === 0 ? String(v ?? '').padEnd(widths[c]) : String(v ?? '').padStart(widths[c] ?? 0)))
        .join('  ')
        .trimEnd()
    console.log(line(header))
    for (const r of body) console.log(line(r))
  }
}

// ------------------------------------------------------------------------------------------------------ validation
function compare(title, list, rounds, envs = [process.env], names = ['']) {
  const results = measure(list, rounds, envs)
  for (const [m, result] of results.entries()) {
    console.log(
      `\n${title}${names[m] ? `, ${names[m]}` : ''}, ${rounds} alternating rounds (median ms, ratio to the first line)`,
    )
    for (const [i, c] of list.entries())
      console.log(
        `${c.name.padEnd(48)} ${result[i].toFixed(1).padStart(8)} ms   x${(result[i] / result[0]).toFixed(2)}`,
      )
  }
  return results
}

/** 2,000 profiles (or `count`): generated ones for every catalogue app and MDM, and the shared corpus's XML profiles. */
async function profileSet(count = 2000, name = 'pppc-bench-profiles') {
  const dir = path.join(tmpdir(), name)
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
  for (let i = 0; i < count; i++)
    await fs.writeFile(path.join(dir, `p${String(i).padStart(5, '0')}.mobileconfig`), sources[i % sources.length])
  return {dir, distinct: sources.length}
}

if (wanted('validation')) {
  // The interpreter itself, not a version manager's shell shim in front of it: the baseline must not carry a shim's
  // cost.
  const python = (await $`python3 -c ${'import sys; print(sys.executable)'}`).stdout.trim()
  const {dir, distinct} = await profileSet()
  const pythonParse =
    'import plistlib,sys,os\nfor f in sorted(os.listdir(sys.argv[1])):\n    with open(os.path.join(sys.argv[1], f), "rb") as fh: plistlib.load(fh)'
  const one = path.join(tmpdir(), 'pppc-bench-one')
  await fs.emptyDir(one)
  await fs.copy(path.join(dir, 'p00000.mobileconfig'), path.join(one, 'p00000.mobileconfig'))
  const rounds = Math.max(5, Math.round(runs / 2))
  // Exit 1 is expected from validate: the corpus profiles have findings.
  // In both modes, as start-up: Node parses the CA file at every start (python does not), which a Mac or a stock CI
  // runner does not set.
  const perMode = await compare(
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
    modes.map((m) => m.env),
    modes.map((m) => m.name),
  )
  for (const [m, [python2000, pppc2000, python1, pppc1]] of perMode.entries()) {
    const pythonPer = (python2000 - python1) / 1999
    const pppcPer = (pppc2000 - pppc1) / 1999
    console.log(
      `per profile, start-up taken out (${modes[m].name}): python3 parse ${(pythonPer * 1000).toFixed(0)} µs, pppc validate ${(pppcPer * 1000).toFixed(0)} µs   x${(pppcPer / pythonPer).toFixed(2)}`,
    )
  }

  // Inside one warm process (best of 5 passes over the files already in memory): what each costs per profile once
  // start-up and JIT warm-up are paid.
  // As the command does over 100 files or more: V8's compiler budgets for a long run (src/util/jit-budget.ts).
  const jitBudget = JSON.stringify(path.join(root, 'dist', 'util', 'jit-budget.js'))
  const nodeWarm = `
import {readFileSync, readdirSync} from 'node:fs'
import {validateBytes} from ${JSON.stringify(path.join(root, 'dist', 'profiles', 'validate.js'))}
import {setCompilerBudgets} from ${jitBudget}
setCompilerBudgets()
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
import {setCompilerBudgets} from ${jitBudget}
setCompilerBudgets()
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

if (wanted('validation') || only === 'memory') {
  // Max RSS (GNU time) of one run over 10,000 profiles in each format, the report to /dev/null (through sh's exec, so
  // time measures pppc alone), and of one 50 MB profile: what stays flat in the number of files. The goals: 100 MB for
  // 10,000 profiles, 200 MB for the 50 MB profile (issue 16).
  const many = await profileSet(10_000, 'pppc-bench-profiles-10k')
  const big = path.join(tmpdir(), 'pppc-bench-50mb.mobileconfig')
  await fs.writeFile(big, fiftyMegabyteProfile(await fs.readFile(path.join(many.dir, 'p00000.mobileconfig'), 'utf8')))
  const maxRss = async (args) => {
    const r = await $({
      nothrow: true,
    })`/usr/bin/time -f ${'%e %M'} sh -c ${'exec "$0" "$@" > /dev/null'} ${node} ${bin} ${args}`
    if (![0, 1].includes(r.exitCode)) throw new Error(`pppc ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`)
    const [seconds, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number)
    return {seconds, mb: kb / 1024}
  }
  const memoryRounds = Math.max(3, Math.round(runs / 7))
  console.log(`\nmax RSS of pppc validate (largest of ${memoryRounds} runs; report to /dev/null)`)
  const row = async (label, args, goal) => {
    const samples = []
    for (let round = 0; round < memoryRounds; round++) samples.push(await maxRss(args))
    const mb = Math.max(...samples.map((s) => s.mb))
    const seconds = median(samples.map((s) => s.seconds))
    console.log(
      `${label.padEnd(40)} ${mb.toFixed(0).padStart(5)} MB  <= ${goal} MB ${mb <= goal ? '  ok' : '  MISSED'}   ${seconds.toFixed(2)} s`,
    )
  }
  for (const format of ['text', 'json', 'junit', 'sarif', 'github'])
    await row(`10,000 profiles, --format ${format}`, ['validate', many.dir, '--format', format], 100)
  await row('one 50 MB profile, --format json', ['validate', big, '--format', 'json'], 200)
  await fs.remove(many.dir)
  await fs.remove(big)
}

/** A profile of about 50 MB: the first grant of `profile` repeated with distinct identifiers (about 118,000 grants). */
function fiftyMegabyteProfile(profile) {
  const grants = []
  let size = 0
  for (let n = 0; size < 50 * 1024 * 1024 - 4000; n++) {
    const id = `com.example.app${n}`
    const grant = `\n\t\t\t\t\t<dict>\n\t\t\t\t\t\t<key>Authorization</key>\n\t\t\t\t\t\t<string>Allow</string>\n\t\t\t\t\t\t<key>CodeRequirement</key>\n\t\t\t\t\t\t<string>identifier "${id}" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[subject.OU] = KHRWM533LU</string>\n\t\t\t\t\t\t<key>Identifier</key>\n\t\t\t\t\t\t<string>${id}</string>\n\t\t\t\t\t\t<key>IdentifierType</key>\n\t\t\t\t\t\t<string>bundleID</string>\n\t\t\t\t\t</dict>`
    grants.push(grant)
    size += grant.length
  }
  return profile.replace(
    /<key>(Accessibility|SystemPolicyAllFiles|ScreenCapture)<\/key>\s*<array>/,
    (m) => m + grants.join(''),
  )
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
