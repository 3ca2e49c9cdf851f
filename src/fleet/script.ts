import {readFile} from 'node:fs/promises'
import type HandlebarsModule from 'handlebars'
import {fileURLToPath} from 'node:url'
import {installSearchFor} from '../checks/client.js'
import {appFacts} from '../checks/facts.js'
import {DEVICE_SCOPE} from '../checks/installed-profiles.js'
import {MDM_OVERRIDES_PATH} from '../checks/mdm-overrides.js'
import {SYSTEM_TCC_DB, TCC_SCHEMAS} from '../checks/tcc.js'
import type {ServiceState} from '../checks/diagnosis.js'
import type {AppEntry} from '../profiles/app-entry.js'
import {PPPC_PAYLOAD_TYPE} from '../profiles/payload-types.js'
import {
  codesignDetailsArgv,
  codesignRequirementArgv,
  CONSOLE_USER,
  ENROLLMENT,
  PROFILES,
  SW_VERS,
} from '../system/mac-commands.js'
import {encodeRequirementText} from '../requirements/index.js'
import {EXPRESSION_KIND, MATCH, OP, REQUIREMENT_MAGIC} from '../requirements/opcodes.js'
import {serviceByKey} from '../profiles/services.js'
import {STATE_CAUSE, STATE_ROLE} from './causes.js'

type Handlebars = typeof HandlebarsModule

export type ScriptMdm = 'jamf' | 'kandji' | 'generic'

/** The codesign options doctor reads an installed copy's Identifier and Team ID with, the path left out. */
const CODESIGN_DETAILS = codesignDetailsArgv('/').slice(1, -1)

/** A word for sh: single-quoted, a quote inside closed, escaped and reopened. */
export function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

const shArgv = (argv: readonly string[]) => argv.map((a) => (/^[A-Za-z0-9_./%=-]+$/.test(a) ? a : shQuote(a))).join(' ')

/** What each MDM does with the line: Jamf keeps what is inside <result>; Kandji reads the exit code; JSON otherwise. */
const OUTPUT: Record<ScriptMdm, {words: string; code: string}> = {
  jamf: {
    words: 'as a Jamf Pro extension attribute: <result>LINE</result>, exit 0.',
    code: `printf '<result>%s</result>\\n' "$line"\nexit 0`,
  },
  kandji: {
    words: 'as a Kandji audit script: the line, exit 0 when the window will not show, 1 otherwise.',
    code: `printf '%s\\n' "$line"\n[ "$window" = does-not-show ] && exit 0\nexit 1`,
  },
  generic: {
    words: 'as JSON: {"format", "window", "macos", "app", "show", "unsure", "line"}, exit 0.',
    code: [
      '# Service:cause,... as [{"service": ..., "cause": ...}, ...]: both are [A-Za-z0-9-] words, nothing to escape.',
      'json_sections() {',
      `  [ -n "$1" ] || { printf '[]'; return; }`,
      `  printf '%s\\n' "$1" | sed -e 's/\\([^:,]*\\):\\([^,]*\\)/{"service":"\\1","cause":"\\2"}/g' -e 's/^/[/' -e 's/$/]/'`,
      '}',
      `printf '{"format":"pppc1","window":"%s","macos":"%s","app":"%s","show":%s,"unsure":%s,"line":"%s"}\\n' \\`,
      '  "$window" "$macos" "$app_key" "$(json_sections "$show")" "$(json_sections "$unsure")" "$line"',
      'exit 0',
    ].join('\n'),
  },
}

const TEMPLATE = fileURLToPath(new URL('../../templates/fleet/fleet.sh.hbs', import.meta.url))

/** The schema cases of read_tcc: newest first, the first whose columns are all present gives the expressions. */
function schemaCases(): string {
  return TCC_SCHEMAS.map(
    (s) =>
      `  # ${s.id}\n  if [ -z "$expressions" ] && has ${s.requires.join(' ')}; then\n    expressions=${shQuote(`${s.authValue}, ${s.authReason}`)}\n  fi`,
  ).join('\n')
}

