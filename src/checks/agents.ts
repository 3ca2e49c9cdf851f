/**
 * MDM agents, found by their files (macos-facts.md §5.1, §5.2). Kandji renamed itself Iru in April 2026; the Iru
 * paths are unverified guesses from the renamed agent app, so both names are looked for.
 */

export type AgentKind = 'kandji' | 'jamf'

export interface Agent {
  kind: AgentKind
  label: string
  paths: string[]
}

export const AGENTS: readonly Agent[] = [
  {
    kind: 'kandji',
    label: 'Kandji (Iru) agent',
    paths: [
      '/Library/Kandji/Kandji Agent.app',
      '/usr/local/bin/kandji',
      '/Applications/Kandji Self Service.app',
      '/Library/Kandji/Iru Agent.app',
      '/Library/Iru/Iru Agent.app',
    ],
  },
  {
    kind: 'jamf',
    label: 'Jamf Pro agent',
    paths: ['/usr/local/jamf/bin/jamf', '/usr/local/jamf/bin/jamfAgent', '/Library/Application Support/JAMF/Jamf.app'],
  },
]

/** One `ls -1d` of every path: it prints those that exist and names the rest on stderr. */
export const AGENTS_ARGV = ['ls', '-1d', ...AGENTS.flatMap((a) => a.paths)]

export interface AgentPresence {
  kind: AgentKind
  label: string
  found: string[]
}

export function parseAgents(stdout: string): AgentPresence[] {
  const present = new Set(
    stdout
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  )
  return AGENTS.map((a) => ({kind: a.kind, label: a.label, found: a.paths.filter((p) => present.has(p))}))
}
