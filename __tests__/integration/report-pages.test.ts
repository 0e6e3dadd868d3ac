/**
 * The report pages in a real browser: the demo page, the plan page and the dashboard layout are built
 * once from runs against the emulator, opened in headless Chromium (the one `npm ci` installs, or
 * CHROMIUM_PATH; without one the test fails pointing to the README, it never skips), screenshotted, and checked for what a reader relies on.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { useEmulator } from './support/fixture';
import { dashboardBody } from '../../modules/access-key-lifecycle/dashboard';
import type { PageInspection } from '../../scripts/report-page/inspect-page';
import { buildPages, type BuiltPages } from '../../scripts/screenshots/pages';

const fx = useEmulator({ resetBeforeEach: false });
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-pages-'));
let pages: BuiltPages;
let inspected: Promise<PageInspection[]>;

/**
 * The browser side runs in a child Node process (scripts/report-page/inspect-cli.ts) and reports JSON:
 * jest's module loader never loads puppeteer-core, and a browser crash cannot take the worker down.
 */
async function inspectInChromium(files: readonly string[]): Promise<PageInspection[]> {
  const tsNode = require.resolve('ts-node/dist/bin.js');
  const cli = path.resolve(__dirname, '..', '..', 'scripts', 'report-page', 'inspect-cli.ts');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [tsNode, '--transpile-only', cli, out, ...files],
    { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as PageInspection[];
}

beforeAll(async () => {
  // A shorter demo than `npm run demo` (30 days): every kind of event still happens.
  pages = await buildPages(fx.emulator, out, { days: 30, step: 3 });
  for (const file of [pages.demo, pages.plan, pages.dashboard])
    fx.seen(fs.readFileSync(file, 'utf8'));
  inspected = inspectInChromium([pages.demo, pages.plan, pages.dashboard]);
  // Reported in the tests below (an unhandled rejection here would hide which page failed).
  inspected.catch(() => undefined);
}, 300_000);

async function render(file: string): Promise<PageInspection> {
  const all = await inspected;
  const found = all.find((p) => p.file === path.resolve(file));
  if (!found)
    throw new Error(`${file} was not inspected; inspected: ${all.map((p) => p.file).join(', ')}`);
  return found;
}

describe('report pages in headless Chromium', () => {
  it('demo page: one timeline row per simulated user, every chart drawn, no console errors', async () => {
    // Act
    const r = await render(pages.demo);

    // Assess
    expect(r.problems).toEqual([]);
    expect(r.scripts).toBe(0);
    expect(r.screenshotBytes).toBeGreaterThan(50_000);
    expect(r.timelineRows).toBe(pages.demoUsers);
    expect(pages.demoUsers).toBe(44);
    expect(r.charts.map((c) => c.name)).toEqual(['timeline', 'actions-by-kind', 'api-calls']);
    for (const c of r.charts) {
      expect({ chart: c.name, drawn: c.marks > 0 && c.width > 100 }).toEqual({
        chart: c.name,
        drawn: true,
      });
    }
  });

  it('demo page: hover text on the marks and the per-user detail collapsed', async () => {
    // Prepare
    const html = fs.readFileSync(pages.demo, 'utf8');

    // Assess
    expect(html).toMatch(/<title>billing-export: key AKIA…\w{4} \(created day -130\) Active/);
    expect(html).toMatch(
      /<title>day \d+, billing-export: new key AKIA…\w{4} created \(rotation-due\)/,
    );
    expect(html.match(/<details><summary>/g)?.length).toBeGreaterThanOrEqual(44);
  });

  it('demo page: holds per key, escalated to ops from the second step', () => {
    // Prepare
    const html = fs.readFileSync(pages.demo, 'utf8');

    // Assess: the cron job that never adopts its new key is held at day 12 and escalated at day 27
    expect(html).toContain('Holds per key (retire on evidence)');
    expect(html).toMatch(
      /<td>report-mailer<\/td><td>AKIA…\w{4}<\/td><td>12<\/td><td>day 12: step 1, warning; day 27: step 2, critical<\/td><td>not-adopted<\/td><td>still held<\/td>/,
    );
    expect(html).toMatch(
      /<td>image-resizer<\/td><td>AKIA…\w{4}<\/td><td>12<\/td><td>day 12: step 1, warning<\/td><td>adopted<\/td><td>day 15: deactivated \(rotated\)<\/td>/,
    );
    expect(html).toMatch(
      /<td>shared-uploader<\/td><td>AKIA…\w{4}<\/td><td>12<\/td><td>day 12: step 1, warning<\/td><td>adopted<\/td><td>day 21: deactivated \(rotated\)<\/td>/,
    );
  });

  it('plan page: both age histograms drawn with their thresholds, no console errors', async () => {
    // Act
    const r = await render(pages.plan);
    const html = fs.readFileSync(pages.plan, 'utf8');

    // Assess
    expect(r.problems).toEqual([]);
    expect(r.screenshotBytes).toBeGreaterThan(20_000);
    expect(r.charts.map((c) => c.name)).toEqual(['key-age', 'idle-age']);
    for (const c of r.charts) expect(c.marks).toBeGreaterThan(3);
    expect(html).toContain('rotation (90 d)');
    expect(html).toContain('unused (45 d)');
    expect(html).toMatch(/circuit breaker would not trip/);
    expect(html).toMatch(
      /<td>billing-export<\/td><td>AKIA\w+<\/td><td>create<\/td><td>rotation-due<\/td>/,
    );
  });

  it('dashboard layout: one chart per metric widget of the dashboard body, no console errors', async () => {
    // Prepare
    const widgets = dashboardBody({ region: 'us-east-1', functionName: 'f', dlqName: 'q' }).widgets;

    // Act
    const r = await render(pages.dashboard);

    // Assess
    expect(r.problems).toEqual([]);
    expect(r.charts).toHaveLength(widgets.filter((w) => w.type === 'metric').length);
    for (const c of r.charts) expect(c.width).toBeGreaterThan(100);
    expect(r.charts.filter((c) => c.marks > 0).length).toBeGreaterThanOrEqual(5);
  });
});
