import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {appsDiffer, diffGrants, formatGrantsDiff, grantsOf, sameGrants} from '../../src/deploy/grants-diff.js'
import type {PlistValue} from '../../src/profiles/model.js'
import {readProfile} from '../../src/profiles/read.js'
import {FIXTURES} from '../helpers/paths.js'

type Entry = {[key: string]: PlistValue}

const entry = (identifier: string, value: string | boolean, extra: Entry = {}): Entry => ({
  Identifier: identifier,
  IdentifierType: 'bundleID',
  CodeRequirement: `identifier "${identifier}" and anchor apple generic`,
  ...(typeof value === 'boolean' ? {Allowed: value} : {Authorization: value}),
  ...extra,
})

const profile = (...payloads: {[service: string]: Entry[]}[]): PlistValue => ({
  PayloadType: 'Configuration',
  PayloadContent: payloads.map((services) => ({
    PayloadType: 'com.apple.TCC.configuration-profile-policy',
    Services: services,
  })),
})

const BOMGAR = 'com.bomgar.bomgar-scc'
const ZOOM = 'us.zoom.xos'

describe('grantsOf', () => {
  it('reads every PPPC payload, AppleEvents once per receiver, legacy Allowed as Allow/Deny, sorted', () => {
    const grants = grantsOf(
      profile(
        {ScreenCapture: [entry(ZOOM, 'AllowStandardUserToSetSystemService')], Accessibility: [entry(ZOOM, true)]},
        {
          AppleEvents: [
            entry(ZOOM, 'Allow', {AEReceiverIdentifier: 'com.apple.systemevents'}),
            entry(ZOOM, 'Deny', {AEReceiverIdentifier: 'com.apple.finder'}),
          ],
          Camera: [entry(BOMGAR, false)],
        },
      ),
    )
    expect(grants.map((app) => app.identifier)).toEqual([BOMGAR, ZOOM])
    expect(grants[1]!.grants).toEqual([
      {service: 'Accessibility', value: 'Allow'},
      {service: 'AppleEvents', receiver: 'com.apple.finder', value: 'Deny'},
      {service: 'AppleEvents', receiver: 'com.apple.systemevents', value: 'Allow'},
      {service: 'ScreenCapture', value: 'AllowStandardUserToSetSystemService'},
    ])
    expect(grants[0]!.grants).toEqual([{service: 'Camera', value: 'Deny'}])
  })

  it('keeps both values when a service is named twice for an app, and reads nothing from a non-PPPC profile', () => {
    const twice = grantsOf(profile({Camera: [entry(ZOOM, 'Deny')]}, {Camera: [entry(ZOOM, 'Allow')]}))
    expect(twice[0]!.grants).toEqual([{service: 'Camera', value: 'Allow + Deny'}])
    expect(grantsOf({PayloadType: 'Configuration', PayloadContent: [{PayloadType: 'com.apple.dock'}]})).toEqual([])
    expect(grantsOf('not a profile')).toEqual([])
  })
})

describe('diffGrants', () => {
  const before = profile({
    Accessibility: [entry(BOMGAR, 'Allow')],
    ScreenCapture: [entry(BOMGAR, 'AllowStandardUserToSetSystemService')],
    SystemPolicyAllFiles: [entry(BOMGAR, 'Allow')],
  })

  it('is empty for the same grants, whatever the order or spelling (Allowed true is Allow)', () => {
    const after = profile({
      SystemPolicyAllFiles: [entry(BOMGAR, true)],
      ScreenCapture: [entry(BOMGAR, 'AllowStandardUserToSetSystemService')],
      Accessibility: [entry(BOMGAR, 'Allow')],
    })
    const diff = diffGrants(before, after)
    expect(sameGrants(diff)).toBe(true)
    expect(formatGrantsDiff(diff)).toEqual([])
  })

  it('goes apps, then services, then values, then requirements', () => {
    const after = profile({
      Accessibility: [entry(BOMGAR, 'Allow', {CodeRequirement: 'anchor apple generic and certificate leaf = H"00"'})],
      ScreenCapture: [entry(BOMGAR, 'Deny')],
      ListenEvent: [entry(BOMGAR, 'Deny')],
      Camera: [entry(ZOOM, 'Deny')],
    })
    const diff = diffGrants(before, after)
    expect(diff).toEqual({
      apps: {added: [ZOOM], removed: []},
      services: [
        {
          app: BOMGAR,
          added: [{service: 'ListenEvent', value: 'Deny'}],
          removed: [{service: 'SystemPolicyAllFiles', value: 'Allow'}],
        },
        {app: ZOOM, added: [{service: 'Camera', value: 'Deny'}], removed: []},
      ],
      values: [{app: BOMGAR, service: 'ScreenCapture', before: 'AllowStandardUserToSetSystemService', after: 'Deny'}],
      requirements: [
        {
          app: BOMGAR,
          before: `identifier "${BOMGAR}" and anchor apple generic`,
          after: 'anchor apple generic and certificate leaf = H"00"',
        },
      ],
    })
    expect(appsDiffer(diff)).toBe(true)
    expect(formatGrantsDiff(diff)).toEqual([
      `+ app ${ZOOM}: Camera Deny`,
      `+ ${BOMGAR}: ListenEvent Deny`,
      `- ${BOMGAR}: SystemPolicyAllFiles Allow`,
      `~ ${BOMGAR}: ScreenCapture AllowStandardUserToSetSystemService → Deny`,
      `~ ${BOMGAR}: code requirement changed`,
    ])
  })

  it('says when a profile for another app would replace this one (the Zoom profile under the BeyondTrust name)', () => {
    const zoom = profile({ScreenCapture: [entry(ZOOM, 'AllowStandardUserToSetSystemService')]})
    const diff = diffGrants(before, zoom)
    expect(diff.apps).toEqual({added: [ZOOM], removed: [BOMGAR]})
    expect(appsDiffer(diff)).toBe(true)
    expect(formatGrantsDiff(diff)).toEqual([
      `+ app ${ZOOM}: ScreenCapture AllowStandardUserToSetSystemService`,
      `- app ${BOMGAR}: Accessibility Allow, ScreenCapture AllowStandardUserToSetSystemService, SystemPolicyAllFiles Allow (every grant to it goes)`,
    ])
  })

  it('treats a profile about to be created as every app added', () => {
    const diff = diffGrants(undefined, before)
    expect(diff.apps).toEqual({added: [BOMGAR], removed: []})
    expect(formatGrantsDiff(diff)).toEqual([
      `+ app ${BOMGAR}: Accessibility Allow, ScreenCapture AllowStandardUserToSetSystemService, SystemPolicyAllFiles Allow`,
    ])
  })

  it('reads real profiles: the fixture against itself, and against its binary copy', async () => {
    const read = async (name: string) => {
      const result = await readProfile(await readFile(join(FIXTURES, 'profiles', 'good', name)))
      if (!result.ok) throw new Error(result.failure.message)
      return result.document.value
    }
    const modern = await read('beyondtrust-authorization.mobileconfig')
    expect(sameGrants(diffGrants(modern, modern))).toBe(true)
    expect(sameGrants(diffGrants(modern, await read('beyondtrust-binary.mobileconfig')))).toBe(true)
    expect(grantsOf(modern).map((app) => app.identifier)).toEqual([BOMGAR])
  })
})
