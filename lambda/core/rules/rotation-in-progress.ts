/**
 * A pending-create marker younger than the horizon: another run may be between CreateAccessKey and the
 * verified store right now (the engine's own CreateAccessKey even triggers a CloudTrail-driven run for
 * the same user). Any retire, delete or create would act on a half-finished rotation, so this run only
 * warns: every key is held (its deactivation, deletion, creation or block becomes a `none` line led by
 * `rotation-in-progress`), and the next run decides.
 */
import { baseFacts } from '../model/key-view';
import { note, NOT_APPLICABLE, type Rule } from '../model/outcome';

export const rotationInProgress: Rule = (view, ctx) =>
  ctx.pendingCreate.inFlight
    ? note(['rotation-in-progress'], baseFacts(view, ctx), { holds: true })
    : NOT_APPLICABLE;
