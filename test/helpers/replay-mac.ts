import {chmod, mkdir, mkdtemp, readFile, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {installSearchFor} from '../../src/checks/client.js'
import {appFacts} from '../../src/checks/facts.js'
import {requireApp} from '../../src/profiles/catalogue.js'
import {codesignDetailsAlternatives, codesignDetailsArgv} from '../../src/system/mac-commands.js'
import {REPO} from './paths.js'

const STUB = join(REPO, 'test', 'helpers', 'mac-stub.sh')

/** The commands the fleet script may run besides those a snapshot records (answered by the stub's own rules). */
const ALWAYS = ['sqlite3', 'plutil']

interface Recorded {
  commands: {argv: string[]; exitCode: number; stdout: string; stderr: string}[]
  files?: {path: string; status: string}[]
}

/** A word for sh: any text, quoted so that the shell reads it back as it is. */
function shellWord(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}

/**
 * The line of <name>.answers that answers one argv: the arguments compared one by one (their count first), then the
 * answer's folder and exit code for mac-stub.sh's `answer`.
 */
function answerLine(argv: string[], folder: string, exitCode: number): string {
  const args = argv.slice(1)
  const tests = [`[ "$#" -eq ${args.length} ]`, ...args.map((arg, i) => `[ "\${${i + 1}}" = ${shellWord(arg)} ]`)]
  return `if ${tests.join(' && ')}; then answer "$answers/${folder}" ${exitCode}; fi\n`
}

/**
 * A recorded Mac made ready for a shell script on Linux: a folder of answers with, per command name, a table of the
 * argvs the Mac answered (<name>.answers, read by mac-stub.sh), a bin/ folder of links named like each command the
 * Mac answered (and sqlite3, plutil), and the environment that runs a script against it:
 * PATH with bin/ alone first (so no Linux tool of the same name answers instead), PPPC_ROOT at the snapshot's files/.
 * Files the snapshot lists as denied on the Mac are answered as denied.
 */
export async function replayMac(snapshot: string): Promise<{env: Record<string, string>; dir: string}> {
  const recorded = JSON.parse(await readFile(join(snapshot, 'commands.json'), 'utf8')) as Recorded
  const dir = await mkdtemp(join(tmpdir(), 'pppc-replay-'))
  const answers = join(dir, 'answers')
  const bin = join(dir, 'bin')
  await mkdir(answers)
  await mkdir(bin)
  const root = join(snapshot, 'files')
  const names = new Set(ALWAYS)
  // A snapshot of the first format recorded other spellings of a few questions; doctor reads those when its own argv
  // has no answer (src/system/mac-commands.ts), and so does the script here: each is also filed under doctor's argv.
  const facts = appFacts(requireApp('beyondtrust'))
  const search = installSearchFor(facts.bundleId, facts.client)
  const has = (argv: string[]) => recorded.commands.some((c) => c.argv.join('\0') === argv.join('\0'))
  const spellings: typeof recorded.commands = []
  for (const command of recorded.commands) {
    const path = command.argv.at(-1) ?? ''
    const canonical =
      search.legacyArgv && command.argv.join('\0') === search.legacyArgv.join('\0')
        ? search.argv
        : codesignDetailsAlternatives(path).some((a) => a.join('\0') === command.argv.join('\0'))
          ? codesignDetailsArgv(path)
          : undefined
    if (canonical && !has(canonical) && !spellings.some((s) => s.argv.join('\0') === canonical.join('\0')))
      spellings.push({...command, argv: canonical})
  }
  // One answer per argv: of two recordings of the same argv, the later one (as when each overwrote the other).
  const byArgv = new Map<string, Recorded['commands'][number]>()
  for (const command of [...recorded.commands, ...spellings]) byArgv.set(command.argv.join('\0'), command)
  const tables = new Map<string, string>()
  for (const [i, command] of [...byArgv.values()].entries()) {
    const [name] = command.argv
    if (!name || name.includes('/')) continue
    names.add(name)
    const at = join(answers, String(i))
    await mkdir(at)
    await writeFile(join(at, 'stdout'), command.stdout)
    await writeFile(join(at, 'stderr'), command.stderr)
    tables.set(name, (tables.get(name) ?? '') + answerLine(command.argv, String(i), command.exitCode))
  }
  for (const [name, table] of tables) await writeFile(join(answers, `${name}.answers`), table)
  const denied = (recorded.files ?? []).filter((f) => f.status === 'denied').map((f) => `${root}${f.path}`)
  await writeFile(join(answers, 'denied'), denied.map((p) => `${p}\n`).join(''))
  for (const name of names) await symlink(STUB, join(bin, name))
  await chmod(STUB, 0o755)
  const sqlite3 = (await execa('sh', ['-c', 'command -v sqlite3'], {reject: false})).stdout.trim()
  return {
    dir,
    env: {
      // The tools a POSIX shell script needs that are no Mac command (sed, awk, grep, tr, …) come after bin/.
      PATH: `${bin}:/usr/bin:/bin`,
      PPPC_ROOT: root,
      PPPC_STUB_ANSWERS: answers,
      PPPC_STUB_SQLITE3: sqlite3 || '/usr/bin/sqlite3',
      LC_ALL: 'C',
    },
  }
}
