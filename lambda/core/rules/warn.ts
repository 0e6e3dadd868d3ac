/**
 * Rule 6 — warn before rotation. The owner hears once per due date: the due date warned about is
 * remembered, so a changed rotationDays (a new due date) warns again but a daily run does not.
 * The window is min(warnDays, rotationDays − 1) days, so a key is never warned about on creation.
 */
import { baseFacts, type KeyView, type PlanContext } from '../key-view';
import { addNote, updateState, type PlanDraft } from '../plan-draft';
import { addDays, sameSecond, wholeDaysBetween } from '../time';

export function rotationDueDate(view: KeyView, ctx: PlanContext): Date {
  return addDays(view.key.createDate, ctx.days.rotationDays);
}

/** When the warning window opens for a key, given the user's effective days. */
export function warnWindowStart(createDate: Date, rotationDays: number, warnDays: number): Date {
  return addDays(createDate, rotationDays - Math.max(0, Math.min(warnDays, rotationDays - 1)));
}

export function applyWarnRule(view: KeyView, ctx: PlanContext, draft: PlanDraft): void {
  const { rotationDays, warnDays } = ctx.days;
  const opens = warnWindowStart(view.key.createDate, rotationDays, warnDays);
  if (ctx.now.getTime() < opens.getTime()) return;
  const due = rotationDueDate(view, ctx);
  const facts = { ...baseFacts(view, ctx), dueInDays: wholeDaysBetween(ctx.now, due) };
  if (sameSecond(view.state.warnedDue, due)) {
    addNote(draft, view.id, ['already-warned'], facts);
    return;
  }
  draft.warnings.push({
    userName: ctx.userName,
    accessKeyId: view.id,
    action: 'warn',
    reasons: ['rotation-upcoming'],
    event: 'ROTATION_UPCOMING',
    destructive: false,
    facts,
  });
  updateState(draft, view, { warnedDue: due });
}
