/**
 * Headless Chromium (Debian's `chromium` package) driven by puppeteer-core: used by the page test and
 * by `npm run screenshots`. There is no fallback browser: a missing chromium is an error that says how
 * to install it.
 */
import * as fs from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `headless Chromium not found at ${CHROMIUM}; install Debian's package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`,
    );
  }
  return puppeteer.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

export interface OpenedPage {
  readonly page: Page;
  /** Console errors, page errors and failed requests seen while loading. */
  readonly problems: string[];
}

/** Opens an HTML file (file://) at `width` CSS pixels and waits until it has loaded. */
export async function openFile(browser: Browser, file: string, width = 1280): Promise<OpenedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  // A self-contained page loads nothing but itself (and data: URLs).
  page.on('request', (r) => {
    const url = r.url();
    if (url !== `file://${file}` && !url.startsWith('data:'))
      problems.push(`external request: ${url}`);
  });
  await page.setViewport({ width, height: 800, deviceScaleFactor: 1 });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, problems };
}
