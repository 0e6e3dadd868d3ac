/**
 * The issue-10 schedule runner: one seed is one simulated account living through several scheduled
 * runs. Each step: workloads use their keys, people act, one engine run under a random fault schedule,
 * then a clean run 30 minutes later (past the 20-minute in-flight horizon of docs/lifecycle.md, so an
 * interrupted rotation is settled). After the last step, clean runs spread over two weeks let grace and
 * recovery windows end (convergence). Invariants (invariants.ts) are checked after every run.
 *
 * Jest-free: the CLI (cli.ts, `npm run reliability`) and the jest short form both call `runSeed`.
 */
import { ACCOUNT_ID, type Emulator } from '../../scripts/emulator/emulator';
import { engineDriver } from '../../scripts/emulator/engine';
import {
  formatSchedule,
  injectFaults,
  runUnderFaults,
  type FaultKind,
  type FaultSchedule,
} from '../../scripts/emulator/faults';
import { Prng } from '../../scripts/emulator/faults-prng';
import { callerArn } from '../../scripts/emulator/workload';
import { createWorld } from '../../scripts/emulator/world';
import { assertNoKeyMaterial, rememberKeyMaterial } from '../support/key-material';
import { ALL_USERS, ENGINE_ENV, peopleAct, seedAccount, workloadsRun } from './account';
import {
  checkAlways,
  checkSettled,
  newHistory,
  track,
  type History,
  type Violation,
} from './invariants';
import { observe, type Observation } from './observe';
import {
  applyPlant,
  checkPlants,
  destructiveChanges,
  newPlantLedger,
  randomPlant,
  type PlantKind,
} from './planted-items';
import { randomSchedule } from './random-schedule';

export interface SeedOptions {
  /** Faulted runs (each followed by a clean run). @default 6 */
  readonly steps?: number;
}

export interface FoundViolation extends Violation {
  readonly step: number;
  readonly phase: 'faulted' | 'clean' | 'converge' | 'workload' | 'output';
  /** The fault schedule of the step's faulted run, as one replayable line. */
  readonly schedule?: string;
}

export interface SeedResult {
  readonly seed: number;
  readonly steps: number;
  readonly faultedRuns: number;
  readonly cleanRuns: number;
  readonly killedRuns: number;
  readonly injections: Readonly<Partial<Record<FaultKind | PlantKind, number>>>;
  readonly violations: readonly FoundViolation[];
  /** What happened, one line per event: printed when the seed fails. */
  readonly story: readonly string[];
  readonly replay: string;
}

const CLEAN_DELAY_MS = 30 * 60_000;
const CONVERGE_DAYS = [1, 3, 6, 9, 12, 16] as const;

export const DEFAULT_STEPS = 6;

export function replayCommand(seed: number, steps: number): string {
  return `npm run reliability -- --seeds ${seed} --steps ${steps} --verbose`;
}

