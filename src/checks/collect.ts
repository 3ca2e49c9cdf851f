import {randomBytes} from 'node:crypto'
import {readdir, readFile, rm, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PppcError} from '../errors.js'
import type {AppEntry} from '../profiles/app-entry.js'
import type {Mac} from '../system/mac.js'
import {RecordingMac} from '../system/recording-mac.js'
import {
  type FileRecord,
  SNAPSHOT_FILES,
  SNAPSHOT_FORMAT_VERSION,
  SNAPSHOT_INDEX,
  type SnapshotIndex,
} from '../system/snapshot.js'
import {sqlString} from '../system/sqlite.js'
import {writeFileAtomic} from '../util/atomic-write.js'
import {type Diagnosis, diagnose} from './diagnose.js'
import {gatherFacts} from './gather.js'
import {redactBytes, redactCommand, RedactionLog} from '../system/redact.js'

export const SNAPSHOT_README = 'README.md'

export interface CollectResult {
  dir: string
  hostApp: string | null
  commands: number
  files: FileRecord[]
  diagnosis: Diagnosis
  /** What was removed by shape, by kind and place (never the value). */
  redacted: {kind: string; place: string; count: number}[]
}

/** A folder that does not exist or is empty; with force, one whose earlier snapshot is removed first. */
async function prepare(dir: string, force: boolean): Promise<void> {
  const info = await stat(dir).catch(() => undefined)
  if (!info) return
  if (!info.isDirectory())
    throw new PppcError(`${dir} is a file`, {hint: 'give a folder for the snapshot (it is created if missing)'})
  const entries = await readdir(dir)
  if (entries.length === 0) return
  if (!force)
    throw new PppcError(`${dir} is not empty`, {
      hint: 'pass --force to replace the snapshot in it, or give a new folder',
    })
  // Only what a snapshot consists of is removed; anything else in the folder stays.
  for (const name of [SNAPSHOT_INDEX, SNAPSHOT_README, SNAPSHOT_FILES])
    await rm(join(dir, name), {recursive: true, force: true})
}

/**
 * A consistent copy of a database: `VACUUM INTO` through the Mac's own sqlite3, so changes still in a write-ahead log
 * are in it; a plain read when that cannot be done (a recorded Mac, an old sqlite3).
 */
async function copyDatabase(mac: Mac, path: string): Promise<Buffer | undefined> {
  if (mac.kind === 'live') {
    const temp = join(tmpdir(), `pppc-collect-${randomBytes(6).toString('hex')}.db`)
    try {
      const result = await mac.run(['sqlite3', '-readonly', path, `VACUUM INTO ${sqlString(temp)};`])
      if (result.exitCode === 0) return await readFile(temp)
    } finally {
      await rm(temp, {force: true})
    }
  }
  const read = await mac.tryReadFile(path)
  return read.status === 'ok' ? read.data : undefined
}

/**
 * Records a Mac into `dir`: the doctor's questions asked through a recording Mac, with secrets left out of the
 * answers, the files and databases it read copied under files/, commands.json, and a README saying what it holds.
 */
export async function collectSnapshot(
  mac: Mac,
  app: AppEntry,
  dir: string,
  options: {
    force: boolean
    recordedWith: string
    readme: (
      index: SnapshotIndex,
      diagnosis: Diagnosis,
      redacted: {kind: string; place: string; count: number}[],
    ) => Promise<string>
  },
): Promise<CollectResult> {
  await prepare(dir, options.force)
  // Secrets are removed from every command output (by place for the profiles listing, by shape everywhere) and from
  // every copied file, before anything is kept or written.
  const log = new RedactionLog()
  const recorder = new RecordingMac(mac, (result) => redactCommand(result, log))
  const facts = await gatherFacts(recorder, app)
  const records = recorder.fileRecords()
  const files: FileRecord[] = []
  for (const record of records) {
    if (record.status !== 'copied') {
      files.push(record)
      continue
    }
    const read = recorder.files.get(record.path)
    const data = recorder.databases.has(record.path)
      ? await copyDatabase(mac, record.path)
      : read?.status === 'ok'
        ? read.data
        : undefined
    if (!data) {
      files.push({path: record.path, status: 'failed', message: `${record.path} could be read but not copied`})
      continue
    }
    await writeFileAtomic(join(dir, SNAPSHOT_FILES, record.path), redactBytes(data, `files${record.path}`, log), {
      force: true,
    })
    files.push(record)
  }
  // Re-recording a snapshot keeps its format and its time: what it did not record stays unrecorded, and dates in it
  // (the screen-capture approvals) are judged against when it was recorded.
  const index: SnapshotIndex = {
    formatVersion: mac.kind === 'recorded' ? (mac.formatVersion ?? 1) : SNAPSHOT_FORMAT_VERSION,
    recordedWith: options.recordedWith,
    collectedAt: (mac.kind === 'recorded' ? mac.collectedAt : undefined) ?? new Date().toISOString(),
    ...(mac.hostApp ? {hostApp: mac.hostApp} : {}),
    commands: [...recorder.commands.values()],
    files,
  }
  await writeFileAtomic(join(dir, SNAPSHOT_INDEX), `${JSON.stringify(index, null, 2)}\n`, {force: true})
  const diagnosis = diagnose(facts)
  const redacted = log.list()
  await writeFileAtomic(join(dir, SNAPSHOT_README), await options.readme(index, diagnosis, redacted), {force: true})
  return {dir, hostApp: mac.hostApp ?? null, commands: index.commands.length, files, diagnosis, redacted}
}
