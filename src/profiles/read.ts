import {isAscii} from 'node:buffer'
import type {Signature, TrustAnchors} from './cms.js'
import {type Directives, readDirectives} from './directives.js'
import type {PlistValue} from './model.js'
import {LimitExceeded} from './limits.js'
import {LineIndex, parseXmlPlist, PlistLimitError, PlistSyntaxError, type Positions} from './plist-xml.js'
import {isRuleId} from './rules.js'

/** A profile as read from disk: its plist value and what we know about where it came from. */
export interface ProfileDocument {
  encoding: 'xml' | 'binary'
  value: PlistValue
  signature?: Signature
  /** XML only: where keys start, and the text's line index, so findings can name lines. */
  positions?: Positions
  lines?: LineIndex
  /** XML only: the text, for what is read from it only when needed (where the root element starts). */
  text?: string
  /** XML only: the pppc-disable comments, when there are any. */
  directives?: Directives
  duplicateKeys: {owner: object; key: string; offset: number}[]
}

/** Why a file could not be read as a property list: a finding of rule PPPC001, PPPC002 or PPPC004 at a position. */
export interface ReadFailure {
  rule: 'PPPC001' | 'PPPC002' | 'PPPC008'
  message: string
  line?: number
  column?: number
  signature?: Signature
}

export type ReadResult = {ok: true; document: ProfileDocument} | {ok: false; failure: ReadFailure}

const BPLIST = Buffer.from('bplist00')

/** DER SEQUENCE with a definite or indefinite length: how every CMS envelope begins. */
function looksLikeDer(bytes: Buffer): boolean {
  return (
    bytes.length > 16 &&
    bytes[0] === 0x30 &&
    (bytes[1] === 0x80 || (bytes[1]! >= 0x81 && bytes[1]! <= 0x84) || bytes[1]! < 0x80)
  )
}

/** ISO-8859-1 by its IANA names and aliases: decoded byte for byte, as CoreFoundation's kCFStringEncodingISOLatin1. */
const LATIN1 = new Set([
  'iso-8859-1',
  'iso_8859-1',
  'iso8859-1',
  'latin1',
  'l1',
  'iso-ir-100',
  'cp819',
  'ibm819',
  'csisolatin1',
])
const ASCII = new Set(['us-ascii', 'ascii', 'iso646-us', 'csascii'])

/**
 * The text of an XML plist, decoded as CoreFoundation decides (encodingForXMLData in CFPropertyList.c): a byte order
 * mark or a zero byte among the first two means UTF-16; otherwise the XML declaration's encoding, UTF-8 when it names
 * none. ISO-8859-1 (Latin-1) is decoded byte for byte; a declared encoding pppc cannot decode is refused, not guessed.
 */
/** UTF-8 text; a file of ASCII alone (most profiles) is copied as it is, which is faster than decoding it. */
function utf8(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')
}

export function decodeText(bytes: Buffer): {text: string} | {problem: string} {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return {text: bytes.subarray(2).toString('utf16le')}
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return {text: Buffer.from(bytes.subarray(2)).swap16().toString('utf16le')}
  if (bytes.length > 2 && (bytes[0] === 0 || bytes[1] === 0)) {
    const even = bytes.subarray(0, bytes.length - (bytes.length % 2))
    return {text: bytes[0] === 0 ? Buffer.from(even).swap16().toString('utf16le') : even.toString('utf16le')}
  }
  if (bytes.subarray(0, 5).toString('latin1') !== '<?xml') return {text: utf8(bytes)}
  const end = bytes.indexOf('?>')
  const declaration = bytes.subarray(0, end < 0 ? Math.min(bytes.length, 200) : end).toString('latin1')
  const label = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(declaration)?.[2]?.trim().toLowerCase()
  if (label === undefined || label === 'utf-8' || label === 'utf8') return {text: utf8(bytes)}
  if (LATIN1.has(label) || ASCII.has(label)) return {text: bytes.toString('latin1')}
  if (label.startsWith('utf-16') || label.startsWith('ucs-2'))
    return {problem: `the XML declaration says ${label}, but the file is written in 8-bit characters`}
  try {
    return {text: new TextDecoder(label, {fatal: true}).decode(bytes)}
  } catch {
    return {problem: `the XML declaration names the encoding "${label.slice(0, 40)}", which pppc cannot decode`}
  }
}

