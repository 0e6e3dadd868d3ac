/**
 * A pending-create marker younger than the horizon: another run may be between CreateAccessKey and the
 * verified store right now (the engine's own CreateAccessKey even triggers a CloudTrail-driven run for
 * the same user). Any retire, delete or create would act on a half-finished rotation, so this run only
 * warns: every key is held (its deactivation, deletion, creation or block becomes a `none` line led by
 * `rotation-in-progress`), and the next run decides.
 *
 * The same hold, led by `second-key-unclaimed`, while a key is unclaimed (model/pending-create.ts): an
 * unverified marker would name it an orphan, so it may be a dead run's key nobody holds or a person's.
 * Retiring the older key in its favour could switch off the key the workload uses, so nothing is
 * retired, deleted or created for the user until a person deletes the key or removes the marker.
 */
import { baseFacts } from '../model/key-view';
import { note, NOT_APPLICABLE, type Rule } from '../model/outcome';

export const rotationInProgress: Rule = (view, ctx) => {
  if (ctx.pendingCreate.inFlight) {
    return note(['rotation-in-progress'], baseFacts(view, ctx), { holds: true });
  }
  if (ctx.pendingCreate.unclaimed.length > 0) {
    return note(['second-key-unclaimed'], baseFacts(view, ctx), { holds: true });
  }
  return NOT_APPLICABLE;
};
