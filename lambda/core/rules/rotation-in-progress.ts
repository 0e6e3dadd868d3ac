/**
 * A pending-create marker younger than the horizon: another run may be between CreateAccessKey and the
 * verified store right now (the engine's own CreateAccessKey even triggers a CloudTrail-driven run for
 * the same user). Any retire, delete or create would act on a half-finished rotation, so this run only
 * warns; every other key gets a `none` line led by `rotation-in-progress`, and the next run decides.
 */
import { baseFacts, type PlanContext } from '../key-view';
import { addNote, type PlanDraft } from '../plan-draft';
import type { Reason } from '../types';
import { idleReasons } from './idle-reasons';

export function holdWhileRotationInProgress(ctx: PlanContext, draft: PlanDraft): void {
  for (const held of [...draft.deletions, ...draft.deactivations, ...draft.creations]) {
    addNote(draft, held.accessKeyId, held.reasons, held.facts);
  }
  draft.deletions.length = 0;
  draft.deactivations.length = 0;
  draft.creations.length = 0;
  draft.blocked.length = 0;
  const warned = new Set(draft.warnings.map((w) => w.accessKeyId));
  for (const view of ctx.keys.filter((v) => !warned.has(v.id))) {
    const note = draft.notes.get(view.id);
    const reasons: Reason[] = ['rotation-in-progress', ...(note?.reasons ?? idleReasons(view))];
    draft.notes.set(view.id, { reasons, facts: note?.facts ?? baseFacts(view, ctx) });
  }
}
