import {readFile} from 'node:fs/promises'
import {PppcError} from '../errors.js'
import type {ProfileDocument} from '../profiles/read.js'

/**
 * A profile file the user named, read for a command that needs its content (import, diff, sign): unreadable bytes
 * or a file that is not a profile are the user's input error (exit 2), with what `pppc validate` would say.
 */
export async function readProfileFile(path: string): Promise<{bytes: Buffer; document: ProfileDocument}> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new PppcError(`cannot read ${path} (${error.code ?? error.message})`)
  })
  const {readProfile} = await import('../profiles/read.js')
  const read = await readProfile(bytes)
  if (!read.ok) {
    const where = read.failure.line ? ` at line ${read.failure.line}, column ${read.failure.column}` : ''
    throw new PppcError(`${path} is not readable as a profile${where}: ${read.failure.message}`, {
      hint: 'run pppc validate on it for details',
    })
  }
  return {bytes, document: read.document}
}
