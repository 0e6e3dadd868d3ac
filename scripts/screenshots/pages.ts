/**
 * Builds the three pages the README shows, from real runs against the emulator: the demo page
 * (simulated months), the plan page (the demo's account at day 0, planned in report mode), and the
 * dashboard layout charted with the demo's metric values. Used by `npm run screenshots` and the page test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXEMPT_GROUP, PATH, demoCast } from '../demo/cast';
import { DAY_MS, seedUsers } from '../emulator/seed';
import { type Emulator } from '../emulator/emulator';
import { demoPage } from '../demo/page';
import { SECRET_PREFIX, simulateDemo } from '../demo/simulate';
import { planPage } from '../plan/page';
import { runPlan } from '../plan/run-plan';
import { dashboardPage } from '../report-page/dashboard-page';

export interface BuiltPages {
  readonly demo: string;
  readonly plan: string;
  readonly dashboard: string;
  /** Users the demo simulated (the demo timeline's rows). */
  readonly demoUsers: number;
}

export async function buildPages(
  emulator: Emulator,
  outDir: string,
  options: { readonly days: number; readonly step: number },
): Promise<BuiltPages> {
  fs.mkdirSync(outDir, { recursive: true });
  const write = (name: string, html: string) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, html);
    return file;
  };
  const run = await simulateDemo(emulator, options);
  const demo = write(
    'demo-report.html',
    await demoPage({
      cast: run.cast,
      timeline: run.timeline,
      segments: run.ledger.segments,
      holds: run.holds,
      lastDay: options.days,
      meta: run.settings,
      usage: run.usage,
    }),
  );
  const dashboard = write(
    'dashboard-layout.html',
    await dashboardPage({
      functionName: 'iam-key-lifecycle-engine',
      caption: `The module's dashboard body on its grid, charted with the metric values of the demo's ${run.timeline.runs.length} runs (${run.settings['simulated period']}); AWS metrics the demo has no source for stay empty.`,
      runs: run.timeline.runs.map((r) => ({
        day: r.day,
        values: {
          ...r.metrics,
          'AWS/Lambda/Duration/Maximum': r.durationMs,
          'AWS/Lambda/Duration/Average': r.durationMs,
        },
      })),
    }),
  );

  // The plan: the demo's account as it is on day 0, read by `npm run plan`'s code.
  await emulator.reset();
  await emulator.setClock(null);
  const now = new Date();
  await seedUsers(
    emulator,
    demoCast(new Date(now.getTime() + 365 * DAY_MS).toISOString().slice(0, 10), '2020-01-01'),
    now,
  );
  const result = await runPlan({
    env: { ...process.env, USER_PATH_PREFIX: PATH, EXEMPT_GROUP, SECRET_PREFIX },
  });
  const plan = write('plan-report.html', await planPage(result));
  return { demo, plan, dashboard, demoUsers: run.cast.length };
}
