import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {validateBytes} from '../../src/profiles/validate.js'
import {MUTATIONS, prng} from '../helpers/garbage.js'
import {FIXTURES} from '../helpers/paths.js'
import {signProfile} from '../helpers/signing.js'

const GOOD = join(FIXTURES, 'profiles', 'good')
const seeds: Buffer[] = [
  readFileSync(join(GOOD, 'beyondtrust-authorization.mobileconfig')),
  readFileSync(join(GOOD, 'multi-payload-with-automation.mobileconfig')),
  readFileSync(join(GOOD, 'legacy-allowed.mobileconfig')),
  readFileSync(join(GOOD, 'beyondtrust-binary.mobileconfig')),
]

beforeAll(async () => {
  seeds.push(await signProfile(seeds[0]!))
})

describe('10,000 garbage inputs (seed 20261123)', () => {
  it(
    'each gives a report with findings or a clean verdict: never a throw, never a hang',
    {timeout: 240_000},
    async () => {
      const rand = prng(20261123)
      const names = Object.keys(MUTATIONS)
      const counts: Record<string, number> = {}
      const rules = new Set<string>()
      for (let i = 0; i < 10_000; i++) {
        const name = names[i % names.length]!
        const input = MUTATIONS[name]!(seeds[Math.floor(rand() * seeds.length)]!, rand)
        let report
        try {
          report = await validateBytes(`garbage-${i}`, input)
        } catch (error) {
          throw new Error(`input ${i} (${name}) made validation throw: ${(error as Error).stack}`)
        }
        expect(Array.isArray(report.findings)).toBe(true)
        for (const f of report.findings) {
          rules.add(f.rule)
          if (typeof f.message !== 'string' || f.message.length === 0)
            throw new Error(`input ${i} (${name}): a finding without a message`)
        }
        counts[name] = (counts[name] ?? 0) + 1
      }
      expect(Object.values(counts).reduce((a, b) => a + b)).toBe(10_000)
      // The garbage reaches deep: unreadable files, broken XML and content rules all fire.
      for (const id of ['PPPC001', 'PPPC002', 'PPPC024', 'PPPC033']) expect(rules).toContain(id)
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    },
  )

  it('refuses DTD entities instead of expanding them', async () => {
    const lol = Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><plist version="1.0"><dict><key>PayloadType</key><string>&b;</string></dict></plist>',
    )
    const report = await validateBytes('lol', lol)
    expect(report.findings).toHaveLength(1)
    expect(report.findings[0]!.message).toMatch(/entity &b; is not defined/)
  })

  it('stops at 256 levels of nesting with a finding', async () => {
    const deep = Buffer.from(`<plist version="1.0">${'<array>'.repeat(100_000)}${'</array>'.repeat(100_000)}</plist>`)
    const report = await validateBytes('deep', deep)
    expect(report.findings[0]!.message).toMatch(/nesting deeper than 256 levels/)
  })
})
