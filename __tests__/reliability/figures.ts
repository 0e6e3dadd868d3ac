/**
 * Writes the campaign's figures into RELIABILITY.md, between markers, so the numbers always come from a
 * run (never typed by hand) and other sections of the file (overlap trials, bad inputs) are left alone.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { FAULT_KINDS } from '../../scripts/emulator/faults';
import { PLANT_KINDS } from './planted-items';
import type { SeedResult } from './campaign';

const FILE = path.resolve(__dirname, '..', '..', 'RELIABILITY.md');
const BEGIN = '<!-- generated:fault-schedules:begin (npm run reliability -- --write) -->';
const END = '<!-- generated:fault-schedules:end -->';

export interface FigureContext {
  readonly command: string;
  readonly seconds: number;
}

/** Writes the section and formats the file as `npm run lint` expects (prettier). */
export async function writeFigures(
  results: readonly SeedResult[],
  ctx: FigureContext,
): Promise<string> {
  const section = render(results, ctx);
  const existing = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Reliability\n';
  const start = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  const next =
    start >= 0 && end > start
      ? existing.slice(0, start) + section + existing.slice(end + END.length)
      : `${existing.trimEnd()}\n\n${section}\n`;
  const options = (await prettier.resolveConfig(FILE)) ?? {};
  fs.writeFileSync(FILE, await prettier.format(next, { ...options, filepath: FILE }));
  return FILE;
}

function render(results: readonly SeedResult[], ctx: FigureContext): string {
  const sum = (f: (r: SeedResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const seeds = results.map((r) => r.seed);
  const violations = results.flatMap((r) => r.violations.map((v) => ({ seed: r.seed, ...v })));
  const byInvariant = new Map<string, number>();
  for (const v of violations) byInvariant.set(v.invariant, (byInvariant.get(v.invariant) ?? 0) + 1);
  const injected = [...FAULT_KINDS, ...PLANT_KINDS]
    .map((k) => `${k} ${sum((r) => r.injections[k] ?? 0)}`)
    .join(', ');
  const failing = results.filter((r) => r.violations.length);
  const lines = [
    BEGIN,
    '## Seeded fault schedules',
    '',
    'What was tried: per seed, a simulated account (workloads following their secret, a person creating,',
    'deactivating and deleting keys, override and exemption tags edited, exempt and out-of-scope users)',
    `lives through ${results[0]?.steps ?? 0} scheduled runs, each under a random fault schedule`,
    '(`__tests__/reliability/random-schedule.ts`) and followed by a clean run, then clean runs over 16',
    'days until convergence; the invariants of `__tests__/reliability/invariants.ts` are checked after',
    'every run. A failing seed replays with the command listed for it (`--verbose` prints its story).',
    '',
    '| figure | value |',
    '| --- | --- |',
    `| seeds | ${seeds.length} (${compactRange(seeds)}) |`,
    `| fault schedules (faulted runs) | ${sum((r) => r.faultedRuns)} |`,
    `| runs killed mid-way | ${sum((r) => r.killedRuns)} |`,
    `| clean and convergence runs | ${sum((r) => r.cleanRuns)} |`,
    `| faults injected | ${injected} |`,
    `| invariant violations | ${violations.length} |`,
    `| seeds with a violation | ${failing.length} |`,
    `| machine | ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${os.platform()} ${os.release()} |`,
    `| moto | ${motoVersion()} |`,
    `| wall time | ${ctx.seconds} s |`,
    `| command | \`${ctx.command}\` |`,
    `| date | ${new Date().toISOString().slice(0, 10)} |`,
    '',
  ];
  if (violations.length) {
    lines.push('Violations by invariant:', '');
    for (const [name, n] of [...byInvariant].sort()) lines.push(`- \`${name}\`: ${n}`);
    lines.push('', 'Failing seeds (replay each with its command):', '');
    for (const r of failing) {
      const kinds = [...new Set(r.violations.map((v) => v.invariant))].join(', ');
      lines.push(`- seed ${r.seed}: ${kinds} — \`${r.replay}\``);
    }
    lines.push('');
  }
  lines.push(END);
  return lines.join('\n');
}

function compactRange(seeds: readonly number[]): string {
  if (seeds.length === 0) return 'none';
  const sorted = [...seeds].sort((a, b) => a - b);
  const contiguous = sorted.every((s, i) => i === 0 || s === sorted[i - 1]! + 1);
  return contiguous ? `${sorted[0]}-${sorted.at(-1)}` : sorted.join(', ');
}

export function motoVersion(): string {
  try {
    const python = path.resolve(__dirname, '..', '..', '.venv', 'bin', 'python');
    return execFileSync(python, ['-c', 'import moto; print(moto.__version__)']).toString().trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Replaces (or appends) one generated section of RELIABILITY.md between its own markers and formats the
 * file as `npm run lint` expects; used by commands other than the fault-schedule campaign.
 */
export async function replaceSection(begin: string, end: string, section: string): Promise<string> {
  const existing = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Reliability\n';
  const start = existing.indexOf(begin);
  const stop = existing.indexOf(end);
  const next =
    start >= 0 && stop > start
      ? existing.slice(0, start) + section + existing.slice(stop + end.length)
      : `${existing.trimEnd()}\n\n${section}\n`;
  const options = (await prettier.resolveConfig(FILE)) ?? {};
  fs.writeFileSync(FILE, await prettier.format(next, { ...options, filepath: FILE }));
  return FILE;
}

/** Replaces one generated section of RELIABILITY.md (`generated:<name>`), or appends it. */
export async function writeSection(name: string, body: readonly string[]): Promise<string> {
  const begin = `<!-- generated:${name}:begin (npm run reliability -- --write) -->`;
  const end = `<!-- generated:${name}:end -->`;
  return replaceSection(begin, end, [begin, ...body, end].join('\n'));
}

/** The machine a figure was measured on, one table cell. */
export function machineLine(): string {
  return `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export { compactRange };
