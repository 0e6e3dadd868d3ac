/**
 * Rule 1 — unused keys. An Active key idle for unusedDays is deactivated and never renewed: a key
 * nobody uses is risk without value. A key in reactivation grace is left alone until grace ends.
 */
import {
  activeKeys,
  baseFacts,
  inReactivationGrace,
  isUnused,
  type PlanContext,
} from '../key-view';
import { addNote, isDeactivating, type PlanDraft } from '../plan-draft';
import type { Reason } from '../types';
import { reactivationGraceFacts } from './grace-facts';
import { deactivateDecision } from './deactivation';

export function applyUnusedRule(ctx: PlanContext, draft: PlanDraft): void {
  // A key already being deactivated (an interrupted rotation's orphan) keeps that reason alone.
  const candidates = activeKeys(ctx).filter(
    (v) => isUnused(v, ctx) && !isDeactivating(draft, v.id),
  );
  for (const view of candidates) {
    if (inReactivationGrace(view, ctx)) {
      addNote(draft, view.id, ['reactivation-grace'], {
        ...baseFacts(view, ctx),
        ...reactivationGraceFacts(view, ctx),
      });
      continue;
    }
    const reasons: Reason[] = ['unused'];
    if (view.key.lastUsedDate === undefined) reasons.push('never-used');
    draft.deactivations.push(deactivateDecision(view, ctx, reasons));
  }
}
