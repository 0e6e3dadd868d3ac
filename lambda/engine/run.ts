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
 * - With COORDINATION_TABLE, the breaker is a rolling 24-hour budget shared by all runs and each notice is
 *   claimed before it is published, so it goes out once in total (docs/lifecycle.md, "Coordination table").
 */
import { randomUUID } from 'node:crypto';
import { applyCircuitBreaker } from '../core';
import type { RunPlan, UserPlan } from '../core/model/types';
import type { EngineConfig, RunRequest } from '../config/types';
import { blockedMessage } from '../notify/plan-words';
import { engineFaultText } from '../notify/fault-words';
import { runWarningRecord } from '../notify/run-words';
import { RunBudget } from './budget';
import { UnplannedActions } from './unplanned-actions';
import type { Coordination, RunContext } from './context';
import { NoticeLedger } from './notices-once';
import { EXECUTION_SHARE } from '../config/settings';
import { Deadline } from './deadline';
import { deadlineWarning, deferUser, hasWork } from './deferral';
import { DEFAULT_CONCURRENCY, type EngineDeps } from './deps';
import { evaluateCandidates, type EvaluatedUser } from './evaluate';
import { executeUser } from './execute-user';
import { writeExemptionRecords } from './exemption-records';
import { lookUpKeyUsage } from './key-usage';
import type { KeyUsageSummary } from '../core/key-usage/summary';
import { takeInventory, toWarning } from './inventory';
import { mapBounded } from './pool';
import { notifyOps } from './run-notices';
import { stateIntegrityWarnings } from './state-trust';
import {
  actionRecord,
  actions as actionsOf,
  type ActionRecord,
  type BlockedRecord,
  type ErrorRecord,
  type RunSummary,
  type WarningRecord,
} from './summary';

