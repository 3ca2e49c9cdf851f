import type {ProfileMdm} from '../profiles/mdm.js'
import {PppcError, isPppcError} from '../errors.js'
import {DryRunTransport, defaultPolicy, fetchTransport, requireSafeUrl, type Clock, type Transport} from './http.js'
import type {JamfClient} from './jamf.js'
import type {KandjiClient} from './kandji.js'
import {Secrets} from './secrets.js'

/** The MDMs pppc uploads to: the profile MDMs of the house's one MDM type. */
export type Mdm = ProfileMdm

/**
 * One session with an MDM: its secrets (so that every message is redacted), and a client made on `open()` from the
 * URL and the credentials in the environment. With `dryRun`, the client talks to a DryRunTransport, which sends
 * nothing and keeps the requests (`dry`).
 */
export interface Connection<C = unknown> {
  secrets: Secrets
  dry: DryRunTransport | undefined
  open(): Promise<{client: C}>
}

/** What every command that talks to an MDM takes: --timeout, a dry run or not, the environment, a clock for tests. */
export interface ConnectOptions {
  env: NodeJS.ProcessEnv
  mode?: 'push' | 'plan' | 'dry-run' | undefined
  timeoutSeconds?: number | undefined
  clock?: Clock | undefined
}

function transportOf(
  connection: Connection,
  options: ConnectOptions,
  answer: ConstructorParameters<typeof DryRunTransport>[0],
): Transport {
  if (options.mode !== 'dry-run') return fetchTransport
  connection.dry = new DryRunTransport(answer)
  return connection.dry
}

export function connectJamf(options: ConnectOptions & {url: string}): Connection<JamfClient> {
  const connection: Connection<JamfClient> = {
    secrets: new Secrets(),
    dry: undefined,
    async open() {
      const base = requireSafeUrl(options.url, '--url')
      const {JamfClient, jamfCredentialsFromEnv, jamfDryRunAnswer} = await import('./jamf.js')
      const credentials = jamfCredentialsFromEnv(options.env, connection.secrets)
      const transport = transportOf(connection, options, jamfDryRunAnswer)
      const policy = defaultPolicy({timeoutSeconds: options.timeoutSeconds, clock: options.clock})
      return {client: new JamfClient(base, credentials, transport, policy, connection.secrets)}
    },
  }
  return connection
}

export function connectKandji(
  options: ConnectOptions & {subdomain?: string | undefined; region: 'us' | 'eu'; apiUrl?: string | undefined},
): Connection<KandjiClient> {
  const connection: Connection<KandjiClient> = {
    secrets: new Secrets(),
    dry: undefined,
    async open() {
      const {KandjiClient, kandjiApiUrl, kandjiDryRunAnswer, kandjiTokenFromEnv} = await import('./kandji.js')
      const base = kandjiApiUrl({
        region: options.region,
        ...(options.subdomain ? {subdomain: options.subdomain} : {}),
        ...(options.apiUrl ? {apiUrl: options.apiUrl} : {}),
      })
      const token = kandjiTokenFromEnv(options.env, connection.secrets)
      const transport = transportOf(connection, options, kandjiDryRunAnswer)
      const policy = defaultPolicy({timeoutSeconds: options.timeoutSeconds, clock: options.clock})
      return {client: new KandjiClient(base, token, transport, policy, connection.secrets)}
    },
  }
  return connection
}

/**
 * Turns any failure into a PppcError whose text went through the redactor: secrets never leave in a message. A
 * failure that is not a PppcError is pppc's own fault: exit 70, the first line of its message only.
 */
export async function guarded<T>(secrets: Secrets, job: () => Promise<T>): Promise<T> {
  try {
    return await job()
  } catch (error) {
    if (isPppcError(error))
      throw new PppcError(secrets.redact(error.problem), {
        ...(error.hint ? {hint: secrets.redact(error.hint)} : {}),
        exitCode: error.exitCode,
        code: error.code,
      })
    throw new PppcError(`unexpected failure: ${secrets.redact((error as Error).message.split('\n')[0] ?? '')}`, {
      hint: 'this is a bug in pppc; please report it with the command that failed (credentials left out)',
      exitCode: 70,
      code: 'PPPC_INTERNAL',
    })
  }
}
