import {readFile} from 'node:fs/promises'
import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {PppcError} from '../errors.js'
import type {AnyFlow, UserKind} from '../onboarding/flow.js'
import type {ClientConfigId} from '../onboarding/client-configs.js'
import type {Site} from '../onboarding/site.js'
import type {Browser, MdmKind, Os} from '../onboarding/steps.js'
import type {MacosVersion} from '../macos/version.js'

const FORMATS = ['text', 'markdown', 'html', 'json'] as const

export default class FlowCommand extends BaseCommand {
  static override summary =
    'Show what the user sees and does to join a BeyondTrust session on a Mac or a Windows PC, for a browser, MDM and client configuration.'

  static override description = `From the download to the end of the session, following the BeyondTrust onboarding documents (University of Alberta: Mac and Windows; Texas Tech: Mac). On a Mac: the download per browser, the "downloaded from the internet" Open, the agreement, the Action Required window with its Screen Recording, Accessibility and Full Disk Access sections (or, with --client-config access-on-request, the waiver, Access Request, Choose Applications and the accessibility request), Quit & Reopen, the chat and the end of the session. On Windows (--os windows): the download per browser (Chrome, Firefox, Edge), the agreement, the session elevation (User Account Control: Yes) and the end.

macOS 10.15 to 12 get the lock-and-checkbox steps of System Preferences; macOS 13 and later the toggles of System Settings (with the extra Allow windows from macOS 15). With --mdm kandji (or jamf, with its PPPC profile deployed) Accessibility and Full Disk Access are already granted; --granted names what else is.

A site file (pppc.site.yaml in this folder, or --site FILE) gives the help desk's name, portal, contact, client configuration, MDM, default browser and page words.

--format html writes the page a help desk sends: one self-contained file where the user picks Windows or Mac, the macOS version and the browser, and sees only those steps (all of them without scripts). --for technician adds the notes and sources. Without --macos it uses the version of the Mac it runs on (html needs none).

Exit codes: 0 ok, 2 usage error (no --macos off a Mac, a bad site file), 70 a bug in pppc.`

  static override examples = [
    '<%= config.bin %> flow --macos 15.1 --browser chrome',
    '<%= config.bin %> flow --macos 12.7.6 --browser safari --mdm kandji',
    '<%= config.bin %> flow --macos 14.6 --client-config access-on-request',
    '<%= config.bin %> flow --os windows --browser edge --format json',
    '<%= config.bin %> flow --site pppc.site.yaml --format html -o join-session.html',
  ]

  static override flags = {
    os: string({
      options: ['macos', 'windows'],
      summary: "The user's computer (default: macos on a Mac or with --macos).",
    }),
    macos: string({summary: "macOS version as sw_vers prints it (12.7.6, 15.1, 26.1); default: this Mac's."}),
    browser: string({
      options: ['chrome', 'firefox', 'edge', 'safari'],
      summary:
        'The browser the user downloads with: chrome, firefox, safari on a Mac; chrome, firefox, edge on Windows.',
    }),
    mdm: string({
      options: ['kandji', 'jamf', 'none'],
      summary:
        "The MDM that manages the Mac, with the client's PPPC profile deployed (default: the site file's, or none).",
    }),
    granted: string({
      multiple: true,
      summary:
        'Permissions already granted: screen-recording, accessibility, full-disk-access or all (comma-separated).',
    }),
    'client-config': string({
      options: ['permissions-upfront', 'access-on-request'],
      summary:
        "How the portal configures the client: permissions-upfront (Action Required window, whole screen) or access-on-request (waiver, Access Request, Choose Applications); default: the site file's, or permissions-upfront.",
    }),
    user: string({
      options: ['administrator', 'standard'],
      summary: "Whether the user's account on the Mac is an administrator (default: not known).",
    }),
    site: string({summary: 'The help desk site file (default: pppc.site.yaml in this folder, when there is one).'}),
    for: string({
      options: ['user', 'technician'],
      default: 'user',
      summary: "html: the page for the user, or the technician's copy with notes and sources.",
    }),
    format: string({
      char: 'f',
      options: [...FORMATS],
      default: 'text',
      summary: 'text, markdown, html (the page to send: one self-contained file) or json.',
    }),
    output: string({char: 'o', summary: 'Write to this file (atomically) instead of stdout.'}),
    force: boolean({summary: 'Replace --output if it exists.'}),
  }

