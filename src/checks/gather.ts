import type {AppEntry} from '../profiles/app-entry.js'
import type {ClientFacts} from '../profiles/app-entry.js'
import {isDict, parsePlist} from '../profiles/plist.js'
import {identityFromCodesign} from '../system/app-identity.js'
import {parseCodesignDetails, parseSpctl} from '../system/codesign.js'
import {
  adminMemberArgv,
  bundleVersionAlternatives,
  bundleVersionArgv,
  codesignDetailsAlternatives,
  codesignDetailsArgv,
  codesignRequirementArgv,
  CONSOLE_USER,
  ENROLLMENT,
  pgrepArgv,
  groupsArgv,
  processesAlternatives,
  processesArgv,
  PROFILES,
  quarantineArgv,
  screenCaptureApprovalsPath,
  spctlArgv,
} from '../system/mac-commands.js'
import {type CommandResult, type Mac, NOT_RECORDED, type Unreadable} from '../system/mac.js'
import {quarantineOfOptionalFile} from '../system/quarantine.js'
import {AGENTS_ARGV, AGENTS_ARGV_V1, parseAgents} from './agents.js'
import {bundleOf, installSearchFor, isInside, isLauncherPath, pathsFromListing} from './client.js'
import {parseEnrollment} from './enrollment.js'
import {appFacts, type ClientCopy, type Facts, type Known, type LauncherCopy, type RunningProcess} from './facts.js'
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

function notRecorded(mac: Mac, result: CommandResult): boolean {
  return mac.kind === 'recorded' && result.exitCode === NOT_RECORDED
}

/**
 * Runs `argv`; on a recorded Mac that has no answer to it, the argv an older snapshot format asked instead, so older
 * snapshots keep answering what they did record.
 */
async function run(mac: Mac, argv: string[], alternatives: string[][] = []): Promise<CommandResult> {
  const result = await mac.run(argv)
  if (!notRecorded(mac, result)) return result
  for (const other of alternatives) {
    const answer = await mac.run(other)
    if (!notRecorded(mac, answer)) return answer
  }
  return result
}

async function ask(mac: Mac, argv: string[], alternatives: string[][] = []): Promise<Asked> {
  const result = await run(mac, argv, alternatives)
  if (notRecorded(mac, result))
    return {status: 'not-recorded', message: `the snapshot has no output of \`${argv.join(' ')}\``}
  return {status: 'ok', result}
}

/** A command whose output is read only when it exits 0. */
async function parsed<T>(
  mac: Mac,
  argv: string[],
  parse: (stdout: string) => T | undefined,
  options: {alternatives?: string[][]; anyExit?: boolean} = {},
): Promise<Known<T>> {
  const asked = await ask(mac, argv, options.alternatives)
  if (asked.status !== 'ok') return asked
  const {result} = asked
  const shown = result.argv.join(' ')
  if (result.exitCode !== 0 && !options.anyExit)
    return {
      status: 'failed',
      message: `\`${shown}\` failed (exit ${result.exitCode}): ${firstLine(result.stderr || result.stdout)}`,
    }
  const value = parse(result.stdout)
  return value === undefined
    ? {
        status: 'unparsable',
        message: `pppc cannot read the output of \`${shown}\`: ${snippet(result.stdout || result.stderr)}`,
      }
    : {status: 'ok', value}
}

/** `defaults read …/Contents/Info CFBundleShortVersionString`: one line. */
function parseVersion(stdout: string): string | undefined {
  const lines = stdout.split(/\r?\n/).filter((l) => l.trim())
  return lines.length === 1 && lines[0]!.trim().length <= 64 ? lines[0]!.trim() : undefined
}

/**
 * `dseditgroup -o checkmember -m USER admin` prints `yes USER is a member of admin` or `no USER is NOT a member of
 * admin`, nested groups included (the format public install and audit scripts parse, e.g. ScratchBird's macOS service
 * checks, which expect exit 67 with the "no" line; others report exit codes differing between releases), so the
 * words decide, not the exit code. Anything else (no such user) is unknown.
 */
