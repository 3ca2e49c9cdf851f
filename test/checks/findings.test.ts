import {readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {diagnose} from '../../src/checks/diagnose.js'
import {FINDINGS, finding} from '../../src/checks/findings.js'
import {gatherFacts} from '../../src/checks/gather.js'
import {requireApp} from '../../src/profiles/catalogue.js'
import {RecordedMac} from '../../src/system/recorded-mac.js'
import {FIXTURES} from '../helpers/paths.js'

describe("the doctor's findings table", () => {
  it('fills every token, and refuses a finding whose values are missing', () => {
    expect(() => finding('client-team-id', {path: '/x.app'})).toThrow(/^finding client-team-id: no value for \{\w+\}$/)
    expect(
      finding('service-stale', {
        label: 'Screen Recording',
        decision: 'granted to',
        app: 'A',
        requirement: 'r',
        reason: 'x',
        sudo: 'sudo ',
        service: 'ScreenCapture',
        bundleId: 'b',
      }),
    ).toMatchObject({
      level: 'problem',
      command: 'sudo tccutil reset ScreenCapture b',
      fix: 'reset the old decision, then grant it again: sudo tccutil reset ScreenCapture b',
    })
  })

  it('gives every recorded Mac findings from the table only, with no token left and no command in prose only', async () => {
    const app = requireApp('beyondtrust')
    const folders = (await readdir(join(FIXTURES, 'macs'), {withFileTypes: true}))
      .filter((d) => d.isDirectory() && !d.name.startsWith('install-'))
      .map((d) => d.name)
    const seen = new Set<string>()
    for (const folder of folders) {
      const d = diagnose(await gatherFacts(await RecordedMac.open(join(FIXTURES, 'macs', folder)), app))
      for (const f of d.findings) {
        seen.add(f.id)
        expect(FINDINGS[f.id].level, `${folder} ${f.id}`).toBe(f.level)
        for (const text of [f.text, f.fix ?? '', f.command ?? '']) {
          expect(text, `${folder} ${f.id}`).not.toMatch(/\{\w+\}|undefined|\[object /)
        }
        if (f.command) expect(f.fix, `${folder} ${f.id}`).toContain(f.command)
      }
      const steps = (d.steps?.sections ?? []).flatMap((s) => [...s.steps, ...(s.groups ?? []).flatMap((g) => g.steps)])
      for (const step of steps)
        expect(`${step.text} ${step.detail ?? ''}`, `${folder} ${step.id}`).not.toMatch(/\{\w+\}|undefined/)
    }
    // The recorded Macs show most of the table; the rest are covered by unit tests of their checks.
    expect(seen.size).toBeGreaterThan(Object.keys(FINDINGS).length / 2)
  })
})
