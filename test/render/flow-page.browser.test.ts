import {mkdir, mkdtemp, readFile, rm} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Browser, Page} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {browserTestsRun, launchChromium, openOffline} from '../helpers/chromium.js'
import {pppcInProcess} from '../helpers/cli.js'
import {FIXTURES, REPO} from '../helpers/paths.js'
import {pdfPages} from '../helpers/pdf.js'

/** The page a help desk sends, in a real browser (test/helpers/chromium.ts). */
const run = browserTestsRun('flow page')

const UA = {
  macSafari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  macChrome:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  windowsEdge:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
}
const SITE = join(FIXTURES, 'sites', 'example.site.yaml')
const DOCS = join(REPO, 'docs')

describe.skipIf(!run)('the flow page in Chromium', () => {
  let work: string
  let browser: Browser
  let userPage: string
  let technicianPage: string
  /** No site file: no MDM, every permission to grant; and the Texas Tech configuration. */
  let plainPage: string
  let onRequestPage: string
  let axeSource: string
  /** Every request a page made beyond loading its own file. */
  const requests: string[] = []

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'pppc-page-'))
    userPage = join(work, 'join.html')
    technicianPage = join(work, 'technician.html')
    plainPage = join(work, 'plain.html')
    onRequestPage = join(work, 'on-request.html')
    for (const [file, extra] of [
      [userPage, ['--site', SITE]],
      [technicianPage, ['--site', SITE, '--for', 'technician']],
      [plainPage, []],
      [onRequestPage, ['--client-config', 'access-on-request']],
    ] as const) {
      const result = await pppcInProcess(['flow', '--format', 'html', '-o', file, ...extra])
      expect(result.exitCode, result.stderr).toBe(0)
    }
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
    browser = await launchChromium(work)
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    if (work) await rm(work, {recursive: true, force: true})
  })

  const open = (file: string, options: {ua?: string; width?: number; javaScript?: boolean} = {}): Promise<Page> =>
    openOffline(browser, file, requests, options)

  /** The texts of the steps a person sees. */
  const visibleSteps = (page: Page) =>
    page.$$eval('li.step', (items) =>
      items
        .filter((li) => (li as unknown as {offsetParent: unknown}).offsetParent !== null)
        .map((li) =>
          (li.querySelector('.step-body > div') as unknown as {innerText: string}).innerText
            .replace(/\s+/g, ' ')
            .trim(),
        ),
    )
  const choose = async (page: Page, name: string, value: string) => {
    await page.click(`input[name="${name}"][value="${value}"]`)
  }
  const axe = async (page: Page) => {
    await page.evaluate(axeSource)
    return page.evaluate(async () => {
      const page = globalThis as unknown as {
        document: unknown
        axe: {run: (c: unknown, o: object) => Promise<{violations: {id: string; nodes: {target: string[]}[]}[]}>}
      }
      const result = await page.axe.run(page.document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
      })
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    })
  }

  it("starts on what the user agent tells: a Mac with Safari; the macOS version is the user's to pick", async () => {
    const page = await open(userPage, {ua: UA.macSafari})
    expect(await page.$eval('input[name="os"]:checked', (i) => (i as unknown as {value: string}).value)).toBe('macos')
    expect(await page.$eval('input[name="browser"]:checked', (i) => (i as unknown as {value: string}).value)).toBe(
      'safari',
    )
    expect(await page.$eval('#macos', (s) => (s as unknown as {value: string}).value)).toBe('')
    expect(await page.$eval('.system[data-os="windows"]', (s) => (s as unknown as {hidden: boolean}).hidden)).toBe(true)
    await page.select('#macos', '12')
    let steps = await visibleSteps(page)
    expect(steps.join('\n')).toContain('click the lock at the lower left corner of the window')
    expect(steps.join('\n')).not.toContain('click the toggle')
    expect(steps).toContain('Click Allow in the popup asking to allow downloads from the site.')
    await page.select('#macos', '15')
    steps = await visibleSteps(page)
    expect(steps.join('\n')).toContain('(Privacy & Security › Screen & System Audio Recording), click the toggle')
    expect(steps.join('\n')).toContain('You may see two windows')
    expect(steps.join('\n')).not.toContain('lock at the lower left')
    // The site's MDM (Kandji): Safari keeps the .zip, Accessibility and Full Disk Access are already on.
    expect(steps.join('\n')).toContain('Show in Finder icon (looks like a magnifying glass)')
    expect(steps.join('\n')).not.toContain('Grant Access button in the Accessibility section')
    expect(await page.$eval('#showing', (p) => p.textContent)).toBe(
      'Showing the steps for: Mac, macOS 15 Sequoia, Safari.',
    )
    await page.close()
  })

  it('starts on Windows and Edge for an Edge user agent, and switches to the Mac and back', async () => {
    const page = await open(userPage, {ua: UA.windowsEdge})
    let steps = await visibleSteps(page)
    expect(steps).toEqual(
      expect.arrayContaining([
        'After the file has finished downloading, click the downloads icon at the top right of the window, then single-click the downloaded file.',
        'If the download icon disappears, click the three dots at the top right of the window, then click Downloads.',
        'To end the session at any time, click STOP SHARING or the X at the top right of the main window, then click Yes.',
      ]),
    )
    expect(steps.join('\n')).toMatch(/User Account Control window .* click Yes/)
    expect(steps.join('\n')).not.toMatch(/Finder|System Settings/)
    expect(steps[0]).toMatch(/^Go to https:\/\/support\.example\.edu, type the session key/)
    await choose(page, 'os', 'macos')
    // Edge has no Mac steps: its choice goes, and every Mac browser's steps show, labelled.
    expect(await page.$eval('input[value="edge"]', (i) => (i.parentNode as unknown as {hidden: boolean}).hidden)).toBe(
      true,
    )
    steps = await visibleSteps(page)
    expect(steps.join('\n')).toContain('Google Chrome')
    expect(steps.join('\n')).not.toContain('three dots')
    await choose(page, 'os', 'windows')
    await choose(page, 'browser', 'firefox')
    steps = await visibleSteps(page)
    expect(steps).toContain(
      'After the file has finished downloading, click the downloads icon at the top right of the window, then click the downloaded file.',
    )
    expect(steps.join('\n')).not.toContain('single-click')
    await page.close()
  })

  it('works from the keyboard: arrow keys change the choice and the steps follow', async () => {
    const page = await open(userPage, {ua: UA.macChrome})
    await page.focus('input[name="os"][value="macos"]')
    await page.keyboard.press('ArrowLeft')
    expect(await page.$eval('input[name="os"]:checked', (i) => (i as unknown as {value: string}).value)).toBe('windows')
    expect(await page.$eval('.system[data-os="macos"]', (s) => (s as unknown as {hidden: boolean}).hidden)).toBe(true)
    await page.close()
  })

  it('shows everything, labelled, with scripts off', async () => {
    const page = await open(userPage, {javaScript: false})
    expect(await page.$eval('#choices', (f) => (f as unknown as {hidden: boolean}).hidden)).toBe(true)
    const headings = await page.$$eval('h2', (h) => h.map((e) => e.textContent))
    expect(headings).toEqual(expect.arrayContaining(['On a Windows PC', 'On a Mac']))
    const steps = await visibleSteps(page)
    expect(steps.length).toBeGreaterThan(30)
    expect(steps.join('\n')).toContain('macOS 12 and earlier')
    expect(steps.join('\n')).toContain('macOS 13 and later')
    expect(steps.join('\n')).toContain('Microsoft Edge')
    await page.close()
  })

  it('has no accessibility violations (axe-core, WCAG 2.1 AA and best practice), on both systems and both copies', async () => {
    for (const [file, ua, width] of [
      [userPage, UA.macSafari, 1200],
      [userPage, UA.windowsEdge, 1200],
      [userPage, UA.macChrome, 390],
      [technicianPage, UA.macChrome, 1200],
      [plainPage, UA.macSafari, 390],
      [onRequestPage, UA.windowsEdge, 1200],
    ] as const) {
      const page = await open(file, {ua, width})
      expect(await axe(page), `${file} ${ua} ${width}`).toEqual([])
      await page.close()
    }
  })

  it('reads at 390 px without sideways scrolling, and takes the README screenshots at 1200 and 390 px', async () => {
    await mkdir(DOCS, {recursive: true})
    for (const width of [1200, 390]) {
      const page = await open(userPage, {ua: UA.macSafari, width})
      await page.select('#macos', '15')
      expect(
        await page.evaluate(
          () =>
            (globalThis as unknown as {document: {documentElement: {scrollWidth: number}}}).document.documentElement
              .scrollWidth,
        ),
      ).toBeLessThanOrEqual(width)
      const shot = await page.screenshot({path: join(DOCS, `flow-page-${width}.png`), fullPage: true})
      expect(shot.byteLength).toBeGreaterThan(10_000)
      await page.close()
    }
  })

  it.each([
    ['macOS 15, Safari, Kandji', 'user', UA.macSafari, '15'],
    ['macOS 12, Chrome, Kandji', 'user', UA.macChrome, '12'],
    ['macOS 26, Chrome, Kandji', 'user', UA.macChrome, '26'],
    ['Windows, Edge', 'user', UA.windowsEdge, ''],
    ['macOS 12, Chrome, no MDM', 'plain', UA.macChrome, '12'],
    ['macOS 15, Safari, no MDM', 'plain', UA.macSafari, '15'],
    ['macOS 15, Chrome, access on request', 'onRequest', UA.macChrome, '15'],
  ])('prints one chosen flow (%s) on at most 2 A4 pages, none near-empty', async (_name, which, ua, macos) => {
    const file = which === 'plain' ? plainPage : which === 'onRequest' ? onRequestPage : userPage
    const page = await open(file, {ua})
    if (macos) await page.select('#macos', macos)
    const pdf = await page.pdf({format: 'A4', printBackground: true})
    const pages = pdfPages(pdf)
    expect(pages.length).toBeGreaterThanOrEqual(1)
    expect(pages.length).toBeLessThanOrEqual(2)
    if (pages.length === 2) expect(pages[1]!.textOps / pages[0]!.textOps).toBeGreaterThan(0.2)
    await page.close()
  })

  it('works offline: no request leaves the page', () => {
    expect(requests).toEqual([])
  })
})
