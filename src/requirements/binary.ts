import {PppcError} from '../errors.js'
import {bytesOfData, bytesOfHex, dataFromBytes, hexOf, textOf} from './data.js'
import {bytesToOid, oidToBytes} from './oid.js'
import {
  DATE_MATCH_CODES,
  EXPRESSION_KIND,
  HEADER_BYTES,
  LIGHTWEIGHT_KIND,
  MATCH,
  OP,
  OP_FLAG_MASK,
  OP_GENERIC_FALSE,
  OP_GENERIC_SKIP,
  REQUIREMENT_MAGIC,
  REQUIREMENT_SET_MAGIC,
  REQUIREMENT_TYPES,
  STRING_MATCH_CODES,
} from './opcodes.js'
import {parseRequirement, type ParseOptions} from './parse.js'
import {fail, ProblemSignal, requirementError, type RequirementProblem} from './problem.js'
import {type DateMatchOp, type Match, MAX_DEPTH, type Requirement, type StringMatchOp} from './tree.js'

/**
 * Apple's compiled requirement (what TCC.db keeps in `csreq` and a code signature keeps in its requirement set):
 * a 12-byte header (magic 0xfade0c00, total length, kind 1) and the expression as prefix opcodes, all big-endian
 * 32-bit words. Numbers and layout: see `opcodes.ts`.
 *
 * The decoder reads untrusted bytes: every length is checked against the buffer, nesting and the number of opcodes
 * are capped, and whatever is wrong comes back as a problem value, never as an exception. The long `and`/`or`
 * chains Apple's compiler builds (left-nested: `and and and a b c d`) are read in a loop, not by recursion, and
 * become one n-ary node, so a blob and its text give the same tree.
 */

export type DecodeResult = {ok: true; requirement: Requirement} | {ok: false; problem: RequirementProblem}

export interface RequirementSetEntry {
  /** `SecRequirementType`: 3 is designated. */
  type: number
  /** designated, host, guest, library, plugin, or the number. */
  name: string
  requirement: Requirement
}

export type DecodeSetResult = {ok: true; requirements: RequirementSetEntry[]} | {ok: false; problem: RequirementProblem}

/** Real blobs are a few hundred bytes; these caps still take whatever the longest text the parser accepts compiles to. */
export const MAX_BLOB_BYTES = 262_144
export const MAX_OPERATIONS = 20_000

export function decodeRequirementBlob(blob: Uint8Array): DecodeResult {
  try {
    const length = checkHeader(blob)
    const reader = new Reader(blob, HEADER_BYTES, length)
    const requirement = reader.expr(0)
    if (reader.pos !== length)
      fail(
        'trailing-bytes',
        reader.pos,
        `${length - reader.pos} bytes follow the end of the expression`,
        'the blob is damaged: read the csreq value again',
      )
    return {ok: true, requirement}
  } catch (error) {
    if (error instanceof ProblemSignal) return {ok: false, problem: error.problem}
    throw error
  }
}

/** A requirement set (magic 0xfade0c01), as `codesign -dr -` reads it from a signature. */
export function decodeRequirementSet(blob: Uint8Array): DecodeSetResult {
  try {
    if (blob.length < HEADER_BYTES) truncated(0)
    const view = viewOf(blob)
    const magic = view.getUint32(0)
    if (magic !== REQUIREMENT_SET_MAGIC)
      fail('bad-magic', 0, `magic 0x${magic.toString(16)} is not a requirement set's (0xfade0c01)`, hintForMagic(magic))
    const length = view.getUint32(4)
    if (length > blob.length || length < HEADER_BYTES) badLength(length, blob.length)
    const count = view.getUint32(8)
    if (count > (length - HEADER_BYTES) / 8)
      fail('bad-length', 8, `the set claims ${count} requirements, more than fit in ${length} bytes`, DAMAGED)
    const requirements: RequirementSetEntry[] = []
    for (let n = 0; n < count; n++) {
      const type = view.getUint32(HEADER_BYTES + 8 * n)
      const offset = view.getUint32(HEADER_BYTES + 8 * n + 4)
      if (offset > length - HEADER_BYTES)
        fail(
          'bad-length',
          HEADER_BYTES + 8 * n + 4,
          `requirement ${n} starts at ${offset}, past the end of the set`,
          DAMAGED,
        )
      const inner = blob.subarray(offset, length)
      const innerLength = checkHeader(inner, offset)
      const decoded = decodeRequirementBlob(inner.subarray(0, innerLength))
      if (!decoded.ok) return {ok: false, problem: {...decoded.problem, offset: decoded.problem.offset + offset}}
      requirements.push({type, name: REQUIREMENT_TYPES[type] ?? String(type), requirement: decoded.requirement})
    }
    return {ok: true, requirements}
  } catch (error) {
    if (error instanceof ProblemSignal) return {ok: false, problem: error.problem}
    throw error
  }
}

