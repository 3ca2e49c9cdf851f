import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {checkReceiverEntry, type ReceiverEntry} from './receiver-check.js'

/**
 * The Apple Events receivers pppc knows (data/receivers.json, beside data/apps/): Finder, System Events, Office apps,
 * ... with their real designated requirements and sources. An AppleEvents grant names its receiver by bundle ID; this
 * table turns that into the AEReceiverCodeRequirement, instead of guessing one that would never match.
 */
const FILE = fileURLToPath(new URL('../../data/receivers.json', import.meta.url))

let loaded: {receivers: readonly ReceiverEntry[]; index: Map<string, ReceiverEntry>} | undefined

function load(): {receivers: readonly ReceiverEntry[]; index: Map<string, ReceiverEntry>} {
  if (loaded) return loaded
  const doc = JSON.parse(readFileSync(FILE, 'utf8')) as {receivers?: unknown}
  if (!Array.isArray(doc.receivers)) throw new Error('data/receivers.json: "receivers" must be a list')
  const receivers = doc.receivers.map((r, i) => checkReceiverEntry(r, `data/receivers.json receivers[${i}]`))
  const index = new Map<string, ReceiverEntry>()
  for (const r of receivers) {
    if (index.has(r.bundleId)) throw new Error(`data/receivers.json: ${r.bundleId} is listed twice`)
    index.set(r.bundleId, r)
  }
  loaded = {receivers, index}
  return loaded
}

export function allReceivers(): readonly ReceiverEntry[] {
  return load().receivers
}

/** The receiver with exactly this bundle ID (bundle IDs are matched as macOS matches them: with case). */
export function findReceiver(bundleId: string): ReceiverEntry | undefined {
  return load().index.get(bundleId)
}
