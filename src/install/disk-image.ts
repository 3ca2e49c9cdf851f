/**
 * What pppc can tell about a .dmg without a Mac: that it is a regular file (checked with lstat before it is opened) and
 * a UDIF disk image (the 512-byte "koly" trailer every UDIF image ends with), and its size. Its content is read only
 * on a Mac, attached read-only by hdiutil (see plan.ts).
 */
import {lstat, open} from 'node:fs/promises'
import {PppcError} from '../errors.js'

export interface DiskImageInfo {
  path: string
  size: number
  format: 'UDIF'
}

export async function inspectDiskImage(file: string, path = file): Promise<DiskImageInfo> {
  const info = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    throw new PppcError(`cannot read ${path} (${error.code ?? error.message})`, {
      hint: 'give the path of the downloaded .dmg',
    })
  })
  if (!info.isFile())
    throw new PppcError(`${path} is ${info.isSymbolicLink() ? 'a symlink' : info.isFIFO() ? 'a FIFO' : 'not a file'}`, {
      hint: 'give the downloaded .dmg itself',
    })
  const handle = await open(file, 'r')
  try {
    const trailer = Buffer.alloc(512)
    const {bytesRead} = info.size >= 512 ? await handle.read(trailer, 0, 512, info.size - 512) : {bytesRead: 0}
    if (bytesRead !== 512 || trailer.toString('latin1', 0, 4) !== 'koly')
      throw new PppcError(`${path} is not a UDIF disk image (it has no "koly" trailer)`, {
        hint: 'download it again from your support portal; a .dmg that was cut short or renamed is not an image',
      })
    return {path, size: info.size, format: 'UDIF'}
  } finally {
    await handle.close()
  }
}
