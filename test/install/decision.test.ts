import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {decide, type Expected} from '../../src/install/decision.js'
import {verifyApp} from '../../src/install/verify.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {FIXTURES} from '../helpers/paths.js'

/** The Safari case: the client already expanded in Downloads, checked where it is. */
const APP = '/Users/admin/Downloads/Open To Start Support Session.app'
const BEYONDTRUST: Expected = {
  teamId: 'B65TM49E24',
  bundleId: 'com.bomgar.bomgar-scc',
  from: 'the catalogue entry beyondtrust-rs-customer-client',
}

async function decisionOn(mac: string, options = {keepQuarantine: false}, expected = BEYONDTRUST) {
  const verification = await verifyApp(await RecordedMac.open(join(FIXTURES, 'macs', mac)), APP)
  return {verification, decision: decide(verification, expected, options)}
}

describe('the quarantine decision on recorded codesign, spctl and xattr outputs', () => {
  it('removes the quarantine of the valid, notarized BeyondTrust client', async () => {
    const {verification, decision} = await decisionOn('install-valid-notarized')
    expect(verification.signing).toEqual({
      identifier: 'com.bomgar.bomgar-scc',
      teamId: 'B65TM49E24',
      adhoc: false,
      hardenedRuntime: true,
    })
    expect(verification.gatekeeper).toMatchObject({
      accepted: true,
      source: 'Notarized Developer ID',
      originTeamId: 'B65TM49E24',
    })
    expect(decision).toEqual({
      trusted: true,
      quarantine: 'remove',
      checks: [
        {name: 'signature', ok: true, detail: 'valid on disk; satisfies its Designated Requirement'},
        {
          name: 'gatekeeper',
          ok: true,
          detail:
            'accepted; source=Notarized Developer ID; origin=Developer ID Application: BeyondTrust Corporation (B65TM49E24)',
        },
        {
          name: 'team-id',
          ok: true,
          detail: 'B65TM49E24, as the catalogue entry beyondtrust-rs-customer-client expects',
        },
        {
          name: 'bundle-id',
          ok: true,
          detail: 'com.bomgar.bomgar-scc, as the catalogue entry beyondtrust-rs-customer-client expects',
        },
      ],
      reasons: [],
      warnings: [],
    })
  })

  it('keeps it with --keep-quarantine, though the app is trusted', async () => {
    const {decision} = await decisionOn('install-valid-notarized', {keepQuarantine: true})
    expect(decision).toMatchObject({trusted: true, quarantine: 'keep', reasons: []})
  })

  it('refuses an unsigned app', async () => {
    const {verification, decision} = await decisionOn('install-unsigned')
    expect(verification.signature).toMatchObject({
      valid: false,
      unsigned: true,
      detail: 'code object is not signed at all',
    })
    expect(decision.trusted).toBe(false)
    expect(decision.quarantine).toBe('keep')
    expect(decision.reasons).toEqual([
      "the app is not signed: it cannot be from the vendor; download it again from the vendor's site",
      'Gatekeeper rejects it: no usable signature',
      'the app carries no Team ID; the catalogue entry beyondtrust-rs-customer-client expects B65TM49E24',
    ])
  })

  it('refuses a tampered app, naming the changed file', async () => {
    const {decision} = await decisionOn('install-tampered')
    expect(decision.quarantine).toBe('keep')
    expect(decision.reasons[0]).toBe(
      'the signature does not verify: a sealed resource is missing or invalid (1 file changed, first /Users/admin/Downloads/Open To Start Support Session.app/Contents/Resources/en.lproj/Localizable.strings); the app was changed after signing or extracted with a tool that broke it: download it again and let pppc extract it with ditto',
    )
    expect(decision.checks.find((c) => c.name === 'gatekeeper')).toEqual({
      name: 'gatekeeper',
      ok: false,
      detail: 'a sealed resource is missing or invalid',
    })
    // The Team ID alone is right: a valid team does not make up for a broken seal.
    expect(decision.checks.find((c) => c.name === 'team-id')!.ok).toBe(true)
  })

  it("refuses an app signed and notarized by another team, though it claims the client's bundle ID", async () => {
    const {decision} = await decisionOn('install-wrong-team')
    expect(decision.checks.map((c) => [c.name, c.ok])).toEqual([
      ['signature', true],
      ['gatekeeper', true],
      ['team-id', false],
      ['bundle-id', true],
    ])
    expect(decision).toMatchObject({trusted: false, quarantine: 'keep'})
    expect(decision.reasons).toEqual([
      "it is signed by Team ID ABCDE12345, not B65TM49E24 as the catalogue entry beyondtrust-rs-customer-client expects: it is not the vendor's app; do not open it, and download the client again from your support portal",
    ])
  })

  it('accepts that team when --team-id names it', async () => {
    const {decision} = await decisionOn(
      'install-wrong-team',
      {keepQuarantine: false},
      {teamId: 'ABCDE12345', bundleId: null, from: '--team-id'},
    )
    expect(decision).toMatchObject({trusted: true, quarantine: 'remove'})
    expect(decision.checks.map((c) => c.name)).toEqual(['signature', 'gatekeeper', 'team-id'])
  })

  it("refuses the vendor's own but unnotarized build: Gatekeeper would block it", async () => {
    const {decision} = await decisionOn('install-not-notarized')
    expect(decision.checks.map((c) => [c.name, c.ok])).toEqual([
      ['signature', true],
      ['gatekeeper', false],
      ['team-id', true],
      ['bundle-id', true],
    ])
    expect(decision.reasons).toEqual([
      'Gatekeeper rejects it: it is signed (Developer ID Application: BeyondTrust Corporation (B65TM49E24)) but not notarized by Apple, so macOS will block it; ask the vendor for a notarized build',
    ])
    expect(decision.quarantine).toBe('keep')
  })

  it("warns, without refusing, when the vendor's team signed another identifier than the catalogue's", async () => {
    const {decision} = await decisionOn(
      'install-valid-notarized',
      {keepQuarantine: false},
      {...BEYONDTRUST, bundleId: 'com.bomgar.bomgar-rep-hcl'},
    )
    expect(decision).toMatchObject({trusted: true, quarantine: 'remove'})
    expect(decision.warnings).toEqual([
      'the app is signed as com.bomgar.bomgar-scc, not com.bomgar.bomgar-rep-hcl: a PPPC profile for com.bomgar.bomgar-rep-hcl will not cover it',
    ])
  })

  it('refuses when there is no Team ID to compare with', async () => {
    const {decision} = await decisionOn(
      'install-valid-notarized',
      {keepQuarantine: false},
      {teamId: null, bundleId: null, from: 'nothing'},
    )
    expect(decision.trusted).toBe(false)
    expect(decision.reasons).toEqual([
      "no Team ID to compare with: pass --team-id TEAMID (or --app NAME from the catalogue) so pppc can tell the vendor's app from another",
    ])
  })
})
