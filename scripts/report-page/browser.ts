/**
 * Headless Chromium driven by puppeteer-core: used by the page test and by `npm run screenshots`.
 * The browser is a dev dependency, so `npm ci` brings it: `@sparticuz/chromium` ships a headless
 * Chromium for Linux x64 and arm64 inside the package (unpacked into the temp folder on first use;
 * nothing is downloaded). `CHROMIUM_PATH` names another Chromium instead (any other platform needs
 * it). There is no silent fallback: no browser is an error that points to the README.
 */
import * as fs from 'node:fs';
import packagedChromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Where the README says how to get a browser for the page test. */
export const BROWSER_HELP = 'README.md, Prerequisites: "A headless browser for the page test"';

/** The Chromium binary to launch: `CHROMIUM_PATH`, else the one `npm ci` installed (Linux). */
export async function chromiumPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string> {
  const chosen = env.CHROMIUM_PATH;
  if (chosen !== undefined && chosen !== '') {
    if (!fs.existsSync(chosen))
      throw new Error(
        `CHROMIUM_PATH=${chosen}: no such file; point it at a Chromium or Chrome binary, or unset it to use the Chromium that npm ci installs on Linux (${BROWSER_HELP})`,
      );
    return chosen;
  }
  if (platform !== 'linux')
    throw new Error(
      `no headless Chromium for ${platform}: the packaged one is Linux-only; set CHROMIUM_PATH to a Chromium or Chrome binary (${BROWSER_HELP})`,
    );
  try {
    return await packagedChromium.executablePath();
  } catch (err) {
    throw new Error(
      `the headless Chromium of @sparticuz/chromium could not be unpacked (${err instanceof Error ? err.message : String(err)}); run npm ci again, or set CHROMIUM_PATH to a Chromium binary (${BROWSER_HELP})`,
      { cause: err },
    );
  }
}

export async function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await chromiumPath(),
    headless: 'shell',
    args: ['--no-sandbox', '--no-zygote', '--disable-gpu', '--disable-dev-shm-usage'],
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
