/**
 * A rotation interrupted between CreateAccessKey and the verified secret store (the Lambda timed out or
 * was killed) leaves a key nobody holds the secret of. Without care, the retire rule would take that
 * key for the replacement and deactivate the older key — the one the workload still uses.
 *
 * The pending-create marker tells the cases apart (model/pending-create.ts):
 * - younger than the horizon: a run may still be storing the key; the user is held (rotation-in-progress.ts);
 * - older: an Active key created at/after the marker that the engine never recorded as `created` and
 *   that was never used is an orphan; it is deactivated (`interrupted-rotation`) and the marker is kept
 *   until no orphan remains, so the retire rule never counts the orphan as the newer key.
 * A key the interrupted run did store (the secret's AWSCURRENT) completes the rotation instead (recorded
 * as created by the view): its owner may never have heard of it, so KEY_CREATED is announced — once, with
 * the coordination table, whether or not the dead run got to send it (its identity is the new key).
 * Listed before the unused rule in the table, so an old orphan shows `interrupted-rotation` alone.
 */
import { baseFacts, isOrphanKey } from '../model/key-view';
import { act, NOT_APPLICABLE, type Rule } from '../model/outcome';
import { deactivateDecision } from './deactivation';

export const interruptedRotation: Rule = (view, ctx) => {
  if (isOrphanKey(ctx, view.id)) {
    return act(deactivateDecision(view, ctx, ['interrupted-rotation']));
  }
  const stored = ctx.pendingCreate.stored.get(view.id);
  if (stored === undefined) return NOT_APPLICABLE;
  return act({
    userName: ctx.userName,
    accessKeyId: stored.replacing ?? view.id,
    action: 'warn',
    reasons: ['rotation-completed'],
    event: 'KEY_CREATED',
    destructive: false,
    newAccessKeyId: view.id,
    facts: baseFacts(view, ctx),
  });
};
