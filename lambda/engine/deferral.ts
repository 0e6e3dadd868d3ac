/**
 * What a run reports for users the deadline guard did not start (deadline.ts): planned actions with
 * outcome `deferred` (nothing done, nothing written), and one warning that says how many users wait
 * for the next run.
 */
import type { UserPlan } from '../core/model/types';
import { runWarningRecord } from '../notify/run-words';
import type { EvaluatedUser } from './evaluate';
import { actionRecord, actions, type WarningRecord } from './summary';
import { UserOutcome } from './user-outcome';
import type { RunContext } from './context';

/** Whether executing the plan would call AWS at all: an action, a blocked notice or a state write. */
export function hasWork(plan: UserPlan): boolean {
  return (
    plan.decisions.some((d) => d.action !== 'none') ||
    plan.blocked.some((b) => b.notify) ||
    Object.keys(plan.stateChanges.set).length > 0 ||
    plan.stateChanges.remove.length > 0
  );
}

export function deferUser(ctx: RunContext, evaluated: EvaluatedUser): UserOutcome {
  const out = new UserOutcome(ctx.deps.log);
  for (const d of actions(evaluated.plan.decisions)) out.action(actionRecord(d, 'deferred'));
  return out;
}

export function deadlineWarning(notRead: number, notExecuted: number): WarningRecord {
  return runWarningRecord({ code: 'run-deadline-reached', notRead, notExecuted });
}