/** judge()'s last step: the fleet cause of the state, refined by the note doctor would have made. */
function causeCases(): string {
  const lines = ['  case $state in']
  for (const [state, cause] of Object.entries(STATE_CAUSE) as [ServiceState, string][]) {
    if (state === 'missing') lines.push(`    ${state}) cause=\${note:-${cause}} ;;`)
    else if (state === 'unknown')
      lines.push(`    ${state}) if [ "$system_status" = denied ]; then cause=no-fda; else cause=${cause}; fi ;;`)
    else lines.push(`    ${state}) cause=${cause} ;;`)
  }
  lines.push('  esac')
  return lines.join('\n')
}

/** honoured()'s cases: the authorizations each of the app's services takes, from the services table. */
function authorizationCases(services: readonly string[]): string {
  return services
    .map((s) => `    ${s}) allowed=${shQuote((serviceByKey(s)?.authorizations ?? []).join(' '))} ;;`)
    .concat(["    *) allowed='' ;;"])
    .join('\n')
}

/** The opcode and match numbers of the compiled requirement format, as awk variables (src/requirements/opcodes.ts). */
function opcodeVars(): string {
  const vars = [
    ...Object.entries(OP).map(([k, v]) => `OP_${k}=${v}`),
    ...Object.entries(MATCH).map(([k, v]) => `MATCH_${k}=${v}`),
    `MAGIC=${REQUIREMENT_MAGIC}`,
    `KIND_expression=${EXPRESSION_KIND}`,
  ]
  return vars.map((v) => `-v ${v}`).join(' ')
}

function windowCases(): string {
  const of = (role: string) =>
    (Object.entries(STATE_ROLE) as [ServiceState, string][]).filter(([, r]) => r === role).map(([s]) => s)
  return [
    `    ${of('show').join(' | ')}) show="\${show:+$show,}$service:$cause" ;;`,
    `    ${of('unsure').join(' | ')}) unsure="\${unsure:+$unsure,}$service:$cause" ;;`,
  ].join('\n')
}

export interface FleetScriptOptions {
  app: AppEntry
  mdm: ScriptMdm
  version: string
}

/**
 * The fleet script for an app and an MDM: templates/fleet/fleet.sh.hbs filled with the data doctor uses (the
 * catalogue entry through appFacts, the argv of src/system/mac-commands.ts and installSearchFor, TCC_SCHEMAS, the
 * state tables of causes.ts).
 */
export async function fleetScript(options: FleetScriptOptions): Promise<string> {
  const {default: handlebars} = (await import('handlebars')) as unknown as {default: Handlebars}
  const hbs = handlebars.create()
  hbs.registerHelper('q', (value: unknown) => shQuote(String(value)))
  const template = hbs.compile(await readFile(TEMPLATE, 'utf8'), {noEscape: true, strict: true})
  const facts = appFacts(options.app)
  const search = installSearchFor(facts.bundleId, facts.client)
  return template({
    appName: facts.name,
    windowName: facts.client.permissionsWindow?.name ?? 'permissions',
    version: options.version,
    mdm: options.mdm,
    appKey: facts.key,
    bundleId: facts.bundleId,
    requirement: facts.codeRequirement,
    teamId: facts.teamId,
    services: facts.services.join(' '),
    serviceList: facts.services.map((s) => `'kTCCService${s}'`).join(', '),
    systemTcc: SYSTEM_TCC_DB,
    overridesPath: MDM_OVERRIDES_PATH,
    pppcPayloadType: PPPC_PAYLOAD_TYPE,
    swVers: shArgv(SW_VERS),
    consoleUser: shArgv(CONSOLE_USER),
    enrollment: shArgv(ENROLLMENT),
    profiles: shArgv(PROFILES),
    findCommand: shArgv(search.argv),
    codesignDetails: shArgv(['codesign', ...CODESIGN_DETAILS]),
    codesignRequirement: shArgv(codesignRequirementArgv('/').slice(0, -1)),
    publishedBlob: encodeRequirementText(facts.codeRequirement).toString('hex').toUpperCase(),
    deviceScope: DEVICE_SCOPE,
    authorizationCases: authorizationCases(facts.services),
    opcodeVars: opcodeVars(),
    schemaCases: schemaCases(),
    causeCases: causeCases(),
    windowCases: windowCases(),
    outputWords: OUTPUT[options.mdm].words,
    output: OUTPUT[options.mdm].code,
  })
}
