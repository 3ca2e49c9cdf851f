/**
 * The one line the fleet script prints on a Mac and `pppc fleet report` reads back from the MDM. Version 1:
 *
 *   pppc1 window=shows macos=15.7.9 app=beyondtrust-rs-customer-client show=ScreenCapture:denied,Accessibility:mismatch unsure=SystemPolicyAllFiles:no-fda
 *
 * - `pppc1` first: the format and its version (a reader skips anything before it: `<result>`, a Kandji log line);
 * - then `key=value` fields separated by one space, in this order, none with a space in its value:
 *   `window` (shows | does-not-show | unknown, the doctor's words), `macos` (ProductVersion, `?` when unknown),
 *   `app` (the catalogue key), `show` (the sections that will show, each `Service:cause`, comma-separated; `-` for
 *   none), and `unsure` (sections pppc cannot decide, same form; left out when there are none);
 * - services are the PPPC payload keys of the app's window sections (ScreenCapture, Accessibility,
 *   SystemPolicyAllFiles, …), causes come from CAUSES below.
 *
 * Readers ignore fields they do not know (a later version only adds fields) and take a cause they do not know as
 * `unknown`. The line never holds a user name, a path or anything else personal: it is stored in the MDM's inventory.
 */
export const RESULT_PREFIX = 'pppc1'

export type Window = 'shows' | 'does-not-show' | 'unknown'
export const WINDOWS: readonly Window[] = ['shows', 'does-not-show', 'unknown']

/**
 * Why a section shows, or cannot be decided; one word each. The first group is the doctor's service states that
 * make the window show (missing, denied, denied-by-mdm, stale), split by what a technician fixes: a profile that
 * names the app but does not apply is its own cause. The last two are why a state is unknown.
 */
export const CAUSES = {
  'not-granted': {
    short: 'not granted',
    label: 'not granted',
    fix: 'the user allows it when the window asks; or push a PPPC profile that grants it (pppc generate, pppc push)',
  },
  denied: {
    short: 'denied',
    label: 'denied by the user',
    fix: 'the user turns it on in System Settings › Privacy & Security (a denied permission is not asked again)',
  },
  'mdm-denied': {
    short: 'denied by MDM',
    label: 'denied by an MDM profile',
    fix: 'remove the Deny from the PPPC profile in the MDM (Deny wins over Allow)',
  },
  stale: {
    short: 'stale grant',
    label: 'stale grant: the code requirement kept with it does not match the client',
    fix: 'reset it on the Mac (tccutil reset SERVICE BUNDLE_ID) and let the user allow it again, or grant it by profile',
  },
  mismatch: {
    short: 'profile mismatch',
    label: 'a profile names the app but its code requirement does not match the client',
    fix: 'push a profile with the requirement the client is signed with (pppc generate --app APP), then redeploy it',
  },
  'not-applied': {
    short: 'profile not applied',
    label: 'a profile grants it but macOS does not apply it (user level, or enrollment not user approved)',
    fix: 'make the profile device level and the MDM enrollment user approved (or Automated Device Enrollment)',
  },
  'no-fda': {
    short: 'TCC.db unreadable',
    label: 'TCC.db unreadable: the MDM agent has no Full Disk Access',
    fix: "grant Full Disk Access to the MDM's agent with a PPPC profile, so the script can read TCC.db",
  },
  unknown: {
    short: 'unknown',
    label: 'unknown',
    fix: 'run pppc doctor on the Mac (or pppc collect, then doctor --snapshot) to see why',
  },
} as const satisfies Record<string, {short: string; label: string; fix: string}>

export type Cause = keyof typeof CAUSES
export const CAUSE_IDS = Object.keys(CAUSES) as Cause[]

export interface SectionCause {
  service: string
  cause: Cause
}

export interface ResultLine {
  window: Window
  macos: string | null
  app: string | null
  show: SectionCause[]
  unsure: SectionCause[]
}

const TOKEN = /^[A-Za-z0-9._-]+$/

function sections(list: SectionCause[]): string {
  return list.length === 0 ? '-' : list.map((s) => `${s.service}:${s.cause}`).join(',')
}

/** The line for a verdict (what the script prints, built in TypeScript for tests and the docs). */
export function formatResultLine(line: ResultLine): string {
  const fields = [
    RESULT_PREFIX,
    `window=${line.window}`,
    `macos=${line.macos && TOKEN.test(line.macos) ? line.macos : '?'}`,
    `app=${line.app ?? '?'}`,
    `show=${sections(line.show)}`,
  ]
  if (line.unsure.length > 0) fields.push(`unsure=${sections(line.unsure)}`)
  return fields.join(' ')
}

function parseSections(value: string | undefined): SectionCause[] {
  if (value === undefined || value === '-' || value === '') return []
  const out: SectionCause[] = []
  for (const part of value.split(',')) {
    const [service, cause] = part.split(':')
    if (!service || !TOKEN.test(service)) continue
    out.push({service, cause: cause !== undefined && cause in CAUSES ? (cause as Cause) : 'unknown'})
  }
  return out
}

const LINE = new RegExp(`(?:^|[\\s>])${RESULT_PREFIX}((?: [a-z]+=[^\\s<]*)+)`)

/**
 * The first result line in `text` (an extension attribute's value, a Kandji log, a CSV cell), or undefined when it
 * holds none or one without a known window.
 */
export function parseResultLine(text: string | null | undefined): ResultLine | undefined {
  if (!text) return undefined
  const match = LINE.exec(text)
  if (!match) return undefined
  const fields = new Map<string, string>()
  for (const field of match[1]!.trim().split(' ')) {
    const at = field.indexOf('=')
    if (at > 0 && !fields.has(field.slice(0, at))) fields.set(field.slice(0, at), field.slice(at + 1))
  }
  const window = fields.get('window') as Window | undefined
  if (!window || !WINDOWS.includes(window)) return undefined
  const macos = fields.get('macos')
  const app = fields.get('app')
  return {
    window,
    macos: macos && macos !== '?' ? macos : null,
    app: app && app !== '?' ? app : null,
    show: parseSections(fields.get('show')),
    unsure: parseSections(fields.get('unsure')),
  }
}
