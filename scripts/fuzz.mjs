#!/usr/bin/env node
/**
 * npm run fuzz: seeded, time-bounded fuzzing of everything pppc reads from outside. Mutated XML, binary and signed
 * profiles, zip archives, recorded-Mac snapshots, code requirements and (as parser input only) MDM answers go
 * through the built modules in dist/, in worker threads that each take a batch of inputs (one process, no process
 * per input). A watchdog counts an input that makes no progress for --hang-seconds as a hang and restarts the batch
 * after it; a worker that dies (out of memory, a native crash) counts as a crash of the input it was on.
 *
 *   npm run fuzz -- [--seed N] [--inputs N] [--seconds N] [--batch N] [--workers N] [--hang-seconds N]
 *
 * The closing line gives inputs tried, crashes, hangs and unparsable --format json outputs; the exit code is 1 when
 * any of them is not 0. The same seed gives the same inputs on every machine.
 */
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'

const here = dirname(fileURLToPath(import.meta.url))
const options = {seed: 20261130, inputs: 50_000, seconds: 1500, batch: 2_500, workers: 2, 'hang-seconds': 20}
const args = process.argv.slice(2)
for (let i = 0; i < args.length; i++) {
  const name = args[i].replace(/^--/, '')
  if (!(name in options)) {
    console.error(
      `fuzz: unknown option ${args[i]}; options: ${Object.keys(options)
        .map((o) => `--${o}`)
        .join(' ')}`,
    )
    process.exit(2)
  }
  options[name] = Number(args[++i])
}
if (!existsSync(join(here, '..', 'dist', 'profiles', 'validate.js'))) {
  console.error('fuzz: dist/ is missing; run npm run build first')
  process.exit(2)
}

const started = Date.now()
const deadline = started + options.seconds * 1000
const totals = {tried: 0, crashes: 0, hangs: 0, unparsable: 0, invalidXml: 0, byKind: {}}
const findings = []

/** Runs inputs [from, to) in one worker; resolves when they are all done, skipping an input that hangs or kills it. */
function runBatch(from, to) {
  return new Promise((resolve) => {
    let next = from
    const start = () => {
      if (next >= to || Date.now() > deadline) return resolve()
      const worker = new Worker(join(here, 'fuzz-worker.mjs'), {
        workerData: {seed: options.seed, from: next, to},
        resourceLimits: {maxOldGenerationSizeMb: 1536},
      })
      let last = Date.now()
      let finished = false
      const watchdog = setInterval(() => {
        if (Date.now() - last < options['hang-seconds'] * 1000) return
        totals.hangs++
        totals.tried++
        findings.push(`hang: input ${next} (${kindName(next)})`)
        finished = true
        clearInterval(watchdog)
        void worker.terminate().then(() => {
          next++
          start()
        })
      }, 500)
      worker.on('message', (m) => {
        last = Date.now()
        if (m.type === 'done') {
          totals.tried++
          totals.byKind[m.kind] = (totals.byKind[m.kind] ?? 0) + 1
          next = m.index + 1
        } else if (m.type === 'problem') {
          totals[m.what]++
          if (findings.length < 40) findings.push(`${m.what}: input ${m.index} (${m.kind}): ${m.detail}`)
        } else if (m.type === 'stopped') {
          next = to
        }
        if (Date.now() > deadline) void worker.terminate()
      })
      worker.on('error', (error) => {
        if (finished) return
        totals.crashes++
        totals.tried++
        findings.push(
          `crash: input ${next} (${kindName(next)}) killed its worker: ${String(error.message).slice(0, 200)}`,
        )
        next++
      })
      worker.on('exit', () => {
        clearInterval(watchdog)
        if (finished) return
        finished = true
        start()
      })
    }
    start()
  })
}

// Mirrors fuzz-worker.mjs: the kind of input i.
const KINDS = ['xml', 'xml', 'xml', 'binary', 'binary', 'signed', 'zip', 'zip', 'snapshot', 'mdm', 'requirement']
function kindName(i) {
  return KINDS[i % KINDS.length]
}

const batches = []
for (let from = 0; from < options.inputs; from += options.batch)
  batches.push([from, Math.min(options.inputs, from + options.batch)])
const queue = [...batches]
await Promise.all(
  Array.from({length: Math.max(1, options.workers)}, async () => {
    while (queue.length > 0 && Date.now() < deadline) {
      const [from, to] = queue.shift()
      await runBatch(from, to)
      process.stderr.write(
        `fuzz: ${totals.tried}/${options.inputs} inputs, ${Math.round((Date.now() - started) / 1000)} s, ${totals.crashes} crashes, ${totals.hangs} hangs, ${totals.unparsable} unparsable\n`,
      )
    }
  }),
)

for (const line of findings) console.log(line)
const kinds = Object.entries(totals.byKind)
  .sort()
  .map(([k, n]) => `${k} ${n}`)
  .join(', ')
console.log(`inputs by kind: ${kinds}; invalid JUnit XML: ${totals.invalidXml}`)
console.log(
  `fuzz (seed ${options.seed}, ${Math.round((Date.now() - started) / 1000)} s): ${totals.tried} inputs tried, ${totals.crashes} crashes, ${totals.hangs} hangs, ${totals.unparsable} unparsable json outputs`,
)
process.exitCode = totals.crashes + totals.hangs + totals.unparsable + totals.invalidXml > 0 ? 1 : 0
