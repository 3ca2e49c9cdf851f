import {Secrets} from './secrets.js'

/** The environment variables that hold credentials pppc reads. */
export const CREDENTIAL_VARIABLES = ['JAMF_CLIENT_SECRET', 'JAMF_PASSWORD', 'KANDJI_API_TOKEN'] as const

const URL_QUERY = /(\bhttps?:\/\/[^\s'"?#]*)[?#][^\s'"]*/gi
const URL_USER = /(\bhttps?:\/\/)[^\s/@'"]*@/gi

/** Text for a debug log: credential values (every encoding), URL queries and URL users and passwords masked. */
export function redactForDebug(text: string, secrets: Secrets): string {
  return secrets.redact(text.replace(URL_QUERY, '$1?[redacted]').replace(URL_USER, '$1[redacted]@'))
}

/**
 * With DEBUG set, oclif logs the whole command line (process.argv) to stderr before any command runs, so a credential
 * typed into a flag, or a --url with a token in its query, would be printed. bin/run.js calls this first, only when
 * DEBUG is set: every later write to stderr goes through redactForDebug.
 */
export function redactDebugOutput(
  env: NodeJS.ProcessEnv = process.env,
  stream: NodeJS.WriteStream = process.stderr,
): void {
  const secrets = new Secrets()
  for (const name of CREDENTIAL_VARIABLES) secrets.add(env[name])
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : chunk
    return write(typeof text === 'string' ? redactForDebug(text, secrets) : text, ...rest)
  }) as typeof stream.write
}