export function parseAdminMember(stdout: string): boolean | undefined {
  const line = firstLine(stdout)
  if (/^yes\b.*\bis a member of admin$/i.test(line)) return true
  if (/^no\b.*\bis NOT a member of admin$/i.test(line)) return false
  return undefined
}

/** `id -Gn USER`: the user's groups by name, one line (`staff everyone localaccounts … admin …`, as `id` lists them). */
export function parseGroups(stdout: string): boolean | undefined {
  const line = firstLine(stdout)
  return /^[\w.@ -]+$/.test(line) && line !== 'no output' ? line.split(/\s+/).includes('admin') : undefined
}

async function adminMembership(mac: Mac, user: string): Promise<Known<boolean>> {
  const known = await parsed(mac, adminMemberArgv(user), parseAdminMember, {anyExit: true})
  if (known.status !== 'not-recorded') return known
  const groups = await parsed(mac, groupsArgv(user), parseGroups)
  return groups.status === 'not-recorded' ? known : groups
}

/** One copy of the app: who signed it (codesign), Gatekeeper's verdict and its version. */
async function inspectCopy(mac: Mac, path: string, bundleId: string): Promise<ClientCopy | undefined> {
  const [requirement, details, spctl, version] = await Promise.all([
    mac.run(codesignRequirementArgv(path)),
    run(mac, codesignDetailsArgv(path), codesignDetailsAlternatives(path)),
    ask(mac, spctlArgv(path)),
    parsed(mac, bundleVersionArgv(path), parseVersion, {alternatives: bundleVersionAlternatives(path)}),
  ])
  const copy: ClientCopy = {path, version}
  try {
    copy.identity = identityFromCodesign(path, requirement, details)
  } catch (error) {
    copy.identityError = (error as Error).message
  }
  // Apps found by name that turn out to be something else (another BeyondTrust app) are not the client.
  if (copy.identity && copy.identity.identifier !== bundleId) return undefined
  if (details.exitCode === 0) copy.signature = parseCodesignDetails(details)
  if (spctl.status === 'ok') copy.gatekeeper = parseSpctl(spctl.result, path)
  return copy
}

async function runningProcesses(mac: Mac, client: ClientFacts): Promise<Known<RunningProcess[]>> {
  const executable = client.executable
  if (!executable) return {status: 'ok', value: []}
  const pgrep = await ask(mac, pgrepArgv(executable))
  if (pgrep.status !== 'ok') return pgrep
  const pids = pgrep.result.stdout.split(/\s+/).filter((p) => /^\d+$/.test(p))
  if (pids.length === 0) return {status: 'ok', value: []}
  return parsed(
    mac,
    processesArgv(pids),
    (stdout) => {
      const lines = stdout.split(/\r?\n/).filter((l) => l.trim())
      const processes: RunningProcess[] = []
      for (const line of lines) {
        const full = /^\s*(\d+)\s+(\d+)\s+(\/.*?)\s*$/.exec(line)
        const pidOnly = /^\s*(\d+)\s+(\/.*?)\s*$/.exec(line)
        if (full) processes.push({pid: Number(full[1]), ppid: Number(full[2]), path: full[3]!})
        else if (pidOnly) processes.push({pid: Number(pidOnly[1]), ppid: null, path: pidOnly[2]!})
        else if (line.trim().startsWith('/')) processes.push({pid: null, ppid: null, path: line.trim()})
        else return undefined
      }
      return processes
    },
    {alternatives: processesAlternatives(pids)},
  )
}

