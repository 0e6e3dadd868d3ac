/**
 * Rule 1 — unused keys. An Active key idle for unusedDays is deactivated and never renewed: a key
 * nobody uses is risk without value. A key in reactivation grace is left alone until grace ends.
 * Listed before retire and rotation in the table: unused wins over both.
 * Contract: docs/lifecycle.md, "Rules, per user in scope" (this rule's row in "Rule → file").
 */
import {
  baseFacts,
  inReactivationGrace,
  isUnused,
  reactivationGraceFacts,
} from '../model/key-view';
import { act, note, NOT_APPLICABLE, type Rule } from '../model/outcome';
import { deactivateDecision } from './deactivation';

export const unused: Rule = (view, ctx) => {
  if (!isUnused(view, ctx)) return NOT_APPLICABLE;
  if (inReactivationGrace(view, ctx)) {
    return note(['reactivation-grace'], {
      ...baseFacts(view, ctx),
      ...reactivationGraceFacts(view, ctx),
    });
  }
  const neverUsed = view.key.lastUsedDate === undefined;
  return act(deactivateDecision(view, ctx, neverUsed ? ['unused', 'never-used'] : ['unused']));
};