  async run(): Promise<AnyFlow | undefined> {
    const {flags} = await this.parse(FlowCommand)
    const {parseGranted, sectionsFor, checkBrowser} = await import('../onboarding/flow-options.js')
    const site = await this.loadSite(flags.site)
    const browser = flags.browser as Browser | undefined
    const clientConfig = (flags['client-config'] ?? site?.clientConfig) as ClientConfigId | undefined
    const mdm = (flags.mdm ?? site?.mdm ?? 'none') as MdmKind
    const user = flags.user as UserKind | undefined
    const explicitOs = flags.os as Os | undefined
    const os: Os | undefined = explicitOs ?? (flags.macos || process.platform === 'darwin' ? 'macos' : undefined)
    if (os === 'windows') {
      if (flags.macos) throw new PppcError('--macos is for a Mac', {hint: 'leave it out with --os windows'})
      if (flags.mdm && flags.mdm !== 'none')
        throw new PppcError('--mdm is for a Mac', {hint: 'leave it out with --os windows'})
      if (flags.granted) throw new PppcError('--granted is for a Mac', {hint: 'leave it out with --os windows'})
      if (flags.user) throw new PppcError('--user is for a Mac', {hint: 'leave it out with --os windows'})
    }
    if (os) checkBrowser(os, browser)
    const granted = parseGranted(flags.granted ?? [])
    const services = sectionsFor(mdm, granted)
    const page = flags.format === 'html' && !this.jsonEnabled()

    // The page holds every flow; the single flow is for the other formats and --json.
    let flow: AnyFlow | undefined
    let macos: MacosVersion | undefined
    if (os === 'macos' || !page) {
      macos = flags.macos
        ? (await import('../macos/version.js')).parseMacosFlag(flags.macos)
        : os === 'macos' && process.platform === 'darwin'
          ? await this.runningMacos()
          : undefined
    }
    if (!page) {
      const {buildFlow} = await import('../onboarding/flow.js')
      if (os === 'windows') {
        flow = buildFlow({
          os: 'windows',
          ...(browser ? {browser} : {}),
          ...(clientConfig ? {clientConfig} : {}),
          ...(site ? {site} : {}),
        })
      } else {
        if (!macos) throw this.needsMacos()
        flow = buildFlow({
          macos,
          mdm,
          services,
          ...(browser ? {browser} : {}),
          ...(clientConfig ? {clientConfig} : {}),
          ...(site ? {site} : {}),
          ...(user ? {user} : {}),
        })
      }
      if (this.jsonEnabled()) return flow
    }

    let content: string
    let what: string
    if (flags.format === 'json') {
      content = `${JSON.stringify(flow, null, 2)}\n`
      what = describe(flow!)
    } else if (page) {
      const {buildPage} = await import('../onboarding/page.js')
      const {pageView} = await import('../render/page-view.js')
      const {renderTemplate} = await import('../render/templates.js')
      const built = buildPage({
        mdm,
        services,
        audience: flags.for === 'technician' ? 'technician' : 'user',
        preselect: {
          ...(explicitOs || flags.macos ? {os: os!} : {}),
          ...(macos ? {macos: macos.major} : {}),
          ...(browser ? {browser} : {}),
        },
        ...(clientConfig ? {clientConfig} : {}),
        ...(site ? {site} : {}),
        ...(user ? {user} : {}),
      })
      content = await renderTemplate('flow', 'html', pageView(built))
      what = `${built.audience === 'technician' ? "technician's copy" : 'page for the user'}: Windows and Mac, ${built.clientConfig.id}`
    } else {
      const {renderTemplate} = await import('../render/templates.js')
      const {flowView} = await import('../render/flow-view.js')
      content = await renderTemplate('flow', flags.format as 'text' | 'markdown', flowView(flow!))
      what = describe(flow!)
    }
    if (flags.output) {
      const {writeFileAtomic} = await import('../util/atomic-write.js')
      await writeFileAtomic(flags.output, content, {force: flags.force})
      this.log(`Wrote ${flags.output} (${flags.format}, ${what})`)
    } else {
      process.stdout.write(content)
    }
    return flow
  }

  private needsMacos(): PppcError {
    return new PppcError('pppc flow needs --macos VERSION when it does not run on a Mac', {
      hint: "give the version of the user's Mac, e.g. --macos 15.1 (sw_vers -productVersion on that Mac), or --os windows for a Windows PC",
    })
  }

  /** The site file given, or pppc.site.yaml in this folder when there is one. */
  private async loadSite(path: string | undefined): Promise<Site | undefined> {
    // The site module (and its YAML parser) loads only when there is a file to read.
    const {SITE_FILE} = await import('../onboarding/vocabulary.js')
    const file = path ?? SITE_FILE
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (!path && code === 'ENOENT') return undefined
      throw new PppcError(
        `cannot read the site file ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}`,
        {
          hint: 'give the path of a pppc.site.yaml (see pppc flow --help)',
        },
      )
    }
    const {parseSite} = await import('../onboarding/site.js')
    return parseSite(text, file)
  }

  /** The version of the Mac pppc runs on; elsewhere, a one-line error asking for --macos. */
  private async runningMacos(): Promise<MacosVersion> {
    if (process.platform !== 'darwin') throw this.needsMacos()
    const {openMac} = await import('../system/open-mac.js')
    const {readMacos} = await import('../system/read-macos.js')
    const read = await readMacos(await openMac({purpose: 'pppc flow'}))
    if (read.status !== 'ok')
      throw new PppcError(`cannot tell the macOS version of this Mac: ${read.message}`, {
        hint: 'give it with --macos VERSION',
        exitCode: 1,
      })
    return read.value
  }
}

function describe(flow: AnyFlow): string {
  return flow.os === 'windows' ? `Windows, ${flow.clientConfig.id}` : `${flow.macos.description}, ${flow.flow.id}`
}
