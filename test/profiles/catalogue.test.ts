import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {allApps, findApp, requireApp} from '../../src/profiles/catalogue.js'
import {identifierConstraint, parseRequirement, pinnedTeamIds} from '../../src/requirements/index.js'
import {serviceByKey} from '../../src/profiles/services.js'
import {sharedDir} from '../helpers/paths.js'

describe('the app catalogue', () => {
  it('holds the BeyondTrust customer client with its published identity and default grants', () => {
    const app = requireApp('beyondtrust')
    expect(app.bundleId).toBe('com.bomgar.bomgar-scc')
    expect(app.teamId).toBe('B65TM49E24')
    expect(app.verification).toBe('verified')
    expect(app.codeRequirement).toBe(
      'identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = B65TM49E24',
    )
    const defaults = app.grants.filter((g) => !g.optional).map((g) => `${g.service}=${g.authorization}`)
    expect(defaults).toEqual([
      'Accessibility=Allow',
      'SystemPolicyAllFiles=Allow',
      'ScreenCapture=AllowStandardUserToSetSystemService',
    ])
    expect(app.grants.find((g) => g.service === 'PostEvent')?.optional).toBe(true)
  })

  it('finds apps by key, alias and bundle ID', () => {
    expect(findApp('bomgar')?.key).toBe('beyondtrust-rs-customer-client')
    expect(findApp('com.bomgar.bomgar-scc')?.key).toBe('beyondtrust-rs-customer-client')
    expect(findApp('BeyondTrust')?.key).toBe('beyondtrust-rs-customer-client')
    expect(findApp('screenconnect')?.key).toBe('connectwise-screenconnect')
    expect(() => requireApp('teamview')).toThrow(
      expect.objectContaining({
        hint: expect.stringMatching(/did you mean teamviewer, teamviewer-host, teamviewer-quicksupport/),
      }),
    )
  })

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

  for (const app of allApps()) {
    it(`${app.key}: requirement pins its own bundle ID and grants are ones a profile may give`, () => {
      const parsed = parseRequirement(app.codeRequirement)
      if (!parsed.ok) throw new Error(`${app.key}: ${parsed.problem.message}`)
      expect(identifierConstraint(parsed.requirement)).toEqual({kind: 'only', identifiers: [app.bundleId]})
      for (const pinned of pinnedTeamIds(parsed.requirement)) expect(pinned).toBe(app.teamId)
      for (const grant of app.grants) {
        const service = serviceByKey(grant.service)
        expect(service, grant.service).toBeDefined()
        expect(service!.authorizations).toContain(grant.authorization)
      }
    })
  }
})
