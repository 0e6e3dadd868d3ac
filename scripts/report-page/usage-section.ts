/**
 * "Who uses each key" on the plan page and the demo page: one row per key the run looked up in
 * CloudTrail (docs/lifecycle.md, "Who uses a key"), worded as the notices word it.
 */
import type { KeyUsageSummary } from '../../lambda/core/key-usage/summary';
import { usageLine } from '../../lambda/notify/usage-words';
import { section, table } from './page';

export interface KeyUsageRow {
  readonly user: string;
  readonly accessKeyId: string;
  readonly usage: KeyUsageSummary;
}

/** Decision lines of the audit log that carry a fingerprint, as rows (the last one per key wins). */
export function usageRowsFromLog(lines: readonly string[]): KeyUsageRow[] {
  const rows = new Map<string, KeyUsageRow>();
  for (const line of lines) {
    if (!line.includes('"usage"')) continue;
    const l = JSON.parse(line) as {
      type?: string;
      user?: string;
      accessKeyId?: string;
      usage?: KeyUsageSummary;
    };
    if (l.type === 'decision' && l.user && l.accessKeyId && l.usage) {
      rows.set(l.accessKeyId, { user: l.user, accessKeyId: l.accessKeyId, usage: l.usage });
    }
  }
  return [...rows.values()];
}

export function usedByCells(usage: KeyUsageSummary): string[] {
  return [
    usage.userAgents.join(', ') || '(no event)',
    usage.sourceAddresses.join(', '),
    usageLine(usage),
  ];
}

export function usageSection(rows: readonly KeyUsageRow[]): string {
  return section(
    'used-by',
    `Who uses each key (${rows.length})`,
    table(
      ['user', 'access key', 'used by', 'from', 'details'],
      rows.map((r) => [r.user, r.accessKeyId, ...usedByCells(r.usage)]),
      'No key was looked up in CloudTrail (no key with a decision, or KEY_USAGE_LOOKUPS=0).',
    ),
    'From CloudTrail LookupEvents (management events, last 90 days) and IAM last use, for each key the run warns about, rotates, holds or retires.',
  );
}

/** The same rows as text, for `npm run plan`. */
export function usageText(rows: readonly KeyUsageRow[]): string[] {
  if (rows.length === 0) return [];
  return [
    '',
    'Who uses each key (CloudTrail, last 90 days):',
    ...rows.map((r) => `  ${r.user} ${r.accessKeyId}: ${usageLine(r.usage)}`),
  ];
}
