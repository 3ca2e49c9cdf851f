import {PppcError} from '../errors.js'
import {bytesOfData} from './data.js'
import {secondsToTimestamp} from './timestamp.js'
import {type CertificateSlot, KEYWORDS, type Match, MAX_DEPTH, type Requirement, type RequirementData} from './tree.js'

/**
 * Tree to text, in the form `codesign -dr -` and `csreq -t` print: Apple's decompiler (reqdumper.cpp, Security
 * framework) rule by rule, so that the text of a TCC.db blob reads exactly as on the Mac. Parentheses appear only
 * where `or` sits inside `and` or under `!`. Where Apple's printer writes something its own parser cannot read
 * back, this writes the readable form instead:
 * - dates as `timestamp "YYYYMMDDHHMMSSZ"` (Apple prints a CFDate description);
 * - `certificate leaf trusted` (Apple prints `certificate leaftrusted`);
 * - `absent` without Apple's trailing space.
 */
export function formatRequirement(requirement: Requirement): string {
  return expr(requirement, Level.top, 0)
}

/** Apple's syntax levels: a node at a lower level than its operator needs parentheses. */
enum Level {
  primary,
  and,
  or,
  top,
}

function expr(node: Requirement, level: Level, depth: number): string {
  if (depth > MAX_DEPTH)
    throw new PppcError(`the requirement nests more than ${MAX_DEPTH} levels`, {code: 'PPPC_REQUIREMENT'})
  switch (node.kind) {
    case 'always':
      return 'always'
    case 'never':
      return 'never'
    case 'and':
    case 'or': {
      const own = node.kind === 'and' ? Level.and : Level.or
      const text = node.operands.map((o) => expr(o, own, depth + 1)).join(` ${node.kind} `)
      return level < own ? `(${text})` : text
    }
    case 'not':
      return `! ${expr(node.operand, Level.primary, depth + 1)}`
    case 'identifier':
      return `identifier ${data(node.value)}`
    case 'anchor-apple':
      return 'anchor apple'
    case 'anchor-apple-generic':
      return 'anchor apple generic'
    case 'anchor-named':
      return `anchor apple ${data(node.name)}`
    case 'anchor-trusted':
      return 'anchor trusted'
    case 'certificate-trusted':
      return `certificate ${slotName(node.slot)} trusted`
    case 'certificate-hash':
      return `certificate ${slotName(node.slot)} = H"${node.sha1}"`
    case 'certificate-field': {
      const key = node.key.startsWith('subject.') ? data(node.key, true) : node.key
      return `certificate ${slotName(node.slot)}[${key}]${match(node.match)}`
    }
    case 'info':
      return `info[${data(node.key, true)}]${match(node.match)}`
    case 'info-legacy':
      return `info[${data(node.key, true)}] = ${data(node.value)}`
    case 'entitlement':
      return `entitlement[${data(node.key, true)}]${match(node.match)}`
    case 'cdhash':
      return `cdhash H"${node.hash}"`
    case 'platform':
      return `platform = ${node.value}`
    case 'notarized':
      return 'notarized'
    case 'legacy':
      return 'legacy'
    case 'named-code':
      return `(${data(node.name)})`
    case 'unknown-op':
      return node.next
        ? `/* opcode ${node.opcode} skipped */ ${expr(node.next, level, depth + 1)}`
        : `never /* opcode ${node.opcode} */`
  }
}

export function slotName(slot: CertificateSlot): string {
  return slot === -1 ? 'root' : slot === 0 ? 'leaf' : String(slot)
}

function match(m: Match): string {
  switch (m.op) {
    case 'exists':
      return ' /* exists */'
    case 'absent':
      return ' absent'
    case 'equal':
      return ` = ${data(m.value)}`
    case 'contains':
      return ` ~ ${data(m.value)}`
    case 'begins-with':
      return ` = ${data(m.value)}*`
    case 'ends-with':
      return ` = *${data(m.value)}`
    case 'less':
      return ` < ${data(m.value)}`
    case 'greater':
      return ` > ${data(m.value)}`
    case 'less-equal':
      return ` <= ${data(m.value)}`
    case 'greater-equal':
      return ` >= ${data(m.value)}`
    case 'on':
      return ` = ${timestamp(m.time)}`
    case 'before':
      return ` < ${timestamp(m.time)}`
    case 'after':
      return ` > ${timestamp(m.time)}`
    case 'on-or-before':
      return ` <= ${timestamp(m.time)}`
    case 'on-or-after':
      return ` >= ${timestamp(m.time)}`
  }
}

function timestamp(seconds: number): string {
  return `timestamp "${secondsToTimestamp(seconds)}"`
}

/** What Apple's lexer reads as one unquoted word (a DOTKEY). */
const DOTKEY = /^[A-Za-z][A-Za-z0-9]*(?:\.(?:[A-Za-z][A-Za-z0-9]*|[0-9]+))*$/

/**
 * A value as Apple's `Dumper::data` prints it: bare when it is letters and digits (and dots, for keys) not starting
 * with a digit and not a keyword, quoted when it is printable ASCII, `0x…` otherwise. The test is per byte in the C
 * locale, so non-ASCII text prints as hex, as on the Mac.
 */
export function data(value: RequirementData, dotOkay = false): string {
  const bytes = bytesOfData(value)
  let mode: 'simple' | 'printable' | 'binary' = 'simple'
  for (const [n, b] of bytes.entries()) {
    if (isAlnum(b) || (b === 0x2e && dotOkay)) {
      if (n === 0 && b >= 0x30 && b <= 0x39) mode = 'printable'
    } else if ((b >= 0x21 && b <= 0x7e) || b === 0x20 || (b >= 0x09 && b <= 0x0d)) {
      if (mode === 'simple') mode = 'printable'
    } else {
      mode = 'binary'
      break
    }
  }
  const text = Buffer.from(bytes).toString('latin1')
  // Apple's printer leaves `a..b` bare too, which its own lexer cannot read back; this quotes it.
  if (mode === 'simple' && (text === '' || KEYWORDS.has(text) || !DOTKEY.test(text))) mode = 'printable'
  if (mode === 'simple') return text
  if (mode === 'printable') return `"${text.replace(/[\\"]/g, '\\$&')}"`
  return `0x${Buffer.from(bytes).toString('hex')}`
}

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
}
