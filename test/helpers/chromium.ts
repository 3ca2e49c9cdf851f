import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser, Page} from 'puppeteer-core'

/**
 * The browser tests' chromium: Debian's, driven by puppeteer-core (nothing is downloaded). Without it they are skipped
 * with one line, unless PPPC_REQUIRE_BROWSER is set (CI sets it), where they fail.
 */
export const CHROMIUM = '/usr/bin/chromium'

/** Whether the browser tests of `what` run; says in one line why not. */
export function browserTestsRun(what: string): boolean {
  const run = existsSync(CHROMIUM) || Boolean(process.env.PPPC_REQUIRE_BROWSER)
  if (!run)
    console.warn(
      `${what} browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium; PPPC_REQUIRE_BROWSER=1 makes this a failure)`,
    )
  return run
}

/** Headless chromium with a profile of its own in `work` and nothing that reaches the network by itself. */
export async function launchChromium(work: string): Promise<Browser> {
  const {default: puppeteer} = await import('puppeteer-core')
  return puppeteer.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(work, 'profile')}`,
    ],
  })
}

/**
 * A local file in a new page, every other request it makes refused and its address added to `requests`: the pages
 * pppc writes must work offline.
 */
export async function openOffline(
  browser: Browser,
  file: string,
  requests: string[],
  options: {width?: number; height?: number; ua?: string; javaScript?: boolean} = {},
): Promise<Page> {
  const page = await browser.newPage()
  await page.setViewport({width: options.width ?? 1200, height: options.height ?? 900})
  if (options.ua) await page.setUserAgent(options.ua)
  if (options.javaScript === false) await page.setJavaScriptEnabled(false)
  const url = pathToFileURL(file).href
  await page.setRequestInterception(true)
  page.on('request', (request) => {
    if (request.url() === url) return void request.continue()
    requests.push(request.url())
    void request.abort()
  })
  await page.goto(url, {waitUntil: 'load'})
  return page
}
