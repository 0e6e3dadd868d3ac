/**
 * ROTATION_BLOCKED is news once: a block (IAM's two-key limit) can last for the whole recovery window,
 * or indefinitely with two Active keys, and a daily run must not mail the owner and ops every day.
 * The owner hears when a key is first blocked, when the blocking reason changes, and every
 * BLOCKED_REMINDER_DAYS while it persists. The key's state remembers the last notice and its reason;
 * the executor writes it only once the notice was published, so a failed Publish is retried next run.
 */
import type { KeyView, PlanContext } from '../model/key-view';
import { hasElapsed } from '../model/time';
import type { KeyState, RotationBlockReason } from '../model/types';

export const BLOCKED_REMINDER_DAYS = 7;

export function blockedNotice(
  candidate: KeyView,
  reason: RotationBlockReason,
  ctx: PlanContext,
): { readonly notify: boolean; readonly remember?: Partial<KeyState> } {
  const { blockedNotifiedAt: last, blockedReason } = candidate.state;
  const notify =
    last === undefined ||
    blockedReason !== reason ||
    hasElapsed(last, BLOCKED_REMINDER_DAYS, ctx.now);
  return notify
    ? { notify, remember: { blockedNotifiedAt: ctx.now, blockedReason: reason } }
    : { notify };
}
