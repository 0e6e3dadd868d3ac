/**
 * Rule 3, retire on evidence: the in-use hold (docs/lifecycle.md, "Retire on evidence"; on by default).
 * When rule 3's grace has ended but IAM reports the old key used within the last `inUseHoldHours`,
 * deactivating it now would break the workload still using it. Its deactivation is held — for at most
 * `maxGraceExtensionDays` after grace ended — and OLD_KEY_STILL_IN_USE goes out once per escalation step
 * (holdSteps below): the first to the owner, the later ones escalated to ops. Once the key falls quiet,
 * rule 3 (retire.ts) deactivates it as usual; if it is still in use when the hold ends, this rule
 * deactivates it anyway (`grace-extension-ended`), so the policy converges. `inUseHoldHours` 0 turns the
 * hold off: clock-only retirement.
 * Listed before retire in the table: its outcome `holds` the key, so retire's deactivation becomes a note.
 */
import { baseFacts, inReactivationGrace, type KeyView } from '../model/key-view';
import { act, note, NOT_APPLICABLE, type Rule } from '../model/outcome';
import { ruleSettings, settingValues } from '../model/rule-settings';
import { addDays, isoSeconds, later, wholeDaysBetween } from '../model/time';
import type { Reason } from '../model/types';
import { deactivateDecision } from './deactivation';
import { retireEvidence } from './retire-evidence';
import { retireGrace, retirePair } from './second-key-grace';

declare module '../model/types' {
  interface RuleReasons {
    /** The old key's deactivation after grace is held: IAM reports it in use. */
    'in-use-hold': true;
    /** The hold ran out with the old key still in use: it is deactivated anyway. */
    'grace-extension-ended': true;
  }
}

/** Its settings (docs/lifecycle.md, "Retire on evidence"): the hold is on when inUseHoldHours is above 0. */
export const IN_USE_HOLD_SETTINGS = ruleSettings({
  inUseHoldHours: {
    min: 0,
    max: 720,
    default: 24,
    unit: 'hours (0 = clock-only retirement)',
    description:
      'retire an old key only once unused this many hours after grace; 0 = retire when grace ends',
    doc: 'Retire on evidence: when grace ends, an old key used within this many hours is not deactivated yet; the owner is told (OLD_KEY_STILL_IN_USE, ops from the second escalation step) and the deactivation waits until the key has been quiet this long, at most maxGraceExtensionDays past the end of grace. IAM last-used data lags by hours, so keep it at 24 or more. 0 = clock-only retirement (the key is deactivated when grace ends).',
  },
  maxGraceExtensionDays: {
    min: 1,
    max: 90,
    default: 30,
    unit: 'days',
    description: 'the longest such a hold lasts after grace ends',
    doc: 'The longest an in-use hold (inUseHoldHours) delays a deactivation after grace ends, in days; an old key still in use then is deactivated anyway (reason grace-extension-ended).',
  },
});

const HOUR_MS = 3_600_000;
/** The last escalation step starts this long before the hold ends (never before the second). */
export const FINAL_STEP_DAYS = 3;
/** State tags keep whole seconds: a notice this close before a step's start belongs to that step. */
const STORED_SECOND_MS = 1000;
const REASONS: readonly Reason[] = ['in-use-hold', 'old-key-still-in-use'];

/**
 * When each escalation step of a hold starts: 1 when grace ends, 2 at half the extension, 3 at
 * FINAL_STEP_DAYS before the hold ends (or with step 2 when the extension is that short).
 */
export function holdSteps(graceEnd: Date, maxGraceExtensionDays: number): readonly Date[] {
  const half = addDays(graceEnd, maxGraceExtensionDays / 2);
  const final = later(half, addDays(graceEnd, maxGraceExtensionDays - FINAL_STEP_DAYS));
  return [graceEnd, half, final];
}

/** The step an instant falls in: how many steps have started by then (0 before the hold). */
function stepAt(steps: readonly Date[], at: number): number {
  return steps.filter((s) => s.getTime() <= at).length;
}

export const inUseHold: Rule = (view, ctx, soFar) => {
  const hold = settingValues(ctx.policy, IN_USE_HOLD_SETTINGS);
  if (hold.inUseHoldHours === 0) return NOT_APPLICABLE;
  const pair = retirePair(ctx, soFar);
  if (pair === undefined || !pair.older.includes(view)) return NOT_APPLICABLE;
  if (inReactivationGrace(view, ctx)) return NOT_APPLICABLE;
  const now = ctx.now.getTime();
  const graceEnd = addDays(retireGrace(view, pair.newer, ctx).start, ctx.days.graceDays);
  if (now < graceEnd.getTime() || !inUse(view, now, hold.inUseHoldHours)) return NOT_APPLICABLE;
  const holdEnd = addDays(graceEnd, hold.maxGraceExtensionDays);
  const facts = {
    ...baseFacts(view, ctx),
    ...retireEvidence(view, pair.newer),
    graceLeftDays: wholeDaysBetween(ctx.now, holdEnd),
    holdEndsAt: isoSeconds(holdEnd),
  };
  if (now >= holdEnd.getTime()) {
    const why = pair.newer.state.createdAt !== undefined ? 'rotated' : 'second-active-key';
    const decision = deactivateDecision(view, ctx, [why, 'grace-extension-ended']);
    return act({ ...decision, facts: { ...decision.facts, ...facts } });
  }
  const steps = holdSteps(graceEnd, hold.maxGraceExtensionDays);
  const step = stepAt(steps, now);
  const notified = view.state.inUseNotifiedAt;
  const notifiedStep =
    notified === undefined ? 0 : stepAt(steps, notified.getTime() + STORED_SECOND_MS);
  if (notifiedStep >= step) return note(REASONS, { ...facts, holdStep: step }, { holds: true });
  return act(
    {
      userName: ctx.userName,
      accessKeyId: view.id,
      action: 'warn',
      reasons: REASONS,
      event: 'OLD_KEY_STILL_IN_USE',
      destructive: false,
      ...(step >= 2 ? { escalate: true as const } : {}),
      facts: { ...facts, holdStep: step },
    },
    { remember: { inUseNotifiedAt: ctx.now }, holds: true },
  );
};

/** Used within the last `hours` by IAM's record; a key IAM has no use of is quiet. */
function inUse(view: KeyView, now: number, hours: number): boolean {
  const lastUsed = view.key.lastUsedDate?.getTime();
  return lastUsed !== undefined && now - lastUsed <= hours * HOUR_MS;
}
