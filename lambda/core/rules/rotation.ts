/**
 * Rule 2 — rotate, and rule 6 — warn before it. Only the user's newest Active key is a candidate
 * (ignoring one this run deactivates), and only while it is used: an unused key is deactivated
 * (rule 1), never renewed. IAM allows two
 * keys, so a create needs a free slot: either the user has one key, or the other is an Inactive key
 * whose recovery window has ended and is deleted first. Anything else blocks the rotation; nothing
 * is ever deleted early to make room.
 */
import { activeKeys, baseFacts, isUnused, type KeyView, type PlanContext } from '../key-view';
import { addNote, deletionIndex, isDeactivating, type PlanDraft } from '../plan-draft';
import { hasElapsed } from '../time';
import { decideBlockedNotice, type RotationBlock } from './blocked-notice';
import { keyInRecoveryBlock, secondActiveKeyBlock } from './rotation-blocks';
import { rotationPrecondition } from './rotation-preconditions';
import { applyWarnRule } from './warn';

export function applyRotationRule(ctx: PlanContext, draft: PlanDraft): void {
  // The newest key that stays Active after this run: a key being deactivated is never renewed.
  const staying = activeKeys(ctx).filter((v) => !isDeactivating(draft, v.id));
  const candidate = staying[staying.length - 1];
  if (candidate === undefined || isUnused(candidate, ctx)) return;
  if (hasElapsed(candidate.key.createDate, ctx.days.rotationDays, ctx.now)) {
    rotate(candidate, ctx, draft);
  } else {
    applyWarnRule(candidate, ctx, draft);
  }
}

function rotate(candidate: KeyView, ctx: PlanContext, draft: PlanDraft): void {
  const others = ctx.keys.filter((v) => v.id !== candidate.id);
  const slotFree =
    others.length === 0 || (others.length === 1 && deletionIndex(draft, others[0].id) >= 0);
  const precondition = slotFree ? rotationPrecondition(candidate, ctx) : undefined;
  if (precondition !== undefined) {
    draft.blocked.push(decideBlockedNotice(precondition, candidate, ctx, draft));
    addNote(draft, candidate.id, ['rotation-due'], baseFacts(candidate, ctx));
    return;
  }
  const other = others[0];
  if (others.length === 1 && deletionIndex(draft, other.id) >= 0) {
    const i = deletionIndex(draft, other.id);
    const deletion = draft.deletions[i];
    draft.deletions[i] = {
      ...deletion,
      reasons: [...deletion.reasons, 'make-room-for-rotation'],
    };
  } else if (others.length > 0) {
    const block = blockFor(candidate, others, ctx, draft);
    draft.blocked.push(decideBlockedNotice(block, candidate, ctx, draft));
    addNote(draft, candidate.id, ['rotation-due'], baseFacts(candidate, ctx));
    return;
  }
  draft.creations.push({
    userName: ctx.userName,
    accessKeyId: candidate.id,
    action: 'create',
    reasons: ['rotation-due'],
    event: 'KEY_CREATED',
    destructive: false,
    requiresDeletionOf: others.length === 1 ? other.id : undefined,
    facts: baseFacts(candidate, ctx),
  });
}

function blockFor(
  candidate: KeyView,
  others: readonly KeyView[],
  ctx: PlanContext,
  draft: PlanDraft,
): RotationBlock {
  const activeOther = others.find((v) => v.key.status === 'Active');
  if (activeOther !== undefined) {
    return secondActiveKeyBlock(candidate, activeOther, ctx, isDeactivating(draft, activeOther.id));
  }
  return keyInRecoveryBlock(candidate, others[0], ctx);
}
