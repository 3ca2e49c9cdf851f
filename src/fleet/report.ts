import {createReadStream, createWriteStream, type WriteStream} from 'node:fs'
import {rm} from 'node:fs/promises'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {once} from 'node:events'
import {CAUSES, type Cause, type SectionCause, type Window} from './result-line.js'
import type {FleetMac, FleetSource} from './sources.js'
import {keepOnInterrupt, temporaryFolder} from '../util/interrupt-cleanup.js'

/** A Mac's verdict in the report: the script's window, or no-result when the MDM holds no line from it (yet). */
export type FleetVerdict = Window | 'no-result'
export const VERDICTS: readonly FleetVerdict[] = ['shows', 'unknown', 'does-not-show', 'no-result']

export type VerdictCounts = Record<FleetVerdict, number>

/** One section of a listed Mac: why it shows (or is unknown), and what fixes it. */
export interface ListedSection {
  service: string
  section: string
  cause: Cause
  /** false: pppc could not decide it (an `unsure` section). */
  decided: boolean
  fix: string
}

/** A Mac that will show the window (or may: unknown), with the fix for each section. */
export interface ListedMac {
  id: string
  name: string
  macos: string | null
  window: Exclude<Window, 'does-not-show'>
  sections: ListedSection[]
}

/**
 * What `pppc fleet report` prints (--format json, and --json): counts first, then the Macs to act on. Keys are only
 * ever added (schemas/fleet-report.schema.json).
 */
export interface FleetSummary {
  source: {kind: FleetSource['kind']; where: string; item: string}
  /** The apps the lines name (the catalogue keys); normally one. */
  apps: string[]
  macs: number
  /** Macs with a result line. */
  reported: number
  /** Kandji: Macs of the tenant the script is not assigned to (no status); null for Jamf Pro and CSV. */
  unassigned: number | null
  verdicts: VerdictCounts
  macos: ({version: string} & VerdictCounts & {macs: number})[]
  /** Each (section, cause) pair and on how many Macs it holds, the most frequent first. */
  causes: {service: string; section: string; cause: Cause; label: string; fix: string; decided: boolean; macs: number}[]
}

const zero = (): VerdictCounts => ({shows: 0, unknown: 0, 'does-not-show': 0, 'no-result': 0})

/** Numeric order of versions (10.15.7 before 14.6 before 26.1), unknown last. */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0
  if (a === 'unknown') return 1
  if (b === 'unknown') return -1
  const pa = a.split(/[.\s]/).map((p) => Number.parseInt(p, 10))
  const pb = b.split(/[.\s]/).map((p) => Number.parseInt(p, 10))
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0
    const y = pb[i] ?? 0
    if (Number.isNaN(x) || Number.isNaN(y)) return a.localeCompare(b)
    if (x !== y) return x - y
  }
  return a.localeCompare(b)
}

/**
 * Counts, by verdict, macOS version and cause; the Macs to list go to a spool file (one JSON line each), so memory
 * holds counts only, however large the fleet. The distinct versions and causes are a few dozen.
 */
export class Tally {
  macs = 0
  reported = 0
  readonly verdicts = zero()
  private readonly versions = new Map<string, VerdictCounts>()
  private readonly causes = new Map<string, {service: string; cause: Cause; decided: boolean; macs: number}>()
  private readonly apps = new Set<string>()

  constructor(private readonly label: (service: string) => string) {}

