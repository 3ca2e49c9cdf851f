/**
 * `profiles status -type enrollment` (macos-facts.md §5.3): whether PPPC profiles can take effect on this Mac, and the
 * server URL that says which MDM it is (checks/mdm-identity.ts).
 */

export interface Enrollment {
  enrolled: boolean
  /** Enrolled through Automated Device Enrollment (DEP): user approved by definition. */
  automated: boolean
  userApproved: boolean
  server?: string
}

/** The three lines macOS prints; undefined when the text has no "MDM enrollment:" line. */
export function parseEnrollment(output: string): Enrollment | undefined {
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(.*?)\\s*$`, 'mi').exec(output)?.[1]
  const mdm = field('MDM enrollment')
  if (mdm === undefined) return undefined
  const automated = /^yes/i.test(field('Enrolled via DEP') ?? '')
  const enrolled = /^yes/i.test(mdm)
  const server = field('MDM server') || undefined
  return {
    enrolled,
    automated,
    userApproved: enrolled && (automated || /user approved/i.test(mdm)),
    ...(server ? {server} : {}),
  }
}
