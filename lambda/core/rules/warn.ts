/**
 * Rule 6 — warn before rotation. The owner hears once per due date about the key rule 2 would rotate:
 * the due date warned about is remembered, so a changed rotationDays (a new due date) warns again but a
 * daily run does not.
 * Contract: docs/lifecycle.md, "Rules, per user in scope" (this rule's row in "Rule → file").
 */
import { baseFacts, rotationDueDate, warnWindowStart } from '../model/key-view';
import { act, note, NOT_APPLICABLE, type Rule } from '../model/outcome';
import { hasElapsed, sameSecond, wholeDaysBetween } from '../model/time';
import { rotationCandidate } from './rotation';

export const warn: Rule = (view, ctx, soFar) => {
  const { rotationDays, warnDays } = ctx.days;
  if (rotationCandidate(ctx, soFar) !== view) return NOT_APPLICABLE;
  if (hasElapsed(view.key.createDate, rotationDays, ctx.now)) return NOT_APPLICABLE;
  const opens = warnWindowStart(view.key.createDate, rotationDays, warnDays);
  if (ctx.now.getTime() < opens.getTime()) return NOT_APPLICABLE;
  const due = rotationDueDate(view, ctx);
  const facts = { ...baseFacts(view, ctx), dueInDays: wholeDaysBetween(ctx.now, due) };
  if (sameSecond(view.state.warnedDue, due)) return note(['already-warned'], facts);
  return act(
    {
      userName: ctx.userName,
      accessKeyId: view.id,
      action: 'warn',
      reasons: ['rotation-upcoming'],
      event: 'ROTATION_UPCOMING',
      destructive: false,
      facts,
    },
    { remember: { warnedDue: due } },
  );
};
