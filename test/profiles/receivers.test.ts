import {describe, expect, it} from 'vitest'
import {checkReceiverEntry} from '../../src/profiles/receiver-check.js'
import {allReceivers, findReceiver} from '../../src/profiles/receivers.js'

const GOOD = {
  bundleId: 'com.example.app',
  name: 'Example',
  path: '/Applications/Example.app',
  signing: 'developer-id',
  codeRequirement:
    'identifier "com.example.app" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345',
  evidence: 'published',
  source: 'https://example.com',
}

describe('the receivers table (data/receivers.json)', () => {
  it('loads, and knows the common receivers', () => {
    const ids = allReceivers().map((r) => r.bundleId)
    for (const id of ['com.apple.finder', 'com.apple.systemevents', 'com.apple.systemuiserver', 'com.apple.Terminal'])
      expect(ids).toContain(id)
    expect(findReceiver('com.apple.iWork.Keynote')).toMatchObject({signing: 'mac-app-store', codeRequirement: null})
    expect(findReceiver('com.microsoft.Word')?.codeRequirement).toMatch(/certificate leaf\[subject\.OU\] = UBF8T346G9$/)
  })

  it.each([
    [{...GOOD, teamId: 'X'}, /unknown key "teamId"/],
    [
      {...GOOD, codeRequirement: 'identifier "com.other.app" and anchor apple generic'},
      /does not let com\.example\.app through/,
    ],
    [
      {...GOOD, codeRequirement: 'identifier "com.example.app" and anchor apple generic'},
      /needs a requirement that pins a Team ID/,
    ],
    [{...GOOD, signing: 'apple'}, /signing "apple" needs a requirement with anchor apple/],
    [{...GOOD, signing: 'mac-app-store'}, /Mac App Store signature satisfies/],
    [{...GOOD, codeRequirement: null}, /null codeRequirement is evidence "unpublished"/],
    [{...GOOD, codeRequirement: 'identifier "com.example.app" and'}, /does not parse/],
    [{...GOOD, source: ''}, /"source" must be a non-empty string/],
  ])('refuses a slip in an entry: %#', (entry, message) => {
    expect(() => checkReceiverEntry(entry, 'receivers[0]')).toThrow(message)
  })
})
