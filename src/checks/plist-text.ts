import {XMLValidator} from 'fast-xml-parser'
import {parse} from 'plist'

/**
 * An XML property list as a value, or undefined when the text is not one. The XML is checked first because the
 * plist package's parser prints its complaints about broken XML on stderr, where a report has no place for them.
 */
export function parseXmlPlist(text: string): unknown {
  if (XMLValidator.validate(text) !== true) return undefined
  try {
    return parse(text)
  } catch {
    return undefined
  }
}
