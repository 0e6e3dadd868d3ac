/**
 * `npm run bench`: what a run costs (AWS API calls by command, users read in detail, wall time,
 * memory) at 500 to 5,000 IAM users, on the local emulator, and what that implies for Lambda.
 * Writes reports/bench.json and (for a full run) docs/benchmarks.md; prints a table.
 * Options: see scripts/bench/options.ts (`npm run bench -- --help`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator } from './emulator/emulator';
import { DEFAULT_CONCURRENCY } from '../lambda/engine/deps';
import { writeDocs } from './bench/doc';
import { extrapolate } from './bench/extrapolate';
import { gitInfo, machineInfo } from './bench/machine';
import { parseOptions, USAGE, type BenchOptions } from './bench/options';
import { fixedMix, proportionalMix, type Population } from './bench/population';
import type { BenchResult } from './bench/result';
import {
  BENCH_MAX_DESTRUCTIVE,
  DAY0,
  runPopulation,
  runWorstCase,
  type PopulationFigures,
} from './bench/scenario';
import { lambdaRow, LAMBDA_HEADER, RUN_HEADER, runRow, textTable } from './bench/table';

const ROOT = path.resolve(__dirname, '..');
const JSON_OUT = path.join(ROOT, 'reports', 'bench.json');
const DOC_OUT = path.join(ROOT, 'docs', 'benchmarks.md');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) return void console.log(USAGE);
  const options = parseOptions(argv);
  const result = options.from ? readResult(options.from) : await measure(options, argv);
  if (!options.from) {
    fs.mkdirSync(path.dirname(JSON_OUT), { recursive: true });
    fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
  }
  printTables(result);
  const wrote = [options.from ? undefined : JSON_OUT];
  if (options.writeDocs) wrote.push(await writeDocs(DOC_OUT, result));
  else
    console.log('\ndocs/benchmarks.md left as is (a partial run); pass --docs to regenerate it.');
  console.log(
    `\nWrote ${wrote
      .filter(Boolean)
      .map((f) => path.relative(process.cwd(), f!))
      .join(' and ')}.`,
  );
}

async function measure(options: BenchOptions, argv: readonly string[]): Promise<BenchResult> {
  const started = performance.now();
  const populations: Population[] = options.sizes.map(fixedMix);
  if (options.proportional > 0) populations.push(proportionalMix(options.proportional));
  progress('Starting the local AWS emulator (moto)…');
  const emulator = await startEmulator();
  const figures: PopulationFigures[] = [];
  try {
    Object.assign(process.env, emulator.env());
    const worst = options.worstCase ? populations.find((p) => p.mix === 'proportional') : undefined;
    for (const p of populations) {
      progress(`${p.name}: seeding ${p.users} users (${p.needingAction} need action), then runs…`);
      figures.push(await runPopulation(emulator, p, p !== worst));
    }
    if (worst) {
      progress(`${worst.name}: re-seeding for the worst case (enforce on the fallback path)…`);
      figures.push(await runWorstCase(emulator, worst));
    }
    await assertNoKeyMaterial(emulator, figures);
  } finally {
    await emulator.stop();
  }
  return {
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
    options,
    date: new Date().toISOString(),
    git: gitInfo(),
    machine: machineInfo(),
    settings: {
      policy: 'defaults: rotate 90, warn 7, grace 7, unused 45, recovery 10 (days)',
      engineConcurrency: DEFAULT_CONCURRENCY,
      maxDestructiveActions: BENCH_MAX_DESTRUCTIVE,
      day0: DAY0.toISOString(),
    },
    populations: figures,
    extrapolation: figures.flatMap((p) => p.runs.map(extrapolate)),
    totalSeconds: Math.round((performance.now() - started) / 1000),
  };
}

/** The bench keeps counts only, but prove it: no issued SecretAccessKey may appear in its output. */
async function assertNoKeyMaterial(
  emulator: Emulator,
  figures: readonly PopulationFigures[],
): Promise<void> {
  const secrets = new Set(await emulator.issuedSecrets());
  const text = JSON.stringify(figures);
  const leaked = (text.match(/[A-Za-z0-9/+]{40}/g) ?? []).filter((token) => secrets.has(token));
  if (leaked.length > 0) {
    throw new Error(
      `key material (secret ending …${leaked[0]!.slice(-4)}) reached the bench figures; this is a bug`,
    );
  }
}

function readResult(file: string): BenchResult {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult;
  } catch (err) {
    throw new Error(
      `--from ${file}: cannot read a bench.json there (${String(err)}); run npm run bench first`,
      {
        cause: err,
      },
    );
  }
}

function printTables(result: BenchResult): void {
  const runs = result.populations.flatMap((p) => p.runs);
  console.log(
    `\nPer run (${result.machine.cpus} × ${result.machine.cpuModel}, node ${result.machine.node}, moto ${result.machine.moto})\n`,
  );
  console.log(textTable(RUN_HEADER, runs.map(runRow)));
  console.log(
    '\nOn AWS Lambda: minutes of IAM calls at assumed sustained IAM rates (✗ = over 15 min)\n',
  );
  console.log(textTable(LAMBDA_HEADER, result.extrapolation.map(lambdaRow)));
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