function excerpt(text: string, line: number, column: number): string {
  const lineText = text.split('\n', line)[line - 1] ?? ''
  const start = Math.max(0, column - 30)
  return lineText.slice(start, start + 60).trim()
}

const rootOffsets = new WeakMap<ProfileDocument, number | undefined>()

/** XML only: where the root element (the profile's <dict>) starts, for findings about keys it lacks; read once. */
export function rootOffsetOf(document: ProfileDocument): number | undefined {
  if (document.text === undefined) return undefined
  if (!rootOffsets.has(document)) rootOffsets.set(document, rootElementOffset(document.text))
  return rootOffsets.get(document)
}

/** Where the root element starts: after the XML declaration, comments, the DOCTYPE and the <plist> tag. */
function rootElementOffset(text: string): number | undefined {
  const skip = (from: number, close: string): number => {
    const at = text.indexOf(close, from)
    return at < 0 ? -1 : at + close.length
  }
  let i = 0
  while (i >= 0) {
    while (i < text.length && /\s|\uFEFF/.test(text[i]!)) i++
    if (text.startsWith('<?', i)) i = skip(i, '?>')
    else if (text.startsWith('<!--', i)) i = skip(i, '-->')
    else if (text.startsWith('<!DOCTYPE', i)) {
      const subset = text.indexOf('[', i)
      i = subset >= 0 && subset < text.indexOf('>', i) ? skip(subset, ']>') : skip(i, '>')
    } else if (text.startsWith('<plist', i)) i = skip(i, '>')
    else return text[i] === '<' ? i : undefined
  }
  return undefined
}

/**
 * Buffers read by pppc itself from a file (read-file.ts), owned by nobody else: their memory is handed back as soon as
 * the text is decoded, so a large profile is not held twice (bytes and text) while it is parsed and checked.
 */
const releasable = new WeakSet<Buffer>()

/** Below this size handing the memory back early saves nothing worth a transfer per file (most profiles are a few KB). */
const RELEASE_FROM = 1024 * 1024

export function releaseAfterDecoding(bytes: Buffer): Buffer {
  // Only a large buffer with its own memory: one that shares a pool or a larger allocation is left alone.
  if (bytes.byteLength >= RELEASE_FROM && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength)
    releasable.add(bytes)
  return bytes
}

function release(bytes: Buffer): void {
  if (!releasable.has(bytes)) return
  releasable.delete(bytes)
  // Transferring the memory detaches it from `bytes` (which becomes empty) and lets it go with the unused clone.
  structuredClone(bytes.buffer, {transfer: [bytes.buffer as ArrayBuffer]})
}