async function installedCopies(
  mac: Mac,
  bundleId: string,
  client: ClientFacts,
  processes: Known<RunningProcess[]>,
): Promise<Known<ClientCopy[]>> {
  const search = installSearchFor(bundleId, client)
  const asked = await ask(mac, search.argv, search.legacyArgv ? [search.legacyArgv] : [])
  if (asked.status !== 'ok') return asked
  // find exits 1 when one of its roots is missing (an old /Users/Shared); what it printed still holds.
  const paths = pathsFromListing(asked.result.stdout)
  if (paths.length === 0 && asked.result.exitCode !== 0 && !/No such file/i.test(asked.result.stderr)) {
    return {status: 'failed', message: `\`${asked.result.argv.join(' ')}\` failed: ${firstLine(asked.result.stderr)}`}
  }
  // A client running from somewhere the search does not look is a copy too: the one in use.
  const elsewhere =
    processes.status === 'ok'
      ? processes.value
          .filter((p) => !isLauncherPath(p.path, client))
          .map((p) => bundleOf(p.path))
          .filter((b): b is string => Boolean(b) && !paths.some((found) => isInside(b!, found)))
      : []
  const found = await Promise.all(paths.map((path) => inspectCopy(mac, path, bundleId)))
  const running = await Promise.all(
    [...new Set(elsewhere)].map(async (path) => {
      const copy = await inspectCopy(mac, path, bundleId)
      return copy ? {...copy, foundRunning: true as const} : undefined
    }),
  )
  return {status: 'ok', value: [...found, ...running].filter((c): c is ClientCopy => Boolean(c))}
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

async function screenCaptureApprovals(mac: Mac, home: string | undefined): Promise<Facts['screenCaptureApprovals']> {
  if (!home) return {status: 'failed', message: 'the console user, whose approvals file it is, is unknown'}
  const path = screenCaptureApprovalsPath(home)
  const read = await mac.tryReadFile(path)
  if (read.status !== 'ok') return read
  const value = parsePlist(read.data)
  return isDict(value) ? {status: 'ok', value} : {status: 'unparsable', message: `${path} is not a property list`}
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
  // The databases are read side by side with everything else: each read is two sqlite3 runs, the slowest part.
  const tcc = Promise.all([
    readTcc(mac, SYSTEM_TCC_DB, facts.bundleId, services),
    home ? readTcc(mac, userTccDb(home), facts.bundleId, services) : null,
  ])
  const processes = await runningProcesses(mac, facts.client)
  const [macos, enrollment, profiles, agents, installed, launchers, overrides, approvals, admin, [system, userDb]] =
    await Promise.all([
      readMacos(mac),
      parsed(mac, ENROLLMENT, parseEnrollment),
      parsed(mac, PROFILES, parseInstalledProfiles),
      (async (): Promise<Facts['agents']> => {
        const asked = await ask(mac, AGENTS_ARGV, [AGENTS_ARGV_V1])
        // ls exits 1 when any path is missing, which is the usual answer.
        return asked.status === 'ok'
          ? {status: 'ok', value: parseAgents(asked.result.stdout, asked.result.argv)}
          : asked
      })(),
      installedCopies(mac, facts.bundleId, facts.client, processes),
      home
        ? launcherCopies(mac, home, facts.downloads)
        : ({
            status: 'failed',
            message: `the Downloads folder is unknown: ${user.status === 'ok' ? '' : user.message}`,
          } as const),
      mdmOverrides(mac, facts.bundleId),
      screenCaptureApprovals(mac, home),
      user.status === 'ok'
        ? adminMembership(mac, user.value)
        : ({status: 'failed', message: `the console user is unknown: ${user.message}`} as const),
      tcc,
    ])
  return {
    source: mac.source,
    kind: mac.kind,
    snapshotFormat: mac.kind === 'recorded' ? (mac.formatVersion ?? 1) : null,
    observedAt: mac.kind === 'live' ? new Date().toISOString() : (mac.collectedAt ?? null),
    hostApp: mac.hostApp ?? null,
    app: facts,
    macos,
    consoleUser: user,
    consoleUserAdmin: admin,
    enrollment,
    profiles,
    agents,
    installed,
    processes,
    launchers,
    mdmOverrides: overrides,
    tcc: {system, user: userDb},
    screenCaptureApprovals: approvals,
  }
}
