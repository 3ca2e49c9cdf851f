/** `profiles status -type enrollment` (macos-facts.md §5.3): whether PPPC profiles can take effect on this Mac. */

export type MdmVendor = 'kandji' | 'jamf' | 'other'

export interface Enrollment {
  enrolled: boolean
  /** Enrolled through Automated Device Enrollment (DEP): user approved by definition. */
  automated: boolean
  userApproved: boolean
  server?: string
  vendor?: MdmVendor
}

/** Which MDM a server URL belongs to (macos-facts.md §5.1, §5.2). Self-hosted Jamf Pro servers read as "other". */
export const MDM_SERVERS: readonly {pattern: RegExp; vendor: MdmVendor}[] = [
  {pattern: /\.kandji\.io(?:[:/]|$)/i, vendor: 'kandji'},
  {pattern: /\.iru\.com(?:[:/]|$)/i, vendor: 'kandji'},
  {pattern: /\.jamfcloud\.com(?:[:/]|$)/i, vendor: 'jamf'},
]

/** The three lines macOS prints; undefined when the text has no "MDM enrollment:" line. */
export function parseEnrollment(output: string): Enrollment | undefined {
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(.*?)\\s*$`, 'mi').exec(output)?.[1]
  const mdm = field('MDM enrollment')
  if (mdm === undefined) return undefined
  const automated = /^yes/i.test(field('Enrolled via DEP') ?? '')
  const enrolled = /^yes/i.test(mdm)
  const server = field('MDM server') || undefined
  const vendor = server ? (MDM_SERVERS.find((s) => s.pattern.test(server))?.vendor ?? 'other') : undefined
  return {
    enrolled,
    automated,
    userApproved: enrolled && (automated || /user approved/i.test(mdm)),
    ...(server ? {server} : {}),
    ...(vendor ? {vendor} : {}),
  }
}
