/** The plan as a table people can read. */
import type { PlanResult } from './run-plan';
import { usageText } from '../report-page/usage-section';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function renderPlan({ summary, suppressed, usage }: PlanResult): string {
  const out = [
    `Plan (report mode, nothing changed) at ${summary.startedAt}: ${summary.usersScanned} users scanned, ` +
      `${summary.usersInScope} in scope, ${summary.usersEvaluated} read in detail (${summary.inventory}), ${summary.apiCalls} read-only API calls.`,
    '',
  ];
  out.push(
    summary.actions.length === 0
      ? 'No actions planned.'
      : table(
          ['user', 'access key', 'action', 'why'],
          summary.actions.map((a) => [a.user, a.accessKeyId, a.action, a.reasons.join(', ')]),
        ),
  );
  out.push(...usageText(usage ?? []));
  if (summary.blocked.length > 0) {
    out.push(
      '',
      'Blocked:',
      table(
        ['user', 'access key', 'action', 'reason'],
        summary.blocked.map((b) => [b.user, b.accessKeyId, b.action, b.reason]),
      ),
    );
  }
  if (summary.circuitBreakerTripped) {
    out.push(
      '',
      'CIRCUIT BREAKER: an enforce run would perform none of the deactivations/deletions above (too many at once).',
    );
  }
  if (summary.warnings.length > 0) {
    out.push(
      '',
      'Warnings:',
      ...summary.warnings.map((w) => `  ${w.user ?? '(run)'}: ${w.code} — ${w.message}`),
    );
  }
  if (summary.errors.length > 0) {
    out.push(
      '',
      'Errors:',
      ...summary.errors.map((e) => `  ${e.user ?? '(run)'}: ${e.step} — ${e.message}`),
    );
  }
  out.push('', `${suppressed.length} notification(s) were not sent (a plan never publishes).`);
  return out.join('\n');
}
