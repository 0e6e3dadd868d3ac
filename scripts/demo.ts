/**
 * `npm run demo`: a simulated account on a local AWS emulator (moto), no AWS account needed.
 * Seeds dozens of IAM users in varied states, runs the real engine (enforce mode) on a simulated
 * timeline while their workloads keep using keys, prints what happened to each user and why, and
 * writes reports/demo-report.md and .json.
 *
 * Options: --days N (default 120), --step N (days between runs, default 3), --quiet (report only).
 */
import * as path from 'node:path';
import { startEmulator, type Emulator } from './emulator/emulator';
import { seedUsers, DAY_MS } from './emulator/seed';
import { createWorld } from './emulator/world';
import { demoCast, EXEMPT_GROUP, PATH } from './demo/cast';
import { buildReport, writeReport } from './demo/report';
import { renderRuns, renderUser, shortId, Timeline } from './demo/timeline';
import { Workloads } from './demo/workloads';

const SECRET_PREFIX = 'iam-access-key/';

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
    await simulate(emulator, days, step, quiet, started);
  } finally {
    await emulator.stop();
  }
}

async function simulate(
  emulator: Emulator,
  days: number,
  step: number,
  quiet: boolean,
  started: number,
): Promise<void> {
  const world = await createWorld(emulator, {
    env: { USER_PATH_PREFIX: PATH, EXEMPT_GROUP, SECRET_PREFIX },
  });
  const iso = (d: number) => world.at(d).toISOString().slice(0, 10);
  const cast = demoCast(
    new Date(world.at(0).getTime() + 365 * DAY_MS).toISOString().slice(0, 10),
    iso(-30),
  );
  const seeded = await seedUsers(emulator, cast, world.at(0));
  const timeline = new Timeline();
  const workloads = new Workloads(emulator, timeline, SECRET_PREFIX);
  for (const member of cast) workloads.start(member, seeded[member.name] ?? []);
  console.log(
    `Seeded ${cast.length} users. Running the engine every ${step} days for ${days} days from ${iso(0)}…\n`,
  );

  for (let day = 0; day <= days; day += step) {
    const now = await world.goTo(day);
    for (const member of cast) await workloads.day(member, day, now);
    const summary = await world.engine.run(now);
    timeline.addRun(day, now, summary);
    for (const n of await world.inbox.drain()) {
      const body = n.body as { accessKeyId?: string };
      const key = body.accessKeyId ? ` ${shortId(body.accessKeyId)}` : '';
      timeline.add(
        day,
        n.user === '-' ? '(ops)' : n.user,
        'notification',
        `${n.event}${key} [${n.severity}]`,
      );
    }
    if (!quiet)
      process.stdout.write(
        `  day ${String(day).padStart(3)}: ${summary.actions.length} action(s), ${summary.apiCalls} API calls\n`,
      );
  }

  await assertNoKeyMaterial(emulator, timeline, world.engine.logs);
  const meta = {
    'simulated period': `${iso(0)} → ${iso(days)} (${days} days, a run every ${step} days)`,
    users: cast.length,
    'engine settings': `defaults (rotate 90, warn 7, grace 7, unused 45, recovery 10), USER_PATH_PREFIX=${PATH}, EXEMPT_GROUP=${EXEMPT_GROUP}`,
    'wall time (s)': Math.round((Date.now() - started) / 1000),
  };
  const report = buildReport(cast, timeline, meta);
  if (!quiet) {
    console.log(
      '\nPer user: what happened, when and why (• engine action, ✉ notification, ⚙ workload, ! warning, ✖ blocked/error)\n',
    );
    for (const m of cast) console.log(`${renderUser(m, timeline.condensed(m.name))}\n`);
    console.log(renderRuns(timeline.runs));
  }
  const files = writeReport(path.resolve(__dirname, '..', 'reports'), report);
  console.log(
    `\nWrote ${files.map((f) => path.relative(process.cwd(), f)).join(' and ')} in ${meta['wall time (s)']} s.`,
  );
}

/** The demo holds real (emulated) key material in memory: prove none of it reached the output. */
async function assertNoKeyMaterial(
  emulator: Emulator,
  timeline: Timeline,
  logs: readonly string[],
): Promise<void> {
  const secrets = await emulator.issuedSecrets();
  const haystacks = [
    JSON.stringify(timeline.entries),
    logs.join('\n'),
    JSON.stringify(await emulator.snsMessages()),
  ];
  for (const secret of secrets) {
    if (haystacks.some((h) => h.includes(secret))) {
      throw new Error(
        `key material (secret ending …${secret.slice(-4)}) reached the demo output; this is a bug, please report it`,
      );
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