async function readContent(bytes: Buffer, signature?: Signature): Promise<ReadResult> {
  if (bytes.subarray(0, 8).equals(BPLIST)) {
    const {parseBinaryPlist} = await import('./plist-binary.js')
    try {
      return {
        ok: true,
        document: {
          encoding: 'binary',
          value: parseBinaryPlist(bytes),
          duplicateKeys: [],
          ...(signature ? {signature} : {}),
        },
      }
    } catch (error) {
      if (error instanceof LimitExceeded)
        return {ok: false, failure: {rule: 'PPPC008', message: error.message, ...(signature ? {signature} : {})}}
      return {
        ok: false,
        failure: {
          rule: 'PPPC001',
          message: `a damaged binary property list (${(error as Error).message.split('\n')[0]})`,
          ...(signature ? {signature} : {}),
        },
      }
    }
  }
  const decoded = decodeText(bytes)
  const empty = bytes.length === 0
  release(bytes)
  if ('problem' in decoded)
    return {
      ok: false,
      failure: {
        rule: 'PPPC002',
        message: `${decoded.problem}; save it as UTF-8`,
        line: 1,
        column: 1,
        ...(signature ? {signature} : {}),
      },
    }
  const text = decoded.text
  const start = text.replace(/^\uFEFF/, '').trimStart()
  if (!start.startsWith('<')) {
    const what = empty
      ? 'the file is empty'
      : /[\x00-\x08\x0e-\x1f]/.test(text.slice(0, 512))
        ? 'binary data that is neither a binary plist nor a signed profile'
        : 'text that is not XML'
    return {
      ok: false,
      failure: {rule: 'PPPC001', message: `not a property list: ${what}`, ...(signature ? {signature} : {})},
    }
  }
  try {
    const parsed = parseXmlPlist(text)
    const lines = new LineIndex(text)
    const directives = readDirectives(text, lines, isRuleId)
    return {
      ok: true,
      document: {
        encoding: 'xml',
        value: parsed.value,
        positions: parsed.positions,
        lines,
        text,
        ...(directives ? {directives} : {}),
        duplicateKeys: parsed.duplicateKeys,
        ...(signature ? {signature} : {}),
      },
    }
  } catch (error) {
    if (!(error instanceof PlistSyntaxError)) throw error
    if (error instanceof PlistLimitError) {
      const {line, column} = new LineIndex(text).at(error.offset)
      return {
        ok: false,
        failure: {rule: 'PPPC008', message: error.message, line, column, ...(signature ? {signature} : {})},
      }
    }
    // Well-formedness errors come from an XML validator, so the line and column match what XML tools report;
    // a well-formed file that is not a plist gets our reader's own position.
    const {XMLValidator} = await import('fast-xml-parser')
    const xml = XMLValidator.validate(text, {allowBooleanAttributes: true})
    if (xml !== true && xml.err.msg.startsWith("Invalid '[")) {
      // The validator's way of saying tags are still open at the end: the file was cut short.
      const open = xml.err.msg.match(/"([^"]+)"/g)?.map((t) => `<${t.slice(1, -1)}>`) ?? []
      const {line, column} = new LineIndex(text).at(text.length)
      return {
        ok: false,
        failure: {
          rule: 'PPPC002',
          message: `the file ends with ${open.slice(-3).join(', ')}${open.length > 3 ? ' and others' : ''} still open (truncated?)`,
          line,
          column,
          ...(signature ? {signature} : {}),
        },
      }
    }
    if (xml !== true) {
      const {line, col, msg} = xml.err
      return {
        ok: false,
        failure: {
          rule: 'PPPC002',
          message: `${msg.replace(/\.$/, '')} (near "${excerpt(text, line, col)}")`,
          line,
          column: col,
          ...(signature ? {signature} : {}),
        },
      }
    }
    const {line, column} = new LineIndex(text).at(error.offset)
    return {
      ok: false,
      failure: {
        rule: 'PPPC002',
        message: `${error.message} (near "${excerpt(text, line, column)}")`,
        line,
        column,
        ...(signature ? {signature} : {}),
      },
    }
  }
}

/** Reads profile bytes: XML, binary, or a CMS-signed envelope around either. Never throws on bad content. */
export async function readProfile(bytes: Buffer, options: {trustAnchors?: TrustAnchors} = {}): Promise<ReadResult> {
  if (looksLikeDer(bytes) && !bytes.subarray(0, 8).equals(BPLIST)) {
    const {unwrapSignedProfile, NotSignedData} = await import('./cms.js')
    try {
      const {content, signature} = await unwrapSignedProfile(bytes, options.trustAnchors)
      return readContent(content, signature)
    } catch (error) {
      if (error instanceof NotSignedData)
        return {
          ok: false,
          failure: {
            rule: 'PPPC001',
            message: `DER data that is not a valid signed profile: ${error.message} (damaged in transfer, e.g. by a line-ending conversion?)`,
          },
        }
      return {
        ok: false,
        failure: {rule: 'PPPC001', message: `a damaged signed profile (${(error as Error).message.split('\n')[0]})`},
      }
    }
  }
  return readContent(bytes)
}
