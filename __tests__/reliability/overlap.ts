/**
 * Overlapping runs (issue 10): one seed is one campaign account (account.ts: workloads following their
 * secret, a person creating, deactivating and deleting keys, tags edited, exempt and out-of-scope users)
 * deployed as the module deploys it (deployed.ts: coordination table, state-tag MAC key), living through
 * several simulated days. Each day is a **trial**: 2–5 engine runs started together at one instant, each
 * as its own Lambda container (own driver, own SDK clients): the scheduled run, sometimes a second
 * scheduled delivery (EventBridge can repeat), and CloudTrail-triggered single-user runs
 * (lambda/config/event-cloudtrail.ts) for users the day's events touched or picked at random, exempt
 * and out-of-scope users included. Each run waits a seeded number of event-loop turns before it starts,
 * so the runs enter their first calls in different orders.
 *
 * After every trial: the campaign's invariants (invariants.ts, the "settled" ones too: nothing is
 * faulted here, so every run must complete), each notice at most once in total and destructive actions
 * within the rolling 24-hour budget (overlap-checks.ts), no key material in any output.
 *
 * Replay: the seed fixes the story (days, people's actions, which runs start, their staggers and
 * events, MAX_DESTRUCTIVE_ACTIONS). The interleaving of the runs' calls also depends on moto's latency,
 * so a replay reaches the same trial with the same runs, not necessarily the same interleaving.
 * Jest-free: the CLI (`npm run reliability -- --overlap N`) and overlap.test.ts both call `runOverlapSeed`.
 */
import type { Emulator } from '../../scripts/emulator/emulator';
import { engineDriver, SCHEDULED_EVENT } from '../../scripts/emulator/engine';
import { Prng } from '../../scripts/emulator/faults-prng';
import { DAY_MS } from '../../scripts/emulator/seed';
import { CLOUDTRAIL_EVENT_NAMES } from '../../lambda/config/event-cloudtrail';
import type { RunSummary } from '../../lambda/engine/summary';
import { ALL_USERS, HUMAN, peopleAct, seedAccount, workloadsRun } from './account';
import { checkWorks, leaks } from './campaign';
import { deployAccount } from './deployed';
import { checkAlways, newHistory, track, type Violation } from './invariants';
import {
  checkBudget,
  checkNoticesOnce,
  deliveredNotice,
  destructiveActions,
  newOverlapLedger,
} from './overlap-checks';
import { observe } from './observe';

export const DEFAULT_TRIALS = 4;
/** MAX_DESTRUCTIVE_ACTIONS per seed: small, so the rolling budget binds in some trials. */
const BUDGETS = [1, 2, 3, 4] as const;
/** Days between trials: under 24 hours now and then, so the rolling window spans trials. */
const GAPS = [0.5, 1, 1, 2, 3] as const;

export interface OverlapOptions {
  /** Trials (simulated days) per seed. @default 4 */
  readonly trials?: number;
  /**
   * Deploy the coordination table. Off only to show the checks bite: without it overlapping runs
   * repeat notices and overspend the budget (overlap.test.ts).
   * @default true
   */
  readonly coordination?: boolean;
}

export interface RunSpec {
  readonly kind: 'scheduled' | 'cloudtrail';
  /** CloudTrail runs: the user the event names, the API call and how it names the user. */
  readonly user?: string;
  readonly eventName?: string;
  readonly byCaller?: boolean;
  /** Event-loop turns the run waits before it starts. */
  readonly stagger: number;
}

export interface OverlapViolation extends Violation {
  readonly trial: number;
  /** The trial's runs, one line. */
  readonly runs: string;
}

export interface OverlapResult {
  readonly seed: number;
  readonly trials: number;
  readonly runs: number;
  readonly cloudTrailRuns: number;
  readonly maxDestructive: number;
  /** Deactivations and deletions over the seed. */
  readonly destructive: number;
  /** Runs whose summary says the circuit breaker tripped (the budget was used up). */
  readonly breakerTrips: number;
  /** Notices with an identity delivered (each once). */
  readonly notices: number;
  /** Errors the runs reported in their summaries (not violations by themselves). */
  readonly runErrors: number;
  /**
   * Deactivations and deletions that more than one run of a trial reported `done` (each such run
   * spent a budget unit on it; IAM accepts a deactivation twice). Not a violation: the budget errs on
   * the safe side (docs/lifecycle.md, "Rolling 24-hour destructive-action budget").
   */
  readonly doubleDone: number;
  readonly violations: readonly OverlapViolation[];
  readonly story: readonly string[];
  readonly replay: string;
}

