/**
 * Rule 3 — retire. With two Active keys the newer is the replacement: once graceDays have passed
 * since grace started (see second-key-grace.ts) the older is deactivated — once it has gone quiet: an
 * old key still in use is held first by the in-use hold, the rule listed before this one. Every line of this rule
 * carries the evidence (retire-evidence.ts): has the replacement been used, and when each key last was. Inside the grace period the
 * owner is told (at most once per UTC day) if the old key is still used after the replacement was
 * created: that is the outage waiting to happen.
 * Contract: docs/lifecycle.md, "Rules, per user in scope" (this rule's row in "Rule → file").
 */
import {
  baseFacts,
  inReactivationGrace,
  reactivationGraceFacts,
  type KeyView,
  type PlanContext,
} from '../model/key-view';
import { act, note, NOT_APPLICABLE, type Outcome, type Rule } from '../model/outcome';
import { addDays, hasElapsed, later, sameUtcDay, wholeDaysBetween } from '../model/time';
import { deactivateDecision } from './deactivation';
import { retireEvidence } from './retire-evidence';
import { retireGrace, retirePair } from './second-key-grace';

export const retire: Rule = (view, ctx, soFar) => {
  const pair = retirePair(ctx, soFar);
  if (pair === undefined || !pair.older.includes(view)) return NOT_APPLICABLE;
  const { newer } = pair;
  const grace = retireGrace(view, newer, ctx);
  // Recorded also during reactivation grace: the pair is seen now, so both graces run together.
  const remember = grace.record ? { secondKeySeenAt: grace.record } : undefined;
  if (inReactivationGrace(view, ctx)) {
    return note(
      ['reactivation-grace'],
      { ...baseFacts(view, ctx), ...reactivationGraceFacts(view, ctx) },
      { remember },
    );
  }
  if (hasElapsed(grace.start, ctx.days.graceDays, ctx.now)) {
    const why = newer.state.createdAt !== undefined ? 'rotated' : 'second-active-key';
    const decision = deactivateDecision(view, ctx, [why]);
    const facts = { ...decision.facts, ...retireEvidence(view, newer) };
    return act({ ...decision, facts }, { remember });
  }
  return withinGrace(view, newer, grace.start, ctx, remember);
};

function withinGrace(
  older: KeyView,
  newer: KeyView,
  graceStart: Date,
  ctx: PlanContext,
  remember: { secondKeySeenAt: Date } | undefined,
): Outcome {
  const facts = {
    ...baseFacts(older, ctx),
    ...retireEvidence(older, newer),
    graceLeftDays: wholeDaysBetween(ctx.now, addDays(graceStart, ctx.days.graceDays)),
  };
  // Only a use newer than the last warning counts: an owner who has switched keys leaves a last use
  // that stays "after the replacement's CreateDate" forever, and must not be told again daily.
  const notified = older.state.inUseNotifiedAt;
  const usedSince = later(newer.key.createDate, notified);
  const lastUsed = older.key.lastUsedDate;
  if (lastUsed === undefined || lastUsed.getTime() <= usedSince.getTime()) {
    return note(['within-grace'], facts, { remember });
  }
  if (notified !== undefined && sameUtcDay(notified, ctx.now)) {
    return note(['within-grace', 'old-key-still-in-use'], facts, { remember });
  }
  return act(
    {
      userName: ctx.userName,
      accessKeyId: older.id,
      action: 'warn',
      reasons: ['within-grace', 'old-key-still-in-use'],
      event: 'OLD_KEY_STILL_IN_USE',
      destructive: false,
      facts,
    },
    { remember: { ...remember, inUseNotifiedAt: ctx.now } },
  );
}