export async function runEngine(
  deps: EngineDeps,
  config: EngineConfig,
  request: RunRequest,
): Promise<RunSummary> {
  deps.counter.reset();
  const now = deps.clock();
  // The handler folded the event's forceReport into config.mode (config/event.ts, runConfig).
  const mode = config.mode;
  // One RunContext per run (per-run caches are keyed by it): the unplanned allowance is set after the plan.
  const unplanned = new UnplannedActions(config.policy.maxDestructiveActions);
  const baseCtx: RunContext = { deps, config, mode, now, unplanned };
  // ---- coordination (docs/lifecycle.md, "Coordination table") ----
  const coordination = openCoordination(baseCtx);
  // Filled after planning (key-usage.ts); one context object for the whole run, whose per-run caches
  // (state-trust.ts) are keyed by it.
  const usage = new Map<string, KeyUsageSummary>();
  const ctx: RunContext = { ...baseCtx, ...(coordination ? { coordination } : {}), usage };
  const budget = coordination?.budget;
  const sweepErrors = (await coordination?.notices?.deliverDue()) ?? [];
  // ---- end coordination ----
  const deadline = new Deadline(deps.remainingTimeMs, mode === 'report' ? 0 : EXECUTION_SHARE);

  const inventory = await takeInventory(ctx, request.users);
  const evaluation = await evaluateCandidates(ctx, inventory, deadline);
  const plans = evaluation.users.map((u) => u.plan);
  const wanted = plans.reduce((n, p) => n + p.decisions.filter((d) => d.destructive).length, 0);
  const usedInWindow = budget && wanted > 0 ? await budget.read() : 0;
  const runPlan = applyCircuitBreaker(plans, config.policy.maxDestructiveActions, usedInWindow);
  if (budget && mode === 'enforce' && wanted > 0) await budget.settle();
  if (budget && mode === 'enforce' && !runPlan.circuitBreakerTripped) {
    await budget.reserve(runPlan.destructiveCount);
  }
  coordination?.notices?.plan(evaluation.users);
  const planned = withBrokenPlans(evaluation.users, runPlan);
  // Who uses a key: after planning, so a lookup can never change a decision (key-usage.ts).
  const lookups = await lookUpKeyUsage(ctx, planned);
  lookups.usage.forEach((summary, accessKeyId) => usage.set(accessKeyId, summary));
  const warnings: WarningRecord[] = [
    ...stateIntegrityWarnings(ctx),
    ...(coordination ? [] : [COORDINATION_OFF]),
    ...inventory.warnings,
    ...evaluation.warnings,
    ...planned.flatMap((u) => u.plan.warnings.map(toWarning)),
    ...lookups.warnings,
  ];
  const blocked: BlockedRecord[] = runPlan.users.flatMap((p) => p.blocked.map(toBlocked));
  logPlan(ctx, planned, warnings, blocked);
  inventory.exempt.forEach((e) => deps.log.exempt(e));

  const actions: ActionRecord[] = [];
  const errors: ErrorRecord[] = [...sweepErrors, ...evaluation.errors];
  let notExecuted = 0;
  if (mode === 'report') {
    for (const { plan } of planned) {
      actions.push(...actionsOf(plan.decisions).map((d) => actionRecord(d, 'planned')));
    }
    actions.forEach((a) => deps.log.action(a));
  } else {
    unplanned.afterPlan(runPlan.destructiveCount, runPlan.circuitBreakerTripped);
    const unrecorded = await writeExemptionRecords(
      ctx,
      inventory.exemptionRecords,
      inventory.staleExemptionRecords,
    );
    unrecorded.forEach((e) => deps.log.error(e));
    errors.push(...unrecorded);
    const outcomes = await mapBounded(planned, deps.concurrency ?? DEFAULT_CONCURRENCY, (u) => {
      if (!hasWork(u.plan) || deadline.mayStart('execute')) return executeUser(ctx, u);
      notExecuted++;
      return Promise.resolve(deferUser(ctx, u));
    });
    actions.push(...outcomes.flatMap((o) => o.actions));
    errors.push(...outcomes.flatMap((o) => o.errors));
  }
  if (budget) {
    await budget.release();
    budget.blocked.forEach((b) => deps.log.blocked(b));
    blocked.push(...budget.blocked);
    budget.errors.forEach((e) => deps.log.error(e));
    errors.push(...budget.errors);
  }
  const untrustedSeen = untrustedWarnings(ctx, 0);
  untrustedSeen.forEach((w) => deps.log.warning(w));
  warnings.push(...untrustedSeen);
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
    exempt: inventory.exempt,
    usersExempt: inventory.exempt.length,
    warnings,
    errors,
    circuitBreakerTripped: runPlan.circuitBreakerTripped || budget?.exhausted === true,
    apiCalls: 0,
    incomplete: usersDeferred > 0,
    usersDeferred,
  };
  const notifyErrors = await notifyOps(ctx, draft, runPlan);
  notifyErrors.push(...((await coordination?.notices?.flush()) ?? []));
  notifyErrors.forEach((e) => deps.log.error(e));
  // Items met while sending the run's own notices (after the summary was drafted).
  const untrustedLate = untrustedWarnings(ctx, untrustedSeen.length);
  untrustedLate.forEach((w) => deps.log.warning(w));
  return {
    ...draft,
    warnings: [...warnings, ...untrustedLate],
    errors: [...errors, ...notifyErrors],
    apiCalls: deps.counter.count,
  };
}

/** Coordination items the run did not trust (docs/threat-model.md), from the `from`-th on. */
function untrustedWarnings(ctx: RunContext, from: number): WarningRecord[] {
  const tableName = ctx.config.coordinationTable;
  const items = tableName !== undefined ? (ctx.deps.coordination?.untrustedItems() ?? []) : [];
  return items
    .slice(from)
    .map((u) =>
      runWarningRecord({ code: 'coordination-item-untrusted', tableName: tableName!, ...u }),
    );
}

const COORDINATION_OFF: WarningRecord = runWarningRecord({ code: 'coordination-off' });

/** The rolling budget and notices-once, when COORDINATION_TABLE is set (notices: enforce mode only). */
function openCoordination(ctx: RunContext): Coordination | undefined {
  const tableName = ctx.config.coordinationTable;
  if (tableName === undefined) return undefined;
  const table = ctx.deps.coordination;
  if (!table) {
    throw new Error(
      engineFaultText({
        kind: 'port-not-wired',
        variable: 'COORDINATION_TABLE',
        value: tableName,
        port: 'coordination store',
        client: 'dynamodb',
      }),
    );
  }
  const owner = randomUUID();
  const budget = new RunBudget(table, ctx.config.policy.maxDestructiveActions, owner, ctx.now);
  if (ctx.mode === 'report') return { budget };
  return { budget, notices: new NoticeLedger(ctx, table, owner) };
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
      ctx.deps.log.decision(
        plan.userName,
        plan.applicability.kind,
        d,
        ctx.usage?.get(d.accessKeyId),
      );
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
    message: blockedMessage(b),
  };
}
