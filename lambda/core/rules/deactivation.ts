/**
 * The shape of every deactivate decision. The executor records the key as Inactive (starting its
 * recovery window) only when the deactivation succeeded, hence tagsOnSuccess.
 */
import { baseFacts, type KeyView, type PlanContext } from '../model/key-view';
import { renderKeyState } from '../model/tags';
import type { KeyDecision, Reason } from '../model/types';

export function deactivateDecision(
  view: KeyView,
  ctx: PlanContext,
  reasons: readonly Reason[],
): KeyDecision {
  const state = { inactiveSince: ctx.now, deactivatedAt: ctx.now };
  return {
    userName: ctx.userName,
    accessKeyId: view.id,
    action: 'deactivate',
    reasons,
    event: 'KEY_DEACTIVATED',
    destructive: true,
    facts: baseFacts(view, ctx),
    tagsOnSuccess: { [view.tagKey]: renderKeyState(state) },
  };
}
