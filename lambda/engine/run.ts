/**
 * The executor: inventory → detailed reads → plan (pure core) → circuit breaker → audit log → act.
 * A deadline guard (deadline.ts) stops starting reads and executions near the Lambda timeout; users it
 * defers are reported (summary `incomplete`, `usersDeferred`, warning `run-deadline-reached`) and the
 * circuit breaker still counts every plan that was made, executed or not.
 *
 * Why two overlapping runs (EventBridge and Lambda async retries can repeat) stay safe:
 * - Creates: IAM's two-key limit is the lock. Each run re-reads the user's keys before creating; if both
 *   see one key, both call CreateAccessKey, and whichever is second gets LimitExceeded. The loser
 *   re-reads, finds a key newer than the one it meant to replace, and records `skipped-concurrent`
 *   without notifying. A user never gets a third key, and no run creates a key it does not store.
 * - Secrets: each PutSecretValue uses a ClientRequestToken derived from the AccessKeyId, so two stores
 *   of the same key are one version; deletion records use their own derived token.
 * - Deactivate/delete: re-verified on a fresh read; NoSuchEntity from a run that got there first is
 *   `skipped-concurrent`. A deactivation both runs perform is harmless (IAM accepts it twice) and at most
 *   notifies once per run: "no more than one run's worth" of notices.
 * - State tags are whole-value writes of the same computed state, so the last writer wins with the same value.
 */
import { applyCircuitBreaker } from '../core';
import type { RunPlan, UserPlan } from '../core/types';
import type { EngineConfig, RunRequest } from '../config/types';
import type { RunContext } from './context';
import { Deadline, EXECUTION_SHARE } from './deadline';
import { deadlineWarning, deferUser, hasWork } from './deferral';
import { DEFAULT_CONCURRENCY, type EngineDeps } from './deps';
import { evaluateCandidates, type EvaluatedUser } from './evaluate';
import { executeUser } from './execute-user';
import { takeInventory, toWarning } from './inventory';
import { mapBounded } from './pool';
import { notifyOps } from './run-notices';
import { stateIntegrityWarnings } from './state-trust';
import type {
  ActionRecord,
  BlockedRecord,
  ErrorRecord,
  RunSummary,
  WarningRecord,
} from './summary';

export async function runEngine(
  deps: EngineDeps,
  config: EngineConfig,
  request: RunRequest,
): Promise<RunSummary> {
  deps.counter.reset();
  const now = deps.clock();
  const mode = config.mode === 'report' || request.forceReport ? 'report' : 'enforce';
  const ctx: RunContext = { deps, config: { ...config, mode }, mode, now };
  const deadline = new Deadline(deps.remainingTimeMs, mode === 'report' ? 0 : EXECUTION_SHARE);

  const inventory = await takeInventory(ctx, request.users);
  const evaluation = await evaluateCandidates(ctx, inventory, deadline);
  const runPlan = applyCircuitBreaker(
    evaluation.users.map((u) => u.plan),
    config.policy.maxDestructiveActions,
  );
  const planned = withBrokenPlans(evaluation.users, runPlan);
  const warnings: WarningRecord[] = [
    ...stateIntegrityWarnings(ctx),
    ...inventory.warnings,
    ...evaluation.warnings,
    ...planned.flatMap((u) => u.plan.warnings.map(toWarning)),
  ];
  const blocked: BlockedRecord[] = runPlan.users.flatMap((p) => p.blocked.map(toBlocked));
  logPlan(ctx, planned, warnings, blocked);

  const actions: ActionRecord[] = [];
  const errors: ErrorRecord[] = [...evaluation.errors];
  let notExecuted = 0;
  if (mode === 'report') {
    for (const { plan } of planned) {
      for (const d of plan.decisions) if (d.action !== 'none') actions.push(plannedRecord(d));
    }
    actions.forEach((a) => deps.log.action(a));
  } else {
    const outcomes = await mapBounded(planned, deps.concurrency ?? DEFAULT_CONCURRENCY, (u) => {
      if (!hasWork(u.plan) || deadline.mayStart('execute')) return executeUser(ctx, u);
      notExecuted++;
      return Promise.resolve(deferUser(ctx, u));
    });
    actions.push(...outcomes.flatMap((o) => o.actions));
    errors.push(...outcomes.flatMap((o) => o.errors));
  }
  const usersDeferred = evaluation.deferred + notExecuted;
  if (usersDeferred > 0) {
    const warning = deadlineWarning(evaluation.deferred, notExecuted);
    deps.log.warning(warning);
    warnings.push(warning);
  }

  const draft: RunSummary = {
    mode,
    startedAt: now.toISOString(),
    finishedAt: deps.clock().toISOString(),
    source: request.source,
    inventory: inventory.kind,
    usersScanned: inventory.usersScanned,
    usersInScope: inventory.usersInScope,
    // Users planned (or failed to read); those settled on reading are not evaluated, as on the report path.
    usersEvaluated: evaluation.users.length + evaluation.errors.length,
    actions,
    blocked,
    warnings,
    errors,
    circuitBreakerTripped: runPlan.circuitBreakerTripped,
    apiCalls: 0,
    incomplete: usersDeferred > 0,
    usersDeferred,
  };
  const notifyErrors = await notifyOps(ctx, draft, runPlan);
  notifyErrors.forEach((e) => deps.log.error(e));
  return { ...draft, errors: [...errors, ...notifyErrors], apiCalls: deps.counter.count };
}

/** The circuit breaker returns plans in the same order; pair them back with their users' facts. */
function withBrokenPlans(users: readonly EvaluatedUser[], runPlan: RunPlan): EvaluatedUser[] {
  const byName = new Map<string, UserPlan>(runPlan.users.map((p) => [p.userName, p]));
  return users.map((u) => ({ ...u, plan: byName.get(u.plan.userName) ?? u.plan }));
}

function logPlan(
  ctx: RunContext,
  users: readonly EvaluatedUser[],
  warnings: readonly WarningRecord[],
  blocked: readonly BlockedRecord[],
) {
  for (const { plan } of users) {
    for (const d of plan.decisions)
      ctx.deps.log.decision(plan.userName, plan.applicability.kind, d);
  }
  warnings.forEach((w) => ctx.deps.log.warning(w));
  blocked.forEach((b) => ctx.deps.log.blocked(b));
}

function toBlocked(b: UserPlan['blocked'][number]): BlockedRecord {
  return {
    user: b.userName,
    accessKeyId: b.accessKeyId,
    action: b.action,
    reason: b.reason,
    message: b.message,
  };
}

function plannedRecord(d: UserPlan['decisions'][number]): ActionRecord {
  return {
    user: d.userName,
    accessKeyId: d.accessKeyId,
    action: d.action as ActionRecord['action'],
    reasons: d.reasons,
    outcome: 'planned',
  };
}
