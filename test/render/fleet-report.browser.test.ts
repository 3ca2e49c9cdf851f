import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Browser} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {browserTestsRun, launchChromium, openOffline} from '../helpers/chromium.js'
import {pppcInProcess} from '../helpers/cli.js'
import {madeUpMac} from '../helpers/fleet.js'
import {MdmServer} from '../helpers/mdm-server.js'
import {REPO} from '../helpers/paths.js'

/**
 * The fleet report's page in Debian's chromium (puppeteer-core; nothing is downloaded): the made-up fleet of 1,000
 * Macs from a loopback Jamf Pro, its charts drawn, no request leaving the page, and the README's screenshot. Skipped
 * without chromium unless PPPC_REQUIRE_BROWSER is set (CI sets it).
 */
const run = browserTestsRun('fleet report')

describe.skipIf(!run)('the fleet report page in Chromium', () => {
  const server = new MdmServer()
  let work: string
  let file: string
  let browser: Browser

  beforeAll(async () => {
    await server.start()
    server.jamf.clients.set('pppc-fleet', 'jamf-fleet-page-secret')
    server.fleet.count = 1000
    server.fleet.mac = madeUpMac
    server.fleet.attribute = 'pppc fleet: beyondtrust-rs-customer-client'
    work = await mkdtemp(join(tmpdir(), 'pppc-fleet-page-'))
    file = join(work, 'fleet.html')
    const result = await pppcInProcess(['fleet', 'report', '--mdm', 'jamf', '--url', server.url, '--format', 'html'], {
      env: {JAMF_CLIENT_ID: 'pppc-fleet', JAMF_CLIENT_SECRET: 'jamf-fleet-page-secret'},
    })
    expect(result.exitCode, result.stderr).toBe(0)
    // The address of the loopback server changes each run; the screenshot shows a stable one.
    await writeFile(file, result.stdout.replaceAll(server.url, 'https://example.jamfcloud.com'))
    browser = await launchChromium(work)
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await server.stop()
    if (work) await rm(work, {recursive: true, force: true})
  })

  it(
    'draws the three charts from the counts, makes no request, and takes the README screenshot',
    {timeout: 60_000},
    async () => {
      const requests: string[] = []
      const page = await openOffline(browser, file, requests, {width: 1000, height: 1500})
      const charts = await page.$$eval('svg', (svgs) =>
        svgs.map((svg) => ({
          label: svg.getAttribute('aria-label'),
          height: svg.getBoundingClientRect().height,
          bars: [...svg.querySelectorAll('rect')].map((r) => ({
            width: Number(r.getAttribute('width')),
            title: r.querySelector('title')?.textContent ?? null,
          })),
        })),
      )
      expect(charts.map((c) => c.label)).toEqual(['Macs by verdict', 'Macs by macOS version', 'Sections by cause'])
      for (const chart of charts) expect(chart.height).toBeGreaterThan(20)
      // The verdict bar: 450 of 1,000 Macs is 45% of its 720 pixels.
      const verdict = charts[0]!.bars.filter((b) => b.title !== null)
      expect(verdict.map((b) => b.title)).toEqual([
        'window shows: 450',
        'unknown: 50',
        'window does not show: 400',
        'no result yet: 100',
      ])
      expect(verdict[0]!.width).toBeCloseTo(324, 0)
      expect(await page.$$eval('tbody tr', (rows) => rows.length)).toBe(6 + 11 + 500)
      await mkdir(join(REPO, 'docs'), {recursive: true})
      const shot = await page.screenshot({path: join(REPO, 'docs', 'fleet-report.png')})
      expect(shot.byteLength).toBeGreaterThan(10_000)
      expect(requests).toEqual([])
      await page.close()
    },
  )
})
