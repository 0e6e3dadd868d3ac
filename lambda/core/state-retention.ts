/**
 * Which state the engine keeps, and the tag writes that get it there. A field is kept only while a
 * rule still needs it, so a healthy user converges to no state tags at all — which is what lets the
 * screening step skip healthy users without reading their keys.
 *   Inactive key: inactiveSince (the recovery window) and deactivatedAt.
 *   Active key:   reactivatedAt while in reactivation grace; warnedDue while it is the current due
 *                 date and not yet reached; createdAt while the key it replaced still exists (the
 *                 retire rule's reason, also after a human re-activates the old key);
 *                 inUseNotifiedAt while the user has two Active keys (the daily in-use warning);
 *                 secondKeySeenAt while the user has two Active keys (rule 3's observed grace);
 *                 blockedNotifiedAt and blockedReason while its rotation is blocked for that reason.
 *   User:         the pending-create marker until it is settled (see model/pending-create.ts).
 * Keys with a destructive decision are left out: their tags change only if the action succeeds.
 * While another run may be mid-rotation, only the state of keys warned about is written.
 */
import {
  activeKeys,
  inReactivationGrace,
  rotationDueDate,
  type KeyView,
  type PlanContext,
} from './model/key-view';
import type { Combined } from './model/outcome';
import { renderKeyState } from './model/tags';
import { sameSecond } from './model/time';
import type { KeyState, StateChanges } from './model/types';

export function stateChanges(ctx: PlanContext, plan: Combined): StateChanges {
  const set: Record<string, string> = {};
  const remove: string[] = [...ctx.staleTags];
  const destructive = new Set(
    plan.decisions.filter((d) => d.destructive).map((d) => d.accessKeyId),
  );
  for (const view of ctx.keys.filter((v) => !destructive.has(v.id))) {
    const next = retained(view, plan.remembered.get(view.id) ?? view.state, ctx, plan);
    const value = renderKeyState(next);
    if (value === (view.stored?.rawValue ?? '')) continue;
    if (value === '') remove.push(view.tagKey);
    else set[view.tagKey] = value;
  }
  if (ctx.pendingCreate.inFlight) return warnedOnly(ctx, plan, set);
  // Markers that say nothing more: unreadable, or their run is long over and no orphan is left. This
  // run's own marker (a fresh attempt id) is written and removed by the executor around its create.
  return { set, remove: [...remove, ...ctx.pendingCreate.settled] };
}

function retained(view: KeyView, state: KeyState, ctx: PlanContext, plan: Combined): KeyState {
  if (view.key.status === 'Inactive') {
    return { inactiveSince: state.inactiveSince, deactivatedAt: state.deactivatedAt };
  }
  const pairOfActive = activeKeys(ctx).length >= 2;
  const pairOfKeys = ctx.keys.length >= 2;
  const due = rotationDueDate(view, ctx);
  const dueAhead = ctx.now.getTime() < due.getTime() && sameSecond(state.warnedDue, due);
  const blocked = plan.blocked.some(
    (b) => b.accessKeyId === view.id && b.reason === state.blockedReason,
  );
  return {
    reactivatedAt: inReactivationGrace({ ...view, state }, ctx) ? state.reactivatedAt : undefined,
    warnedDue: dueAhead ? state.warnedDue : undefined,
    createdAt: pairOfKeys ? state.createdAt : undefined,
    inUseNotifiedAt: pairOfActive ? state.inUseNotifiedAt : undefined,
    blockedNotifiedAt: blocked ? state.blockedNotifiedAt : undefined,
    blockedReason: blocked ? state.blockedReason : undefined,
    secondKeySeenAt: pairOfActive ? state.secondKeySeenAt : undefined,
  };
}

function warnedOnly(
  ctx: PlanContext,
  plan: Combined,
  set: Readonly<Record<string, string>>,
): StateChanges {
  const warned = new Set(
    ctx.keys
      .filter((v) => plan.decisions.some((d) => d.action === 'warn' && d.accessKeyId === v.id))
      .map((v) => v.tagKey),
  );
  return {
    set: Object.fromEntries(Object.entries(set).filter(([k]) => warned.has(k))),
    remove: [],
  };
}
