import {
  type MdmKind,
  mdmLabel,
  type MdmVendorKind,
  serverParts,
  vendorByEnrollmentProfile,
  vendorByServerHost,
  vendorByServerPath,
} from '../profiles/mdm.js'
import type {AgentPresence} from './agents.js'
import type {Enrollment} from './enrollment.js'
import type {InstalledProfile} from './installed-profiles.js'

/** The payload type of an MDM enrollment profile. */
const MDM_PAYLOAD = 'com.apple.mdm'

/** Which MDM manages the Mac, and what said so. */
export interface MdmIdentity {
  /** Null: pppc cannot tell (the enrollment is unknown and nothing else on the Mac names one). */
  kind: MdmKind | null
  /** "Jamf Pro", "another MDM (mdm.example.com)". */
  label: string
  /** The enrollment server's host, with its port when it names one. */
  host: string | null
  /** What identified it, in words, strongest first. */
  evidence: string[]
  /** MDMs whose agent is installed although the Mac is enrolled in another one (or in none). */
  strayAgents: {kind: MdmVendorKind; label: string; found: string[]}[]
}

function hostOf(server: string | undefined): string | null {
  const parts = server ? serverParts(server) : undefined
  return parts ? `${parts.host}${parts.port ? `:${parts.port}` : ''}` : null
}

/**
 * The clues, strongest first: the enrollment's server host (a vendor's hosted servers), the server URL's path (a
 * self-hosted server keeps its vendor's path under its own host), the enrollment profile's identifier, then agents.
 * A Mac that is not enrolled is managed by none, whatever agents are left on it.
 */
export function identifyMdm(
  enrollment: Enrollment | undefined,
  profiles: InstalledProfile[] | undefined,
  agents: AgentPresence[] | undefined,
): MdmIdentity {
  const present = (agents ?? []).filter((a) => a.found.length > 0)
  const server = enrollment?.server
  const host = hostOf(server)
  const evidence: string[] = []
  let kind: MdmKind | null = null
  const byHost = server ? vendorByServerHost(server) : undefined
  const byPath = server ? vendorByServerPath(server) : undefined
  const mdmProfile = (profiles ?? []).find((p) => p.payloadTypes.includes(MDM_PAYLOAD))
  const byProfile = mdmProfile ? vendorByEnrollmentProfile(mdmProfile.identifier) : undefined
  if (enrollment && !enrollment.enrolled) kind = 'none'
  else if (byHost) {
    kind = byHost.kind
    evidence.push(`the enrollment server ${host} is ${byHost.label}'s`)
  } else if (byPath) {
    kind = byPath.kind
    evidence.push(`the enrollment server URL ${server} has ${byPath.label}'s path (a self-hosted server)`)
  } else if (byProfile) {
    kind = byProfile.kind
    evidence.push(`the MDM enrollment profile ${mdmProfile!.identifier} is ${byProfile.label}'s`)
  } else if (present.length === 1 && (enrollment?.enrolled || mdmProfile)) {
    kind = present[0]!.kind
    evidence.push(`the ${present[0]!.label} is installed`)
  } else if (enrollment?.enrolled || mdmProfile) kind = 'other'
  // Corroboration, so a reader sees every clue that agrees.
  if (kind && kind !== 'none' && kind !== 'other') {
    if (byProfile?.kind === kind && !evidence.some((e) => e.includes('enrollment profile')))
      evidence.push(`the MDM enrollment profile ${mdmProfile!.identifier} is ${byProfile.label}'s`)
    const agent = present.find((a) => a.kind === kind)
    if (agent && !evidence.some((e) => e.includes(agent.label))) evidence.push(`the ${agent.label} is installed`)
  }
  const label = kind === null ? 'unknown' : kind === 'other' ? `another MDM${host ? ` (${host})` : ''}` : mdmLabel(kind)
  return {
    kind,
    label,
    host,
    evidence,
    strayAgents: kind === null ? [] : present.filter((a) => a.kind !== kind),
  }
}
