/**
 * Rule 3a — in-use-aware retirement (docs/lifecycle.md, "In-use-aware retirement"; optional, off by
 * default). When rule 3's grace has ended but IAM reports the old key used within the last
 * `inUseHoldHours`, retiring it now would break the workload still using it. Its deactivation is held — for
 * at most `maxGraceExtensionDays` after grace ended — and OLD_KEY_STILL_IN_USE goes out as critical (ops),
 * at most once per UTC day. Once the hold is used up, or the key falls quiet, rule 3 retires it as usual.
 * The trade-off: the old key stays Active past rotationDays + graceDays (Security Hub IAM.3 counts it).
 * Listed before retire in the table: its outcome `holds` the key, so retire's deactivation becomes a note.
 */
import { baseFacts, inReactivationGrace } from '../model/key-view';
import { act, note, NOT_APPLICABLE, type Rule } from '../model/outcome';
import { ruleSettings, settingValues } from '../model/rule-settings';
import { addDays, sameUtcDay, wholeDaysBetween } from '../model/time';
import type { Reason } from '../model/types';
import { retireGrace, retirePair } from './second-key-grace';

declare module '../model/types' {
  interface RuleReasons {
    /** The old key's deactivation after grace is held: IAM reports it in use. */
    'in-use-hold': true;
  }
}

/** Its settings (docs/lifecycle.md, "In-use-aware retirement"): on when inUseHoldHours is above 0. */
export const IN_USE_HOLD_SETTINGS = ruleSettings({
  inUseHoldHours: {
    min: 0,
    max: 720,
    default: 0,
    unit: 'hours (0 = off)',
    description:
      'hold the deactivation of an old key used within this many hours when grace ends; 0 = off',
    doc: 'In-use-aware retirement (rule 3a): when grace ends, an old key used within this many hours is not deactivated yet; the owner is warned (OLD_KEY_STILL_IN_USE) and the deactivation waits, at most maxGraceExtensionDays past the end of grace. 0 = off (the key is deactivated when grace ends).',
  },
  maxGraceExtensionDays: {
    min: 1,
    max: 90,
    default: 7,
    unit: 'days',
    description: 'the longest such a hold lasts after grace ends',
    doc: 'The longest an in-use hold (inUseHoldHours) delays a deactivation after grace ends, in days.',
  },
});

const HOUR_MS = 3_600_000;
const REASONS: readonly Reason[] = ['in-use-hold', 'old-key-still-in-use'];

export const inUseHold: Rule = (view, ctx, soFar) => {
  const hold = settingValues(ctx.policy, IN_USE_HOLD_SETTINGS);
  if (hold.inUseHoldHours === 0) return NOT_APPLICABLE;
  const pair = retirePair(ctx, soFar);
  if (pair === undefined || !pair.older.includes(view)) return NOT_APPLICABLE;
  if (inReactivationGrace(view, ctx)) return NOT_APPLICABLE;
  const now = ctx.now.getTime();
  const graceEnd = addDays(retireGrace(view, pair.newer, ctx).start, ctx.days.graceDays);
  const holdEnd = addDays(graceEnd, hold.maxGraceExtensionDays);
  const lastUsed = view.key.lastUsedDate?.getTime();
  if (now < graceEnd.getTime() || now >= holdEnd.getTime()) return NOT_APPLICABLE;
  if (lastUsed === undefined || now - lastUsed > hold.inUseHoldHours * HOUR_MS)
    return NOT_APPLICABLE;
  const facts = { ...baseFacts(view, ctx), graceLeftDays: wholeDaysBetween(ctx.now, holdEnd) };
  const notified = view.state.inUseNotifiedAt;
  if (notified !== undefined && sameUtcDay(notified, ctx.now)) {
    return note(REASONS, facts, { holds: true });
  }
  return act(
    {
      userName: ctx.userName,
      accessKeyId: view.id,
      action: 'warn',
      reasons: REASONS,
      event: 'OLD_KEY_STILL_IN_USE',
      destructive: false,
      escalate: true,
      facts,
    },
    { remember: { inUseNotifiedAt: ctx.now }, holds: true },
  );
};
