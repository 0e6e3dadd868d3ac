/**
 * `npm run reliability -- [--seeds A-B | --seeds N] [--count N] [--steps N] [--write] [--verbose]`
 * `npm run reliability -- --overlap N [--seeds A-B] [--write] [--verbose]`: N overlap trials per seed
 * (overlap.ts) instead of fault schedules; `--throttle [--probability P] [--steps N]`: throttled and
 * clean twin accounts per seed (throttling.ts). Each writes its own section of RELIABILITY.md.
 *
 * Runs the seeded fault-schedule campaign (campaign.ts) against a fresh moto emulator, prints one line
 * per seed and, for a failing seed, its violations and the one-line command that replays it. `--count`
 * takes that many seeds from the start of the range (default: seeds 1-3). `--write` replaces the
 * generated fault-schedule section of RELIABILITY.md with this run's figures (never typed by hand).
 * Exits 1 when any invariant was violated.
 *
 * `npm run reliability -- --bad-input [--write] [--verbose]` runs the bad-input catalogue instead
 * (bad-input/cli.ts) and writes its own section of RELIABILITY.md.
 */
import * as os from 'node:os';
import { startEmulator } from '../../scripts/emulator/emulator';
import { DEFAULT_STEPS, runSeed, type SeedResult } from './campaign';
import { writeFigures } from './figures';
import { badInputMain } from './bad-input/cli';
import { runOverlapSeed, type OverlapResult } from './overlap';
import { writeOverlapFigures, writeThrottleFigures } from './overlap-figures';
import {
  DEFAULT_THROTTLE_PROBABILITY,
  DEFAULT_THROTTLE_STEPS,
  runThrottleSeed,
  type ThrottleResult,
} from './throttling';

interface Args {
  readonly seeds: readonly number[];
  readonly steps: number;
  readonly write: boolean;
  /** Print a failing seed's story (runs, schedules, injections, what people did). */
  readonly verbose: boolean;
  /** Overlap trials per seed instead of fault schedules (`--overlap N`). */
  readonly overlap?: number;
  /** Throttled/clean twins instead of fault schedules (`--throttle`), with this probability. */
  readonly throttle?: number;
}

export function parseArgs(argv: readonly string[]): Args {
  let from = 1;
  let to = 3;
  let count: number | undefined;
  let steps = DEFAULT_STEPS;
  let write = false;
  let verbose = false;
  let overlap: number | undefined;
  let throttle: number | undefined;
  let stepsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value, e.g. ${arg} 5`);
      return v;
    };
    if (arg === '--seeds') {
      const m = /^(\d+)(?:-(\d+))?$/.exec(value());
      if (!m) throw new Error(`--seeds takes N or A-B (e.g. --seeds 1-50), got ${argv[i]}`);
      from = Number(m[1]);
      to = Number(m[2] ?? m[1]);
      if (to < from) throw new Error(`--seeds ${argv[i]}: the range ends before it starts`);
    } else if (arg === '--count') count = positive(arg, value());
    else if (arg === '--steps') {
      steps = positive(arg, value());
      stepsGiven = true;
    } else if (arg === '--overlap') overlap = positive(arg, value());
    else if (arg === '--throttle') throttle ??= DEFAULT_THROTTLE_PROBABILITY;
    else if (arg === '--probability') {
      const raw = value();
      throttle = Number(raw);
      if (!(throttle > 0 && throttle < 1))
        throw new Error(`--probability must be between 0 and 1 (e.g. 0.3), got ${raw}`);
    } else if (arg === '--write') write = true;
    else if (arg === '--verbose') verbose = true;
    else
      throw new Error(
        `unknown argument ${arg}; use --seeds A-B, --count N, --steps N, --overlap N, --throttle, --probability P, --write, --verbose`,
      );
  }
  if (overlap !== undefined && throttle !== undefined)
    throw new Error('--overlap and --throttle are separate campaigns: run them one at a time');
  if (throttle !== undefined && !stepsGiven) steps = DEFAULT_THROTTLE_STEPS;
  const n = count ?? to - from + 1;
  return {
    seeds: Array.from({ length: n }, (_, i) => from + i),
    steps,
    write,
    verbose,
    ...(overlap !== undefined ? { overlap } : {}),
    ...(throttle !== undefined ? { throttle } : {}),
  };
}

function positive(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} must be a whole number ≥ 1, got ${raw}`);
  return n;
}

