/**
 * Retire on evidence (rule 3, the in-use hold; docs/lifecycle.md "Retire on evidence"): an old key still
 * in use when grace ends is held, the owner told once per escalation step (ops from the second), and
 * deactivated anyway when the extension ends; every line carries adopted / not-adopted and both last uses.
 */
import fc from 'fast-check';
import { decisionNotice, severityOf, type Notice } from '../../../lambda/notify/notice';
import { planUser, type AccessKeyFacts, type Policy } from '../../../lambda/core';
import { holdSteps } from '../../../lambda/core/rules/in-use-hold';
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

/** Grace is 7 days; the defaults hold a key used within 24 hours for at most 30 days after grace. */
const CLOCK_ONLY: Policy = policy({ ruleSettings: { inUseHoldHours: 0 } });
const ISO = (d: Date) => d.toISOString().replace('.000Z', 'Z');
/** B is the engine's replacement for A, created `days` ago. */
const replacement = (days: number) => stateTag(B, { createdAt: ago(days) });
const pair = (
  bCreatedDaysAgo: number,
  aLastUsed: Date | null,
  bLastUsed: Date | null = null,
): AccessKeyFacts[] => [
  key(A, { created: ago(100), lastUsed: aLastUsed }),
  key(B, { created: ago(bCreatedDaysAgo), lastUsed: bLastUsed }),
];
const notice = (plan: ReturnType<typeof planUser>) =>
  decisionNotice(decisionFor(plan, A), 'enforce') as Notice;

