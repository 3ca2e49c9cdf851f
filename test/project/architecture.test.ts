import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
// @ts-expect-error -- a plain ESM script of the project, without types
import {LAYERS} from '../../scripts/eslint-layers.mjs'
import {REPO} from '../helpers/paths.js'

/** The folders the README's Architecture section draws: the first word of each line of its tree block. */
function drawnFolders(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Architecture'))
  const start = section.indexOf('```\n') + 4
  const block = section.slice(start, section.indexOf('```', start))
  return block
    .split('\n')
    .filter((line) => /^\S/.test(line))
    .map((line) => line.split(/\s+/)[0]!.replace(/\/$/, ''))
}

/**
 * The folders that must be drawn: every folder git tracks files in, down to two levels, and every folder of src/.
 * The folders of test/ mirror src/ and each recorded Mac or bad profile is not a folder of the design.
 */
function trackedFolders(): string[] {
  const files = execFileSync('git', ['ls-files'], {cwd: REPO, encoding: 'utf8'}).split('\n').filter(Boolean)
  const folders = new Set<string>()
  for (const file of files) {
    const parts = file.split('/').slice(0, -1)
    for (let depth = 1; depth <= parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/')
      if (folder.startsWith('test/')) continue
      if (depth <= 2 || folder.startsWith('src/')) folders.add(folder)
    }
  }
  return [...folders].sort()
}

describe("the README's Architecture section", () => {
  it('draws every folder of the repository once, and no folder that is not there', () => {
    const drawn = drawnFolders()
    expect(new Set(drawn).size).toBe(drawn.length)
    expect([...drawn].sort()).toEqual(trackedFolders())
  })
  it('gives each folder of src/ the rank the ESLint layer rule gives it', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
    const table = readme.slice(readme.indexOf('| rank | folders of `src/` |'))
    const drawn: Record<string, number> = {}
    for (const row of table.split('\n').slice(2)) {
      const cells = /^\| (\d+) \| (.*) \|$/.exec(row)
      if (!cells) break
      for (const name of cells[2]!.matchAll(/`([^`]+)`/g)) drawn[name[1]!] = Number(cells[1])
    }
    expect(drawn).toEqual(LAYERS)
  })
})
