// The bundled start (issue 16): each command as one CommonJS file in dist/bundled/ (push jamf in push.jamf.cjs),
// holding the command, the pppc modules it imports and oclif's flag parser, with src/cli/bundled-command.ts in place
// of oclif's Command. src/cli/start.cts runs a command from its bundle and hands the command line to oclif whenever
// oclif would answer itself (see bundled-command.ts). Run after tsc: it bundles dist/, the JavaScript oclif itself
// would load.
import {build} from 'esbuild'
import {spawnSync} from 'node:child_process'
import {mkdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const out = join(root, 'dist', 'bundled')
const oclifLib = join(root, 'node_modules', '@oclif', 'core', 'lib')
const stubs = join(root, 'scripts', 'bundle')

/** oclif's modules that only say usage errors, help or debug output, and what stands in for each in a bundle. */
const STUBBED = new Map(
  Object.entries({
    errors: 'errors.cjs',
    'errors/index.js': 'errors.cjs',
    ux: 'ux.cjs',
    'ux/index.js': 'ux.cjs',
    'ux/list': 'ux.cjs',
    'ux/list.js': 'ux.cjs',
    'ux/theme': 'ux.cjs',
    'ux/theme.js': 'ux.cjs',
    cache: 'cache.cjs',
    'cache.js': 'cache.cjs',
    logger: 'logger.cjs',
    'logger.js': 'logger.cjs',
    help: 'help.cjs',
    'help/index.js': 'help.cjs',
  }).map(([from, to]) => [join(oclifLib, from), join(stubs, to)]),
)

const oclifInside = {
  name: 'oclif-parser-only',
  setup(esbuild) {
    esbuild.onResolve({filter: /^@oclif\/core\/(command|errors)$/}, () => ({
      path: join(root, 'dist', 'cli', 'bundled-command.js'),
    }))
    // The parser reads stdin with readline only for a flag given as "-": loaded then, not at every start.
    esbuild.onResolve({filter: /^node:readline$/}, (args) =>
      args.importer.startsWith(oclifLib) ? {path: join(stubs, 'readline.cjs')} : undefined,
    )
    esbuild.onResolve({filter: /^\./}, (args) => {
      if (!args.importer.startsWith(oclifLib)) return undefined
      const stub = STUBBED.get(resolve(dirname(args.importer), args.path))
      return stub ? {path: stub} : undefined
    })
  },
}

const manifest = JSON.parse(await readFile(join(root, 'oclif.manifest.json'), 'utf8'))
const ids = Object.keys(manifest.commands)
await rm(out, {recursive: true, force: true})
await mkdir(out, {recursive: true})
// How start.cts finds the command a command line names, as oclif does: which ids there are, and which take arguments.
const commands = Object.fromEntries(
  ids.map((id) => {
    const {strict, args} = manifest.commands[id]
    return [id, {takesArgs: strict === false || Object.keys(args ?? {}).length > 0}]
  }),
)
await writeFile(join(out, 'commands.json'), `${JSON.stringify(commands)}\n`)
/** push:jamf → dist/bundled/push.jamf.cjs */
const fileOf = (id) => join(out, id.replaceAll(':', '.'))
for (const id of ids) {
  const entry = `${fileOf(id)}.entry.mjs`
  await writeFile(
    entry,
    `export {default as Command} from '../commands/${id.replaceAll(':', '/')}.js'\nexport {bundledConfig, FallBackToOclif, ExitError} from '../cli/bundled-command.js'\n`,
  )
  const {metafile} = await build({
    metafile: true,
    entryPoints: [entry],
    outfile: `${fileOf(id)}.cjs`,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Loaded when a command needs them (signed profiles), from their own CommonJS builds.
    external: ['pkijs', 'asn1js'],
    plugins: [oclifInside],
    // dist/bundled/ is as deep as dist/<folder>/: paths built from import.meta.url reach the same files.
    define: {'import.meta.url': 'importMetaUrl'},
    banner: {js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;"},
    logLevel: 'warning',
    // Less to read and compile at every start; names are kept, for the stack PPPC_DEBUG=1 prints.
    minifyWhitespace: true,
    minifySyntax: true,
  })
  await rm(entry)
  // start.cts compiles a bundle as a script (for the code cache), where import() has no loader to call.
  const [output] = Object.values(metafile.outputs)
  const dynamic = output.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path)
  if (dynamic.length)
    throw new Error(`${id}: import() of ${dynamic.join(', ')} left in the bundle; import it statically`)
  // The files of dist/ it was built from, with their sizes: start.cts uses the bundle only while each is the same
  // size and no newer than the bundle (tsc run again after the bundling makes it stale).
  const inputs = {}
  for (const input of Object.keys(metafile.inputs).sort()) {
    const file = relative(root, resolve(root, input))
    if (!file.startsWith(`dist${sep}`) || file.startsWith(join('dist', 'bundled'))) continue
    inputs[file.split(sep).join('/')] = (await stat(join(root, file))).size
  }
  await writeFile(`${fileOf(id)}.inputs.json`, `${JSON.stringify(inputs)}\n`)
}
// Each bundle's V8 code cache, from a training run: the command line below, run as a user would run it (its output
// discarded), or for a command with side effects (a Mac read or changed, a file signed) the bundle only loaded.
const good = join('fixtures', 'profiles', 'good', 'beyondtrust-authorization.mobileconfig')
const TRAINING = {
  apps: ['beyondtrust'],
  diff: [good, good],
  doctor: ['--snapshot', join('fixtures', 'macs', 'macos-14.6-everything-granted')],
  'fleet:script': ['--mdm', 'jamf'],
  flow: ['--macos', '14'],
  generate: ['--app', 'beyondtrust', '--mdm', 'kandji'],
  import: [good],
  inspect: [good],
  validate: [join('fixtures', 'profiles', 'good'), join('fixtures', 'profiles', 'bad'), '--format', 'json'],
}
const start = join(root, 'dist', 'cli', 'start.cjs')
for (const id of ids) {
  const argv = [...id.split(':'), ...(TRAINING[id] ?? [])]
  const cache = `${fileOf(id)}.cjs.v8cache`
  const script = `require(${JSON.stringify(start)}).train(${JSON.stringify(argv)}, ${JSON.stringify(cache)}, ${id in TRAINING})`
  // With V8's own flags: V8 refuses a cache made under other flags, and validate sets two of them over 100 files or
  // more (src/util/jit-budget.ts), so a training run over that many would make a cache no start could use.
  const {status, stderr} = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    env: {...process.env, PPPC_V8_DEFAULTS: '1'},
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  // A training run that ends otherwise (a checkout without the fixtures, no sqlite3) still leaves the cache of what it
  // compiled; without any cache the bundle only starts slower. Said, not fatal.
  if (status !== 0 && status !== 1) {
    const why = String(stderr).trim().split('\n')[0]
    console.warn(`dist/bundled: the training run of ${id} ended with exit ${status}${why ? ` (${why})` : ''}`)
  }
}
console.log(`dist/bundled: ${ids.length} commands, with their code caches`)
