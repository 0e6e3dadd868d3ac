/**
 * planUser: one user's facts + the policy + now → the decisions, with reasons, for every key.
 * Scope and exemptions first (out-of-scope and exempt users are never acted on), then the six
 * rules of docs/lifecycle.md in an order that lets the earlier ones win: reactivation is noticed before
 * anything reads the key's state, an interrupted rotation's orphan is set aside before anything
 * counts it, unused beats retire and rotate, deletions are known before a rotation asks for a free
 * slot. While another run may be mid-rotation for the user, only warnings go ahead.
 */
import { evaluateApplicability } from './applicability';
import { buildContext, baseFacts, type PlanContext } from './key-view';
import { effectiveDays } from './overrides';
import { allDecisions, newDraft, type PlanDraft } from './plan-draft';
import { applyInterruptedRotationRule } from './rules/interrupted-rotation';
import { idleReasons } from './rules/idle-reasons';
import { reactivationDecision } from './rules/reactivation';
import { applyRecoveryRule } from './rules/recovery';
import { applyRetireRule } from './rules/retire';
import { holdWhileRotationInProgress } from './rules/rotation-in-progress';
import { applyRotationRule } from './rules/rotation';
import { applyUnusedRule } from './rules/unused';
import { stateChanges } from './state-retention';
import type { KeyDecision, Policy, UserFacts, UserPlan } from './types';

export function planUser(user: UserFacts, policy: Policy, now: Date): UserPlan {
  const { applicability, warnings } = evaluateApplicability(user, policy, now);
  if (applicability.kind !== 'in-scope') {
    return {
      userName: user.userName,
      applicability,
      effectiveDays: policy.days,
      decisions: [],
      blocked: [],
      warnings,
      stateChanges: { set: {}, remove: [] },
    };
  }
  const days = effectiveDays(user.userName, user.tags, policy);
  const ctx = buildContext(user, policy.tagPrefix, days.days, now);
  const draft = newDraft();
  for (const view of ctx.keys.filter((v) => v.reactivatedNow)) {
    draft.warnings.push(reactivationDecision(view, ctx));
  }
  applyInterruptedRotationRule(ctx, draft);
  applyUnusedRule(ctx, draft);
  applyRetireRule(ctx, draft);
  applyRecoveryRule(ctx, draft);
  applyRotationRule(ctx, draft);
  if (ctx.pendingCreate.inFlight) holdWhileRotationInProgress(ctx, draft);
  return {
    userName: user.userName,
    applicability,
    effectiveDays: days.days,
    decisions: [...allDecisions(draft), ...noneDecisions(ctx, draft)],
    blocked: draft.blocked,
    warnings: [...warnings, ...days.warnings, ...ctx.stateWarnings],
    stateChanges: stateChanges(ctx, draft),
  };
}

/** One `none` line for every key nothing else was decided for, so the audit log covers each key. */
function noneDecisions(ctx: PlanContext, draft: PlanDraft): KeyDecision[] {
  const decided = new Set(allDecisions(draft).map((d) => d.accessKeyId));
  return ctx.keys
    .filter((v) => !decided.has(v.id))
    .map((view) => {
      const note = draft.notes.get(view.id);
      return {
        userName: ctx.userName,
        accessKeyId: view.id,
        action: 'none',
        reasons: note?.reasons ?? idleReasons(view),
        destructive: false,
        facts: note?.facts ?? baseFacts(view, ctx),
      };
    });
}
