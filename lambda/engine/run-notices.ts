/**
 * Run-level notifications. Report mode sends only RUN_SUMMARY (a dry run must not mail every owner);
 * enforce mode also sends CIRCUIT_BREAKER_TRIPPED to ops (with the coordination table: once per 24-hour
 * budget window across all runs, docs/lifecycle.md "Coordination table"). RUN_SUMMARY goes to ops when something
 * happened, or in report mode. ROTATION_BLOCKED is per user and per key (blocked-notices.ts), published
 * by the executor so the state that records it is written only after it was sent.
 */
import type { RunPlan } from '../core/model/types';
import { breakerNotice, runSummaryNotice, type Notice } from '../notify/notice';
import type { RunContext } from './context';
import { notify } from './notices';
import type { ErrorRecord, RunSummary } from './summary';

export async function notifyOps(
  ctx: RunContext,
  summary: RunSummary,
  runPlan: RunPlan,
): Promise<ErrorRecord[]> {
  const errors: ErrorRecord[] = [];
  for (const notice of runNotices(ctx, summary, runPlan)) {
    await notify(ctx, notice, (e) => errors.push(e));
  }
  return errors;
}

export function runNotices(ctx: RunContext, summary: RunSummary, runPlan: RunPlan): Notice[] {
  const notices: Notice[] = [];
  if (ctx.mode === 'enforce') {
    if (summary.circuitBreakerTripped) {
      notices.push(
        breakerNotice(ctx.mode, {
          destructiveCount: runPlan.destructiveCount,
          maxDestructiveActions: ctx.config.policy.maxDestructiveActions,
          withheld: summary.blocked
            .filter(
              (b) => b.reason === 'circuit-breaker' || b.reason === 'depends-on-blocked-deletion',
            )
            .map((b) => ({
              user: b.user,
              accessKeyId: b.accessKeyId,
              action: b.action,
              reason: b.reason,
            })),
        }),
      );
    }
  }
  // A block the owner was already told about (not `notify`) is the same news as yesterday's: it stays in
  // the summary's `blocked` list but does not by itself mail ops a RUN_SUMMARY every day.
  const newBlocks = runPlan.users.some((u) => u.blocked.some((b) => b.notify));
  const happened =
    summary.actions.length + summary.errors.length > 0 ||
    newBlocks ||
    summary.circuitBreakerTripped ||
    summary.incomplete === true;
  if (happened || ctx.mode === 'report') {
    notices.push(
      runSummaryNotice(ctx.mode, {
        actions: summary.actions.length,
        blocked: summary.blocked.length,
        warnings: summary.warnings.length,
        errors: summary.errors.length,
        usersScanned: summary.usersScanned,
        usersInScope: summary.usersInScope,
        usersExempt: summary.usersExempt ?? 0,
        exemptList: (summary.exempt ?? []).slice(0, 50),
        circuitBreakerTripped: summary.circuitBreakerTripped,
        incomplete: summary.incomplete === true,
        usersDeferred: summary.usersDeferred ?? 0,
        deadline: summary.warnings.find((w) => w.code === 'run-deadline-reached')?.message,
        actionList: summary.actions.slice(0, 50),
        errorList: summary.errors.slice(0, 20),
      }),
    );
  }
  return notices;
}
