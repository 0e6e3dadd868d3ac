/**
 * The demo's simulation: seeds the cast, then runs the real engine (enforce mode) every `step` days
 * while the workloads keep using their keys, recording what happened (timeline) and each key's life
 * (ledger). Used by `npm run demo` and by the page test.
 */
import { demoCast, EXEMPT_GROUP, PATH, type CastMember } from './cast';
import { createWorld } from '../emulator/world';
import { DAY_MS, seedUsers } from '../emulator/seed';
import { type Emulator } from '../emulator/emulator';
import { KeyLedger } from './key-ledger';
import { shortId, Timeline } from './timeline';
import { Workloads } from './workloads';
import { Callers } from './callers';
import { HoldLedger, type KeyHold } from './holds';
import type { Credentials } from '../emulator/workload';
import { usageRowsFromLog, type KeyUsageRow } from '../report-page/usage-section';

export const SECRET_PREFIX = 'iam-access-key/';

export interface DemoOptions {
  readonly days: number;
  readonly step: number;
  /** Progress lines (one per run); omitted = silent. */
  readonly progress?: (line: string) => void;
}

export interface DemoRun {
  readonly cast: readonly CastMember[];
  readonly timeline: Timeline;
  readonly ledger: KeyLedger;
  /** Old keys held because they were still in use (retire on evidence). */
  readonly holds: readonly KeyHold[];
  /** Who uses each key, as the engine's last lookup of it found (the page's "used by"). */
  readonly usage: readonly KeyUsageRow[];
  /** The settings the report shows, without wall time. */
  readonly settings: Readonly<Record<string, string | number>>;
}

export async function simulateDemo(emulator: Emulator, options: DemoOptions): Promise<DemoRun> {
  const { days, step } = options;
  const world = await createWorld(emulator, {
    env: { USER_PATH_PREFIX: PATH, EXEMPT_GROUP, SECRET_PREFIX },
  });
  const iso = (d: number) => world.at(d).toISOString().slice(0, 10);
  const cast = demoCast(
    new Date(world.at(0).getTime() + 365 * DAY_MS).toISOString().slice(0, 10),
    iso(-30),
  );
  const timeline = new Timeline();
  const callers = new Callers(timeline, SECRET_PREFIX);
  const holders = Object.fromEntries(
    cast
      .filter((m) => m.workload.kind === 'callers')
      .map((m) => [m.name, (key: Credentials) => callers.start(m, key)] as const),
  );
  const seeded = await seedUsers(emulator, cast, world.at(0), undefined, holders);
  const ledger = new KeyLedger(world.at(0));
  const holds = new HoldLedger();
  const users = cast.map((m) => m.name);
  const workloads = new Workloads(emulator, timeline, SECRET_PREFIX);
  for (const member of cast) workloads.start(member, seeded[member.name] ?? []);
  options.progress?.(
    `Seeded ${cast.length} users. Running the engine every ${step} days for ${days} days from ${iso(0)}…\n`,
  );
  await ledger.observe(users, 0);

  for (let day = 0; day <= days; day += step) {
    const now = await world.goTo(day);
    for (const member of cast) await workloads.day(member, day, now);
    for (const member of cast) await callers.day(member.name, day);
    const runStarted = Date.now();
    const summary = await world.engine.run(now);
    timeline.addRun(day, now, summary, Date.now() - runStarted);
    await ledger.observe(users, day);
    const notes = await world.inbox.drain();
    holds.observe(day, notes);
    for (const n of notes) {
      const body = n.body as { accessKeyId?: string };
      const key = body.accessKeyId ? ` ${shortId(body.accessKeyId)}` : '';
      timeline.add(
        day,
        n.user === '-' ? '(ops)' : n.user,
        'notification',
        `${n.event}${key} [${n.severity}]`,
      );
    }
    options.progress?.(
      `  day ${String(day).padStart(3)}: ${summary.actions.length} action(s), ${summary.apiCalls} API calls\n`,
    );
  }

  await assertNoKeyMaterial(emulator, timeline, world.engine.logs);
  return {
    cast,
    timeline,
    ledger,
    holds: holds.holds,
    usage: usageRowsFromLog(world.engine.logs),
    settings: {
      'simulated period': `${iso(0)} → ${iso(days)} (${days} days, a run every ${step} days)`,
      users: cast.length,
      'engine settings': `defaults (rotate 90, warn 7, grace 7, unused 45, recovery 10; retire on evidence: in-use hold 24 h, at most 30 days), USER_PATH_PREFIX=${PATH}, EXEMPT_GROUP=${EXEMPT_GROUP}`,
    },
  };
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
    JSON.stringify(timeline.marks),
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
