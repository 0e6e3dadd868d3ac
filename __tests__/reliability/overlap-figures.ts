/**
 * The RELIABILITY.md sections of the overlap trials and the throttling twins, rendered from a run of
 * `npm run reliability -- --overlap N --write` / `-- --throttle --write` (never typed by hand). Each
 * has its own markers (figures.ts `writeSection`), so the commands never clobber each other's figures.
 */
import { compactRange, machineLine, motoVersion, writeSection } from './figures';
import type { OverlapResult } from './overlap';
import type { ThrottleResult, TwinRun } from './throttling';

export interface RunContext {
  readonly command: string;
  readonly seconds: number;
}

const date = () => new Date().toISOString().slice(0, 10);

export function writeOverlapFigures(
  results: readonly OverlapResult[],
  ctx: RunContext,
): Promise<string> {
  const sum = (f: (r: OverlapResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const violations = results.flatMap((r) => r.violations);
  const failing = results.filter((r) => r.violations.length);
  const budgets = [...new Set(results.map((r) => r.maxDestructive))].sort().join(', ');
  const lines = [
    '## Overlapping runs',
    '',
    'What was tried: per seed, the campaign account (workloads, a person, tag edits, exempt and',
    'out-of-scope users) deployed as the module deploys it (coordination table, state-tag MAC key) lives',
    'through several simulated days, 12 hours to 3 days apart. Each day is a trial: 2-5 engine runs',
    'started together, each as its own Lambda container (own SDK clients) — the scheduled run, repeated',
    'scheduled deliveries and CloudTrail-triggered single-user runs (the users the day’s events touched,',
    'exempt and out-of-scope ones included) — each after a seeded number of event-loop turns',
    '(`__tests__/reliability/overlap.ts`). After every trial: the invariants of',
    '`__tests__/reliability/invariants.ts` (the settled ones too: nothing is faulted, every run must',
    'complete), each notice (event, key, threshold) at most once in total and deactivations plus',
    'deletions within the rolling 24-hour `MAX_DESTRUCTIVE_ACTIONS` budget across all runs',
    '(`__tests__/reliability/overlap-checks.ts`), no key material in any output. A seed fixes the story',
    'and the runs; the interleaving of their calls also depends on the emulator’s latency.',
    '',
    '| figure | value |',
    '| --- | --- |',
    `| seeds | ${results.length} (${compactRange(results.map((r) => r.seed))}) |`,
    `| overlap trials | ${sum((r) => r.trials)} |`,
    `| engine runs (of which CloudTrail-triggered) | ${sum((r) => r.runs)} (${sum((r) => r.cloudTrailRuns)}) |`,
    `| MAX_DESTRUCTIVE_ACTIONS drawn | ${budgets} |`,
    `| deactivations and deletions | ${sum((r) => r.destructive)} |`,
    `| runs that found the budget used up | ${sum((r) => r.breakerTrips)} |`,
    `| deactivations or deletions reported done by 2+ runs of a trial (a budget unit each) | ${sum((r) => r.doubleDone)} |`,
    `| notices with an identity delivered | ${sum((r) => r.notices)} |`,
    `| errors reported in run summaries | ${sum((r) => r.runErrors)} |`,
    `| invariant violations | ${violations.length} |`,
    `| seeds with a violation | ${failing.length} |`,
    `| machine | ${machineLine()} |`,
    `| moto | ${motoVersion()} |`,
    `| wall time | ${ctx.seconds} s |`,
    `| command | \`${ctx.command}\` |`,
    `| date | ${date()} |`,
    '',
    ...violationLines(
      violations.map((v) => v.invariant),
      failing.map((r) => ({
        seed: r.seed,
        kinds: r.violations.map((v) => v.invariant),
        replay: r.replay,
      })),
    ),
  ];
  return writeSection('overlap', lines);
}

export function writeThrottleFigures(
  results: readonly ThrottleResult[],
  ctx: RunContext,
): Promise<string> {
  const clean = results.flatMap((r) => r.clean);
  const throttled = results.flatMap((r) => r.throttled);
  const violations = results.flatMap((r) => r.violations);
  const failing = results.filter((r) => r.violations.length);
  const diverged = results.filter((r) => r.divergedSteps.length);
  const p = results[0]?.probability ?? 0;
  const lines = [
    '## Throttling',
    '',
    `What was tried: per seed, two twin accounts seeded identically (the campaign account, deployed as`,
    'the module deploys it) live through the same days, workloads and people’s actions, with one',
    `scheduled run per step: clean in one twin, with \`Throttling\` answered to ${Math.round(p * 100)}% of all`,
    'attempts (every service, drawn per call and attempt from the seed) in the other',
    '(`__tests__/reliability/throttling.ts`). After every step the twins must match, per user: keys by',
    'role (which keys people and the engine created, in order) and status, the role of the key in the',
    'secret’s `AWSCURRENT`, and the tags with key ids replaced by roles and MACs removed. The',
    'campaign’s per-run invariants are checked in both twins.',
    '',
    '| figure | value |',
    '| --- | --- |',
    `| seeds | ${results.length} (${compactRange(results.map((r) => r.seed))}) |`,
    `| steps per twin | ${results[0]?.steps ?? 0} |`,
    `| throttled runs | ${throttled.length} |`,
    `| logical calls in throttled runs | ${total(throttled, (r) => r.calls)} |`,
    `| attempts answered Throttling | ${total(throttled, (r) => r.throttled)} |`,
    `| run time, clean twin | ${timing(clean)} |`,
    `| run time, throttled twin | ${timing(throttled)} |`,
    `| seconds per logical call, throttled | ${(
      total(throttled, (r) => r.ms) /
      1000 /
      Math.max(
        1,
        total(throttled, (r) => r.calls),
      )
    ).toFixed(2)} |`,
    `| errors reported by throttled runs | ${total(throttled, (r) => r.errors.length)} |`,
    `| seeds whose twins differed | ${diverged.length} |`,
    `| invariant violations | ${violations.length} |`,
    `| machine | ${machineLine()} |`,
    `| moto | ${motoVersion()} |`,
    `| wall time | ${ctx.seconds} s |`,
    `| command | \`${ctx.command}\` |`,
    `| date | ${date()} |`,
    '',
    ...violationLines(
      violations.map((v) => v.invariant),
      failing.map((r) => ({
        seed: r.seed,
        kinds: r.violations.map((v) => v.invariant),
        replay: r.replay,
      })),
    ),
  ];
  const errors = [...new Set(throttled.flatMap((r) => r.errors.map(errorKind)))].sort();
  if (errors.length) {
    lines.push('Errors the throttled runs reported (by step and message):', '');
    for (const e of errors) lines.push(`- ${e}`);
    lines.push('');
  }
  return writeSection('throttling', lines);
}

/** An error line without its user and key ids: `create-key: CreateAccessKey was refused: Throttling…`. */
function errorKind(line: string): string {
  const text = line
    .replace(/^[^:]*:/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function total(runs: readonly TwinRun[], f: (r: TwinRun) => number): number {
  return runs.reduce((n, r) => n + f(r), 0);
}

function timing(runs: readonly TwinRun[]): string {
  if (runs.length === 0) return 'none';
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  const s = (v: number) => (v / 1000).toFixed(v < 10_000 ? 2 : 0);
  return `mean ${s(mean)} s, median ${s(ms[Math.floor(ms.length / 2)]!)} s, max ${s(ms.at(-1)!)} s per run`;
}

function violationLines(
  invariants: readonly string[],
  failing: ReadonlyArray<{ seed: number; kinds: readonly string[]; replay: string }>,
): string[] {
  if (invariants.length === 0) return [];
  const byInvariant = new Map<string, number>();
  for (const name of invariants) byInvariant.set(name, (byInvariant.get(name) ?? 0) + 1);
  const out = ['Violations by invariant:', ''];
  for (const [name, n] of [...byInvariant].sort()) out.push(`- \`${name}\`: ${n}`);
  out.push('', 'Failing seeds (replay each with its command):', '');
  for (const f of failing)
    out.push(`- seed ${f.seed}: ${[...new Set(f.kinds)].join(', ')} — \`${f.replay}\``);
  out.push('');
  return out;
}
