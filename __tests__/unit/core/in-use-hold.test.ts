/** Rule 3a, in-use-aware retirement: an old key still in use when grace ends is held, for a while. */
import fc from 'fast-check';
import { decisionNotice, severityOf, type Notice } from '../../../lambda/notify/notice';
import { planUser, type AccessKeyFacts, type Policy } from '../../../lambda/core';
import {
  A,
  B,
  DAY_MS,
  NOW,
  POLICY,
  ago,
  decisionFor,
  key,
  lines,
  policy,
  stateTag,
  user,
} from './builders';

/** Hold when used within the last 24 hours, for at most 5 days after grace. */
const HOLD: Policy = policy({ ruleSettings: { inUseHoldHours: 24, maxGraceExtensionDays: 5 } });
/** B is the engine's replacement for A, created `days` ago (grace is 7 days). */
const replacement = (days: number) => stateTag(B, { createdAt: ago(days) });
const pair = (bCreatedDaysAgo: number, aLastUsed: Date | null): AccessKeyFacts[] => [
  key(A, { created: ago(100), lastUsed: aLastUsed }),
  key(B, { created: ago(bCreatedDaysAgo) }),
];

describe('in-use-aware retirement (rule 3a)', () => {
  it('holds the deactivation of an old key used within the hold window, and escalates', () => {
    // Prepare: grace ended a day ago, A was used an hour ago
    const keys = pair(8, ago(0, 3600));

    // Act
    const plan = planUser(user(keys, replacement(8)), HOLD, NOW);

    // Assess
    expect(lines(plan)).toEqual([
      `${A} warn in-use-hold,old-key-still-in-use`,
      `${B} none healthy`,
    ]);
    expect(decisionFor(plan, A).event).toBe('OLD_KEY_STILL_IN_USE');
    expect(decisionFor(plan, A).escalate).toBe(true);
    expect(severityOf(decisionNotice(decisionFor(plan, A), 'enforce') as Notice)).toBe('critical');
    expect(decisionFor(plan, A).facts.graceLeftDays).toBe(4);
    expect(plan.decisions.some((d) => d.destructive)).toBe(false);
    expect(Object.values(plan.stateChanges.set)[0]).toContain('in-use-notified=');
  });

  it.each([
    ['the rule is off (the default)', POLICY, 8, ago(0, 3600)],
    ['the old key was last used before the hold window', HOLD, 8, ago(2)],
    ['the hold is used up (grace + maxExtensionDays passed)', HOLD, 12, ago(0, 3600)],
  ])('deactivates the old key as usual when %s', (_n, p, bCreatedDaysAgo, aLastUsed) => {
    // Act
    const keys = pair(bCreatedDaysAgo, aLastUsed);
    const plan = planUser(user(keys, replacement(bCreatedDaysAgo)), p, NOW);

    // Assess
    expect(lines(plan)[0]).toBe(`${A} deactivate rotated`);
  });

  it('sends the escalation at most once per UTC day, still holding the key', () => {
    // Prepare: already notified this morning
    const tags = {
      ...replacement(8),
      ...stateTag(A, { inUseNotifiedAt: new Date('2026-06-01T01:00:00Z') }),
    };

    // Act
    const plan = planUser(user(pair(8, ago(0, 3600)), tags), HOLD, NOW);

    // Assess
    expect(lines(plan)).toEqual([
      `${A} none in-use-hold,old-key-still-in-use,rotated`,
      `${B} none healthy`,
    ]);
  });

  it('leaves the grace period itself to rule 3', () => {
    // Act: grace has 2 days left
    const plan = planUser(user(pair(5, ago(0, 3600)), replacement(5)), HOLD, NOW);

    // Assess
    expect(lines(plan)[0]).toBe(`${A} warn within-grace,old-key-still-in-use`);
  });
});

describe('in-use-aware retirement, as a property', () => {
  it('never keeps an old key Active past grace + maxExtensionDays, and never deactivates one in the hold', () => {
    const arb = fc.record({
      bAgeDays: fc.integer({ min: 0, max: 40 }),
      usedAgoHours: fc.integer({ min: 0, max: 24 * 30 }),
      holdHours: fc.integer({ min: 1, max: 24 * 7 }),
      maxExtensionDays: fc.integer({ min: 1, max: 20 }),
    });
    fc.assert(
      fc.property(arb, ({ bAgeDays, usedAgoHours, holdHours, maxExtensionDays }) => {
        const keys = pair(bAgeDays, new Date(NOW.getTime() - usedAgoHours * 3_600_000));
        const p = policy({
          ruleSettings: { inUseHoldHours: holdHours, maxGraceExtensionDays: maxExtensionDays },
        });
        const plan = planUser(user(keys, replacement(bAgeDays)), p, NOW);
        const a = plan.decisions.find((d) => d.accessKeyId === A);
        const graceEnded = bAgeDays >= POLICY.days.graceDays;
        const holdUsedUp = bAgeDays * DAY_MS >= (POLICY.days.graceDays + maxExtensionDays) * DAY_MS;
        const inUse = usedAgoHours <= holdHours;
        // Unused wins over everything (unusedDays 45 > 30 days of idleness here, so never).
        if (graceEnded && (holdUsedUp || !inUse)) expect(a?.action).toBe('deactivate');
        if (graceEnded && !holdUsedUp && inUse) {
          expect(a?.action).toBe('warn');
          expect(a?.reasons).toContain('in-use-hold');
        }
        if (!graceEnded) expect(a?.action).not.toBe('deactivate');
      }),
    );
  });
});
