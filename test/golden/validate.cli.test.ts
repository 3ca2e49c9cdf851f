import {spawn} from 'node:child_process'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {pppc, pppcInProcess} from '../helpers/cli.js'
import {REPO} from '../helpers/paths.js'

const HERE = dirname(fileURLToPath(import.meta.url))

/**
 * `pppc validate fixtures/profiles` in every format, byte for byte. The files were written by the implementation
 * that built each report whole before printing it (main at 00095bf); the report now streams file by file (text and
 * github) or through a spool (json, junit, sarif), and must not change a byte. After a deliberate change, regenerate
 * with PPPC_UPDATE_GOLDEN=1 npx vitest run test/golden and read the diff.
 */
const GOLDEN: [file: string, args: string[]][] = [
  ['fixtures.text', ['--format', 'text']],
  ['fixtures.json', ['--format', 'json']],
  ['fixtures.junit', ['--format', 'junit']],
  ['fixtures.sarif', ['--format', 'sarif']],
  ['fixtures.github', ['--format', 'github']],
  ['fixtures.strict.json', ['--format', 'json', '--strict']],
  ['fixtures.strict.junit', ['--format', 'junit', '--strict']],
]

/**
 * SARIF (73 KB, more than a pipe holds) goes through the binary, so that its stream meets a real pipe and waits for
 * 'drain'; the other formats run in this process (test/cli/in-process.cli.test.ts holds that to the binary).
 */
const THROUGH_A_PIPE = new Set(['fixtures.sarif'])

describe('golden outputs of pppc validate fixtures/profiles', () => {
  it.each(GOLDEN)('%s is validate %j, byte for byte', async (file, args) => {
    const cli = THROUGH_A_PIPE.has(file) ? pppc : pppcInProcess
    const result = await cli(['validate', 'fixtures/profiles', ...args], {cwd: REPO})
    expect(result.exitCode).toBe(1)
    if (process.env.PPPC_UPDATE_GOLDEN) writeFileSync(join(HERE, 'validate', file), result.stdout)
    expect(result.stdout).toBe(readFileSync(join(HERE, 'validate', file), 'utf8'))
  })

  it('writes the same bytes to --output as to stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pppc-golden-'))
    try {
      const out = join(dir, 'report.sarif')
      const result = await pppcInProcess(['validate', 'fixtures/profiles', '--format', 'sarif', '-o', out], {cwd: REPO})
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toBe('')
      expect(await readFile(out, 'utf8')).toBe(readFileSync(join(HERE, 'validate', 'fixtures.sarif'), 'utf8'))
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  // The SARIF log (73 KB) is larger than a pipe's buffer (64 KiB): the rest of it meets a closed pipe (EPIPE).
  it('stops writing, quietly, when the reader goes away (| head), and exits as the findings say', async () => {
    const child = spawn(
      process.execPath,
      [join(REPO, 'bin', 'run.js'), 'validate', 'fixtures/profiles', '--format', 'sarif'],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(1)
  })
})
