import type {Os, SourceId} from './vocabulary.js'

/**
 * How a BeyondTrust portal configures the customer client, as the two onboarding documents show it: the same client,
 * set up two ways (a "portal profile"). The steps are conditioned on these traits, never on the configuration's name,
 * so a third configuration is a new row here.
 */
export type ClientConfigId = 'permissions-upfront' | 'access-on-request'

export interface ClientTraits {
  /** The agreement: a dot next to "I have read and agree…" and OK, or "Full Terms & Conditions", a waiver and ACCEPT. */
  agreement: 'agree-and-ok' | 'terms-and-accept'
  /**
   * When the client asks for macOS permissions: all at once in its Action Required window after the agreement, or
   * one at a time, when the technician first needs each (the Access Request window, then macOS's own request).
   */
  permissions: 'action-required-window' | 'on-request'
  /** What the technician sees: the whole screen, or only the applications the user picks in Choose Applications. */
  sharing: 'whole-screen' | 'choose-applications'
  /** The client asks to find devices on the local network as it starts (macOS 15 and later ask the user about it). */
  localNetworkAtStart: boolean
  /** How the user ends the session: STOP SHARING or closing the main window; or closing the chat window, then OK. */
  ending: 'stop-sharing' | 'close-chat'
}

export interface ClientConfig extends ClientTraits {
  id: ClientConfigId
  /** For the technician choosing one. */
  label: string
  summary: string
  /** The systems its document walks through; elsewhere its steps are pppc's adaptation (marked derived). */
  documentedOn: Os[]
  source: SourceId[]
}

export const CLIENT_CONFIGS: Readonly<Record<ClientConfigId, ClientConfig>> = {
  'permissions-upfront': {
    id: 'permissions-upfront',
    label: 'Permissions up front, whole screen',
    summary:
      'The agreement window (a dot and OK), then the Action Required window asks for Screen Recording, Accessibility and Full Disk Access at once; the technician sees the whole screen; the user ends with STOP SHARING.',
    agreement: 'agree-and-ok',
    permissions: 'action-required-window',
    sharing: 'whole-screen',
    localNetworkAtStart: false,
    ending: 'stop-sharing',
    documentedOn: ['macos', 'windows'],
    source: ['ualberta'],
  },
  'access-on-request': {
    id: 'access-on-request',
    label: 'Access on request, chosen applications',
    summary:
      'A customer waiver (Full Terms & Conditions, ACCEPT), an Access Request for each thing the technician asks for, Choose Applications (the technician sees only the shared windows, after Close), MODIFY SHARING, the chat; the user ends by closing the chat window, then OK.',
    agreement: 'terms-and-accept',
    permissions: 'on-request',
    sharing: 'choose-applications',
    localNetworkAtStart: true,
    ending: 'close-chat',
    documentedOn: ['macos'],
    source: ['ttu'],
  },
}

export const DEFAULT_CLIENT_CONFIG: ClientConfigId = 'permissions-upfront'

export function clientConfigIds(): ClientConfigId[] {
  return Object.keys(CLIENT_CONFIGS) as ClientConfigId[]
}