const DAMAGED = 'the blob is damaged or cut short: read the csreq value again'

function viewOf(blob: Uint8Array): DataView {
  return new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
}

function truncated(at: number): never {
  fail('truncated', at, 'the blob ends in the middle of a value', DAMAGED)
}

function badLength(claimed: number, actual: number): never {
  fail(
    'bad-length',
    4,
    claimed < HEADER_BYTES
      ? `the blob claims to be ${claimed} bytes long, shorter than its own header`
      : `the blob claims to be ${claimed} bytes long but ${actual} are there`,
    DAMAGED,
  )
}

function hintForMagic(magic: number): string {
  if (magic === REQUIREMENT_SET_MAGIC) return 'this is a requirement set, as in a code signature: decode it as a set'
  if (magic === REQUIREMENT_MAGIC) return 'this is a single requirement: decode it as one'
  return 'a compiled requirement starts with fade0c00: check that this is the csreq column'
}

/** Checks magic, length and kind; returns the blob's own length. */
function checkHeader(blob: Uint8Array, base = 0): number {
  if (blob.length < HEADER_BYTES) truncated(base)
  const view = viewOf(blob)
  const magic = view.getUint32(0)
  if (magic !== REQUIREMENT_MAGIC)
    fail(
      'bad-magic',
      base,
      `magic 0x${magic.toString(16).padStart(8, '0')} is not a code requirement's (0xfade0c00)`,
      hintForMagic(magic),
    )
  const length = view.getUint32(4)
  if (length > blob.length || length < HEADER_BYTES) badLength(length, blob.length)
  if (length > MAX_BLOB_BYTES)
    fail('too-long', base + 4, `the blob is ${length} bytes long, more than the ${MAX_BLOB_BYTES} allowed`, DAMAGED)
  const kind = view.getUint32(8)
  if (kind === LIGHTWEIGHT_KIND)
    fail(
      'unsupported-kind',
      base + 8,
      'this is a lightweight code requirement (kind 2, DER), not a requirement expression',
      'decode it with a DER reader; it has no requirement-language text',
    )
  if (kind !== EXPRESSION_KIND)
    fail('unsupported-kind', base + 8, `requirement kind ${kind} is unknown (1 is an expression)`, DAMAGED)
  return length
}

class Reader {
  private readonly view: DataView
  private operations = 0

  constructor(
    private readonly blob: Uint8Array,
    public pos: number,
    private readonly end: number,
  ) {
    this.view = viewOf(blob)
  }

  private need(bytes: number): void {
    if (bytes > this.end - this.pos) truncated(this.pos)
  }

  private u32(): number {
    this.need(4)
    const value = this.view.getUint32(this.pos)
    this.pos += 4
    return value
  }

  private i32(): number {
    this.need(4)
    const value = this.view.getInt32(this.pos)
    this.pos += 4
    return value
  }

  private i64(): number {
    this.need(8)
    const at = this.pos
    const value = this.view.getBigInt64(this.pos)
    this.pos += 8
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
      fail('bad-timestamp', at, `the time ${value} is out of range`, DAMAGED)
    return Number(value)
  }

  /** A length word and that many bytes, padded to 4. */
  private bytes(): Uint8Array {
    const at = this.pos
    const length = this.u32()
    const padded = length + ((4 - (length % 4)) % 4)
    if (padded > this.end - this.pos)
      fail('bad-length', at, `a value of ${length} bytes runs past the end of the blob`, DAMAGED)
    const value = this.blob.subarray(this.pos, this.pos + length)
    this.pos += padded
    return value
  }

