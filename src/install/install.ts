/**
 * The whole `pppc install` job: locate the download, inspect the archive, plan, then (on a Mac) extract, check,
 * decide on the quarantine and launch; or, with `--cleanup`, remove the download and the extracted app.
 * Returns a report in every outcome that has something to show; plain input errors are thrown as PppcError.
 */
import {stat} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'
import {PppcError} from '../errors.js'
import type {AppEntry} from '../profiles/app-entry.js'
import type {Mac} from '../system/mac.js'
import {ARCHIVE_LIMITS, type ArchiveInspection, inspectArchive} from './archive.js'
import type {Decision, Expected, Verification} from './decision.js'
import {type Download, downloadMatcher, findDownload, kindOf} from './locate.js'
import {APP, type PlanStep, planCleanup, planInstall} from './plan.js'
import {type DiskImageInfo, inspectDiskImage} from './disk-image.js'
import type {Quarantine} from '../system/quarantine.js'
import type {PerformedStep} from './run.js'
import {listZip} from './zip-listing.js'

export interface InstallOptions {
  /** The download; when absent, the newest match of the catalogue entry's download names in ~/Downloads. */
  path?: string
  app: AppEntry | null
  teamId?: string
  dest?: string
  force: boolean
  keepQuarantine: boolean
  open: boolean
  dryRun: boolean
  cleanup: boolean
  /** Where to look for downloads (tests); default ~/Downloads. */
  downloads?: string
}

export type InstallStatus = 'installed' | 'refused' | 'unsafe-archive' | 'planned' | 'needs-macos' | 'cleaned'

export interface InstallReport {
  action: 'install' | 'cleanup'
  status: InstallStatus
  source: Download
  /** "this Mac", the recorded snapshot folder, or null when there is no Mac (Linux). */
  mac: string | null
  expected: Expected
  archive: ArchiveInspection | null
  /** A .dmg download: what could be told without attaching it. */
  diskImage: DiskImageInfo | null
  /** Where the app ends up (install) or the app to remove (cleanup). */
  app: string | null
  plan: PlanStep[]
  verification: Verification | null
  quarantine: Quarantine | null
  decision: Decision | null
  performed: PerformedStep[]
  removed: string[]
  warnings: string[]
  error: {code: string; exit: number; message: string} | null
}

const NEEDS_MAC_TOOLS = 'ditto, codesign, spctl and xattr'

function expectation(options: InstallOptions): Expected {
  const app = options.app
  if (options.teamId) {
    if (!/^[A-Z0-9]{10}$/.test(options.teamId))
      throw new PppcError(`--team-id ${options.teamId} is not a Team ID`, {
        hint: 'a Team ID is 10 capital letters and digits, e.g. B65TM49E24',
      })
    return {teamId: options.teamId, bundleId: app?.bundleId ?? null, from: '--team-id'}
  }
  if (!app)
    throw new PppcError('no app to check the download against', {
      hint: 'pass --app NAME from the catalogue or --team-id TEAMID',
    })
  return {teamId: app.teamId, bundleId: app.bundleId, from: `the catalogue entry ${app.key}`}
}

async function locate(options: InstallOptions, mac: Mac | null): Promise<Download> {
  if (options.path) {
    const path = resolve(options.path)
    const kind = kindOf(path)
    if (!kind)
      throw new PppcError(`${options.path} is not a .zip, a .app or a .dmg`, {
        hint: "give the downloaded .zip (Chrome, Firefox, Edge), the .app Safari expanded, or the vendor's .dmg",
      })
    if (path.includes('/AppTranslocation/'))
      throw new PppcError(`${options.path} is a translocated copy macOS runs from a random read-only folder`, {
        hint: 'give the app where it was downloaded, e.g. ~/Downloads',
      })
    return {path: path.replace(/\/+$/, ''), kind}
  }
  if (!options.app)
    throw new PppcError('without --app, pppc does not know what the download is called', {
      hint: 'give the path of the download',
    })
  const names = options.app.client?.launcher?.downloads
  if (!names?.length)
    throw new PppcError(`the catalogue has no download names for ${options.app.key}`, {
      hint: 'give the path of the download',
    })
  if (mac?.kind === 'recorded')
    throw new PppcError('with --snapshot, give the path of the download', {
      hint: 'e.g. pppc install "/Users/NAME/Downloads/Open To Start Support Session.zip" --snapshot DIR',
    })
  return findDownload(names, options.downloads)
}

/** The archive as a local file: itself on this machine; in a recorded Mac, its copy under files/<absolute path>. */
function localArchive(mac: Mac | null, path: string): string {
  return mac?.kind === 'recorded' ? join(mac.source, 'files', path) : path
}

async function inspect(mac: Mac | null, source: Download): Promise<ArchiveInspection> {
  return inspectArchive(await listZip(localArchive(mac, source.path), ARCHIVE_LIMITS, source.path))
}

async function appExists(mac: Mac | null, path: string): Promise<boolean> {
  if (mac) return (await mac.run(['test', '-d', path])).exitCode === 0
  return Boolean((await stat(path).catch(() => undefined))?.isDirectory())
}

function problemsLine(archive: ArchiveInspection): string {
  const more = archive.problems.length - 1
  return `${archive.problems[0]!.message}${more > 0 ? `; ${more} more problem${more === 1 ? '' : 's'} listed above` : ''}`
}

