/**
 * Rule 3 — retire. With two Active keys the newer is the replacement: once graceDays have passed
 * since grace started (see second-key-grace.ts) the older is deactivated. Inside the grace period the
 * owner is told (at most once per UTC day) if the old key is still used after the replacement was
 * created: that is the outage waiting to happen.
 */
import {
  activeKeys,
  baseFacts,
  inReactivationGrace,
  type KeyView,
  type PlanContext,
} from '../key-view';
import { addNote, isDeactivating, updateState, type PlanDraft } from '../plan-draft';
import { addDays, hasElapsed, later, sameUtcDay, wholeDaysBetween } from '../time';
import { deactivateDecision } from './deactivation';
import { reactivationGraceFacts } from './grace-facts';
import { isOrphanKey } from './interrupted-rotation';
import { retireGrace } from './second-key-grace';

export function applyRetireRule(ctx: PlanContext, draft: PlanDraft): void {
  // An interrupted rotation's orphan replaces nothing: nobody holds its secret, so the older key is
  // still the one in use and must not be retired on its account.
  const active = activeKeys(ctx).filter((v) => !isOrphanKey(ctx, v.id));
  if (active.length < 2) return;
  const newer = active[active.length - 1];
  // A replacement that is itself being deactivated as unused supersedes nothing: retiring the
  // older key too would leave the user with no Active key. The older is then the user's only
  // key and the rotation rule treats it as such.
  if (isDeactivating(draft, newer.id)) return;
  for (const older of active.slice(0, -1)) {
    if (isDeactivating(draft, older.id)) continue;
    const grace = retireGrace(older, newer, ctx);
    // Recorded also during reactivation grace: the pair is seen now, so both graces run together.
    if (grace.record) updateState(draft, older, { secondKeySeenAt: grace.record });
    if (inReactivationGrace(older, ctx)) {
      addNote(draft, older.id, ['reactivation-grace'], {
        ...baseFacts(older, ctx),
        ...reactivationGraceFacts(older, ctx),
      });
    } else if (hasElapsed(grace.start, ctx.days.graceDays, ctx.now)) {
      const why = newer.state.createdAt !== undefined ? 'rotated' : 'second-active-key';
      draft.deactivations.push(deactivateDecision(older, ctx, [why]));
    } else {
      withinGrace(older, newer, grace.start, ctx, draft);
    }
  }
}

function withinGrace(
  older: KeyView,
  newer: KeyView,
  graceStart: Date,
  ctx: PlanContext,
  draft: PlanDraft,
): void {
  const facts = {
    ...baseFacts(older, ctx),
    graceLeftDays: wholeDaysBetween(ctx.now, addDays(graceStart, ctx.days.graceDays)),
  };
  // Only a use newer than the last warning counts: an owner who has switched keys leaves a last use
  // that stays "after the replacement's CreateDate" forever, and must not be told again daily.
  const notified = older.state.inUseNotifiedAt;
  const usedSince = later(newer.key.createDate, notified);
  const lastUsed = older.key.lastUsedDate;
  if (lastUsed === undefined || lastUsed.getTime() <= usedSince.getTime()) {
    addNote(draft, older.id, ['within-grace'], facts);
    return;
  }
  if (notified !== undefined && sameUtcDay(notified, ctx.now)) {
    addNote(draft, older.id, ['within-grace', 'old-key-still-in-use'], facts);
    return;
  }
  draft.warnings.push({
    userName: ctx.userName,
    accessKeyId: older.id,
    action: 'warn',
    reasons: ['within-grace', 'old-key-still-in-use'],
    event: 'OLD_KEY_STILL_IN_USE',
    destructive: false,
    facts,
  });
  updateState(draft, older, { inUseNotifiedAt: ctx.now });
}
