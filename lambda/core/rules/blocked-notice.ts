/**
 * ROTATION_BLOCKED is news once: a block (IAM's two-key limit) can last for the whole recovery window,
 * or indefinitely with two Active keys, and a daily run must not mail the owner and ops every day.
 * The owner hears when a key is first blocked, when the blocking reason changes, and every
 * BLOCKED_REMINDER_DAYS while it persists. The key's state remembers the last notice and its reason;
 * the executor writes it only once the notice was published, so a failed Publish is retried next run.
 */
import type { KeyView, PlanContext } from '../key-view';
import { updateState, type PlanDraft } from '../plan-draft';
import { hasElapsed } from '../time';
import type { BlockedAction, RotationBlockReason } from '../types';

export const BLOCKED_REMINDER_DAYS = 7;

/** A two-key-limit block before the core has decided whether this run notifies about it. */
export type RotationBlock = Omit<BlockedAction, 'notify' | 'reason'> & {
  readonly reason: RotationBlockReason;
};

export function decideBlockedNotice(
  block: RotationBlock,
  candidate: KeyView,
  ctx: PlanContext,
  draft: PlanDraft,
): BlockedAction {
  const { blockedNotifiedAt: last, blockedReason } = candidate.state;
  const notify =
    last === undefined ||
    blockedReason !== block.reason ||
    hasElapsed(last, BLOCKED_REMINDER_DAYS, ctx.now);
  if (notify) {
    updateState(draft, candidate, { blockedNotifiedAt: ctx.now, blockedReason: block.reason });
  }
  return { ...block, notify };
}