  private text(what: string): string {
    const at = this.pos
    const text = textOf(this.bytes())
    if (text === undefined) fail('not-text', at, `the ${what} is not UTF-8 text`, DAMAGED)
    return text
  }

  private oid(prefix: string): string {
    const at = this.pos
    const oid = bytesToOid(this.bytes())
    if (oid === undefined) fail('bad-oid', at, 'a certificate field holds a malformed object identifier', DAMAGED)
    return `${prefix}${oid}`
  }

  private counted(at: number): void {
    if (++this.operations > MAX_OPERATIONS)
      fail('too-many-operations', at, `the blob holds more than ${MAX_OPERATIONS} operations`, DAMAGED)
  }

  expr(depth: number): Requirement {
    const at = this.pos
    if (depth >= MAX_DEPTH) fail('too-deep', at, `the expression nests more than ${MAX_DEPTH} levels`, DAMAGED)
    const op = this.u32()
    this.counted(at)
    const code = (op & ~OP_FLAG_MASK) >>> 0
    switch (code) {
      case OP.false:
        return {kind: 'never'}
      case OP.true:
        return {kind: 'always'}
      case OP.ident:
        return {kind: 'identifier', value: this.text('identifier')}
      case OP.appleAnchor:
        return {kind: 'anchor-apple'}
      case OP.appleGenericAnchor:
        return {kind: 'anchor-apple-generic'}
      case OP.anchorHash: {
        const slot = this.i32()
        const hashAt = this.pos
        const sha1 = this.bytes()
        if (sha1.length !== 20)
          fail('bad-hash', hashAt, `a certificate hash of ${sha1.length} bytes; a SHA-1 has 20`, DAMAGED)
        return {kind: 'certificate-hash', slot, sha1: hexOf(sha1)}
      }
      case OP.infoKeyValue: {
        const key = this.text('Info.plist key')
        return {kind: 'info-legacy', key, value: dataFromBytes(this.bytes())}
      }
      case OP.and:
      case OP.or:
        return this.chain(code, depth)
      case OP.cdHash:
        return {kind: 'cdhash', hash: hexOf(this.bytes())}
      case OP.not:
        return {kind: 'not', operand: this.expr(depth + 1)}
      case OP.infoKeyField: {
        const key = this.text('Info.plist key')
        return {kind: 'info', key, match: this.match()}
      }
      case OP.entitlementField: {
        const key = this.text('entitlement key')
        return {kind: 'entitlement', key, match: this.match()}
      }
      case OP.certField: {
        const slot = this.i32()
        const key = this.text('certificate field')
        return {kind: 'certificate-field', slot, key, match: this.match()}
      }
      case OP.certGeneric:
      case OP.certPolicy:
      case OP.certFieldDate: {
        const slot = this.i32()
        const prefix = code === OP.certGeneric ? 'field.' : code === OP.certPolicy ? 'policy.' : 'timestamp.'
        const key = this.oid(prefix)
        return {kind: 'certificate-field', slot, key, match: this.match()}
      }
      case OP.trustedCert:
        return {kind: 'certificate-trusted', slot: this.i32()}
      case OP.trustedCerts:
        return {kind: 'anchor-trusted'}
      case OP.namedAnchor:
        return {kind: 'anchor-named', name: this.text('anchor name')}
      case OP.namedCode:
        return {kind: 'named-code', name: this.text('requirement name')}
      case OP.platform:
        return {kind: 'platform', value: this.i32()}
      case OP.notarized:
        return {kind: 'notarized'}
      case OP.legacyDevID:
        return {kind: 'legacy'}
      default:
        return this.unknown(op, code, at, depth)
    }
  }

  /** `and and and a b c d` is `((a and b) and c) and d`: count the run of one operator, then read its operands. */
  private chain(code: number, depth: number): Requirement {
    let count = 1
    while (this.end - this.pos >= 4 && (this.view.getUint32(this.pos) & ~OP_FLAG_MASK) >>> 0 === code) {
      this.counted(this.pos)
      this.pos += 4
      count++
    }
    const operands = [this.expr(depth + 1)]
    for (let n = 0; n < count; n++) operands.push(this.expr(depth + 1))
    return {kind: code === OP.and ? 'and' : 'or', operands}
  }

