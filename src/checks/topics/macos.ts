import {unknownVersionNote} from '../../macos/version.js'
import {finding} from '../findings.js'
import type {Check} from './check.js'

/** A macOS version the release table does not know (or a beta, a skipped number, one newer than the table). */
export const checkMacos: Check = ({macos}) => {
  const note = macos ? unknownVersionNote(macos) : undefined
  return note ? [finding('macos-version-unknown', {note})] : []
}
