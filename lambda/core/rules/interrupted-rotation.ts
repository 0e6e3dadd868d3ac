/**
 * A rotation interrupted between CreateAccessKey and the verified secret store (the Lambda timed out or
 * was killed) leaves a key nobody holds the secret of. Without care, the retire rule would take that
 * key for the replacement and deactivate the older key — the one the workload still uses.
 *
 * The pending-create marker tells the cases apart:
 * - younger than the horizon: a run may still be storing the key; the user is left alone this run;
 * - older: an Active key created at/after the marker that the engine never recorded as `created` and
 *   that was never used is an orphan; it is deactivated (`interrupted-rotation`) and the marker is kept
 *   until no orphan remains, so the retire rule never counts the orphan as the newer key.
 * A key that was used is not an orphan: someone holds its secret (it may have been stored before the
 * run died), so the usual rules apply to it.
 */
import type { PlanContext } from '../key-view';
import type { PlanDraft } from '../plan-draft';
import { deactivateDecision } from './deactivation';

export function isOrphanKey(ctx: PlanContext, id: string): boolean {
  return ctx.pendingCreate.orphans.includes(id);
}

/** Runs before the unused rule: an orphan is deactivated for this reason, whatever its age. */
export function applyInterruptedRotationRule(ctx: PlanContext, draft: PlanDraft): void {
  for (const view of ctx.keys.filter((v) => isOrphanKey(ctx, v.id))) {
    draft.deactivations.push(deactivateDecision(view, ctx, ['interrupted-rotation']));
  }
}