  private unknown(op: number, code: number, at: number, depth: number): Requirement {
    const skip = (op & OP_GENERIC_SKIP) !== 0
    if (!skip && (op & OP_GENERIC_FALSE) === 0)
      fail(
        'unknown-opcode',
        at,
        `opcode ${code} is unknown and not marked as safe to pass over`,
        'the requirement comes from a newer macOS, or the blob is damaged',
      )
    const length = this.u32()
    this.need(length)
    const payload = hexOf(this.blob.subarray(this.pos, this.pos + length))
    this.pos += length
    const node: Requirement = {kind: 'unknown-op', opcode: code, skip, payload}
    return skip ? {...node, next: this.expr(depth + 1)} : node
  }

  private match(): Match {
    const at = this.pos
    const code = this.u32()
    if (code === MATCH.exists) return {op: 'exists'}
    if (code === MATCH.absent) return {op: 'absent'}
    const stringOp = STRING_OPS.get(code)
    if (stringOp) return {op: stringOp, value: dataFromBytes(this.bytes())}
    const dateOp = DATE_OPS.get(code)
    if (dateOp) return {op: dateOp, time: this.i64()}
    fail(
      'unknown-match',
      at,
      `match operation ${code} is unknown`,
      'the requirement comes from a newer macOS, or the blob is damaged',
    )
  }
}

const STRING_OPS = new Map(Object.entries(STRING_MATCH_CODES).map(([op, code]) => [code, op as StringMatchOp]))
const DATE_OPS = new Map(Object.entries(DATE_MATCH_CODES).map(([op, code]) => [code, op as DateMatchOp]))

// Encoding

/**
 * Tree to blob, byte for byte what Apple's compiler makes of the same text. Throws PppcError for a tree no text
 * could produce (a hash that is not 40 hex digits, an OID that is not dotted numbers, an empty `and`).
 */
export function encodeRequirement(requirement: Requirement): Buffer {
  const writer = new Writer()
  writer.u32(REQUIREMENT_MAGIC)
  writer.u32(0)
  writer.u32(EXPRESSION_KIND)
  encodeNode(writer, requirement, 0)
  const blob = writer.done()
  blob.writeUInt32BE(blob.length, 4)
  return blob
}

/** Text to blob (parse, then encode): for fixture builders that write real `csreq` values. */
export function encodeRequirementText(text: string, options: ParseOptions = {}): Buffer {
  const parsed = parseRequirement(text, options)
  if (!parsed.ok) throw requirementError(parsed.problem)
  return encodeRequirement(parsed.requirement)
}

function invalid(message: string): never {
  throw new PppcError(`cannot encode the requirement: ${message}`, {code: 'PPPC_REQUIREMENT'})
}

class Writer {
  private readonly chunks: Buffer[] = []

  u32(value: number): void {
    const b = Buffer.alloc(4)
    b.writeUInt32BE(value >>> 0)
    this.chunks.push(b)
  }

  i32(value: number): void {
    if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) invalid(`${value} is not a 32-bit integer`)
    const b = Buffer.alloc(4)
    b.writeInt32BE(value)
    this.chunks.push(b)
  }

  i64(value: number): void {
    if (!Number.isSafeInteger(value)) invalid(`${value} is not a whole number of seconds`)
    const b = Buffer.alloc(8)
    b.writeBigInt64BE(BigInt(value))
    this.chunks.push(b)
  }

  data(bytes: Uint8Array): void {
    this.u32(bytes.length)
    this.chunks.push(Buffer.from(bytes), Buffer.alloc((4 - (bytes.length % 4)) % 4))
  }

  raw(bytes: Uint8Array): void {
    this.chunks.push(Buffer.from(bytes))
  }

  done(): Buffer {
    return Buffer.concat(this.chunks)
  }
}

const encoder = new TextEncoder()

function hexBytes(hex: string, what: string, length?: number): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex) || (length !== undefined && hex.length !== 2 * length))
    invalid(`${what} "${hex.slice(0, 50)}" is not ${length ?? 'whole'} bytes of hex`)
  return bytesOfHex(hex)
}

