import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {allApps, requireApp} from '../../src/profiles/catalogue.js'
import {sharedDir} from '../helpers/paths.js'

// Second tier: the research catalogue lives in ../shared/research, where the entries were researched with sources.
describe('the app catalogue and the research it comes from', () => {
  it('agrees with the research catalogue on identity and verification for every app', () => {
    const research = JSON.parse(readFileSync(join(sharedDir(), 'research/app-catalogue.json'), 'utf8')) as {
      apps: {
        key: string
        team_id: string
        verification: string
        bundle_ids: {id: string}[]
        code_requirement: {string: string}
      }[]
    }
    expect(allApps().map((a) => a.key)).toEqual(research.apps.map((a) => a.key).sort())
    for (const source of research.apps) {
      const app = requireApp(source.key)
      expect(app.bundleId, source.key).toBe(source.bundle_ids[0]!.id)
      expect(app.teamId, source.key).toBe(source.team_id)
      expect(app.codeRequirement, source.key).toBe(source.code_requirement.string)
      expect(app.verification, source.key).toBe(source.verification)
    }
  })
})
