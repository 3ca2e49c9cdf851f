import {describe, expect, it} from 'vitest'
import {buildFlow} from '../../src/onboarding/flow.js'
import {sectionsFor} from '../../src/onboarding/flow-options.js'
import {STEPS} from '../../src/onboarding/steps.js'
import {parseMacosFlag} from '../../src/macos/version.js'
import {seedText} from '../helpers/seeds.js'

// Second tier: the BeyondTrust onboarding documents the flows are written from are in ../shared/seeds.
describe('the flows say what the seed documents say', () => {
  const seeds = seedText()

  it.each([
    ['chrome', 'none'],
    ['firefox', 'none'],
    ['safari', 'none'],
    ['safari', 'kandji'],
  ] as const)('the download steps for %s (MDM %s) are in the seeds, word for word', (browser, mdm) => {
    const flow = buildFlow({macos: parseMacosFlag('15.1'), browser, mdm, services: sectionsFor(mdm, [])})
    const download = flow.sections.find((s) => s.id === 'download')!.steps.map((s) => s.text)
    expect(download.length).toBeGreaterThan(2)
    for (const step of download.slice(1)) expect(seeds).toContain(step)
  })

  it("Edge: the seed's downloads icon and three dots", () => {
    expect(seeds).toContain('click the downloads icon at the top right of the window')
    expect(seeds).toContain(
      'If the download icon disappears, click the three dots at the top right of the window, then click Downloads.',
    )
  })

  it('keeps the download and permission steps taken from the UofA document word for word (but for the pane named in brackets)', () => {
    const verbatim = STEPS.filter(
      (s) => (s.section === 'download' || s.section === 'permissions') && s.source.join() === 'ualberta',
    )
    expect(verbatim.map((s) => s.id)).toEqual(
      expect.arrayContaining([
        'chrome-show-in-finder',
        'windows-edge-open-download',
        'toggle-screen-recording-switch',
        'toggle-full-disk-access',
        'lock-screen-recording-checkbox',
        'lock-full-disk-access',
        'full-disk-access-restart-again',
      ]),
    )
    for (const step of verbatim) {
      const text = step.text
        .replace(/ \(\{\w+Pane\}\)/, '')
        .replace(/\{launcher\}/g, 'Open to Start Support Session')
        .replace(/\{app\}/g, 'Remote Support Customer Client')
        .replace(/\{quitButton\}/g, 'Quit & Reopen')
      expect(seeds, step.id).toContain(text)
    }
  })
})
