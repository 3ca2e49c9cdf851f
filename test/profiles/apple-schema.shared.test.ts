import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {APPLE_SCHEMA, sharedDir} from '../helpers/paths.js'

// Second tier: the project keeps its own copies of Apple's files (data/apple/SOURCE.md); they must stay the team's.
describe("the copies of Apple's schema in data/apple", () => {
  const kept = readdirSync(APPLE_SCHEMA).filter((f) => f !== 'SOURCE.md')

  it('are the four schema files and the licence', () => {
    expect(kept.sort()).toEqual([
      'CommonPayloadKeys.yaml',
      'LICENSE.txt',
      'TopLevel.yaml',
      'app.settings.yaml',
      'com.apple.TCC.configuration-profile-policy.yaml',
    ])
  })

  it.each(kept)('%s is byte for byte the shared reference copy', (file) => {
    const reference = readFileSync(join(sharedDir(), 'reference', 'apple-device-management', file))
    expect(readFileSync(join(APPLE_SCHEMA, file)).equals(reference)).toBe(true)
  })
})
