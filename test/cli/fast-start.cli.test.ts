/**
 * bin/run.js answers `--version` and help without loading oclif (src/cli/start.cts): the text must be oclif's, byte
 * for byte, with the same exit code, and oclif must answer whenever its text could differ (colour, a terminal's width).
 * PPPC_NO_FAST=1 makes pppc start through oclif for every command line: the reference here.
 */
import {execa} from 'execa'
import {cp, mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {BIN, REPO} from '../helpers/paths.js'

interface Run {
  exitCode: number | undefined
  stdout: string
  stderr: string
}

async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const result = await execa('node', [BIN, ...args], {reject: false, stripFinalNewline: false, env, extendEnv: false})
  return {exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr)}
}

/** This process's environment without what changes how oclif renders (the fast path's own conditions are tested). */
const plain = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^(FORCE_COLOR|NO_COLOR|COLORTERM|CI|TF_BUILD|OCLIF_COLUMNS|DEBUG|PPPC_NO_FAST)$/.test(k),
  ),
)
const oclif = {...plain, PPPC_NO_FAST: '1'}

interface Rendered {
  userAgent: string
  lines: Record<string, {stdout: string; stderr: string}>
}

describe('pppc answers --version and help without oclif, as oclif does', () => {
  it('dist/help.json is what oclif renders now, for every command and topic', async () => {
    const fresh = join(await mkdtemp(join(tmpdir(), 'pppc-help-')), 'help.json')
    await execa('node', [join(REPO, 'scripts', 'render-help.mjs'), fresh], {env: plain, extendEnv: false})
    const built = JSON.parse(await readFile(join(REPO, 'dist', 'help.json'), 'utf8')) as Rendered
    expect(JSON.parse(await readFile(fresh, 'utf8'))).toEqual(built)
    expect(Object.keys(built.lines)).toEqual(
      expect.arrayContaining(['', '--help', 'generate --help', 'push', 'push jamf --help']),
    )
    expect(Object.keys(built.lines).length).toBeGreaterThanOrEqual(15)
  })

  it('prints every rendered help as it is, exit 0', async () => {
    const built = JSON.parse(await readFile(join(REPO, 'dist', 'help.json'), 'utf8')) as Rendered
    for (const [line, text] of Object.entries(built.lines)) {
      const got = await run(line ? line.split(' ') : [], plain)
      expect(got, line).toEqual({exitCode: 0, ...text})
    }
  })

  it.each([
    ['--version'],
    ['--version', '--verbose'],
    [],
    ['--help'],
    ['validate', '--help'],
    ['pull'],
    ['push', 'kandji', '--help'],
  ])('pppc %j: the same output and exit code as oclif gives', async (...args) => {
    const [fast, slow] = await Promise.all([run(args, plain), run(args, oclif)])
    expect(fast).toEqual(slow)
    expect(fast.exitCode).toBe(0)
    expect(fast.stdout.length).toBeGreaterThan(10)
  })

  it('leaves help to oclif when it would colour it, and every other command line', async () => {
    for (const env of [
      {FORCE_COLOR: '1'},
      {COLORTERM: 'truecolor'},
      {CI: 'true', GITHUB_ACTIONS: 'true'},
      {TF_BUILD: 'True'},
      {OCLIF_COLUMNS: '120'},
    ]) {
      const [fast, slow] = await Promise.all([
        run(['generate', '--help'], {...plain, ...env}),
        run(['generate', '--help'], {...oclif, ...env}),
      ])
      expect(fast, JSON.stringify(env)).toEqual(slow)
    }
    const [fast, slow] = await Promise.all([
      run(['generate', '--help', '--', 'x'], plain),
      run(['generate', '--help', '--', 'x'], oclif),
    ])
    expect(fast).toEqual(slow)
  })

  it('loads no oclif module for --version and help', async () => {
    const script = `const start = require(${JSON.stringify(join(REPO, 'dist', 'cli', 'start.cjs'))})
start.main(process.argv.slice(1)).then(() => {
  const oclif = Object.keys(require.cache).filter((f) => f.includes('@oclif'))
  if (oclif.length) { console.error('loaded', oclif[0]); process.exitCode = 9 }
})`
    for (const args of [['--version'], ['--help'], ['generate', '--help']]) {
      const result = await execa('node', ['-e', script, ...args], {reject: false, env: plain, extendEnv: false})
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0)
    }
  })

  it('does not print help rendered for another package.json or manifest (a build that did not render it again)', async () => {
    // A copy of what the fast path reads, without node_modules: when it declines, oclif cannot even load.
    const copy = await mkdtemp(join(tmpdir(), 'pppc-stale-help-'))
    await mkdir(join(copy, 'dist', 'cli'), {recursive: true})
    await cp(join(REPO, 'bin'), join(copy, 'bin'), {recursive: true})
    await cp(join(REPO, 'dist', 'cli', 'start.cjs'), join(copy, 'dist', 'cli', 'start.cjs'))
    for (const file of ['package.json', 'oclif.manifest.json']) await cp(join(REPO, file), join(copy, file))
    const built = JSON.parse(await readFile(join(REPO, 'dist', 'help.json'), 'utf8')) as Rendered & {
      sources: Record<string, number>
    }
    const marked = {...built, lines: {'--help': {stdout: 'MARKER\n', stderr: ''}}}
    const help = () =>
      execa('node', [join(copy, 'bin', 'run.js'), '--help'], {reject: false, env: plain, extendEnv: false})
    await writeFile(join(copy, 'dist', 'help.json'), JSON.stringify(marked))
    expect((await help()).stdout).toBe('MARKER')
    for (const file of Object.keys(built.sources)) {
      const stale = {...marked, sources: {...built.sources, [file]: built.sources[file]! + 1}}
      await writeFile(join(copy, 'dist', 'help.json'), JSON.stringify(stale))
      const result = await help()
      expect(result.stdout, file).not.toContain('MARKER')
      expect(result.exitCode, file).not.toBe(0)
    }
  })
})
