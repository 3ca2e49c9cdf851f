import type {AppEntry} from '../profiles/app-entry.js'
import type {ClientFacts} from '../profiles/app-entry.js'
import {readAppIdentity} from '../system/app-identity.js'
import {parseSpctl} from '../system/codesign.js'
import {CONSOLE_USER, ENROLLMENT, PROFILES, quarantineArgv, spctlArgv} from '../system/mac-commands.js'
import {type CommandResult, type Mac, NOT_RECORDED, type Unreadable} from '../system/mac.js'
import {quarantineOfOptionalFile} from '../system/quarantine.js'
import {AGENTS_ARGV, parseAgents} from './agents.js'
import {installSearchFor, pathsFromListing} from './client.js'
import {parseEnrollment} from './enrollment.js'
import {appFacts, type ClientCopy, type Facts, type Known, type LauncherCopy} from './facts.js'
import {parseInstalledProfiles} from './installed-profiles.js'
import {MDM_OVERRIDES_PATH, overridesFor, parseOverridesFile} from './mdm-overrides.js'
import {readMacos} from '../system/read-macos.js'
import {readTcc, SYSTEM_TCC_DB, userTccDb} from './tcc.js'

type Asked = {status: 'ok'; result: CommandResult} | {status: Unreadable; message: string}

function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find(Boolean) ?? 'no output'
  )
}

/** The start of an output pppc could not read, on one line. */
function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (!flat) return 'no output'
  return flat.length > 100 ? `"${flat.slice(0, 100)}…"` : `"${flat}"`
}

async function ask(mac: Mac, argv: string[]): Promise<Asked> {
  const result = await mac.run(argv)
  if (mac.kind === 'recorded' && result.exitCode === NOT_RECORDED)
    return {status: 'not-recorded', message: `the snapshot has no output of \`${argv.join(' ')}\``}
  return {status: 'ok', result}
}

/** A command whose output is read only when it exits 0. */
async function parsed<T>(mac: Mac, argv: string[], parse: (stdout: string) => T | undefined): Promise<Known<T>> {
  const asked = await ask(mac, argv)
  if (asked.status !== 'ok') return asked
  const {result} = asked
  if (result.exitCode !== 0)
    return {
      status: 'failed',
      message: `\`${argv.join(' ')}\` failed (exit ${result.exitCode}): ${firstLine(result.stderr || result.stdout)}`,
    }
  const value = parse(result.stdout)
  return value === undefined
    ? {
        status: 'unparsable',
        message: `pppc cannot read the output of \`${argv.join(' ')}\`: ${snippet(result.stdout || result.stderr)}`,
      }
    : {status: 'ok', value}
}

async function installedCopies(mac: Mac, bundleId: string, client: ClientFacts): Promise<Known<ClientCopy[]>> {
  const {argv} = installSearchFor(bundleId, client)
  const asked = await ask(mac, argv)
  if (asked.status !== 'ok') return asked
  // find exits 1 when one of its roots is missing (an old /Users/Shared); what it printed still holds.
  const paths = pathsFromListing(asked.result.stdout)
  if (paths.length === 0 && asked.result.exitCode !== 0 && !/No such file/i.test(asked.result.stderr)) {
    return {status: 'failed', message: `\`${argv.join(' ')}\` failed: ${firstLine(asked.result.stderr)}`}
  }
  const copies: ClientCopy[] = []
  for (const path of paths) {
    const copy: ClientCopy = {path}
    try {
      copy.identity = await readAppIdentity(mac, path)
    } catch (error) {
      copy.identityError = (error as Error).message
    }
    // Apps found by name that turn out to be something else (another BeyondTrust app) are not the client.
    if (copy.identity && copy.identity.identifier !== bundleId) continue
    const spctl = await ask(mac, spctlArgv(path))
    if (spctl.status === 'ok') copy.gatekeeper = parseSpctl(spctl.result, path)
    copies.push(copy)
  }
  return {status: 'ok', value: copies}
}

