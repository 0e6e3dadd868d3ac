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
import { baseFacts, type PlanContext } from '../key-view';
import type { PlanDraft } from '../plan-draft';
import { deactivateDecision } from './deactivation';

export function isOrphanKey(ctx: PlanContext, id: string): boolean {
  return ctx.pendingCreate.orphans.includes(id);
}

/**
 * Runs before the unused rule: an orphan is deactivated for this reason, whatever its age. A key the
 * interrupted run did store (the secret's AWSCURRENT) completes the rotation instead (key-view.ts records
 * it as created): its owner may never have heard of it, so KEY_CREATED is announced — once, with the
 * coordination table, whether or not the dead run got to send it (its identity is the new key).
 */
export function applyInterruptedRotationRule(ctx: PlanContext, draft: PlanDraft): void {
  for (const view of ctx.keys.filter((v) => isOrphanKey(ctx, v.id))) {
    draft.deactivations.push(deactivateDecision(view, ctx, ['interrupted-rotation']));
  }
  for (const [id, { replacing }] of ctx.pendingCreate.stored) {
    const view = ctx.keys.find((v) => v.id === id);
    if (view === undefined) continue;
    draft.warnings.push({
      userName: ctx.userName,
      accessKeyId: replacing ?? id,
      action: 'warn',
      reasons: ['rotation-completed'],
      event: 'KEY_CREATED',
      destructive: false,
      newAccessKeyId: id,
      facts: baseFacts(view, ctx),
    });
  }
}
