/**
 * One population, seeded once, run the ways a deployment runs: report mode on the credential-report
 * path and on the forced fallback path (neither writes, so both see the seeded state), then enforce
 * mode, then enforce again the next simulated day (the steady state). The worst case — enforce on
 * the fallback path — needs a fresh seed, so it is a separate scenario.
 */
import { KEY_USAGE_SETTINGS } from '../../lambda/core/key-usage/settings';
import { DAY_MS } from '../../lambda/core/model/time';
import type { Emulator } from '../emulator/emulator';
import type { RunSummary } from '../../lambda/engine/summary';
import { createCoordinationTable } from '../emulator/coordination-table';
import { createStateMacKey } from '../emulator/state-mac-key';
import { benchDriver, createTopic, type BenchDriver, type BenchRunTraffic } from './driver';
import { measureMemory, type MemoryFigures } from './memory';
import { cohortsOf, EXEMPT_GROUP, type Population } from './population';
import { runCounts, type RunCounts } from '../run-counts';

export const DAY0 = new Date('2030-01-07T09:00:00.000Z');
/**
 * High enough that every planned deactivation is carried out (the largest population plans a few
 * hundred): the bench measures their cost. Not the setting's maximum (10,000): the first enforcing run
 * on a new coordination table writes every budget slot (one TransactWriteItems per 100 slots), and the
 * emulator copies its tables on every transaction, so 10,000 slots take minutes there.
 */
export const BENCH_MAX_DESTRUCTIVE = 1_000;
const SEED = 20300107;

export type RunKind =
  'report-cr' | 'report-fallback' | 'enforce-cr' | 'enforce-cr-next-day' | 'enforce-fallback';

export const RUN_LABELS: Readonly<Record<RunKind, string>> = {
  'report-cr': 'report, credential report',
  'report-fallback': 'report, fallback',
  'enforce-cr': 'enforce, credential report',
  'enforce-cr-next-day': 'enforce, next day',
  'enforce-fallback': 'enforce, fallback',
};

/** One run's figures: population and run, the summary's counts, the traffic the driver measured. */
export interface RunFigures extends RunCounts, Omit<BenchRunTraffic, 'summary'> {
  readonly population: string;
  readonly mix: Population['mix'];
  readonly users: number;
  readonly needingAction: number;
  readonly kind: RunKind;
  readonly day: number;
  readonly mode: RunSummary['mode'];
  readonly usersScanned: number;
  readonly usersInScope: number;
  /** e.g. `deactivate:done` → 10. */
  readonly actions: Readonly<Record<string, number>>;
  readonly warnings: number;
  /** CloudTrail LookupEvents requests (who uses a key) and the run's bound, KEY_USAGE_LOOKUPS. */
  readonly lookupEvents?: number;
  readonly lookupBound?: number;
  readonly firstError?: string;
  readonly wallMs: number;
  readonly memory: MemoryFigures;
}

export interface PopulationFigures {
  readonly population: Population;
  readonly seedMs: number;
  readonly runs: readonly RunFigures[];
}

interface Engines {
  readonly report: BenchDriver;
  readonly enforce: BenchDriver;
}

async function prepare(
  emulator: Emulator,
  p: Population,
): Promise<{ engines: Engines; seedMs: number }> {
  await emulator.reset();
  await emulator.setClock(DAY0);
  const topicArn = await createTopic();
  const started = performance.now();
  const seeded = await emulator.seedBulk({ now: DAY0, seed: SEED, cohorts: cohortsOf(p) });
  const seedMs = performance.now() - started;
  if (seeded.users !== p.users) {
    throw new Error(`seed-bulk created ${seeded.users} users for ${p.name}, expected ${p.users}`);
  }
  // As the module deploys it: with the coordination table and the state-tag MAC key.
  const env = {
    SNS_TOPIC_ARN: topicArn,
    EXEMPT_GROUP,
    MAX_DESTRUCTIVE_ACTIONS: String(BENCH_MAX_DESTRUCTIVE),
    COORDINATION_TABLE: await createCoordinationTable(),
    STATE_MAC_KEY_ID: await createStateMacKey(),
  };
  return {
    seedMs,
    engines: {
      report: benchDriver({ ...env, MODE: 'report' }),
      enforce: benchDriver({ ...env, MODE: 'enforce' }),
    },
  };
}