  add(mac: FleetMac): ListedMac | undefined {
    this.macs++
    const verdict: FleetVerdict = mac.result?.window ?? 'no-result'
    this.verdicts[verdict]++
    const version = mac.macos ?? 'unknown'
    let counts = this.versions.get(version)
    if (!counts) this.versions.set(version, (counts = zero()))
    counts[verdict]++
    const result = mac.result
    if (!result) return undefined
    this.reported++
    if (result.app && this.apps.size < 16) this.apps.add(result.app)
    if (result.window === 'does-not-show') return undefined
    const sections: ListedSection[] = []
    const count = (s: SectionCause, decided: boolean) => {
      const key = `${s.service}\0${s.cause}\0${decided}`
      const known = this.causes.get(key)
      if (known) known.macs++
      else this.causes.set(key, {service: s.service, cause: s.cause, decided, macs: 1})
      sections.push({
        service: s.service,
        section: this.label(s.service),
        cause: s.cause,
        decided,
        fix: CAUSES[s.cause].fix,
      })
    }
    for (const s of result.show) count(s, true)
    for (const s of result.unsure) count(s, false)
    return {id: mac.id, name: mac.name, macos: mac.macos, window: result.window, sections}
  }

  summary(source: FleetSource, unassigned: number | null): FleetSummary {
    return {
      source: {kind: source.kind, where: source.where, item: source.item},
      apps: [...this.apps].sort(),
      macs: this.macs,
      reported: this.reported,
      unassigned,
      verdicts: {...this.verdicts},
      macos: [...this.versions]
        .sort(([a], [b]) => compareVersions(a, b))
        .map(([version, c]) => ({version, macs: VERDICTS.reduce((n, v) => n + c[v], 0), ...c})),
      causes: [...this.causes.values()]
        .sort((a, b) => b.macs - a.macs || a.service.localeCompare(b.service) || a.cause.localeCompare(b.cause))
        .map((c) => ({
          service: c.service,
          section: this.label(c.service),
          cause: c.cause,
          label: CAUSES[c.cause].label,
          fix: CAUSES[c.cause].fix,
          decided: c.decided,
          macs: c.macs,
        })),
    }
  }
}

/** A file of JSON lines, written with backpressure and read back line by line. */
class Spool {
  private readonly out: WriteStream
  count = 0

  constructor(readonly path: string) {
    this.out = createWriteStream(path, {encoding: 'utf8'})
  }

  async write(mac: ListedMac): Promise<void> {
    this.count++
    if (!this.out.write(`${JSON.stringify(mac)}\n`)) await once(this.out, 'drain')
  }

  async close(): Promise<void> {
    this.out.end()
    await once(this.out, 'close')
  }

  async *read(): AsyncGenerator<ListedMac> {
    if (this.count === 0) return
    const lines = createInterface({input: createReadStream(this.path, {encoding: 'utf8'}), crlfDelay: Infinity})
    for await (const line of lines) if (line) yield JSON.parse(line) as ListedMac
  }
}

/** A report read whole: the counts, and the listed Macs to stream (those that show the window first). */
export interface FleetReport {
  summary: FleetSummary
  listed: number
  list(): AsyncGenerator<ListedMac>
  /** Removes the spool files. */
  dispose(): Promise<void>
}

/** Reads every Mac of the source once, page by page. */
export async function buildReport(source: FleetSource, label: (service: string) => string): Promise<FleetReport> {
  // Removed on Ctrl-C too: a report of 100,000 Macs runs for seconds, and its spool holds Mac names and serials.
  const dir = temporaryFolder('pppc-fleet')
  const shows = new Spool(join(dir, 'shows.jsonl'))
  const unknown = new Spool(join(dir, 'unknown.jsonl'))
  const dispose = async () => {
    await rm(dir, {recursive: true, force: true})
    keepOnInterrupt(dir)
  }
  try {
    const tally = new Tally(label)
    try {
      for await (const page of source.macs()) {
        for (const mac of page) {
          const listed = tally.add(mac)
          if (listed) await (listed.window === 'shows' ? shows : unknown).write(listed)
        }
      }
    } finally {
      await shows.close()
      await unknown.close()
    }
    const unassigned = source.unassigned ? await source.unassigned() : null
    return {
      summary: tally.summary(source, unassigned),
      listed: shows.count + unknown.count,
      async *list() {
        yield* shows.read()
        yield* unknown.read()
      },
      dispose,
    }
  } catch (error) {
    await dispose()
    throw error
  }
}
