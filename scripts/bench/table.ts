/** Plain-text tables for stdout and for the Markdown page (same rows, two renderings). */
import { ASSUMED_RATES, LAMBDA_LIMIT_S, type Extrapolation } from './extrapolate';
import { RUN_LABELS, type RunFigures } from './scenario';

export type Row = readonly string[];

export const RUN_HEADER: Row = [
  'population',
  'run',
  'scanned',
  'read in detail',
  'API calls',
  'ListAccessKeys',
  'GetAccessKeyLastUsed',
  'LookupEvents (bound)',
  'writes',
  'wall s',
  'peak heap MB',
  'Δ heap MB',
  'peak RSS MB',
  'log KB',
];

const READS = new Set([
  'iam:GetAccountAuthorizationDetails',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:ListAccessKeys',
  'iam:GetAccessKeyLastUsed',
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'secretsmanager:ListSecrets',
  'sts:GetCallerIdentity',
  'cloudtrail:LookupEvents',
]);

export function runRow(r: RunFigures): Row {
  const writes = Object.entries(r.byAction)
    .filter(([a]) => !READS.has(a))
    .reduce((sum, [, n]) => sum + n, 0);
  return [
    r.population,
    RUN_LABELS[r.kind],
    String(r.usersScanned),
    String(r.usersEvaluated),
    String(r.apiCalls),
    String(r.byAction['iam:ListAccessKeys'] ?? 0),
    String(r.byAction['iam:GetAccessKeyLastUsed'] ?? 0),
    `${r.lookupEvents ?? 0} (${r.lookupBound ?? '-'})`,
    String(writes),
    (r.wallMs / 1000).toFixed(1),
    r.memory.peakHeapUsedMb.toFixed(0),
    r.memory.deltaHeapUsedMb.toFixed(1),
    r.memory.peakRssMb.toFixed(0),
    (r.logBytes / 1024).toFixed(0),
  ];
}

export const LAMBDA_HEADER: Row = [
  'population',
  'run',
  'IAM calls (real paging)',
  ...ASSUMED_RATES.map((r) => `min at ${r}/s`),
  `break-even req/s for ${LAMBDA_LIMIT_S / 60} min`,
];

export function lambdaRow(e: Extrapolation): Row {
  return [
    e.population,
    RUN_LABELS[e.kind],
    String(e.iamCalls),
    ...ASSUMED_RATES.map((r) => {
      const s = e.secondsAt[r] ?? 0;
      return `${(s / 60).toFixed(1)}${s > LAMBDA_LIMIT_S ? ' ✗' : ''}`;
    }),
    e.breakEvenRate.toFixed(1),
  ];
}

export function textTable(header: Row, rows: readonly Row[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: Row) =>
    r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(header: Row, rows: readonly Row[]): string {
  const line = (r: Row) => `| ${r.join(' | ')} |`;
  const align = header.map((_, i) => (i < 2 ? '---' : '---:'));
  return [line(header), line(align), ...rows.map(line)].join('\n');
}
