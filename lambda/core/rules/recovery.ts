/**
 * Rule 4 — delete after the recovery window. Only an Inactive key is ever deleted, and only after
 * recoveryDays of *observed* inactivity: the window starts when the engine first saw (or made) the
 * key Inactive, and restarts if IAM reports a use after that.
 * Contract: docs/lifecycle.md, "Rules, per user in scope" (this rule's row in "Rule → file").
 */
import { baseFacts, type KeyView } from '../model/key-view';
import { act, note, NOT_APPLICABLE, type Rule } from '../model/outcome';
import { addDays, hasElapsed, later, wholeDaysBetween } from '../model/time';

/** When the current recovery window started, or undefined when no window has been recorded yet. */
export function recoveryWindowStart(view: KeyView): Date | undefined {
  const since = view.state.inactiveSince;
  return since === undefined ? undefined : later(since, view.key.lastUsedDate);
}

export const recovery: Rule = (view, ctx) => {
  if (view.key.status !== 'Inactive') return NOT_APPLICABLE;
  const start = recoveryWindowStart(view);
  if (start === undefined) {
    return note(
      ['recovery-window-started'],
      { ...baseFacts(view, ctx), inactiveDays: 0, recoveryLeftDays: ctx.days.recoveryDays },
      { remember: { inactiveSince: ctx.now } },
    );
  }
  const facts = {
    ...baseFacts(view, ctx),
    inactiveDays: wholeDaysBetween(start, ctx.now),
    recoveryLeftDays: wholeDaysBetween(ctx.now, addDays(start, ctx.days.recoveryDays)),
  };
  if (!hasElapsed(start, ctx.days.recoveryDays, ctx.now)) return note(['in-recovery'], facts);
  return act({
    userName: ctx.userName,
    accessKeyId: view.id,
    action: 'delete',
    reasons: ['recovery-window-ended'],
    event: 'KEY_DELETED',
    destructive: true,
    facts,
    untagOnSuccess: [view.tagKey],
  });
};
