/**
 * `npm run reliability -- [--seeds A-B | --seeds N] [--count N] [--steps N] [--write] [--verbose]`
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
import { startEmulator } from '../integration/harness/emulator';
import { DEFAULT_STEPS, runSeed, type SeedResult } from './campaign';
import { writeFigures } from './figures';
import { badInputMain } from './bad-input/cli';

interface Args {
  readonly seeds: readonly number[];
  readonly steps: number;
  readonly write: boolean;
  /** Print a failing seed's story (runs, schedules, injections, what people did). */
  readonly verbose: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  let from = 1;
  let to = 3;
  let count: number | undefined;
  let steps = DEFAULT_STEPS;
  let write = false;
  let verbose = false;
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
    else if (arg === '--steps') steps = positive(arg, value());
    else if (arg === '--write') write = true;
    else if (arg === '--verbose') verbose = true;
    else
      throw new Error(
        `unknown argument ${arg}; use --seeds A-B, --count N, --steps N, --write, --verbose`,
      );
  }
  const n = count ?? to - from + 1;
  return { seeds: Array.from({ length: n }, (_, i) => from + i), steps, write, verbose };
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
  const results: SeedResult[] = [];
  const started = Date.now();
  try {
    for (const seed of args.seeds) {
      const result = await runSeed(emulator, seed, { steps: args.steps });
      results.push(result);
      const status = result.violations.length ? `${result.violations.length} violation(s)` : 'ok';
      console.log(
        `seed ${seed}: ${result.faultedRuns} schedules, ${result.killedRuns} killed, ${status}`,
      );
      if (result.violations.length) {
        for (const v of result.violations)
          console.log(`  [${v.invariant}] step ${v.step} ${v.phase}: ${v.detail}`);
        if (args.verbose) for (const line of result.story) console.log(`    | ${line}`);
        console.log(`  replay: ${result.replay}`);
      }
    }
  } finally {
    await emulator.stop();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const failing = results.filter((r) => r.violations.length);
  console.log(
    `${results.length} seeds, ${results.reduce((n, r) => n + r.faultedRuns, 0)} fault schedules, ` +
      `${failing.length} failing seed(s), ${seconds}s on ${os.cpus().length} cores`,
  );
  for (const r of failing) console.log(`FAILED ${r.replay}`);
  if (args.write) {
    const file = await writeFigures(results, {
      command: `npm run reliability -- ${process.argv.slice(2).join(' ')}`.trim(),
      seconds,
    });
    console.log(`figures written to ${file}`);
  }
  process.exitCode = failing.length ? 1 : 0;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  });
}
