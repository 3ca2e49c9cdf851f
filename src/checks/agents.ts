import {MDM_VENDORS, type MdmVendorKind} from '../profiles/mdm.js'
import {existingPathsArgv} from '../system/mac-commands.js'

/**
 * MDM agents, found by their files: the agent paths of every MDM in profiles/mdm.ts, asked in one `ls -1d`, which prints
 * the paths that exist and names the rest on stderr.
 */
export const AGENTS_ARGV = existingPathsArgv(MDM_VENDORS.flatMap((v) => v.agentPaths))

/** What the first snapshot format asked (Kandji and Jamf only): a snapshot of that format answers this one. */
export const AGENTS_ARGV_V1 = existingPathsArgv([
  '/Library/Kandji/Kandji Agent.app',
  '/usr/local/bin/kandji',
  '/Applications/Kandji Self Service.app',
  '/Library/Kandji/Iru Agent.app',
  '/Library/Iru/Iru Agent.app',
  '/usr/local/jamf/bin/jamf',
  '/usr/local/jamf/bin/jamfAgent',
  '/Library/Application Support/JAMF/Jamf.app',
])

export interface AgentPresence {
  kind: MdmVendorKind
  label: string
  found: string[]
}

/**
 * The agents found, from `ls -1d` over `argv`'s paths. Only MDMs all of whose paths were asked about are listed: an MDM
 * the listing did not cover (an older snapshot) is unknown, not absent.
 */
export function parseAgents(stdout: string, argv: readonly string[] = AGENTS_ARGV): AgentPresence[] {
  const asked = new Set(argv.slice(2))
  const present = new Set(
    stdout
      .split(/\r?\n/)
      .map((l) => l.trim().replace(/(.)\/+$/, '$1'))
      .filter(Boolean),
  )
  return MDM_VENDORS.filter((v) => v.agentPaths.length > 0 && v.agentPaths.every((p) => asked.has(p))).map((v) => ({
    kind: v.kind,
    label: `${v.label} agent`,
    found: v.agentPaths.filter((p) => present.has(p)),
  }))
}
