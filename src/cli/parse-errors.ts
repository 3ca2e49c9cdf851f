/**
 * oclif's parse errors in our words. oclif puts what is missing on the lines after "Missing 1 required arg:" or "The
 * following error occurred:", and a one-line error keeps only the first line, so it would say nothing useful; this
 * turns the error into "missing --flag" / "missing argument NAME" (one clause per problem), and keeps the first line of
 * any other parse error ("Nonexistent flag: --x", "Expected --mdm=x to be one of: ...").
 */
export interface OclifParseError {
  message: string
  /** RequiredArgsError: the arguments that were not given. */
  args?: readonly {name?: string}[]
}

const ANSI = /\u001B\[[0-9;]*m/g

function clause(reason: string): string {
  const flag = /^Missing required flag (\S+)$/.exec(reason)
  return flag ? `missing --${flag[1]}` : reason
}

export function describeParseError(error: OclifParseError): string {
  const lines = error.message
    .replace(ANSI, '')
    .split('\n')
    .map((line) => line.trim())
  const first = lines[0] ?? ''
  if (/^Missing \d+ required args?\b/.test(first)) {
    const names = (error.args ?? []).map((a) => a.name).filter((n): n is string => Boolean(n))
    return names.length > 0
      ? `missing argument${names.length > 1 ? 's' : ''} ${names.map((n) => n.toUpperCase()).join(', ')}`
      : 'missing a required argument'
  }
  if (/^The following errors? occurred:/.test(first)) {
    const reasons = lines.slice(1).filter((line) => line !== '' && !line.startsWith('See more help'))
    if (reasons.length > 0) return reasons.map(clause).join('; ')
  }
  return first.replace(/:$/, '')
}