async function runningExecutables(mac: Mac, client: ClientFacts): Promise<Known<string[]>> {
  const executable = client.executable
  if (!executable) return {status: 'ok', value: []}
  const pgrep = await ask(mac, ['pgrep', '-x', executable])
  if (pgrep.status !== 'ok') return pgrep
  const pids = pgrep.result.stdout.split(/\s+/).filter((p) => /^\d+$/.test(p))
  if (pids.length === 0) return {status: 'ok', value: []}
  return parsed(mac, ['ps', '-o', 'comm=', '-p', pids.join(',')], (stdout) =>
    stdout
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  )
}

async function launcherCopies(mac: Mac, home: string, downloads: string[]): Promise<Known<LauncherCopy[]>> {
  const copies: LauncherCopy[] = []
  for (const name of downloads) {
    const path = `${home}/Downloads/${name}`
    const asked = await ask(mac, quarantineArgv(path))
    if (asked.status !== 'ok') return asked
    const answer = quarantineOfOptionalFile(asked.result)
    if (!answer)
      return {
        status: 'unparsable',
        message: `pppc cannot read xattr's answer for ${path}: ${firstLine(asked.result.stderr || asked.result.stdout)}`,
      }
    copies.push({path, ...answer})
  }
  return {status: 'ok', value: copies}
}

async function mdmOverrides(mac: Mac, bundleId: string): Promise<Facts['mdmOverrides']> {
  const read = await mac.tryReadFile(MDM_OVERRIDES_PATH)
  if (read.status !== 'ok') return read
  const overrides = parseOverridesFile(read.data)
  return overrides
    ? {status: 'ok', value: overridesFor(overrides, bundleId)}
    : {status: 'unparsable', message: `${MDM_OVERRIDES_PATH} is not a property list`}
}

/**
 * Everything doctor needs to know, asked through the Mac boundary only. Nothing here throws for a Mac that answers
 * badly: each fact carries its value or why it is unknown.
 */
export async function gatherFacts(mac: Mac, app: AppEntry): Promise<Facts> {
  const facts = appFacts(app)
  const consoleUser = await parsed(mac, CONSOLE_USER, (stdout) => {
    const user = stdout.trim()
    return /^[\w.@-]+$/.test(user) ? user : undefined
  })
  const user: Known<string> =
    consoleUser.status === 'ok' && consoleUser.value === 'root'
      ? {status: 'failed', message: 'no user is logged in at the console (it belongs to root)'}
      : consoleUser
  const home = user.status === 'ok' ? `/Users/${user.value}` : undefined
  const services = facts.services
  // The two databases are read side by side: each read is two sqlite3 runs, the slowest part of a diagnosis.
  const [system, userDb] = await Promise.all([
    readTcc(mac, SYSTEM_TCC_DB, facts.bundleId, services),
    home ? readTcc(mac, userTccDb(home), facts.bundleId, services) : null,
  ])
  return {
    source: mac.source,
    kind: mac.kind,
    hostApp: mac.hostApp ?? null,
    app: facts,
    macos: await readMacos(mac),
    consoleUser: user,
    enrollment: await parsed(mac, ENROLLMENT, parseEnrollment),
    profiles: await parsed(mac, PROFILES, parseInstalledProfiles),
    agents: await (async (): Promise<Facts['agents']> => {
      const asked = await ask(mac, AGENTS_ARGV)
      // ls exits 1 when any path is missing, which is the usual answer.
      return asked.status === 'ok' ? {status: 'ok', value: parseAgents(asked.result.stdout)} : asked
    })(),
    installed: await installedCopies(mac, facts.bundleId, facts.client),
    running: await runningExecutables(mac, facts.client),
    launchers: home
      ? await launcherCopies(mac, home, facts.downloads)
      : {status: 'failed', message: `the Downloads folder is unknown: ${user.status === 'ok' ? '' : user.message}`},
    mdmOverrides: await mdmOverrides(mac, facts.bundleId),
    tcc: {system, user: userDb},
  }
}
