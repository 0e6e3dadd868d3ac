/**
 * `ts-node scripts/report-page/inspect-cli.ts <screenshot dir> <page.html>...`: inspects each page in
 * headless Chromium (inspect-page.ts) and prints the results as one JSON array. The page test runs
 * this in a child process, so jest's module loader never loads puppeteer-core and a browser crash
 * cannot take a test worker down.
 */
import * as path from 'node:path';
import { launchChromium } from './browser';
import { inspectPage, type PageInspection } from './inspect-page';

async function main(): Promise<void> {
  const [dir, ...files] = process.argv.slice(2);
  if (!dir || files.length === 0) {
    throw new Error('usage: inspect-cli.ts <screenshot dir> <page.html>... (got no pages)');
  }
  const browser = await launchChromium();
  try {
    const results: PageInspection[] = [];
    for (const file of files) {
      const png = path.join(dir, `${path.basename(file, '.html')}.png`);
      results.push(await inspectPage(browser, path.resolve(file), png));
    }
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
