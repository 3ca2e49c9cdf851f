import {describe, expect, it} from 'vitest'
import {allApps, findApp, requireApp} from '../../src/profiles/catalogue.js'
import {identifierConstraint, parseRequirement, pinnedTeamIds} from '../../src/requirements/index.js'
import {serviceByKey} from '../../src/profiles/services.js'

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
    expect(() => requireApp('beyondtrsut')).toThrow(
      expect.objectContaining({hint: expect.stringMatching(/^did you mean beyondtrust\?/)}),
    )
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
