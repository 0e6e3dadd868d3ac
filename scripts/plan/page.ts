/**
 * reports/plan-report.html: what an enforce run would do to the account, as a page: age histograms
 * with the thresholds drawn, planned actions with reasons, blocked rotations, exemptions, and whether
 * the circuit breaker would trip.
 */
import { chartSvg } from '../report-page/chart-svg';
import { badge, esc, figure, htmlPage, section, settingsList, table } from '../report-page/page';
import { ageHistogramSpec } from './page-charts';
import type { PlanResult } from './run-plan';
import { usageSection } from '../report-page/usage-section';

const DESTRUCTIVE = new Set(['deactivate', 'delete']);

export async function planPage(result: PlanResult): Promise<string> {
  const { summary, policy, inventory } = result;
  const d = policy.days;
  const charts = inventory.available
    ? await Promise.all([
        chartSvg(
          ageHistogramSpec({
            title: 'Key age by status',
            keys: inventory.keys,
            field: 'ageDays',
            axisTitle: 'days since the key was created',
            threshold: d.rotationDays,
            thresholdLabel: 'rotation',
          }),
        ),
        chartSvg(
          ageHistogramSpec({
            title: 'Idle age by status',
            keys: inventory.keys,
            field: 'idleDays',
            axisTitle: 'days since last use (since creation if never used)',
            threshold: d.unusedDays,
            thresholdLabel: 'unused',
          }),
        ),
      ])
    : undefined;
  const histograms = charts
    ? `<div class="charts">${figure('key-age', charts[0])}${figure('idle-age', charts[1])}</div>`
    : `<p class="empty">No histograms: the credential report was unavailable (${esc(inventory.available ? '' : inventory.reason)}).</p>`;
  const destructive = summary.actions.filter((a) => DESTRUCTIVE.has(a.action)).length;
  const breaker = summary.circuitBreakerTripped
    ? badge(
        `The circuit breaker WOULD trip: ${destructive} deactivations/deletions planned, more than ${policy.maxDestructiveActions}; an enforce run would perform none of them`,
        'bad',
      )
    : badge(
        `The circuit breaker would not trip: ${destructive} deactivation(s)/deletion(s) planned, at most ${policy.maxDestructiveActions} allowed`,
        'ok',
      );
  const blockedRotations = summary.blocked.filter((b) => b.action === 'create');
  const otherBlocks = summary.blocked.filter((b) => b.action !== 'create');
  return htmlPage({
    title: 'iam-key-lifecycle plan',
    subtitle:
      `Report mode, nothing changed. ${summary.startedAt}: ${summary.usersScanned} users scanned, ` +
      `${summary.usersInScope} in scope, ${summary.usersEvaluated} read in detail (${summary.inventory}), ${summary.apiCalls} read-only API calls.`,
    sections: [
      section('verdict', 'Circuit breaker', `<p>${breaker}</p>`),
      section(
        'ages',
        'Key ages',
        histograms,
        'Keys of the users under the path prefix (include/exclude lists applied), from the IAM credential report. Dashed lines: the thresholds.',
      ),
      section(
        'actions',
        `Planned actions (${summary.actions.length})`,
        table(
          ['user', 'access key', 'action', 'why'],
          summary.actions.map((a) => [a.user, a.accessKeyId, a.action, a.reasons.join(', ')]),
          'No actions planned.',
        ),
      ),
      usageSection(result.usage ?? []),
      section(
        'blocked',
        `Blocked rotations (${blockedRotations.length})`,
        table(
          ['user', 'access key', 'reason', 'what to do'],
          blockedRotations.map((b) => [b.user, b.accessKeyId, b.reason, b.message]),
          'No rotation is blocked.',
        ) +
          (otherBlocks.length > 0
            ? `<h3>Other blocked actions</h3>${table(
                ['user', 'access key', 'action', 'reason'],
                otherBlocks.map((b) => [b.user, b.accessKeyId, b.action, b.reason]),
              )}`
            : ''),
      ),
      section(
        'exemptions',
        `Exemptions (${summary.exempt?.length ?? 0})`,
        table(
          ['user', 'why', 'until'],
          (summary.exempt ?? []).map((e) => [
            e.user,
            e.why === 'group'
              ? `member of ${policy.exemptGroup ?? 'the exempt group'}`
              : 'exempt-until tag',
            e.until ? `${e.until.slice(0, 10)}${e.capped ? ' (capped)' : ''}` : 'no expiry',
          ]),
          'No user is exempt.',
        ),
      ),
      section(
        'warnings',
        `Warnings and errors (${summary.warnings.length + summary.errors.length})`,
        table(
          ['user', 'kind', 'code / step', 'message'],
          [
            ...summary.warnings.map((w) => [w.user ?? '(run)', 'warning', w.code, w.message]),
            ...summary.errors.map((e) => [e.user ?? '(run)', 'error', e.step, e.message]),
          ],
          'None.',
        ),
      ),
      section(
        'settings',
        'Settings',
        settingsList({
          'rotation / warn / grace / unused / recovery (days)': `${d.rotationDays} / ${d.warnDays} / ${d.graceDays} / ${d.unusedDays} / ${d.recoveryDays}`,
          'user path prefix': policy.userPathPrefix,
          scope: policy.scope,
          'exempt group': policy.exemptGroup ?? '(none)',
          'max destructive actions per run': policy.maxDestructiveActions,
          'notifications not sent': `${result.suppressed.length} (a plan never publishes)`,
        }),
      ),
    ],
  });
}
