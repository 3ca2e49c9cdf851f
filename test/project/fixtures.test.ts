import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {FIXTURES} from '../helpers/paths.js'

describe('the recorded Macs', () => {
  it('each have a row in fixtures/macs/README.md saying what they hold and where their formats come from', () => {
    const macs = join(FIXTURES, 'macs')
    const folders = readdirSync(macs).filter((d) => existsSync(join(macs, d, 'commands.json')))
    expect(folders.length).toBeGreaterThan(15)
    const readme = readFileSync(join(macs, 'README.md'), 'utf8')
    expect(folders.filter((folder) => !readme.includes(`| \`${folder}\` |`))).toEqual([])
  })
})
