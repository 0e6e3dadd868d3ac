/**
 * `npm run screenshots`: regenerates the README's pictures (docs/images/*.png) from real runs: builds
 * the demo page, the plan page and the dashboard layout against the local emulator, opens each in
 * headless Chromium (scripts/report-page/browser.ts) and screenshots it. Pages land in reports/ (not committed).
 */
import * as path from 'node:path';
import { startEmulator } from './emulator/emulator';
import { launchChromium, openFile } from './report-page/browser';
import { buildPages } from './screenshots/pages';

const REPO = path.resolve(__dirname, '..');

/** Which part of each page the README shows: the top `height` CSS pixels, or the whole page. */
const SHOTS = [
  { page: 'demo', png: 'demo-report.png', height: 1500 },
  { page: 'plan', png: 'plan-report.png' },
  { page: 'dashboard', png: 'dashboard.png' },
] as const;

async function main(): Promise<void> {
  console.log('Starting the local AWS emulator (moto)…');
  const emulator = await startEmulator();
  let pages;
  try {
    Object.assign(process.env, emulator.env());
    pages = await buildPages(emulator, path.join(REPO, 'reports'), { days: 120, step: 3 });
  } finally {
    await emulator.stop();
  }
  const browser = await launchChromium();
  try {
    for (const shot of SHOTS) {
      const { page, problems } = await openFile(browser, pages[shot.page]);
      if (problems.length > 0) throw new Error(`${pages[shot.page]}: ${problems.join('; ')}`);
      const png = path.join(REPO, 'docs', 'images', shot.png);
      await page.screenshot(
        'height' in shot
          ? { path: png, clip: { x: 0, y: 0, width: 1280, height: shot.height } }
          : { path: png, fullPage: true },
      );
      console.log(`Wrote ${path.relative(process.cwd(), png)}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
