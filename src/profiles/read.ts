import type {Signature} from './cms.js'
import {type Directives, readDirectives} from './directives.js'
import type {PlistValue} from './model.js'
import {LineIndex, parseXmlPlist, PlistSyntaxError, type Positions} from './plist-xml.js'
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
  rule: 'PPPC001' | 'PPPC002'
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

function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le')
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le')
  return bytes.toString('utf8')
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
  const text = decodeText(bytes)
  const start = text.replace(/^\uFEFF/, '').trimStart()
  if (!start.startsWith('<')) {
    const what =
      bytes.length === 0
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
export async function readProfile(bytes: Buffer): Promise<ReadResult> {
  if (looksLikeDer(bytes) && !bytes.subarray(0, 8).equals(BPLIST)) {
    const {unwrapSignedProfile, NotSignedData} = await import('./cms.js')
    try {
      const {content, signature} = await unwrapSignedProfile(bytes)
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
