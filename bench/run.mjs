#!/usr/bin/env zx
// Start-up cost of pppc as ratios against `node -e 0`, measured side by side: each round runs every case once, in
// turn, so machine noise hits all cases alike. Prints medians and the ratio of each case to the baseline.
// Usage: npm run bench [-- --runs 21]
import {$, argv} from 'zx'
import {fileURLToPath} from 'node:url'
import {dirname, join} from 'node:path'

$.verbose = false
$.quiet = true
const root = dirname(dirname(fileURLToPath(import.meta.url)))
const bin = join(root, 'bin', 'run.js')
const runs = Number(argv.runs ?? 21)

const cases = [
  {name: 'node -e 0 (baseline)', argv: ['-e', '0']},
  {name: 'pppc --version', argv: [bin, '--version']},
  {name: 'pppc generate --app beyondtrust', argv: [bin, 'generate', '--app', 'beyondtrust']},
  {name: 'pppc flow --macos 15.1', argv: [bin, 'flow', '--macos', '15.1']},
  {name: 'pppc doctor --snapshot (14.6)', argv: [bin, 'doctor', '--snapshot', join(root, 'fixtures', 'macs', 'macos-14.6-everything-granted')]},
]

async function timeOnce(args) {
  const start = process.hrtime.bigint()
  const result = await $`${process.execPath} ${args}`.nothrow()
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.exitCode !== 0) throw new Error(`${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`)
  return ms
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

for (const c of cases) await timeOnce(c.argv) // warm the file cache once
const samples = cases.map(() => [])
for (let round = 0; round < runs; round++) {
  for (const [i, c] of cases.entries()) samples[i].push(await timeOnce(c.argv))
}

const base = median(samples[0])
console.log(`start-up, ${runs} alternating rounds (median ms, ratio to node -e 0)`)
for (const [i, c] of cases.entries()) {
  const m = median(samples[i])
  console.log(`${c.name.padEnd(36)} ${m.toFixed(1).padStart(8)} ms   x${(m / base).toFixed(2)}`)
}