export async function installJob(options: InstallOptions, mac: Mac | null): Promise<InstallReport> {
  const expected = expectation(options)
  const source = await locate(options, mac)
  const dest = options.dest ? resolve(options.dest) : dirname(source.path)
  const report: InstallReport = {
    action: options.cleanup ? 'cleanup' : 'install',
    status: 'planned',
    source,
    mac: mac?.source ?? null,
    expected,
    archive: null,
    diskImage: null,
    app: null,
    plan: [],
    verification: null,
    quarantine: null,
    decision: null,
    performed: [],
    removed: [],
    warnings: [],
    error: null,
  }
  if (options.cleanup) return cleanup(report, options, mac, dest)

  let appName: string
  if (source.kind === 'zip') {
    report.archive = await inspect(mac, source)
    if (!report.archive.safe) {
      report.status = 'unsafe-archive'
      report.error = {
        code: 'PPPC_UNSAFE_ARCHIVE',
        exit: 1,
        message: `refusing to extract ${basename(source.path)}: ${problemsLine(report.archive)}; delete it and download the client again from your support portal`,
      }
      return report
    }
    appName = report.archive.app!
    if (report.archive.others.length > 0)
      report.warnings.push(`the archive also holds ${report.archive.others.join(', ')}; only ${appName} is installed`)
  } else if (source.kind === 'dmg') {
    report.diskImage = await inspectDiskImage(localArchive(mac, source.path), source.path)
    // Its app is known once the image is attached (on a Mac); until then the plan names it $APP.
    appName = APP
    if (!mac)
      report.warnings.push(
        `${basename(source.path)} is a disk image: only a Mac can attach it (hdiutil) and check the app inside; on this machine pppc can only check that it is a UDIF image and show the plan`,
      )
  } else {
    if (!(await appExists(mac, source.path)))
      throw new PppcError(`no app at ${source.path}`, {hint: 'give the path of the .app Safari expanded in Downloads'})
    appName = basename(source.path)
  }

  const plan = planInstall({
    source: source.path,
    kind: source.kind,
    appName,
    dest,
    force: options.force,
    keepQuarantine: options.keepQuarantine,
    open: options.open,
  })
  report.plan = plan.steps
  report.app = plan.app
  if (options.dryRun) return report
  if (!mac)
    return needsMac(
      report,
      source.kind === 'dmg'
        ? `attaching the disk image and verifying its app needs macOS (hdiutil, ${NEEDS_MAC_TOOLS})`
        : `${source.kind === 'zip' ? 'extracting and verifying' : 'verifying'} the app needs macOS (${NEEDS_MAC_TOOLS})`,
    )

  const {runInstall} = await import('./run.js')
  const run = await runInstall(mac, plan, expected, {keepQuarantine: options.keepQuarantine})
  report.status = run.status
  if (run.appName) {
    appName = run.appName
    report.app = join(dest, run.appName)
  }
  report.verification = run.verification
  report.quarantine =
    run.verification.quarantine.state === 'quarantined' ? run.verification.quarantine.quarantine : null
  report.decision = run.decision
  report.performed = run.performed
  report.warnings.push(...run.warnings)
  if (run.status === 'refused') {
    const reasons = run.decision.reasons
    const more = reasons.length - 1
    report.error = {
      code: 'PPPC_REFUSED',
      exit: 1,
      message: `refusing to install ${appName}: ${reasons[0]}${more > 0 ? `; ${more} more reason${more === 1 ? '' : 's'} listed above` : ''}`,
    }
  }
  return report
}

function needsMac(report: InstallReport, what: string): InstallReport {
  report.status = 'needs-macos'
  report.error = {
    code: 'PPPC_NEEDS_MAC',
    exit: 2,
    message: `${what}; run pppc install on the Mac, or add --dry-run to see the plan`,
  }
  return report
}

async function cleanup(
  report: InstallReport,
  options: InstallOptions,
  mac: Mac | null,
  dest: string,
): Promise<InstallReport> {
  const {source} = report
  let app: string | null = null
  if (source.kind === 'app') {
    app = options.dest ? join(dest, basename(source.path)) : source.path
  } else if (source.kind === 'dmg') {
    report.warnings.push('the app installed from a disk image is not named by the image file; only the .dmg is removed')
  } else {
    // The app's name comes from the archive; an unsafe archive is still removed, an unreadable one too.
    const archive = await inspect(mac, source).catch(() => null)
    report.archive = archive
    if (archive?.app) app = join(dest, archive.app)
    else if (archive?.apps.length)
      report.warnings.push(`the archive holds ${archive.apps.length} apps; none of them is removed`)
  }
  // Never remove an app because an archive named it: it must carry the vendor's download name.
  const names = options.app?.client?.launcher?.downloads
  if (app && names?.length && !downloadMatcher(names)(basename(app))) {
    report.warnings.push(`${app} is not named like the vendor's download (${names.join(', ')}); it is kept`)
    app = null
  }
  report.app = app
  report.plan = planCleanup({app, archive: source.kind === 'app' ? null : source.path})
  if (options.dryRun) return report
  if (!mac) return needsMac(report, 'cleaning up needs macOS')
  const {runCleanup} = await import('./run.js')
  const run = await runCleanup(mac, report.plan)
  report.performed = run.performed
  report.removed = run.removed
  for (const absent of run.absent) report.warnings.push(`${absent} is already gone`)
  report.status = 'cleaned'
  return report
}
