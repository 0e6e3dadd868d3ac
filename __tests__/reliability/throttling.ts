/**
 * Throttling (issue 10): with `Throttling` injected on a share of all calls (the injector's probability
 * rule, every service, every attempt, scripts/emulator/faults.ts), the engine's runs must finish with the same
 * end state as an unthrottled twin account seeded identically.
 *
 * One seed = two twins lived one after the other on a reset emulator (one emulator is one account):
 * the same campaign account (account.ts) deployed as the module deploys it (deployed.ts), the same days,
 * workloads and people's actions (drawn from the seed), one scheduled run per step — clean in the first
 * twin, throttled in the second (a fresh driver and injector per run: a new Lambda container). After
 * every run each twin's state is reduced to what must match (`snapshot`): per user, the keys by role
 * (`person1`, `engine2`: which keys people and the engine created, in order) and status, the role the
 * secret's AWSCURRENT holds, and the tags with key ids replaced by roles and MACs removed (each run
 * signs with its own nonce). The first step where the twins differ is a violation.
 *
 * Why trials are small: one `Throttling` answer switches the SDK's adaptive retry mode
 * (lambda/aws/clients.ts) to client-side rate limiting, which paces that client down towards its
 * minimum rate for the rest of the run; with 30% of attempts throttled a run of ~40 calls takes
 * ~30 s instead of ~0.3 s (figures in RELIABILITY.md, "Throttling").
 */
import type { Emulator } from '../../scripts/emulator/emulator';
import { engineDriver } from '../../scripts/emulator/engine';
import { injectFaults, runUnderFaults, type FaultSchedule } from '../../scripts/emulator/faults';
import { Prng } from '../../scripts/emulator/faults-prng';
import type { RunSummary } from '../../lambda/engine/summary';
import { peopleAct, seedAccount, TAG_PREFIX, workloadsRun, type Account } from './account';
import { deployAccount } from './deployed';
import { checkAlways, newHistory, track, type Violation } from './invariants';
import { observe, type Observation } from './observe';

export const DEFAULT_THROTTLE_STEPS = 3;
export const DEFAULT_THROTTLE_PROBABILITY = 0.3;

export interface ThrottleOptions {
  /** Scheduled runs per twin. @default 3 */
  readonly steps?: number;
  /** Share of attempts answered `Throttling`. @default 0.3 */
  readonly probability?: number;
}

/** One run of one twin. */
export interface TwinRun {
  readonly step: number;
  readonly day: number;
  readonly ms: number;
  /** Logical calls (the SDK's retries not counted). */
  readonly calls: number;
  /** Attempts answered Throttling. */
  readonly throttled: number;
  readonly errors: readonly string[];
  readonly outcome: string;
}

export interface ThrottleViolation extends Violation {
  readonly step: number;
  readonly twin: 'clean' | 'throttled' | 'both';
}

export interface ThrottleResult {
  readonly seed: number;
  readonly steps: number;
  readonly probability: number;
  readonly clean: readonly TwinRun[];
  readonly throttled: readonly TwinRun[];
  /** Steps after which the twins' states differed. */
  readonly divergedSteps: readonly number[];
  readonly violations: readonly ThrottleViolation[];
  readonly story: readonly string[];
  readonly replay: string;
}

export function throttleReplay(seed: number, steps: number, probability: number): string {
  const p = probability === DEFAULT_THROTTLE_PROBABILITY ? '' : ` --probability ${probability}`;
  return `npm run reliability -- --throttle --seeds ${seed} --steps ${steps}${p} --verbose`;
}

/** The schedule of one throttled run: only the probability rule, on every service and attempt. */
export function throttleSchedule(seed: number, step: number, probability: number): FaultSchedule {
  return { seed: seed * 1000 + step, rules: [{ kind: 'throttling', probability }] };
}

/** Per user: what must be the same in both twins. */
export type Snapshot = Readonly<Record<string, UserSnapshot>>;
export interface UserSnapshot {
  readonly keys: readonly string[];
  readonly current: string;
  readonly tags: readonly string[];
}

/** Names keys by who made them and in which order, per user: `person1`, `engine1`, `engine2`. */
export class KeyRoles {
  private readonly roles = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  constructor(private readonly account: Account) {}

  learn(seen: Observation): void {
    for (const [user, facts] of Object.entries(seen.users)) {
      for (const id of Object.keys(facts.keys)) {
        if (this.roles.has(id)) continue;
        const kind = this.account.personKeys.has(id) ? 'person' : 'engine';
        const n = (this.counts.get(`${user}/${kind}`) ?? 0) + 1;
        this.counts.set(`${user}/${kind}`, n);
        this.roles.set(id, `${kind}${n}`);
      }
    }
  }

  of(id: string): string {
    return this.roles.get(id) ?? `unknown-key`;
  }

  /** Key ids in any text replaced by their roles. */
  rename(text: string): string {
    return text.replace(/AKIA[A-Z0-9]{12,}/g, (id) => this.of(id));
  }
}

const MAC = / ?mac=[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}/g;
const MARKER = new RegExp(`^(${TAG_PREFIX}pending-create):[a-z0-9]+`);

export function snapshot(seen: Observation, roles: KeyRoles): Snapshot {
  roles.learn(seen);
  const out: Record<string, UserSnapshot> = {};
  for (const [user, facts] of Object.entries(seen.users)) {
    out[user] = {
      keys: Object.entries(facts.keys)
        .map(([id, status]) => `${roles.of(id)}:${status}`)
        .sort(),
      current:
        facts.current === undefined
          ? 'no secret'
          : facts.current === ''
            ? 'no key'
            : roles.of(facts.current),
      tags: Object.entries(facts.tags)
        .map(([k, v]) => `${roles.rename(k).replace(MARKER, '$1:*')}=${v.replace(MAC, '')}`)
        .map((t) => roles.rename(t))
        .sort(),
    };
  }
  return out;
}

