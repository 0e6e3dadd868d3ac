/**
 * Run-level notifications. Report mode sends only RUN_SUMMARY (a dry run must not mail every owner);
 * enforce mode also sends ROTATION_BLOCKED to the owner (and ops, who receive every event) and
 * CIRCUIT_BREAKER_TRIPPED to ops. RUN_SUMMARY goes to ops when something happened, or in report mode.
 */
import type { RunPlan } from '../core/types';
import type { Notice } from '../notify/notice';
import { notify, type RunContext } from './context';
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
    for (const b of summary.blocked) {
      if (b.reason === 'circuit-breaker' || b.reason === 'depends-on-blocked-deletion') continue;
      notices.push({
        event: 'ROTATION_BLOCKED',
        user: b.user,
        accessKeyId: b.accessKeyId,
        reasons: [b.reason],
        facts: {},
        mode: ctx.mode,
        details: { message: b.message },
      });
    }
    if (summary.circuitBreakerTripped) {
      notices.push({
        event: 'CIRCUIT_BREAKER_TRIPPED',
        reasons: ['circuit-breaker'],
        facts: {},
        mode: ctx.mode,
        details: {
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
        },
      });
    }
  }
  const happened = summary.actions.length + summary.blocked.length + summary.errors.length > 0;
  if (happened || ctx.mode === 'report') {
    notices.push({
      event: 'RUN_SUMMARY',
      reasons: [],
      facts: {},
      mode: ctx.mode,
      details: {
        actions: summary.actions.length,
        blocked: summary.blocked.length,
        warnings: summary.warnings.length,
        errors: summary.errors.length,
        usersScanned: summary.usersScanned,
        usersInScope: summary.usersInScope,
        circuitBreakerTripped: summary.circuitBreakerTripped,
        actionList: summary.actions.slice(0, 50),
        errorList: summary.errors.slice(0, 20),
      },
    });
  }
  return notices;
}
