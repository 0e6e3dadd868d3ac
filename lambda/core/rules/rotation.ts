/**
 * Rule 2 — rotate. Only the user's newest Active key is a candidate (ignoring one this run
 * deactivates), and only while it is used: an unused key is deactivated (rule 1), never renewed. IAM
 * allows two keys, so a create needs a free slot: either the user has one key, or the other is an
 * Inactive key whose recovery window has ended and which this run deletes first (plan-user.ts marks that
 * deletion `make-room-for-rotation`). Anything else blocks the rotation; nothing is ever deleted early
 * to make room.
 * Contract: docs/lifecycle.md, "Rules, per user in scope" (this rule's row in "Rule → file").
 */
import { activeKeys, baseFacts, isUnused, type KeyView, type PlanContext } from '../model/key-view';
import { act, note, NOT_APPLICABLE, type Rule, type SoFar } from '../model/outcome';
import { hasElapsed } from '../model/time';
import type { RotationBlockDetail } from '../model/types';
import { blockedNotice } from './blocked-notice';
import { keyInRecoveryBlock, secondActiveKeyBlock } from './rotation-blocks';
import { rotationPrecondition } from './rotation-preconditions';

/** The newest key that stays Active after this run, if it is used: the key rules 2 and 6 are about. */
export function rotationCandidate(ctx: PlanContext, soFar: SoFar): KeyView | undefined {
  const staying = activeKeys(ctx).filter((v) => !soFar.deactivating(v.id));
  const candidate = staying[staying.length - 1];
  return candidate === undefined || isUnused(candidate, ctx) ? undefined : candidate;
}

export const rotation: Rule = (view, ctx, soFar) => {
  if (rotationCandidate(ctx, soFar) !== view) return NOT_APPLICABLE;
  if (!hasElapsed(view.key.createDate, ctx.days.rotationDays, ctx.now)) return NOT_APPLICABLE;
  const others = ctx.keys.filter((v) => v.id !== view.id);
  const other = others.length === 1 ? others[0] : undefined;
  const slotFree = others.length === 0 || (other !== undefined && soFar.deleting(other.id));
  const block = slotFree ? rotationPrecondition(ctx) : blockFor(view, others, ctx, soFar);
  if (block !== undefined) {
    const { notify, remember } = blockedNotice(view, block.reason, ctx);
    return note(['rotation-due'], baseFacts(view, ctx), {
      blocked: { userName: ctx.userName, accessKeyId: view.id, action: 'create', notify, ...block },
      remember,
    });
  }
  return act({
    userName: ctx.userName,
    accessKeyId: view.id,
    action: 'create',
    reasons: ['rotation-due'],
    event: 'KEY_CREATED',
    destructive: false,
    requiresDeletionOf: other?.id,
    facts: baseFacts(view, ctx),
  });
};

function blockFor(
  candidate: KeyView,
  others: readonly KeyView[],
  ctx: PlanContext,
  soFar: SoFar,
): RotationBlockDetail {
  const activeOther = others.find((v) => v.key.status === 'Active');
  if (activeOther !== undefined) {
    return secondActiveKeyBlock(candidate, activeOther, ctx, soFar.deactivating(activeOther.id));
  }
  return keyInRecoveryBlock(others[0], ctx);
}
