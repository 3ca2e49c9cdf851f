import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {pppcInProcess} from '../helpers/cli.js'
import {seedText} from '../helpers/seeds.js'

/**
 * The documents, step by step: every step of both onboarding documents (document-steps.json, written from them) is in
 * the JSON output of the flow it belongs to, citing its document.
 */
interface Entry {
  doc: string
  part: string
  says: string
  flow: {os: string; macos?: string; browser?: string; mdm?: string; clientConfig?: string; granted?: string}
  step: string
  find: string[]
}
interface Checklist {
  documents: Record<string, string>
  steps: Entry[]
}

const checklist = JSON.parse(readFileSync(new URL('./document-steps.json', import.meta.url), 'utf8')) as Checklist
const normal = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase()

function args(flow: Entry['flow']): string[] {
  return [
    'flow',
    '--os',
    flow.os,
    ...(flow.macos ? ['--macos', flow.macos] : []),
    ...(flow.browser ? ['--browser', flow.browser] : []),
    ...(flow.mdm ? ['--mdm', flow.mdm] : []),
    ...(flow.clientConfig ? ['--client-config', flow.clientConfig] : []),
    ...(flow.granted ? ['--granted', flow.granted] : []),
    '--format',
    'json',
  ]
}

interface JsonStep {
  id: string
  text: string
  detail?: string
  source: string[]
}

describe('every step of both documents is in a flow', () => {
  const flows = new Map<string, Promise<JsonStep[]>>()
  const stepsOf = (flow: Entry['flow']) => {
    const key = args(flow).join(' ')
    if (!flows.has(key))
      flows.set(
        key,
        pppcInProcess(args(flow)).then((result) => {
          expect(result.exitCode, result.stderr).toBe(0)
          const json = JSON.parse(result.stdout) as {
            sections: {steps: JsonStep[]; groups?: {steps: JsonStep[]}[]}[]
          }
          return json.sections.flatMap((s) => [...s.steps, ...(s.groups ?? []).flatMap((g) => g.steps)])
        }),
      )
    return flows.get(key)!
  }

  it('covers both documents, and both systems of the first', () => {
    const byDoc = (doc: string) => checklist.steps.filter((e) => e.doc === doc)
    expect(byDoc('000').filter((e) => e.flow.os === 'windows').length).toBeGreaterThanOrEqual(12)
    expect(byDoc('000').filter((e) => e.flow.os === 'macos').length).toBeGreaterThanOrEqual(30)
    expect(byDoc('001').length).toBeGreaterThanOrEqual(20)
  })

  const seeds = normal(seedText())
  it.each(checklist.steps.map((e) => [`${e.doc} ${e.part}: ${e.step}`, e] as const))('%s', async (_name, entry) => {
    // The checklist quotes the document faithfully…
    expect(seeds).toContain(normal(entry.says))
    // …and the flow shows the step, citing that document.
    const steps = await stepsOf(entry.flow)
    const step = steps.find((s) => s.id === entry.step)
    expect(step, `${entry.step} in ${args(entry.flow).join(' ')}`).toBeDefined()
    const words = normal(`${step!.text} ${step!.detail ?? ''}`)
    for (const phrase of entry.find) expect(words).toContain(normal(phrase))
    expect(step!.source).toContain(checklist.documents[entry.doc])
  })
})
