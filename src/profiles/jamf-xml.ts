import {XMLBuilder, XMLParser} from 'fast-xml-parser'

/** The `general` section of a Jamf Pro Classic API os_x_configuration_profile, as we fill it. */
export interface JamfProfileFields {
  name: string
  description?: string
  category?: string
  site?: string
  distribution: 'Install Automatically' | 'Make Available in Self Service'
  /** The whole .mobileconfig text; escaped by the XML builder. */
  payloads: string
}

export const JAMF_DISTRIBUTIONS = {
  auto: 'Install Automatically',
  'self-service': 'Make Available in Self Service',
} as const

export type JamfDistribution = keyof typeof JAMF_DISTRIBUTIONS

const builder = new XMLBuilder({format: true, indentBy: '  ', suppressEmptyNode: true})

/** The body of POST/PUT /JSSResource/osxconfigurationprofiles/id/{id}. */
export function toJamfClassicXml(fields: JamfProfileFields): string {
  const general: Record<string, unknown> = {name: fields.name}
  if (fields.description) general.description = fields.description
  if (fields.site) general.site = {name: fields.site}
  if (fields.category) general.category = {name: fields.category}
  general.distribution_method = fields.distribution
  general.user_removable = false
  general.level = 'computer'
  general.redeploy_on_update = 'Newly Assigned'
  general.payloads = fields.payloads
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({os_x_configuration_profile: {general}})}`
}

/** Reads a Classic API profile back (used by tests and by push to compare with what Jamf holds). */
export function parseJamfClassicXml(xml: string): {general: Record<string, unknown>} | undefined {
  const parser = new XMLParser({parseTagValue: false, processEntities: true, htmlEntities: false})
  const doc = parser.parse(xml) as {os_x_configuration_profile?: {general?: Record<string, unknown>}}
  const general = doc.os_x_configuration_profile?.general
  return general ? {general} : undefined
}
