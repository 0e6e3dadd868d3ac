/**
 * Rule 5 — reactivation. A key the engine recorded as Inactive that is Active again is reported
 * and gets graceDays from this observation before the unused and retire rules apply to it again.
 */
import { baseFacts, type KeyView, type PlanContext } from '../key-view';
import type { KeyDecision } from '../types';

export function reactivationDecision(view: KeyView, ctx: PlanContext): KeyDecision {
  return {
    userName: ctx.userName,
    accessKeyId: view.id,
    action: 'warn',
    reasons: ['reactivated'],
    event: 'KEY_REACTIVATED',
    destructive: false,
    facts: baseFacts(view, ctx),
  };
}