export function overlapReplay(seed: number, trials: number): string {
  return `npm run reliability -- --overlap ${trials} --seeds ${seed} --verbose`;
}

export function describeSpec(spec: RunSpec): string {
  const base =
    spec.kind === 'scheduled'
      ? 'scheduled'
      : `cloudtrail:${spec.eventName}:${spec.user}${spec.byCaller ? '(caller)' : ''}`;
  return spec.stagger ? `${base}+${spec.stagger}` : base;
}

/** The EventBridge event of a run: the schedule's, or CloudTrail's as EventBridge forwards it. */
export function eventOf(spec: RunSpec): unknown {
  if (spec.kind === 'scheduled') return SCHEDULED_EVENT;
  const detail: Record<string, unknown> = {
    eventSource: 'iam.amazonaws.com',
    eventName: spec.eventName,
  };
  if (spec.byCaller) detail.userIdentity = { type: 'IAMUser', userName: spec.user };
  else {
    detail.requestParameters = { userName: spec.user };
    detail.userIdentity = { type: 'AssumedRole' };
  }
  return { source: 'aws.iam', 'detail-type': 'AWS API Call via CloudTrail', detail };
}

/** 2–5 runs: the scheduled one first, then repeats and CloudTrail runs (the day's own events first). */
export function drawRuns(rng: Prng, peopleLines: readonly string[]): RunSpec[] {
  const count = rng.int(2, 5);
  const specs: RunSpec[] = [{ kind: 'scheduled', stagger: rng.int(0, 6) }];
  const touched = [...new Set(peopleLines.map((l) => l.trim().split(/\s+/)[0]!))];
  while (specs.length < count) {
    const stagger = rng.int(0, 6);
    if (rng.chance(0.2)) {
      specs.push({ kind: 'scheduled', stagger });
      continue;
    }
    const fromDay = touched.shift();
    const user = fromDay ?? rng.pick(ALL_USERS);
    const eventName = rng.pick(CLOUDTRAIL_EVENT_NAMES);
    const byCaller = user === HUMAN && eventName.endsWith('AccessKey') && rng.chance(0.5);
    specs.push({ kind: 'cloudtrail', user, eventName, byCaller, stagger });
  }
  return specs;
}

async function stagger(ticks: number): Promise<void> {
  for (let i = 0; i < ticks; i++) await new Promise((resolve) => setImmediate(resolve));
}

