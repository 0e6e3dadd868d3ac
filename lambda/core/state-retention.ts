/**
 * Which state the engine keeps, and the tag writes that get it there. A field is kept only while a
 * rule still needs it, so a healthy user converges to no state tags at all — which is what lets the
 * screening step skip healthy users without reading their keys.
 *   Inactive key: inactiveSince (the recovery window) and deactivatedAt.
 *   Active key:   reactivatedAt while in reactivation grace; warnedDue while it is the current due
 *                 date and not yet reached; createdAt while the key it replaced still exists (the
 *                 retire rule's reason, also after a human re-activates the old key);
 *                 inUseNotifiedAt while the user has two Active keys (the daily in-use warning).
 * Keys with a destructive decision are left out: their tags change only if the action succeeds.
 */
import { activeKeys, inReactivationGrace, type KeyView, type PlanContext } from './key-view';
import type { PlanDraft } from './plan-draft';
import { rotationDueDate } from './rules/warn';
import { renderKeyState } from './state-tags';
import { sameSecond } from './time';
import type { KeyState, StateChanges } from './types';

export function stateChanges(ctx: PlanContext, draft: PlanDraft): StateChanges {
  const set: Record<string, string> = {};
  const remove: string[] = [...ctx.staleTags];
  const destructive = new Set(
    [...draft.deletions, ...draft.deactivations].map((d) => d.accessKeyId),
  );
  for (const view of ctx.keys.filter((v) => !destructive.has(v.id))) {
    const next = retained(view, draft.stateUpdates.get(view.id) ?? view.state, ctx);
    const value = renderKeyState(next);
    if (value === (view.stored?.rawValue ?? '')) continue;
    if (value === '') remove.push(view.tagKey);
    else set[view.tagKey] = value;
  }
  return { set, remove };
}

function retained(view: KeyView, state: KeyState, ctx: PlanContext): KeyState {
  if (view.key.status === 'Inactive') {
    return { inactiveSince: state.inactiveSince, deactivatedAt: state.deactivatedAt };
  }
  const pairOfActive = activeKeys(ctx).length >= 2;
  const pairOfKeys = ctx.keys.length >= 2;
  const due = rotationDueDate(view, ctx);
  const dueAhead = ctx.now.getTime() < due.getTime() && sameSecond(state.warnedDue, due);
  return {
    reactivatedAt: inReactivationGrace({ ...view, state }, ctx) ? state.reactivatedAt : undefined,
    warnedDue: dueAhead ? state.warnedDue : undefined,
    createdAt: pairOfKeys ? state.createdAt : undefined,
    inUseNotifiedAt: pairOfActive ? state.inUseNotifiedAt : undefined,
  };
}
