import type {Analysis} from '../analysis.js'
import type {Finding} from '../findings.js'

/** One topic of the diagnosis: what the shared analysis means for the user, as findings of the table. Pure. */
export type Check = (analysis: Analysis) => Finding[]
