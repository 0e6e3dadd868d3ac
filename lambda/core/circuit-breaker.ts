/**
 * The blast-radius limit (docs/lifecycle.md, "Safety rules"). If the run would deactivate or delete more keys
 * than maxDestructiveActions, it does none of them — a mass deactivation is far more likely a bad
 * input (clock, credential report, policy) than a real need — and keeps the safe actions. A create
 * that needed a now-withheld deletion to free a slot is withheld too.
 *
 * With the coordination table the limit is a rolling 24-hour budget shared by every run
 * (docs/lifecycle.md, "Coordination table"): `usedInWindow` is what the last 24 hours already used,
 * and the run may plan only what is left. 0 (the default) is the per-invocation limit.
 */
import type { BlockedAction, KeyDecision, RunPlan, UserPlan } from './model/types';

export function applyCircuitBreaker(
  plans: readonly UserPlan[],
  maxDestructiveActions: number,
  usedInWindow = 0,
): RunPlan {
  const destructiveCount = plans.reduce(
    (n, p) => n + p.decisions.filter((d) => d.destructive).length,
    0,
  );
  const left = Math.max(0, maxDestructiveActions - usedInWindow);
  if (destructiveCount <= left) {
    return { users: plans, circuitBreakerTripped: false, destructiveCount };
  }
  const why = { count: destructiveCount, max: maxDestructiveActions, used: usedInWindow };
  return {
    users: plans.map((plan) => withholdDestructive(plan, why)),
    circuitBreakerTripped: true,
    destructiveCount,
  };
}

interface Trip {
  readonly count: number;
  readonly max: number;
  readonly used: number;
}

function withholdDestructive(plan: UserPlan, trip: Trip): UserPlan {
  const withheld = plan.decisions.filter((d) => d.destructive);
  if (withheld.length === 0) return plan;
  const withheldIds = new Set(withheld.map((d) => d.accessKeyId));
  const dependent = plan.decisions.filter(
    (d) => d.requiresDeletionOf !== undefined && withheldIds.has(d.requiresDeletionOf),
  );
  return {
    ...plan,
    decisions: plan.decisions.filter((d) => !d.destructive && !dependent.includes(d)),
    blocked: [
      ...plan.blocked,
      ...withheld.map((d) => breakerBlock(d, trip)),
      ...dependent.map((d) => dependentBlock(d)),
    ],
  };
}

function breakerBlock(decision: KeyDecision, trip: Trip): BlockedAction {
  return {
    userName: decision.userName,
    accessKeyId: decision.accessKeyId,
    action: decision.action as BlockedAction['action'],
    reason: 'circuit-breaker',
    notify: false, // CIRCUIT_BREAKER_TRIPPED tells ops once per run
    reasons: decision.reasons,
    planned: trip.count,
    maxDestructiveActions: trip.max,
    usedInWindow: trip.used,
  };
}

function dependentBlock(decision: KeyDecision): BlockedAction {
  return {
    userName: decision.userName,
    accessKeyId: decision.accessKeyId,
    action: 'create',
    reason: 'depends-on-blocked-deletion',
    notify: false,
    requiresDeletionOf: decision.requiresDeletionOf as string,
  };
}