export async function runSeed(
  emulator: Emulator,
  seed: number,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const steps = options.steps ?? DEFAULT_STEPS;
  await emulator.reset();
  // Deployed as the module deploys it: with the coordination table and the state-tag MAC key.
  const world = await createWorld(emulator, {
    env: ENGINE_ENV,
    coordination: true,
    stateMac: true,
  });
  const story = new Prng(seed, 'story');
  const schedules = new Prng(seed, 'schedules');
  const account = await seedAccount(emulator, story, world.at(0));
  const history = newHistory();
  const violations: FoundViolation[] = [];
  const lines: string[] = [];
  const injections: Partial<Record<FaultKind | PlantKind, number>> = {};
  const plants = new Prng(seed, 'plants');
  const plantLedger = newPlantLedger();
  const logs: string[] = [];
  const counts = { faulted: 0, clean: 0, killed: 0 };
  const env = world.env;

  /** Workloads use their keys, people act; returns the observation the run starts from. */
  async function liveUntil(at: Date, step: number, withPeople: boolean): Promise<Observation> {
    await emulator.setClock(at);
    const seen = await observe(at);
    track(history, seen);
    for (const outage of await workloadsRun(account, seen, emulator))
      violations.push({
        step,
        phase: 'workload',
        invariant: 'workload-never-broken',
        detail: outage,
      });
    if (withPeople) lines.push(...(await peopleAct(account, story, seen)).map((l) => `  ${l}`));
    const before = await observe(at);
    track(history, before);
    return before;
  }

  async function engineRun(
    at: Date,
    step: number,
    phase: FoundViolation['phase'],
    schedule: FaultSchedule | undefined,
    before: Observation,
  ): Promise<Observation> {
    const injector = schedule ? injectFaults(schedule) : undefined;
    const driver = engineDriver({ env, ...(injector ? { prepareClients: injector.attach } : {}) });
    const outcome = injector
      ? await runUnderFaults(injector, () => driver.run(at))
      : await driver.run(at).then(
          (summary) => ({ killed: false as const, summary }),
          (error: unknown) => ({ killed: false as const, error }),
        );
    logs.push(...driver.logs);
    const after = await observe(at);
    const tag = schedule ? formatSchedule(schedule) : undefined;
    const found = (v: Violation) =>
      violations.push({ ...v, step, phase, ...(tag ? { schedule: tag } : {}) });
    const summary = 'summary' in outcome ? outcome.summary : undefined;
    lines.push(
      `${phase} run at ${at.toISOString()}` +
        (tag ? ` schedule ${tag}` : '') +
        (outcome.killed ? ' → killed' : summary ? ` → ${describeRun(summary)}` : ' → threw'),
    );
    for (const what of destructiveChanges(before, after)) {
      plantLedger.destructive.push({ at: at.getTime(), what });
    }
    const changes = keyChanges(before, after);
    if (changes) lines.push(`    keys: ${changes}`);
    if (injector) {
      for (const i of injector.injections) injections[i.kind] = (injections[i.kind] ?? 0) + 1;
      if (injector.injections.length)
        lines.push(
          ...injector
            .describe()
            .split('\n')
            .slice(1)
            .map((l) => `    ${l}`),
        );
    }
    if ('error' in outcome && !schedule)
      found({ invariant: 'run-completes', detail: `clean run threw ${String(outcome.error)}` });
    const errorsByUser = summary ? new Set(summary.errors.map((e) => e.user ?? '')) : undefined;
    for (const v of checkAlways(account, history, {
      before,
      after,
      logs: driver.logs,
      killed: outcome.killed,
      ...(errorsByUser ? { errorsByUser } : {}),
    }))
      found(v);
    if (!schedule) for (const v of await checkWorks(history, after)) found(v);
    for (const v of await leaks(emulator, [driver.logs.join('\n'), summary ?? null])) found(v);
    track(history, after);
    if (schedule) counts.faulted += 1;
    else counts.clean += 1;
    if (outcome.killed) counts.killed += 1;
    return after;
  }

  let day = 0;
  for (let step = 1; step <= steps; step++) {
    day += step === 1 ? 0 : story.int(1, 4);
    const at = world.at(day);
    lines.push(`step ${step}, day ${day}`);
    const before = await liveUntil(at, step, true);
    const schedule = randomSchedule(schedules, ALL_USERS);
    const plant = randomPlant(plants, ALL_USERS);
    if (plant) {
      lines.push(`  table: ${await applyPlant(plant, at, before)}`);
      injections[plant.kind] = (injections[plant.kind] ?? 0) + 1;
      if (plant.kind === 'planted-sent') plantLedger.silencedUsers.add(plant.user);
    }
    const afterFault = await engineRun(at, step, 'faulted', schedule, before);
    const cleanAt = new Date(at.getTime() + CLEAN_DELAY_MS);
    await emulator.setClock(cleanAt);
    const cleanBefore = { ...afterFault, at: cleanAt.getTime() };
    await engineRun(cleanAt, step, 'clean', undefined, cleanBefore);
  }
  for (const extra of CONVERGE_DAYS) {
    const at = world.at(day + extra);
    const before = await liveUntil(at, steps + 1, false);
    await engineRun(at, steps + 1, 'converge', undefined, before);
  }
  const published = await emulator.snsMessages();
  for (const v of await leaks(emulator, [logs.join('\n'), published]))
    violations.push({ ...v, step: steps + 1, phase: 'output' });
  for (const v of checkPlants(plantLedger, published))
    violations.push({ ...v, step: steps + 1, phase: 'output' });

  return {
    seed,
    steps,
    faultedRuns: counts.faulted,
    cleanRuns: counts.clean,
    killedRuns: counts.killed,
    injections,
    violations: dedupe(violations),
    story: lines,
    replay: replayCommand(seed, steps),
  };
}