async function main(): Promise<void> {
  if (process.argv.includes('--bad-input')) {
    process.exitCode = await badInputMain(process.argv.slice(2));
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  const emulator = await startEmulator();
  for (const [name, value] of Object.entries(emulator.env())) process.env[name] = value;
  if (args.overlap !== undefined) {
    const trials = args.overlap;
    return campaign<OverlapResult>(args, emulator, {
      run: (seed) => runOverlapSeed(emulator, seed, { trials }),
      line: (r) =>
        `${r.trials} trials, ${r.runs} runs (${r.cloudTrailRuns} CloudTrail), ` +
        `MAX_DESTRUCTIVE_ACTIONS=${r.maxDestructive}, ${r.destructive} destructive`,
      violation: (v) => `[${v.invariant}] trial ${v.trial} (${v.runs}): ${v.detail}`,
      total: (rs) => `${rs.reduce((n, r) => n + r.trials, 0)} overlap trials`,
      write: writeOverlapFigures,
    });
  }
  if (args.throttle !== undefined) {
    const probability = args.throttle;
    const secs = (runs: ThrottleResult['clean']) =>
      (runs.reduce((n, x) => n + x.ms, 0) / 1000).toFixed(1);
    return campaign<ThrottleResult>(args, emulator, {
      run: (seed) => runThrottleSeed(emulator, seed, { steps: args.steps, probability }),
      line: (r) =>
        `${r.steps} steps, clean ${secs(r.clean)} s, throttled ${secs(r.throttled)} s ` +
        `(${r.throttled.reduce((n, x) => n + x.throttled, 0)} attempts throttled)`,
      violation: (v) => `[${v.invariant}] step ${v.step} ${v.twin}: ${v.detail}`,
      total: (rs) => `${rs.length * args.steps} throttled runs`,
      write: writeThrottleFigures,
    });
  }
  return campaign<SeedResult>(args, emulator, {
    run: (seed) => runSeed(emulator, seed, { steps: args.steps }),
    line: (r) => `${r.faultedRuns} schedules, ${r.killedRuns} killed`,
    violation: (v) => `[${v.invariant}] step ${v.step} ${v.phase}: ${v.detail}`,
    total: (rs) => `${rs.reduce((n, r) => n + r.faultedRuns, 0)} fault schedules`,
    write: writeFigures,
  });
}

type Started = Awaited<ReturnType<typeof startEmulator>>;

/** What every kind of seed result offers the runner below. */
interface SeedOutcome {
  readonly violations: readonly unknown[];
  readonly story: readonly string[];
  readonly replay: string;
}

interface CampaignKind<R extends SeedOutcome> {
  readonly run: (seed: number) => Promise<R>;
  /** The seed's one-line figures, before its status. */
  readonly line: (r: R) => string;
  readonly violation: (v: R['violations'][number]) => string;
  /** What was run in all, e.g. "540 fault schedules". */
  readonly total: (results: readonly R[]) => string;
  readonly write: (
    results: readonly R[],
    ctx: { readonly command: string; readonly seconds: number },
  ) => Promise<string>;
}

/**
 * Runs one kind of campaign over the seeds: a line per seed, the violations and replay line of a failing
 * one, the totals, and with --write its section of RELIABILITY.md. Exit code 1 when any seed failed.
 */
async function campaign<R extends SeedOutcome>(
  args: Args,
  emulator: Started,
  kind: CampaignKind<R>,
): Promise<void> {
  const results: R[] = [];
  const started = Date.now();
  try {
    for (const seed of args.seeds) {
      const r = await kind.run(seed);
      results.push(r);
      const status = r.violations.length ? `${r.violations.length} violation(s)` : 'ok';
      console.log(`seed ${seed}: ${kind.line(r)}, ${status}`);
      if (r.violations.length) {
        for (const v of r.violations) console.log(`  ${kind.violation(v)}`);
        if (args.verbose) for (const line of r.story) console.log(`    | ${line}`);
        console.log(`  replay: ${r.replay}`);
      }
    }
  } finally {
    await emulator.stop();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const failing = results.filter((r) => r.violations.length);
  console.log(
    `${results.length} seeds, ${kind.total(results)}, ` +
      `${failing.length} failing seed(s), ${seconds}s on ${os.cpus().length} cores`,
  );
  for (const r of failing) console.log(`FAILED ${r.replay}`);
  if (args.write) {
    const command = `npm run reliability -- ${process.argv.slice(2).join(' ')}`.trim();
    console.log(`figures written to ${await kind.write(results, { command, seconds })}`);
  }
  process.exitCode = failing.length ? 1 : 0;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  });
}
