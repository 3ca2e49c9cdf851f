// Where a start-up spends its time: runs `node --cpu-prof bin/run.js ARGS` (stdout discarded) and prints the sampled
// time by package or part of Node (self time), then the functions with the most inclusive time.
//   node bench/profile.mjs [--top 25] [--keep DIR] -- doctor --snapshot fixtures/macs/macos-14.6-everything-granted
// Sampling every 100 µs; a profiled process runs slower than a plain one: read shares, not absolute times.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const args = process.argv.slice(2)
const dash = args.indexOf('--')
const options = dash === -1 ? [] : args.slice(0, dash)
const command = dash === -1 ? args : args.slice(dash + 1)
const option = (name, fallback) => {
  const i = options.indexOf(`--${name}`)
  return i === -1 ? fallback : options[i + 1]
}
const top = Number(option('top', 25))
const dir = option('keep') ?? mkdtempSync(join(tmpdir(), 'pppc-profile-'))
const run = spawnSync(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', join(root, 'bin', 'run.js'), ...command],
  {stdio: ['ignore', 'ignore', 'inherit']},
)
const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
if (files.length === 0) throw new Error(`no profile written (exit ${run.status})`)
// The last process to exit is the one that ran the command (a re-exec or a child would write its own profile).
for (const file of files) summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')), file)
if (!option('keep')) rmSync(dir, {recursive: true})

function part(frame) {
  const {url, functionName} = frame
  if (!url) return `(${functionName || 'anonymous'})`
  if (url.startsWith('node:')) return url.split('/').slice(0, 4).join('/')
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]
  const own = /\/(dist\/[^/]+|bin)\//.exec(url)
  return own ? `pppc ${own[1]}` : url
}

function summarise(profile, name) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map()
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  const byPart = new Map()
  const inclusive = new Map()
  let total = 0
  for (const [id, ms] of self) {
    total += ms
    const p = part(nodes.get(id).callFrame)
    byPart.set(p, (byPart.get(p) ?? 0) + ms)
    const seen = new Set()
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = nodes.get(cur).callFrame
      if (!/\/(dist|bin)\//.test(f.url) || /node_modules/.test(f.url)) continue
      const key = `${f.functionName || '(top level)'}  ${f.url.replace(/^.*\/(dist|bin)\//, '$1/')}:${f.lineNumber + 1}`
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms)
    }
  }
  console.log(`${name}: ${total.toFixed(1)} ms sampled`)
  console.log('self time by part:')
  for (const [p, ms] of [...byPart].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / total).toFixed(0).padStart(3)}%  ${p}`)
  console.log("pppc's own functions, inclusive time:")
  for (const [k, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`)
}
