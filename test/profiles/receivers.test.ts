import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {checkReceiverEntry} from '../../src/profiles/receiver-check.js'
import {allReceivers, findReceiver} from '../../src/profiles/receivers.js'
import {parseRequirement, sameRequirement} from '../../src/requirements/index.js'
import {sharedDir} from '../helpers/paths.js'

interface CorpusFile {
  file: string
  repo: string
  path: string
  snapshot_commit: string
}

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

  it('has a source for each entry; those from public profiles say what the profile says', () => {
    const files = JSON.parse(
      readFileSync(join(sharedDir(), 'corpus', 'real-world', 'files.json'), 'utf8'),
    ) as CorpusFile[]
    let checked = 0
    for (const receiver of allReceivers()) {
      expect(receiver.source, receiver.bundleId).toMatch(/^https:\/\//)
      const github = /^https:\/\/github\.com\/([^/]+\/[^/]+)\/blob\/([0-9a-f]{40})\/(.+)$/.exec(receiver.source)
      if (!github || receiver.codeRequirement === null) continue
      const [, repo, commit, path] = github
      const copy = files.find((f) => f.repo === repo && f.snapshot_commit === commit && f.path === decodeURI(path!))
      expect(copy, receiver.source).toBeDefined()
      const text = readFileSync(join(sharedDir(), 'corpus', 'real-world', copy!.file), 'utf8')
      const written = [...text.matchAll(/<string>([^<]*)<\/string>/g)]
        .map((m) => m[1]!.replaceAll('&quot;', '"'))
        .filter((s) => s.includes(receiver.bundleId) && /\banchor\b/.test(s))
      const ours = parseRequirement(receiver.codeRequirement)
      expect(ours.ok).toBe(true)
      const same = written.some((s) => {
        const theirs = parseRequirement(s)
        return theirs.ok && ours.ok && sameRequirement(theirs.requirement, ours.requirement)
      })
      expect(same, `${receiver.bundleId} in ${copy!.file}`).toBe(true)
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(12)
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
