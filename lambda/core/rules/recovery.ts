/**
 * Rule 4 — delete after the recovery window. Only an Inactive key is ever deleted, and only after
 * recoveryDays of *observed* inactivity: the window starts when the engine first saw (or made) the
 * key Inactive, and restarts if IAM reports a use after that.
 */
import { baseFacts, type KeyView, type PlanContext } from '../key-view';
import { addNote, updateState, type PlanDraft } from '../plan-draft';
import { addDays, hasElapsed, later, wholeDaysBetween } from '../time';

/** When the current recovery window started, or undefined when no window has been recorded yet. */
export function recoveryWindowStart(view: KeyView): Date | undefined {
  const since = view.state.inactiveSince;
  return since === undefined ? undefined : later(since, view.key.lastUsedDate);
}

export function applyRecoveryRule(ctx: PlanContext, draft: PlanDraft): void {
  for (const view of ctx.keys.filter((v) => v.key.status === 'Inactive')) {
    const start = recoveryWindowStart(view);
    if (start === undefined) {
      addNote(draft, view.id, ['recovery-window-started'], {
        ...baseFacts(view, ctx),
        inactiveDays: 0,
        recoveryLeftDays: ctx.days.recoveryDays,
      });
      updateState(draft, view, { inactiveSince: ctx.now });
      continue;
    }
    const facts = {
      ...baseFacts(view, ctx),
      inactiveDays: wholeDaysBetween(start, ctx.now),
      recoveryLeftDays: wholeDaysBetween(ctx.now, addDays(start, ctx.days.recoveryDays)),
    };
    if (!hasElapsed(start, ctx.days.recoveryDays, ctx.now)) {
      addNote(draft, view.id, ['in-recovery'], facts);
      continue;
    }
    draft.deletions.push({
      userName: ctx.userName,
      accessKeyId: view.id,
      action: 'delete',
      reasons: ['recovery-window-ended'],
      event: 'KEY_DELETED',
      destructive: true,
      facts,
      untagOnSuccess: [view.tagKey],
    });
  }
}
