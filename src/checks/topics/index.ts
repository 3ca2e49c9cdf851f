import type {Check} from './check.js'
import {checkClient, checkLaunchers} from './client.js'
import {checkMacos} from './macos.js'
import {checkMdm} from './mdm.js'
import {checkProfiles} from './profiles.js'
import {checkScreenCapture} from './screen-capture.js'
import {checkDeprecations, checkServices, checkTccAccess} from './services.js'
import {checkUser} from './user.js'

export type {Check}

/** The topics of a diagnosis, in the order their findings are listed within a level. */
export const CHECKS: readonly Check[] = [
  checkMacos,
  checkMdm,
  checkClient,
  checkLaunchers,
  checkProfiles,
  checkTccAccess,
  checkServices,
  checkScreenCapture,
  checkUser,
  checkDeprecations,
]
