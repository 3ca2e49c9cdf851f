import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {allReceivers} from '../../src/profiles/receivers.js'
import {parseRequirement, sameRequirement} from '../../src/requirements/index.js'
import {sharedDir} from '../helpers/paths.js'

interface CorpusFile {
  file: string
  repo: string
  path: string
  snapshot_commit: string
}

// Second tier: the receivers' requirements taken from public profiles are checked against the corpus copies.
describe('the receivers table (data/receivers.json) against the real-world corpus', () => {
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
})
