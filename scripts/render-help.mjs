// Writes dist/help.json (npm run build, after tsc and the manifest): the help oclif itself prints for each command line
// that shows it (`pppc`, `pppc --help`, `pppc COMMAND --help`, `pppc TOPIC`, `pppc TOPIC --help`), rendered as oclif
// renders when stdout is not a terminal and nothing asks for colour: 80 columns, plain text. src/cli/start.cts prints
// this text only in that same case, for the same package, platform and Node (the userAgent stored with it).
// Renders in a child process with stdout and stderr piped and the variables that change oclif's rendering removed.
import {spawnSync} from 'node:child_process'
import {readFile, rename, rm, stat, writeFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
// Another file to write to (test/cli/fast-start.cli.test.ts renders afresh to compare).
const target = process.argv[2] ?? join(root, 'dist', 'help.json')

if (!process.env.PPPC_RENDER_HELP) {
  const env = {...process.env, PPPC_RENDER_HELP: '1'}
  for (const key of Object.keys(env))
    if (
      /^(FORCE_COLOR|NO_COLOR|COLORTERM|CI|TF_BUILD|TEAMCITY.*|PM2_HOME|pm_id|NEXT_RUNTIME|OCLIF_.*|DEBUG|PPPC_NO_FAST)$/.test(
        key,
      )
    )
      delete env[key]
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    cwd: root,
    env,
    encoding: 'utf8',
  })
  process.stdout.write(child.stdout)
  process.stderr.write(child.stderr)
  process.exit(child.status ?? 1)
}

const {Config} = await import('@oclif/core/config')
const {run} = await import('@oclif/core/run')
const ansis = createRequire(createRequire(import.meta.url).resolve('@oclif/core/package.json'))('ansis')
if (ansis.isSupported() || process.stdout.isTTY) {
  // Help rendered with colour, or for a terminal's width, is not what start.cts may print: none, and oclif renders.
  await rm(target, {force: true})
  console.log('dist/help.json: not written (colour or a terminal here), pppc renders help with oclif')
  process.exit(0)
}

const config = await Config.load(root)
const manifest = JSON.parse(await readFile(join(root, 'oclif.manifest.json'), 'utf8'))
const separator = config.pjson.oclif.topicSeparator ?? ':'
const words = (id) => id.split(':').join(separator).split(' ')

const ids = Object.keys(manifest.commands).sort()
const topics = new Set(Object.keys(config.pjson.oclif.topics ?? {}))
for (const id of ids) {
  const parts = id.split(':')
  for (let i = 1; i < parts.length; i++) topics.add(parts.slice(0, i).join(':'))
}
const commandLines = [[], ['--help']]
for (const id of ids) commandLines.push([...words(id), '--help'])
for (const topic of [...topics].sort()) {
  if (ids.includes(topic)) continue
  commandLines.push(words(topic), [...words(topic), '--help'])
}

const write = {stdout: process.stdout.write, stderr: process.stderr.write}
const lines = {}
for (const argv of commandLines) {
  const out = {stdout: '', stderr: ''}
  for (const stream of ['stdout', 'stderr'])
    process[stream].write = (chunk, encoding, callback) => {
      out[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      if (typeof encoding === 'function') encoding()
      else if (typeof callback === 'function') callback()
      return true
    }
  const exitCode = process.exitCode
  try {
    await run(argv, root)
  } finally {
    process.stdout.write = write.stdout
    process.stderr.write = write.stderr
  }
  if (process.exitCode !== exitCode) throw new Error(`pppc ${argv.join(' ')} set exit code ${process.exitCode}`)
  lines[argv.join(' ')] = out
}
// What oclif renders help from, by size: start.cts does not print this help once either has changed without a build.
const sources = {}
for (const file of ['package.json', 'oclif.manifest.json']) sources[file] = (await stat(join(root, file))).size
await writeFile(`${target}.tmp`, `${JSON.stringify({userAgent: config.userAgent, sources, lines}, null, 1)}\n`)
await rename(`${target}.tmp`, target)
console.log(`dist/help.json: ${commandLines.length} command lines`)
