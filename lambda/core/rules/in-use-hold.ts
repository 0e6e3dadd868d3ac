/**
 * Rule 3a — in-use-aware retirement (docs/lifecycle.md, "In-use-aware retirement"; optional, off by
 * default). When rule 3's grace has ended but IAM reports the old key used within the last
 * `holdHours`, retiring it now would break the workload still using it. Its deactivation is held — for
 * at most `maxExtensionDays` after grace ended — and OLD_KEY_STILL_IN_USE goes out as critical (ops),
 * at most once per UTC day. Once the hold is used up, or the key falls quiet, rule 3 retires it as usual.
 * The trade-off: the old key stays Active past rotationDays + graceDays (Security Hub IAM.3 counts it).
 * Listed before retire in the table: its outcome `holds` the key, so retire's deactivation becomes a note.
 */
import { baseFacts, inReactivationGrace } from '../model/key-view';
import { act, note, NOT_APPLICABLE, type Rule } from '../model/outcome';
import { addDays, sameUtcDay, wholeDaysBetween } from '../model/time';
import type { Reason } from '../model/types';
import { retireGrace, retirePair } from './second-key-grace';

const HOUR_MS = 3_600_000;
const REASONS: readonly Reason[] = ['in-use-hold', 'old-key-still-in-use'];

export const inUseHold: Rule = (view, ctx, soFar) => {
  const hold = ctx.policy.inUseHold;
  const pair = hold === undefined ? undefined : retirePair(ctx, soFar);
  if (hold === undefined || pair === undefined || !pair.older.includes(view)) return NOT_APPLICABLE;
  if (inReactivationGrace(view, ctx)) return NOT_APPLICABLE;
  const now = ctx.now.getTime();
  const graceEnd = addDays(retireGrace(view, pair.newer, ctx).start, ctx.days.graceDays);
  const holdEnd = addDays(graceEnd, hold.maxExtensionDays);
  const lastUsed = view.key.lastUsedDate?.getTime();
  if (now < graceEnd.getTime() || now >= holdEnd.getTime()) return NOT_APPLICABLE;
  if (lastUsed === undefined || now - lastUsed > hold.holdHours * HOUR_MS) return NOT_APPLICABLE;
  const facts = { ...baseFacts(view, ctx), graceLeftDays: wholeDaysBetween(ctx.now, holdEnd) };
  const notified = view.state.inUseNotifiedAt;
  if (notified !== undefined && sameUtcDay(notified, ctx.now)) {
    return note(REASONS, facts, { holds: true });
  }
  return act(
    {
      userName: ctx.userName,
      accessKeyId: view.id,
      action: 'warn',
      reasons: REASONS,
      event: 'OLD_KEY_STILL_IN_USE',
      destructive: false,
      facts,
    },
    { remember: { inUseNotifiedAt: ctx.now }, holds: true },
  );
};