function encodeNode(w: Writer, node: Requirement, depth: number): void {
  if (depth > MAX_DEPTH) invalid(`it nests more than ${MAX_DEPTH} levels`)
  switch (node.kind) {
    case 'always':
      return w.u32(OP.true)
    case 'never':
      return w.u32(OP.false)
    case 'and':
    case 'or': {
      if (node.operands.length === 0) invalid(`an empty ${node.kind}`)
      for (let n = 1; n < node.operands.length; n++) w.u32(node.kind === 'and' ? OP.and : OP.or)
      for (const operand of node.operands) encodeNode(w, operand, depth + 1)
      return
    }
    case 'not':
      w.u32(OP.not)
      return encodeNode(w, node.operand, depth + 1)
    case 'identifier':
      w.u32(OP.ident)
      return w.data(encoder.encode(node.value))
    case 'anchor-apple':
      return w.u32(OP.appleAnchor)
    case 'anchor-apple-generic':
      return w.u32(OP.appleGenericAnchor)
    case 'anchor-named':
      w.u32(OP.namedAnchor)
      return w.data(encoder.encode(node.name))
    case 'anchor-trusted':
      return w.u32(OP.trustedCerts)
    case 'certificate-trusted':
      w.u32(OP.trustedCert)
      return w.i32(node.slot)
    case 'certificate-hash':
      w.u32(OP.anchorHash)
      w.i32(node.slot)
      return w.data(hexBytes(node.sha1, 'the certificate hash', 20))
    case 'certificate-field':
      return encodeCertificateField(w, node.slot, node.key, node.match)
    case 'info':
      w.u32(OP.infoKeyField)
      w.data(encoder.encode(node.key))
      return encodeMatch(w, node.match)
    case 'info-legacy':
      w.u32(OP.infoKeyValue)
      w.data(encoder.encode(node.key))
      return w.data(bytesOfData(node.value))
    case 'entitlement':
      w.u32(OP.entitlementField)
      w.data(encoder.encode(node.key))
      return encodeMatch(w, node.match)
    case 'cdhash':
      w.u32(OP.cdHash)
      return w.data(hexBytes(node.hash, 'the cdhash'))
    case 'platform':
      w.u32(OP.platform)
      return w.i32(node.value)
    case 'notarized':
      return w.u32(OP.notarized)
    case 'legacy':
      return w.u32(OP.legacyDevID)
    case 'named-code':
      w.u32(OP.namedCode)
      return w.data(encoder.encode(node.name))
    case 'unknown-op': {
      w.u32((node.opcode | (node.skip ? OP_GENERIC_SKIP : OP_GENERIC_FALSE)) >>> 0)
      const payload = hexBytes(node.payload, 'the payload')
      w.u32(payload.length)
      w.raw(payload)
      if (node.skip) {
        if (!node.next) invalid(`opcode ${node.opcode} is marked skip but has nothing after it`)
        encodeNode(w, node.next, depth + 1)
      }
      return
    }
  }
}

/** The key's prefix picks the opcode, as the grammar's `certMatchOperation` does. */
const OID_KEYS = [
  ['field.', OP.certGeneric],
  ['extension.', OP.certGeneric],
  ['policy.', OP.certPolicy],
  ['timestamp.', OP.certFieldDate],
] as const

function encodeCertificateField(w: Writer, slot: number, key: string, match: Match): void {
  const oidKey = OID_KEYS.find(([prefix]) => key.startsWith(prefix))
  if (oidKey) {
    const oid = key.slice(oidKey[0].length)
    const bytes = oidToBytes(oid)
    if (!bytes) invalid(`${key} does not end in a dotted object identifier`)
    w.u32(oidKey[1])
    w.i32(slot)
    w.data(Uint8Array.from(bytes))
  } else {
    w.u32(OP.certField)
    w.i32(slot)
    w.data(encoder.encode(key))
  }
  encodeMatch(w, match)
}

function encodeMatch(w: Writer, match: Match): void {
  switch (match.op) {
    case 'exists':
      return w.u32(MATCH.exists)
    case 'absent':
      return w.u32(MATCH.absent)
    case 'on':
    case 'before':
    case 'after':
    case 'on-or-before':
    case 'on-or-after':
      w.u32(DATE_MATCH_CODES[match.op])
      return w.i64(match.time)
    default:
      w.u32(STRING_MATCH_CODES[match.op])
      return w.data(bytesOfData(match.value))
  }
}
