/** The payload types pppc reads or writes, by their PayloadType value (Apple's device-management schema). */
export const PPPC_PAYLOAD_TYPE = 'com.apple.TCC.configuration-profile-policy'
/** Restrictions: forceBypassScreenCaptureAlert (macOS 15.1+) lives here. */
export const RESTRICTIONS_PAYLOAD_TYPE = 'com.apple.applicationaccess'
