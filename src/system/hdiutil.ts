/**
 * Disk images through the Mac boundary: the `hdiutil` argv pppc asks and how its answers are read. hdiutil(1) asks
 * programs to use -plist "rather than try to parse the usual output"; the plist's `system-entities` hold one
 * dictionary per device (`dev-entry`, `content-hint`, `potentially-mountable`) and, for what was mounted, its
 * `mount-point` (see fixtures/macs/README.md for the recorded formats and their sources).
 */
import {isDict, parsePlist} from '../profiles/plist.js'

/**
 * Attach read-only (-readonly: the device itself is read-only, nothing on the image can change while it is checked),
 * invisible to Finder (-nobrowse) and without opening its window (-noautoopen), at a folder pppc made (-mountpoint)
 * instead of /Volumes, with the plist answer (-plist). The image's checksums are verified (hdiutil's default; no
 * -noverify), so a damaged or altered image is refused before it is mounted.
 */
export function attachArgv(image: string, mountPoint: string): string[] {
  return ['hdiutil', 'attach', '-readonly', '-nobrowse', '-noautoopen', '-plist', '-mountpoint', mountPoint, image]
}

export function detachArgv(mountPoint: string): string[] {
  return ['hdiutil', 'detach', mountPoint]
}

/** Top-level app bundles of a mounted volume: folders only (-type d), so a symlink named X.app is not followed. */
export function findAppsArgv(mountPoint: string): string[] {
  return ['find', mountPoint, '-mindepth', '1', '-maxdepth', '1', '-name', '*.app', '-type', 'd']
}

export interface Attached {
  /** Where volumes were mounted. */
  mountPoints: string[]
  /** Every device node hdiutil attached (the whole disk and its partitions). */
  devices: string[]
}

/** `hdiutil attach -plist` output; undefined when it is not that plist. */
export function parseAttach(stdout: string): Attached | undefined {
  // Only the plist: anything hdiutil may print around it (progress of the checksum verification) is left out.
  const start = stdout.search(/<\?xml|<plist/)
  const end = stdout.lastIndexOf('</plist>')
  if (start < 0 || end < start) return undefined
  const root = parsePlist(stdout.slice(start, end + '</plist>'.length))
  if (!isDict(root) || !Array.isArray(root['system-entities'])) return undefined
  const attached: Attached = {mountPoints: [], devices: []}
  for (const entity of root['system-entities']) {
    if (!isDict(entity)) continue
    if (typeof entity['dev-entry'] === 'string') attached.devices.push(entity['dev-entry'])
    if (typeof entity['mount-point'] === 'string') attached.mountPoints.push(entity['mount-point'])
  }
  return attached
}
