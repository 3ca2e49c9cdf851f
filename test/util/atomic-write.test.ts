import {execa} from 'execa'
import {existsSync} from 'node:fs'
import {chmod, lstat, mkdtemp, readdir, readFile, readlink, stat, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {writeFileAtomic} from '../../src/util/atomic-write.js'
import {pppc} from '../helpers/cli.js'
import {REPO} from '../helpers/paths.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pppc-write-'))
})

describe('writes that respect the target', () => {
  it('refuses to replace a symlink, even with --force, and leaves it as it was', async () => {
    await writeFile(join(dir, 'real.txt'), 'real')
    await symlink(join(dir, 'real.txt'), join(dir, 'link.txt'))
    await expect(writeFileAtomic(join(dir, 'link.txt'), 'new', {force: true})).rejects.toThrow(
      /link\.txt is a symlink; pppc replaces only regular files/,
    )
    expect((await lstat(join(dir, 'link.txt'))).isSymbolicLink()).toBe(true)
    expect(await readFile(join(dir, 'real.txt'), 'utf8')).toBe('real')
  })

  it('refuses a FIFO without opening it (no hang)', {timeout: 10_000}, async () => {
    await execa('mkfifo', [join(dir, 'fifo')])
    await expect(writeFileAtomic(join(dir, 'fifo'), 'x', {force: true})).rejects.toThrow(/fifo is a FIFO/)
    expect((await lstat(join(dir, 'fifo'))).isFIFO()).toBe(true)
  })

  it.skipIf(process.getuid?.() !== 0)('refuses a device node (as root it was replaced by a regular file)', async () => {
    await execa('mknod', [join(dir, 'null'), 'c', '1', '3'])
    await expect(writeFileAtomic(join(dir, 'null'), 'x', {force: true})).rejects.toThrow(/null is a character device/)
    expect((await lstat(join(dir, 'null'))).isCharacterDevice()).toBe(true)
  })

  it('refuses -o /proc/self/fd/1 --force (a symlink to the terminal or a pipe)', async () => {
    const result = await pppc([
      'generate',
      '--app',
      'beyondtrust',
      '--mdm',
      'kandji',
      '-o',
      '/proc/self/fd/1',
      '--force',
    ])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/^Error: \/proc\/self\/fd\/1 is a symlink; pppc replaces only regular files/)
    expect(await readlink('/proc/self/fd/1')).toBeTruthy()
  })

  it('keeps the mode of the file it replaces (0600 stayed 0600)', async () => {
    const file = join(dir, 'secret.mobileconfig')
    await writeFile(file, 'old')
    await chmod(file, 0o600)
    await writeFileAtomic(file, 'new', {force: true})
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await readFile(file, 'utf8')).toBe('new')
  })

  it('removes its temporary file when interrupted with SIGINT mid-write', {timeout: 60_000}, async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const folder = await mkdtemp(join(dir, 'sigint-'))
      const target = join(folder, 'big.bin')
      // A gibibyte: the write and its fsync take long enough to be interrupted while the temporary file exists.
      const child = execa(
        'node',
        [
          '--input-type=module',
          '-e',
          `const {writeFileAtomic} = await import(${JSON.stringify(join(REPO, 'dist', 'util', 'atomic-write.js'))}); await writeFileAtomic(${JSON.stringify(target)}, Buffer.alloc(1024 ** 3, 1))`,
        ],
        {reject: false},
      )
      let seen = false
      for (let i = 0; i < 2_000 && !seen; i++) {
        seen = (await readdir(folder)).some((f) => f.endsWith('.tmp'))
        if (!seen) await new Promise((r) => setTimeout(r, 5))
      }
      expect(seen).toBe(true)
      child.kill('SIGINT')
      const result = await child
      expect(result.signal ?? result.exitCode).toBe('SIGINT')
      expect(await readdir(folder)).toEqual([])
      expect(existsSync(target)).toBe(false)
    }
  })
})