export async function runOverlapSeed(
  emulator: Emulator,
  seed: number,
  options: OverlapOptions = {},
): Promise<OverlapResult> {
  const trials = options.trials ?? DEFAULT_TRIALS;
  const story = new Prng(seed, 'overlap-story');
  const runsRng = new Prng(seed, 'overlap-runs');
  const maxDestructive = story.pick(BUDGETS);
  const deployed = await deployAccount(emulator, {
    MAX_DESTRUCTIVE_ACTIONS: String(maxDestructive),
  });
  const { world } = deployed;
  const env = { ...deployed.env };
  if (options.coordination === false) delete env.COORDINATION_TABLE;
  const account = await seedAccount(emulator, story, world.at(0));
  const history = newHistory();
  const ledger = newOverlapLedger();
  const violations: OverlapViolation[] = [];
  const lines: string[] = [`MAX_DESTRUCTIVE_ACTIONS=${maxDestructive}`];
  const counts = {
    runs: 0,
    cloudTrail: 0,
    destructive: 0,
    breaker: 0,
    runErrors: 0,
    doubleDone: 0,
  };
  const allLogs: string[] = [];

  let day = 0;
  for (let trial = 1; trial <= trials; trial++) {
    if (trial > 1) day += story.pick(GAPS);
    const at = new Date(world.start.getTime() + day * DAY_MS);
    await emulator.setClock(at);
    const seen = await observe(at);
    track(history, seen);
    const outages = await workloadsRun(account, seen, emulator);
    const acted = await peopleAct(account, story, seen);
    const before = await observe(at);
    track(history, before);

    const specs = drawRuns(runsRng, acted);
    const runs = specs.map(describeSpec).join(' ');
    const found = (v: Violation) => violations.push({ ...v, trial, runs });
    for (const outage of outages) found({ invariant: 'workload-never-broken', detail: outage });
    lines.push(`trial ${trial}, day ${day} (${at.toISOString()}): ${runs}`);
    lines.push(...acted.map((l) => `  ${l}`));

    const drivers = specs.map(() => engineDriver({ env }));
    const settled = await Promise.allSettled(
      specs.map(async (spec, i) => {
        await stagger(spec.stagger);
        return drivers[i]!.run(at, eventOf(spec));
      }),
    );
    const logs = drivers.flatMap((d) => d.logs);
    allLogs.push(...logs);
    const summaries: RunSummary[] = [];
    settled.forEach((s, i) => {
      const label = describeSpec(specs[i]!);
      if (s.status === 'rejected') {
        found({ invariant: 'run-completes', detail: `${label} threw ${String(s.reason)}` });
        lines.push(`  ${label} → threw ${String(s.reason)}`);
        return;
      }
      summaries.push(s.value);
      lines.push(`  ${label} → ${describeSummary(s.value)}`);
    });
    counts.runs += specs.length;
    counts.cloudTrail += specs.filter((s) => s.kind === 'cloudtrail').length;
    counts.breaker += summaries.filter((s) => s.circuitBreakerTripped).length;
    counts.runErrors += summaries.reduce((n, s) => n + s.errors.length, 0);
    const doubles = doneMoreThanOnce(summaries);
    counts.doubleDone += doubles.length;
    if (doubles.length) lines.push(`  done by more than one run: ${doubles.join(', ')}`);

    const after = await observe(at);
    const inbox = await world.inbox.drain();
    const notices = inbox.flatMap((n) => deliveredNotice(n.body) ?? []);
    lines.push(`  notices: ${notices.map((n) => `${n.event}:${n.user}`).join(' ') || 'none'}`);
    const destroyed = destructiveActions(before, after);
    counts.destructive += destroyed.length;
    if (destroyed.length) lines.push(`  destructive: ${destroyed.join(', ')}`);

    const errorsByUser = new Set(summaries.flatMap((s) => s.errors.map((e) => e.user ?? '')));
    for (const v of checkAlways(account, history, {
      before,
      after,
      logs,
      killed: false,
      errorsByUser,
    }))
      found(v);
    for (const v of await checkWorks(history, after)) found(v);
    for (const v of checkNoticesOnce(ledger, trial, notices, before, after)) found(v);
    for (const v of checkBudget(ledger, at.getTime(), destroyed, maxDestructive)) found(v);
    for (const v of await leaks(emulator, [logs.join('\n'), summaries, inbox.map((n) => n.raw)]))
      found(v);
    track(history, after);
  }
  for (const v of await leaks(emulator, [allLogs.join('\n'), await emulator.snsMessages()]))
    violations.push({ ...v, trial: trials, runs: 'all' });

  return {
    seed,
    trials,
    runs: counts.runs,
    cloudTrailRuns: counts.cloudTrail,
    maxDestructive,
    destructive: counts.destructive,
    breakerTrips: counts.breaker,
    notices: ledger.notices.size,
    runErrors: counts.runErrors,
    doubleDone: counts.doubleDone,
    violations,
    story: lines,
    replay: overlapReplay(seed, trials),
  };
}

function doneMoreThanOnce(summaries: readonly RunSummary[]): string[] {
  const seen = new Map<string, number>();
  for (const a of summaries.flatMap((s) => s.actions)) {
    if (a.outcome !== 'done' || (a.action !== 'deactivate' && a.action !== 'delete')) continue;
    const key = `${a.action} ${a.user} ${a.accessKeyId}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
}

function describeSummary(summary: RunSummary): string {
  const acts = summary.actions.map((a) => `${a.action}:${a.user}:${a.outcome}`);
  const blocked = summary.blocked.map((b) => `blocked:${b.action}:${b.user}:${b.reason}`);
  const errs = summary.errors.map((e) => `error:${e.user ?? '-'}:${e.step}:${e.message}`);
  return [...acts, ...blocked, ...errs].join(' ') || 'nothing to do';
}
