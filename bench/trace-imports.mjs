// What a pppc start-up loads: every module, ESM (through a load hook) and CommonJS (through Module._load), counted by
// package, with the time each package's first require from ESM took (inclusive).
//   node --import ./bench/trace-imports.mjs bin/run.js doctor --snapshot fixtures/macs/macos-14.6-everything-granted
// The summary goes to stderr when the process exits. The hook itself costs time: count with it, time without it.
import {createRequire, register} from 'node:module'
import {MessageChannel, receiveMessageOnPort} from 'node:worker_threads'

const require = createRequire(import.meta.url)
const Module = require('node:module')
const {port1, port2} = new MessageChannel()
port1.unref()
register('./trace-imports-hooks.mjs', {parentURL: import.meta.url, data: {port: port2}, transferList: [port2]})

/** CommonJS files by resolved path: inclusive ms of the first load, and whether it was required from outside CJS. */
const cjs = new Map()
const load = Module._load
let depth = 0
Module._load = function (request, parent, isMain) {
  const start = performance.now()
  depth++
  try {
    return load.apply(this, arguments)
  } finally {
    depth--
    let file = request
    try {
      file = Module._resolveFilename(request, parent, isMain)
    } catch {
      // a builtin, or a request only the parent can resolve: keep the request
    }
    if (!cjs.has(file)) cjs.set(file, {ms: performance.now() - start, top: depth === 0})
  }
}

function group(file) {
  file = String(file).replace(/^file:\/\//, '')
  if (file.startsWith('node:') || !file.includes('/')) return 'node: (builtin)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)
  if (pkg) return pkg[1]
  const own = /\/(dist\/[^/]+|bin|templates|data)\//.exec(file)
  return own ? `pppc ${own[1]}/` : file
}

process.on('exit', () => {
  const esm = []
  for (let m; (m = receiveMessageOnPort(port1));) esm.push(m.message)
  const by = new Map()
  const entry = (g) => by.get(g) ?? by.set(g, {esm: 0, cjs: 0, ms: 0}).get(g)
  let builtins = 0
  for (const {url, format} of esm) {
    if (format === 'builtin') builtins++
    else entry(group(url)).esm++
  }
  for (const [file, {ms, top}] of cjs) {
    if (!file.includes('/')) continue
    const e = entry(group(file))
    e.cjs++
    if (top) e.ms += ms
  }
  const rows = [...by].sort((a, b) => b[1].esm + b[1].cjs - (a[1].esm + a[1].cjs))
  const total = rows.reduce((n, [, e]) => n + e.esm + e.cjs, 0)
  const lines = rows.map(
    ([g, e]) =>
      `${g.padEnd(36)} esm ${String(e.esm).padStart(4)}  cjs ${String(e.cjs).padStart(4)}${e.ms ? `  first require from ESM ${e.ms.toFixed(1)} ms` : ''}`,
  )
  process.stderr.write(
    `\n${total} modules (and ${builtins} node: builtins imported from ESM), process at ${performance.now().toFixed(0)} ms\n${lines.join('\n')}\n`,
  )
})