/**
 * `withReportFallback: false` when the worst case runs on the same population: the fallback reads
 * every user whatever the mix, and the worst case makes those reads and more, so the report-mode
 * fallback run would only add ~2 minutes of emulator time.
 */
export async function runPopulation(
  emulator: Emulator,
  p: Population,
  withReportFallback: boolean,
): Promise<PopulationFigures> {
  const { engines, seedMs } = await prepare(emulator, p);
  const runs = [await measureRun(emulator, p, engines.report, 'report-cr', 0, false)];
  if (withReportFallback) {
    runs.push(await measureRun(emulator, p, engines.report, 'report-fallback', 0, true));
  }
  runs.push(await measureRun(emulator, p, engines.enforce, 'enforce-cr', 0, false));
  runs.push(await measureRun(emulator, p, engines.enforce, 'enforce-cr-next-day', 1, false));
  return { population: p, seedMs, runs };
}

export async function runWorstCase(emulator: Emulator, p: Population): Promise<PopulationFigures> {
  const { engines, seedMs } = await prepare(emulator, p);
  const run = await measureRun(emulator, p, engines.enforce, 'enforce-fallback', 0, true);
  return { population: p, seedMs, runs: [run] };
}

async function measureRun(
  emulator: Emulator,
  p: Population,
  engine: BenchDriver,
  kind: RunKind,
  day: number,
  failCredentialReport: boolean,
): Promise<RunFigures> {
  const now = new Date(DAY0.getTime() + day * DAY_MS);
  await emulator.setClock(now);
  const started = performance.now();
  const { result, memory } = await measureMemory(() => engine.run(now, { failCredentialReport }));
  const wallMs = Math.round(performance.now() - started);
  return figures(p, kind, day, result, wallMs, memory);
}

function figures(
  p: Population,
  kind: RunKind,
  day: number,
  traffic: BenchRunTraffic,
  wallMs: number,
  memory: MemoryFigures,
): RunFigures {
  const { summary: s, ...measured } = traffic;
  const lookupEvents = measured.byAction['cloudtrail:LookupEvents'] ?? 0;
  const lookupBound = keyUsageBound();
  if (lookupEvents > lookupBound) {
    throw new Error(
      `${p.name} ${kind}: ${lookupEvents} LookupEvents requests, more than KEY_USAGE_LOOKUPS=${lookupBound}`,
    );
  }
  const actions: Record<string, number> = {};
  for (const a of s.actions)
    actions[`${a.action}:${a.outcome}`] = (actions[`${a.action}:${a.outcome}`] ?? 0) + 1;
  return {
    population: p.name,
    mix: p.mix,
    users: p.users,
    needingAction: p.needingAction,
    kind,
    day,
    mode: s.mode,
    ...runCounts(s),
    usersScanned: s.usersScanned,
    usersInScope: s.usersInScope,
    ...measured,
    actions,
    warnings: s.warnings.length,
    lookupEvents,
    lookupBound,
    ...(s.errors[0] ? { firstError: `${s.errors[0].step}: ${s.errors[0].message}` } : {}),
    wallMs,
    memory,
  };
}

/** The per-run bound the engine ran with: KEY_USAGE_LOOKUPS from the bench's environment, else its default. */
function keyUsageBound(): number {
  const set = process.env.KEY_USAGE_LOOKUPS;
  return set ? Number(set) : KEY_USAGE_SETTINGS.keyUsageLookups.default;
}
