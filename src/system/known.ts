import type {Unreadable} from './mac.js'

/** A fact read from a Mac, or why it is not known: not readable, not in the snapshot, or output pppc could not read. */
export type Known<T> = {status: 'ok'; value: T} | {status: Unreadable | 'unparsable'; message: string}

/** The value of a fact, when it is known. */
export function valueOf<T>(known: Known<T>): T | undefined {
  return known.status === 'ok' ? known.value : undefined
}
