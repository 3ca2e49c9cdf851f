import {describe, expect, it} from 'vitest'
import {closest, didYouMean, editDistance} from '../../src/util/did-you-mean.js'

describe('did you mean', () => {
  it('counts a swap of neighbours as one slip', () => {
    expect(editDistance('grant', 'grants')).toBe(1)
    expect(editDistance('identifier', 'identifeir')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })

  it.each([
    ['grant', 'grants'],
    ['identifer', 'identifier'],
    ['organisation', 'organization'],
    ['bundle-id', 'bundleId'],
    ['BUNDLEID', 'bundleId'],
    ['code_requirement', 'codeRequirement'],
    ['codeRequirment', 'codeRequirement'],
  ])('%s → %s', (typed, meant) => {
    expect(closest(typed, ['identifier', 'organization', 'grants', 'bundleId', 'codeRequirement', 'app', 'path'])).toBe(
      meant,
    )
  })

  it('suggests nothing when nothing is close', () => {
    expect(didYouMean('frobnicate', ['grants', 'apps'])).toBeUndefined()
    expect(didYouMean('ap', ['app', 'path'])).toBe('did you mean "app"?')
  })
})
