/** What each MDM needs from a generated profile and what it does to it, as data. */
import type {ProfileMdm} from './mdm.js'

/** A profile tailored to one of the MDMs pppc knows (mdm.ts), or one for any MDM. */
export type MdmName = ProfileMdm | 'generic'

export interface Flavor {
  name: MdmName
  label: string
  /** File name suffix a user would upload. */
  extension: string
  /** Printed with every profile for this MDM (stderr in human mode, `notes` in --json). */
  notes: string[]
}

export const FLAVORS: Readonly<Record<MdmName, Flavor>> = {
  kandji: {
    name: 'kandji',
    label: 'Kandji (Iru)',
    extension: '.mobileconfig',
    notes: [
      'Kandji: add it as a Custom Profile (Library › Add new › Custom Profile), set to run on Mac, unsigned as written here.',
      'Kandji replaces the top-level PayloadIdentifier with com.kandji.profile.custom.<id>; the PPPC payload keeps its identifier and UUID.',
    ],
  },
  jamf: {
    name: 'jamf',
    label: 'Jamf Pro',
    extension: '.mobileconfig',
    notes: [
      'Jamf Pro: upload it unsigned in Computers › Configuration Profiles › Upload, level Computer (Jamf Pro 10.7.1 and later accept unsigned PPPC profiles).',
      'To update devices in place, keep the same --identifier: the PayloadUUIDs derive from it. --format jamf-xml gives the Classic API body.',
    ],
  },
  generic: {
    name: 'generic',
    label: 'any MDM',
    extension: '.mobileconfig',
    notes: [],
  },
}

/** True for every PPPC profile, whatever the MDM (Apple's schema: userapprovedmdm, allowmanualinstall false). */
export const DELIVERY_NOTES: readonly string[] = [
  'PPPC profiles work only when delivered by an MDM the user approved (or enrolled through Automated Device Enrollment); a double-clicked profile is refused.',
]
