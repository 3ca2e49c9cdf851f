/** Reading designated requirements (the `CodeRequirement` of a PPPC entry) as text. */

/** The requirement in `codesign -dr -` output: the text after `designated => `. */
export function designatedFromCodesign(output: string): string | undefined {
  const line = output.split(/\r?\n/).find((l) => l.startsWith('designated => '))
  return line?.slice('designated => '.length).trim() || undefined
}

/** The `identifier "..."` a requirement pins, if any. */
export function requirementIdentifier(requirement: string): string | undefined {
  return (
    /\bidentifier\s+"((?:[^"\\]|\\.)*)"/.exec(requirement)?.[1] ?? /\bidentifier\s+([\w.-]+)/.exec(requirement)?.[1]
  )
}

/** The Team ID a requirement pins through `certificate leaf[subject.OU] = X`, if any. */
export function requirementTeamId(requirement: string): string | undefined {
  return /subject\.OU\]\s*=\s*"?([A-Z0-9]{10})"?/.exec(requirement)?.[1]
}

/** `key=value` lines of `codesign -dv` (Identifier, TeamIdentifier, Authority, ...); repeated keys keep the first. */
export function codesignFields(output: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of output.split(/\r?\n/)) {
    const eq = line.indexOf('=')
    if (eq <= 0) continue
    const key = line.slice(0, eq)
    if (!/^[A-Za-z][\w-]*$/.test(key) || key in fields) continue
    fields[key] = line.slice(eq + 1).trim()
  }
  return fields
}
