import { reactivationGraceEnd, type KeyView, type PlanContext } from '../key-view';
import { wholeDaysBetween } from '../time';
import type { DecisionFacts } from '../types';

export function reactivationGraceFacts(view: KeyView, ctx: PlanContext): DecisionFacts {
  const end = reactivationGraceEnd(view, ctx);
  return end === undefined ? {} : { graceLeftDays: wholeDaysBetween(ctx.now, end) };
}