describe('retire on evidence: the hold (rule 3)', () => {
  it('holds an old key used within inUseHoldHours when grace ends, and tells the owner (step 1)', () => {
    // Prepare: grace ended a day ago, A was used an hour ago, B never
    const usedAt = ago(0, 3600);

    // Act: the default settings (24 hours, 30 days)
    const plan = planUser(user(pair(8, usedAt), replacement(8)), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([
      `${A} warn in-use-hold,old-key-still-in-use`,
      `${B} none healthy,never-used`,
    ]);
    const a = decisionFor(plan, A);
    expect(a.event).toBe('OLD_KEY_STILL_IN_USE');
    expect(a.escalate).toBeUndefined();
    expect(severityOf(notice(plan))).toBe('warning');
    expect(a.facts).toMatchObject({
      holdStep: 1,
      graceLeftDays: 29,
      holdEndsAt: ISO(ago(-29)),
      replacement: 'not-adopted',
      replacementKeyId: B,
      lastUsed: ISO(usedAt),
      replacementLastUsed: 'never',
    });
    expect(plan.decisions.some((d) => d.destructive)).toBe(false);
    expect(Object.values(plan.stateChanges.set)[0]).toContain(`in-use-notified=${ISO(NOW)}`);
  });

  it.each([
    // [case, days since grace ended, last notice (days ago) or none, expected line, escalated]
    ['step 1, already told', 10, 9, 'none in-use-hold,old-key-still-in-use,rotated', undefined],
    ['step 2 (half of 30 days) reached', 15, 14, 'warn in-use-hold,old-key-still-in-use', true],
    ['step 2, already told', 20, 5, 'none in-use-hold,old-key-still-in-use,rotated', undefined],
    [
      'step 3 (3 days before the end) reached',
      27,
      7,
      'warn in-use-hold,old-key-still-in-use',
      true,
    ],
    ['step 3, already told', 29, 2, 'none in-use-hold,old-key-still-in-use,rotated', undefined],
    [
      'step 3 reached, never told before',
      28,
      undefined,
      'warn in-use-hold,old-key-still-in-use',
      true,
    ],
  ])('notifies once per escalation step: %s', (_n, sinceGrace, toldAgo, line, escalated) => {
    // Prepare: A used an hour ago throughout
    const bAge = 7 + sinceGrace;
    const told = toldAgo === undefined ? {} : stateTag(A, { inUseNotifiedAt: ago(toldAgo) });

    // Act
    const plan = planUser(
      user(pair(bAge, ago(0, 3600)), { ...replacement(bAge), ...told }),
      POLICY,
      NOW,
    );

    // Assess
    expect(lines(plan)[0]).toBe(`${A} ${line}`);
    expect(decisionFor(plan, A).escalate).toBe(escalated);
    expect(plan.decisions.some((d) => d.destructive)).toBe(false);
  });

  it('sends the second and later steps to ops as critical', () => {
    // Act: 16 days after grace ended, told at step 1
    const tags = { ...replacement(23), ...stateTag(A, { inUseNotifiedAt: ago(15) }) };
    const plan = planUser(user(pair(23, ago(0, 3600)), tags), POLICY, NOW);

    // Assess
    expect(decisionFor(plan, A).facts.holdStep).toBe(2);
    expect(severityOf(notice(plan))).toBe('critical');
  });

  it('deactivates an old key still in use when the extension ends: grace-extension-ended', () => {
    // Act: grace ended 30 days ago, A used an hour ago, B used yesterday
    const keys = pair(37, ago(0, 3600), ago(1));
    const plan = planUser(user(keys, replacement(37)), POLICY, NOW);

    // Assess
    expect(lines(plan)[0]).toBe(`${A} deactivate rotated,grace-extension-ended`);
    const a = decisionFor(plan, A);
    expect(a.destructive).toBe(true);
    expect(a.event).toBe('KEY_DEACTIVATED');
    expect(a.facts).toMatchObject({ replacement: 'adopted', replacementLastUsed: ISO(ago(1)) });
  });

  it('names a person-made second key second-active-key when the extension ends', () => {
    // Prepare: the pair was first seen 40 days ago, no `created` on B
    const keys = pair(60, ago(0, 3600), ago(1));
    const plan = planUser(user(keys, stateTag(A, { secondKeySeenAt: ago(40) })), POLICY, NOW);

    // Assess
    expect(lines(plan)[0]).toBe(`${A} deactivate second-active-key,grace-extension-ended`);
  });

  it.each([
    ['quiet for more than inUseHoldHours (adopted)', ago(1, 60), ago(0, 60), 'adopted'],
    ['quiet, and the replacement never used either', ago(3), null, 'not-adopted'],
  ])(
    'retires an old key on the first run after grace when it is %s',
    (_n, aUsed, bUsed, adoption) => {
      // Act: grace ended 3 days ago
      const plan = planUser(user(pair(10, aUsed, bUsed), replacement(10)), POLICY, NOW);

      // Assess
      expect(lines(plan)[0]).toBe(`${A} deactivate rotated`);
      expect(decisionFor(plan, A).facts.replacement).toBe(adoption);
      expect(decisionFor(plan, A).facts.lastUsed).toBe(aUsed === null ? 'never' : ISO(aUsed));
    },
  );

  it('counts an old key IAM has no use of as quiet: retired when grace ends', () => {
    // Prepare: A created 30 days ago and never used (not yet unused at 45 days)
    const keys = [key(A, { created: ago(30), lastUsed: null }), key(B, { created: ago(8) })];

    // Act
    const plan = planUser(user(keys, replacement(8)), POLICY, NOW);

    // Assess
    expect(lines(plan)[0]).toBe(`${A} deactivate rotated`);
    expect(decisionFor(plan, A).facts).toMatchObject({ lastUsed: 'never', replacement: 'adopted' });
  });

  it('retires on the clock alone with inUseHoldHours 0 (clock-only retirement)', () => {
    // Act: A used an hour ago, grace ended a day ago
    const plan = planUser(user(pair(8, ago(0, 3600)), replacement(8)), CLOCK_ONLY, NOW);

    // Assess
    expect(lines(plan)[0]).toBe(`${A} deactivate rotated`);
  });

  it('says adopted / not-adopted on the grace-period notice too', () => {
    // Act: inside grace, A used an hour ago, B used two hours ago
    const plan = planUser(user(pair(3, ago(0, 3600), ago(0, 7200)), replacement(3)), POLICY, NOW);

    // Assess
    expect(lines(plan)[0]).toBe(`${A} warn within-grace,old-key-still-in-use`);
    expect(decisionFor(plan, A).facts).toMatchObject({
      replacement: 'adopted',
      lastUsed: ISO(ago(0, 3600)),
      replacementLastUsed: ISO(ago(0, 7200)),
    });
  });

  it('leaves a replacement nobody adopted for unusedDays to rule 1: it goes, the old key stays', () => {
    // Prepare: a 60-day extension outlasts unusedDays (45); B was never used in 46 days
    const long = policy({ ruleSettings: { maxGraceExtensionDays: 60 } });
    const plan = planUser(user(pair(46, ago(0, 3600)), replacement(46)), long, NOW);

    // Assess
    expect(lines(plan)).toContain(`${B} deactivate unused,never-used`);
    expect(plan.decisions.find((d) => d.accessKeyId === A)?.action).not.toBe('deactivate');
  });

  it('gives a key a person re-activated after grace-extension-ended its reactivation grace, then retires it', () => {
    // Prepare: the engine deactivated A 3 days ago; it is Active again and still in use
    const keys = pair(40, ago(0, 3600));
    const deactivated = stateTag(A, { inactiveSince: ago(3), deactivatedAt: ago(3) });
    const graceOver = stateTag(A, { reactivatedAt: ago(8) });

    // Act
    const inGrace = planUser(user(keys, { ...replacement(40), ...deactivated }), POLICY, NOW);
    const after = planUser(user(keys, { ...replacement(40), ...graceOver }), POLICY, NOW);

    // Assess: no second hold: the extension is measured from the pair's grace, long over
    expect(lines(inGrace)[0]).toBe(`${A} warn reactivated`);
    expect(lines(after)[0]).toBe(`${A} deactivate rotated,grace-extension-ended`);
  });
});

describe('the escalation steps', () => {
  it.each([
    [30, [0, 15, 27]],
    [7, [0, 3.5, 4]],
    [4, [0, 2, 2]],
    [1, [0, 0.5, 0.5]],
  ])('with maxGraceExtensionDays %i start at %j days after grace', (max, offsets) => {
    const graceEnd = NOW;
    expect(holdSteps(graceEnd, max).map((s) => (s.getTime() - NOW.getTime()) / DAY_MS)).toEqual(
      offsets,
    );
  });
});

describe('retire on evidence, as a property', () => {
  it('run daily with the old key in use: one notice per step, ops from step 2, retired exactly when the extension ends', () => {
    const arb = fc.record({
      maxExtensionDays: fc.integer({ min: 1, max: 90 }),
      graceDays: fc.integer({ min: 1, max: 14 }),
      hourOfRun: fc.integer({ min: 0, max: 23 }),
    });
    fc.assert(
      fc.property(arb, ({ maxExtensionDays, graceDays, hourOfRun }) => {
        const p = policy({
          days: { ...POLICY.days, graceDays, unusedDays: 365, rotationDays: 365 },
          ruleSettings: { maxGraceExtensionDays: maxExtensionDays },
        });
        const created = new Date(NOW.getTime() + hourOfRun * 3_600_000);
        let tags: Record<string, string> = stateTag(B, { createdAt: created });
        const notices: { day: number; escalate: boolean }[] = [];
        let retiredOn: number | undefined;
        for (
          let day = 1;
          retiredOn === undefined && day <= graceDays + maxExtensionDays + 1;
          day++
        ) {
          const now = new Date(created.getTime() + day * DAY_MS);
          const keys = [
            key(A, { created: ago(200, 0, created), lastUsed: new Date(now.getTime() - 60_000) }),
            key(B, { created, lastUsed: null }),
          ];
          const plan = planUser(user(keys, tags), p, now);
          const a = decisionFor(plan, A);
          if (a.action === 'warn' && a.reasons.includes('in-use-hold'))
            notices.push({ day, escalate: a.escalate === true });
          if (a.action === 'deactivate') retiredOn = day;
          tags = { ...tags, ...plan.stateChanges.set };
        }
        expect(retiredOn).toBe(graceDays + maxExtensionDays);
        expect(notices.length).toBeGreaterThanOrEqual(1);
        expect(notices.length).toBeLessThanOrEqual(3);
        expect(notices[0]).toEqual({ day: graceDays, escalate: false });
        expect(notices.slice(1).every((n) => n.escalate)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('never keeps an old key Active past the extension, and never deactivates one in use inside it', () => {
    const arb = fc.record({
      bAgeDays: fc.integer({ min: 0, max: 60 }),
      usedAgoHours: fc.integer({ min: 0, max: 24 * 30 }),
      holdHours: fc.integer({ min: 0, max: 24 * 7 }),
      maxExtensionDays: fc.integer({ min: 1, max: 40 }),
    });
    fc.assert(
      fc.property(arb, ({ bAgeDays, usedAgoHours, holdHours, maxExtensionDays }) => {
        const keys = pair(bAgeDays, new Date(NOW.getTime() - usedAgoHours * 3_600_000), ago(0));
        const p = policy({
          ruleSettings: { inUseHoldHours: holdHours, maxGraceExtensionDays: maxExtensionDays },
        });
        const plan = planUser(user(keys, replacement(bAgeDays)), p, NOW);
        const a = decisionFor(plan, A);
        const graceEnded = bAgeDays >= POLICY.days.graceDays;
        const holdUsedUp = bAgeDays >= POLICY.days.graceDays + maxExtensionDays;
        const inUse = holdHours > 0 && usedAgoHours <= holdHours;
        if (graceEnded && (holdUsedUp || !inUse)) expect(a.action).toBe('deactivate');
        if (graceEnded && holdUsedUp && inUse) expect(a.reasons).toContain('grace-extension-ended');
        if (graceEnded && !holdUsedUp && inUse) expect(a.reasons).toContain('in-use-hold');
        if (!graceEnded || (inUse && !holdUsedUp)) expect(a.action).not.toBe('deactivate');
      }),
    );
  });
});