/** Users whose snapshots differ, one line each. */
export function compareTwins(clean: Snapshot, throttled: Snapshot): string[] {
  const users = [...new Set([...Object.keys(clean), ...Object.keys(throttled)])].sort();
  const out: string[] = [];
  for (const user of users) {
    const [a, b] = [clean[user], throttled[user]];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const parts: string[] = [];
    for (const field of ['keys', 'current', 'tags'] as const) {
      const [x, y] = [JSON.stringify(a?.[field]), JSON.stringify(b?.[field])];
      if (x !== y) parts.push(`${field} clean ${x} vs throttled ${y}`);
    }
    out.push(`${user}: ${parts.join('; ')}`);
  }
  return out;
}

interface TwinLife {
  readonly runs: TwinRun[];
  readonly snapshots: Snapshot[];
  readonly violations: ThrottleViolation[];
  readonly story: string[];
}

async function liveTwin(
  emulator: Emulator,
  seed: number,
  steps: number,
  probability: number | undefined,
): Promise<TwinLife> {
  const twin = probability === undefined ? 'clean' : 'throttled';
  const { world, env } = await deployAccount(emulator);
  const story = new Prng(seed, 'throttle-story');
  const days = new Prng(seed, 'throttle-days');
  const account = await seedAccount(emulator, story, world.at(0));
  const roles = new KeyRoles(account);
  const history = newHistory();
  const life: TwinLife = { runs: [], snapshots: [], violations: [], story: [] };
  let day = 0;
  for (let step = 1; step <= steps; step++) {
    if (step > 1) day += days.int(1, 4);
    const at = world.at(day);
    await emulator.setClock(at);
    const seen = await observe(at);
    roles.learn(seen);
    track(history, seen);
    const outages = await workloadsRun(account, seen, emulator);
    const acted = await peopleAct(account, story, seen);
    const before = await observe(at);
    roles.learn(before);
    track(history, before);
    for (const detail of outages)
      life.violations.push({ invariant: 'workload-never-broken', detail, step, twin });

    const schedule =
      probability === undefined ? undefined : throttleSchedule(seed, step, probability);
    const injector = schedule ? injectFaults(schedule) : undefined;
    const driver = engineDriver({ env, ...(injector ? { prepareClients: injector.attach } : {}) });
    const started = Date.now();
    const outcome = injector
      ? await runUnderFaults(injector, () => driver.run(at))
      : await driver.run(at).then(
          (summary) => ({ killed: false as const, summary }),
          (error: unknown) => ({ killed: false as const, error }),
        );
    const ms = Date.now() - started;
    const summary: RunSummary | undefined = 'summary' in outcome ? outcome.summary : undefined;
    const after = await observe(at);
    const errors = (summary?.errors ?? []).map(
      (e) => `${e.user ?? '-'}:${e.step}: ${roles.rename(e.message)}`,
    );
    if ('error' in outcome)
      life.violations.push({
        invariant: 'run-completes',
        detail: `${twin} run threw ${String(outcome.error)}`,
        step,
        twin,
      });
    for (const v of checkAlways(account, history, {
      before,
      after,
      logs: driver.logs,
      killed: false,
      errorsByUser: new Set((summary?.errors ?? []).map((e) => e.user ?? '')),
    }))
      life.violations.push({ ...v, step, twin });
    track(history, after);
    life.snapshots.push(snapshot(after, roles));
    const actions = summary
      ? summary.actions.map((a) => `${a.action}:${a.user}:${a.outcome}`).join(' ') ||
        'nothing to do'
      : 'threw';
    life.runs.push({
      step,
      day,
      ms,
      calls: driver.calls.length,
      throttled: injector?.injections.length ?? 0,
      errors,
      outcome: actions,
    });
    life.story.push(
      `${twin} step ${step}, day ${day}: ${actions} (${ms} ms, ${driver.calls.length} calls` +
        (injector ? `, ${injector.injections.length} attempts throttled)` : ')'),
      ...acted.map((l) => `  ${roles.rename(l)}`),
      ...errors.map((e) => `  error ${e}`),
    );
  }
  return life;
}

export async function runThrottleSeed(
  emulator: Emulator,
  seed: number,
  options: ThrottleOptions = {},
): Promise<ThrottleResult> {
  const steps = options.steps ?? DEFAULT_THROTTLE_STEPS;
  const probability = options.probability ?? DEFAULT_THROTTLE_PROBABILITY;
  const clean = await liveTwin(emulator, seed, steps, undefined);
  const throttled = await liveTwin(emulator, seed, steps, probability);
  const violations: ThrottleViolation[] = [...clean.violations, ...throttled.violations];
  const divergedSteps: number[] = [];
  const story = [...clean.story, ...throttled.story];
  for (let i = 0; i < steps; i++) {
    const diff = compareTwins(clean.snapshots[i]!, throttled.snapshots[i]!);
    if (diff.length === 0) continue;
    divergedSteps.push(i + 1);
    story.push(`after step ${i + 1} the twins differ:`, ...diff.map((d) => `  ${d}`));
    if (divergedSteps.length === 1)
      for (const detail of diff)
        violations.push({
          invariant: 'throttled-end-state-matches-twin',
          detail: `after step ${i + 1}: ${detail}`,
          step: i + 1,
          twin: 'both',
        });
  }
  return {
    seed,
    steps,
    probability,
    clean: clean.runs,
    throttled: throttled.runs,
    divergedSteps,
    violations,
    story,
    replay: throttleReplay(seed, steps, probability),
  };
}
