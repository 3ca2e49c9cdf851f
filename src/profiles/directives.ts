import type {LineIndex} from './plist-xml.js'

/**
 * Comments in an XML profile that turn rules off where the author has decided, as linters allow:
 *
 *   <!-- pppc-disable-next-line PPPC013 PPPC020 -- the MDM rewrites the identifier -->
 *   <!-- pppc-disable-file PPPC048 -->
 *
 * `pppc-disable-next-line` applies to findings on the line after the comment's end; `pppc-disable-file` to the whole
 * file. Rule ids are separated by spaces or commas; none means every rule. Text after ` -- ` is a reason, for readers.
 */
export interface Directives {
  /** Rules off for the whole file; `all` when a directive names none. */
  file: Set<string> | 'all' | undefined
  /** Rules off per line (1-based). */
  lines: Map<number, Set<string> | 'all'>
  /** Ids that are not rules, with the line of their comment, for a finding. */
  unknown: {id: string; line: number}[]
}

const DIRECTIVE = /<!--\s*pppc-disable-(next-line|file)\b([\s\S]*?)-->/g

export function readDirectives(
  text: string,
  lines: LineIndex,
  isRule: (id: string) => boolean,
): Directives | undefined {
  if (!text.includes('pppc-disable')) return undefined
  const found: Directives = {file: undefined, lines: new Map(), unknown: []}
  for (const match of text.matchAll(DIRECTIVE)) {
    const [whole, kind, rest = ''] = match
    const end = lines.at(match.index + whole.length - 1).line
    const ids = rest.split(/\s--\s/)[0]!.trim()
    const listed = ids === '' ? [] : ids.split(/[\s,]+/).filter(Boolean)
    for (const id of listed) if (!isRule(id)) found.unknown.push({id, line: end})
    const rules: Set<string> | 'all' = listed.length === 0 ? 'all' : new Set(listed)
    if (kind === 'file') found.file = merge(found.file, rules)
    else found.lines.set(end + 1, merge(found.lines.get(end + 1), rules))
  }
  return found
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all'
  return a ? new Set([...a, ...b]) : b
}

/** Is a finding of this rule on this line turned off by a comment? */
export function disabled(directives: Directives, rule: string, line: number | undefined): boolean {
  const covers = (set: Set<string> | 'all' | undefined): boolean => set === 'all' || (set?.has(rule) ?? false)
  return covers(directives.file) || (line !== undefined && covers(directives.lines.get(line)))
}
