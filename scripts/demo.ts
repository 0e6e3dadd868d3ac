/**
 * `npm run demo`: a simulated account on a local AWS emulator (moto), no AWS account needed.
 * Seeds dozens of IAM users in varied states, runs the real engine (enforce mode) on a simulated
 * timeline while their workloads keep using keys, prints what happened to each user and why, and
 * writes reports/demo-report.md, .json and .html (the page: timeline, per-run charts, detail).
 *
 * Options: --days N (default 120), --step N (days between runs, default 3), --quiet (report only).
 */
import * as path from 'node:path';
import { startEmulator } from './emulator/emulator';
import { demoPage } from './demo/page';
import { buildReport, writeReport } from './demo/report';
import { simulateDemo } from './demo/simulate';
import { renderRuns, renderUser } from './demo/timeline';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `--${name} must be a whole number ≥ 1, got "${process.argv[i + 1]}"; e.g. --${name} ${fallback}`,
    );
  }
  return value;
}

async function main(): Promise<void> {
  const days = option('days', 120);
  const step = option('step', 3);
  const quiet = process.argv.includes('--quiet');
  const started = Date.now();
  console.log('Starting the local AWS emulator (moto)…');
  const emulator = await startEmulator();
  try {
    Object.assign(process.env, emulator.env());
    const run = await simulateDemo(emulator, {
      days,
      step,
      progress: (line) =>
        quiet && line.startsWith('  day') ? undefined : process.stdout.write(line),
    });
    const meta = { ...run.settings, 'wall time (s)': Math.round((Date.now() - started) / 1000) };
    const report = buildReport(run.cast, run.timeline, meta);
    if (!quiet) {
      console.log(
        '\nPer user: what happened, when and why (• engine action, ✉ notification, ⚙ workload, ! warning, ✖ blocked/error)\n',
      );
      for (const m of run.cast) console.log(`${renderUser(m, run.timeline.condensed(m.name))}\n`);
      console.log(renderRuns(run.timeline.runs));
    }
    const html = await demoPage({
      cast: run.cast,
      timeline: run.timeline,
      segments: run.ledger.segments,
      holds: run.holds,
      lastDay: days,
      meta,
      usage: run.usage,
    });
    const files = writeReport(path.resolve(__dirname, '..', 'reports'), { ...report, html });
    console.log(
      `\nWrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')} in ${Math.round((Date.now() - started) / 1000)} s.`,
    );
  } finally {
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
