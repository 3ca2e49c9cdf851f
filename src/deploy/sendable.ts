import {PppcError} from '../errors.js'
import type {PlistValue} from '../profiles/model.js'

/** Keys a JavaScript object cannot hold as data: assigned, `__proto__` sets the prototype and the key is gone. */
const RESERVED_KEYS = new Set(['__proto__'])

/** The years an XML plist <date> (YYYY-MM-DDTHH:MM:SSZ) can write. */
const FIRST_DATE = Date.parse('0001-01-01T00:00:00Z')
const LAST_DATE = Date.parse('9999-12-31T23:59:59Z')

/** Why a value cannot be sent as it is, or undefined when it can. */
function problemWith(value: PlistValue): string | undefined {
  if (value instanceof Date) {
    const time = value.getTime()
    if (Number.isNaN(time) || time < FIRST_DATE || time > LAST_DATE)
      return 'holds a date outside the years 1 to 9999, which a plist <date> cannot write'
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `holds the number ${value}, which a plist cannot carry faithfully`
    if (Number.isInteger(value) && !Number.isSafeInteger(value))
      return `holds the integer ${value}, beyond what pppc can carry exactly (more than 2^53)`
  }
  return undefined
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path === '' ? key : `${path}.${key}`
}

/** Every value that cannot be sent as it is, depth first, with its path (`PayloadContent[0].Services`). */
function* unsendable(value: PlistValue, path: string): Generator<{path: string; problem: string}> {
  const problem = problemWith(value)
  if (problem) yield {path: path || 'the top level', problem}
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* unsendable(value[i]!, join(path, i))
  } else if (typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) {
        yield {
          path: path || 'the top level',
          problem: `has a key named ${key}, which pppc cannot carry (JavaScript reserves it)`,
        }
        continue
      }
      yield* unsendable(value[key]!, join(path, key))
    }
  }
}

/**
 * Refuses, before any request, a profile holding a value pppc would not send as it is: a date no XML plist can write
 * (a binary plist can hold 1e300 seconds), an integer past 2^53 (it would be rounded, and written as 1e+23), a
 * non-finite real, a key named __proto__. The MDM would otherwise get something else than the file says, or the push
 * would fail halfway. Exit 2: the input is the problem.
 */
export function requireSendable(profile: PlistValue, file: string): void {
  const first = unsendable(profile, '').next()
  if (first.done) return
  const {path, problem} = first.value
  throw new PppcError(`${file}: ${path} ${problem}; nothing was sent`, {
    hint: 'fix the value in the profile (pppc validate shows the file as pppc reads it)',
  })
}
