/**
 * Rule 5 — reactivation. A key the engine recorded as Inactive that is Active again (model/key-view.ts
 * notices it) is reported to ops; it gets graceDays from this observation before the unused and retire
 * rules apply to it again (they read its reactivation grace from the view).
 * Contract: docs/lifecycle.md, "Rules, per user in scope" (this rule's row in "Rule → file").
 */
import { baseFacts } from '../model/key-view';
import { act, NOT_APPLICABLE, type Rule } from '../model/outcome';

export const reactivation: Rule = (view, ctx) =>
  !view.reactivatedNow
    ? NOT_APPLICABLE
    : act({
        userName: ctx.userName,
        accessKeyId: view.id,
        action: 'warn',
        reasons: ['reactivated'],
        event: 'KEY_REACTIVATED',
        destructive: false,
        facts: baseFacts(view, ctx),
      });