function describeRun(summary: {
  actions: readonly {
    user: string;
    action: string;
    outcome: string;
    accessKeyId: string;
    newAccessKeyId?: string;
  }[];
  errors: readonly { user?: string; step: string }[];
}): string {
  const acts = summary.actions.map(
    (a) =>
      `${a.action}:${a.user}:${a.accessKeyId}${a.newAccessKeyId ? `→${a.newAccessKeyId}` : ''}:${a.outcome}`,
  );
  const errs = summary.errors.map((e) => `error:${e.user ?? '-'}:${e.step}`);
  return [...acts, ...errs].join(' ') || 'nothing to do';
}

/** Key changes a run made, e.g. `svc-a +AKIA…(Active) AKIA…→Inactive -AKIA…`; AWSCURRENT moves too. */
function keyChanges(before: Observation, after: Observation): string {
  const out: string[] = [];
  for (const [user, facts] of Object.entries(after.users)) {
    const was = before.users[user];
    const parts: string[] = [];
    for (const [id, status] of Object.entries(facts.keys)) {
      if (!was?.keys[id]) parts.push(`+${id}(${status})`);
      else if (was.keys[id] !== status) parts.push(`${id}→${status}`);
    }
    for (const id of Object.keys(was?.keys ?? {})) if (!facts.keys[id]) parts.push(`-${id}`);
    if (was?.current !== facts.current) parts.push(`AWSCURRENT=${facts.current ?? 'none'}`);
    if (parts.length) out.push(`${user} ${parts.join(' ')}`);
  }
  return out.join('; ');
}

/** The engine's stored keys work: a request signed with AWSCURRENT is the user's (after clean runs). */
export async function checkWorks(history: History, after: Observation): Promise<Violation[]> {
  const out: Violation[] = [...checkSettled(history, after)];
  for (const [user, creds] of after.credentials) {
    rememberKeyMaterial(creds.secretAccessKey);
    if (after.users[user]?.keys[creds.accessKeyId] !== 'Active') continue;
    const arn = await callerArn(creds).catch((err: unknown) => `error ${(err as Error).name}`);
    if (arn !== `arn:aws:iam::${ACCOUNT_ID}:user/${user}`)
      out.push({
        invariant: 'created-key-in-awscurrent-and-works',
        detail: `${user}'s AWSCURRENT ${creds.accessKeyId} is Active but signs as ${arn}`,
      });
  }
  return out;
}

export async function leaks(emulator: Emulator, outputs: readonly unknown[]): Promise<Violation[]> {
  for (const secret of await emulator.issuedSecrets()) rememberKeyMaterial(secret);
  const out: Violation[] = [];
  outputs.forEach((value, i) => {
    try {
      assertNoKeyMaterial(value, `output #${i + 1}`);
    } catch (err) {
      out.push({ invariant: 'no-key-material-in-output', detail: (err as Error).message });
    }
  });
  return out;
}

/** One violation per (invariant, detail): a broken state seen after several runs counts once. */
function dedupe(found: readonly FoundViolation[]): FoundViolation[] {
  const seen = new Set<string>();
  return found.filter((v) => {
    const key = `${v.invariant}|${v.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
