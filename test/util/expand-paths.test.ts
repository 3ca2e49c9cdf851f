import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {expandPaths} from '../../src/util/expand-paths.js'

describe('expandPaths', () => {
  let dir: string
  const cwd = process.cwd()
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pppc-expand-'))
    mkdirSync(join(dir, 'profiles', 'nested'), {recursive: true})
    mkdirSync(join(dir, 'profiles', 'node_modules'))
    writeFileSync(join(dir, 'profiles', 'a.mobileconfig'), '')
    writeFileSync(join(dir, 'profiles', 'b.PLIST'), '')
    writeFileSync(join(dir, 'profiles', 'notes.txt'), '')
    writeFileSync(join(dir, 'profiles', 'nested', 'c.mobileconfig'), '')
    writeFileSync(join(dir, 'profiles', 'node_modules', 'skipped.mobileconfig'), '')
    process.chdir(dir)
  })
  afterAll(() => {
    process.chdir(cwd)
    rmSync(dir, {recursive: true, force: true})
  })

  // The paths a report shows are those `join` gives: however the folder is written, they are the same.
  it.each([['profiles'], ['profiles/'], ['./profiles'], ['profiles//'], ['profiles/nested/..'], ['.']])(
    'names the files found under %s as join would',
    async (input) => {
      const found = await expandPaths([input])
      const expected = [
        join(input, input === '.' ? 'profiles' : '', 'a.mobileconfig'),
        join(input, input === '.' ? 'profiles' : '', 'b.PLIST'),
        join(input, input === '.' ? 'profiles' : '', 'nested', 'c.mobileconfig'),
      ]
      expect(found).toEqual(expected.map((path) => ({path, listed: true})))
    },
  )

  it('reads a file named on the command line as named (looked at before it is opened), whatever its name', async () => {
    const found = await expandPaths(['profiles/notes.txt', 'profiles'])
    expect(found.find((f) => f.path === 'profiles/notes.txt')).toEqual({path: 'profiles/notes.txt', listed: false})
    expect(found.filter((f) => f.listed).map((f) => relative('profiles', f.path))).toEqual([
      'a.mobileconfig',
      'b.PLIST',
      join('nested', 'c.mobileconfig'),
    ])
  })

  it('reads a file both named and found in a folder once, as named', async () => {
    const found = await expandPaths(['profiles', 'profiles/a.mobileconfig'])
    expect(found.filter((f) => f.path === 'profiles/a.mobileconfig')).toEqual([
      {path: 'profiles/a.mobileconfig', listed: false},
    ])
  })

  it('lists a symlink named like a profile as named (followed when read), and does not walk into a linked folder', async () => {
    const links = join(dir, 'links')
    mkdirSync(links)
    symlinkSync(join('..', 'profiles', 'a.mobileconfig'), join(links, 'a-link.mobileconfig'))
    symlinkSync(join('..', 'profiles'), join(links, 'folder-link'))
    symlinkSync(join('..', 'profiles', 'notes.txt'), join(links, 'notes-link.txt'))
    expect(await expandPaths(['links'])).toEqual([{path: join('links', 'a-link.mobileconfig'), listed: false}])
  })
})
