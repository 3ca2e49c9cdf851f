import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {allApps, requireApp} from '../../src/profiles/catalogue.js'
import {sharedDir} from '../helpers/paths.js'

// Second tier: the research catalogue lives in ../shared/research, where the entries were researched with sources.
describe('the app catalogue and the research it comes from', () => {
  /**
   * Where the catalogue corrects the research on purpose. jump-desktop-connect: the research derived the requirement
   * from a template that leaves the Team ID unquoted; Apple's requirement grammar reads no unquoted value that starts
   * with a digit (codesign prints such Team IDs quoted, e.g. = "4C6364ACXT"), so the catalogue quotes it.
   */
  const CORRECTED: Readonly<Record<string, (research: string) => string>> = {
    'jump-desktop-connect': (r) => r.replace('= 2HCKV38EEC', '= "2HCKV38EEC"'),
  }

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
      const corrected = CORRECTED[source.key]?.(source.code_requirement.string) ?? source.code_requirement.string
      expect(app.codeRequirement, source.key).toBe(corrected)
      expect(app.verification, source.key).toBe(source.verification)
    }
  })
})
