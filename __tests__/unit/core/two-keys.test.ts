/** Rules 2–4 with two keys: retire after grace, the old-key-in-use warning, and the two-key limit. */
import { planUser, stateTagKey } from '../../../lambda/core';
import {
  A,
  B,
  NOW,
  POLICY,
  PREFIX,
  ago,
  decisionFor,
  key,
  lines,
  stateTag,
  user,
} from './builders';

describe('two Active keys (rule 3)', () => {
  it.each([
    ['a key the engine created', stateTag(B, { createdAt: ago(8) }), 'rotated'],
    ['a key someone else created', {}, 'second-active-key'],
  ])('retires the older key once the newer, %s, is graceDays old', (_n, tags, reason) => {
    // Prepare
    const keys = [key(A, { created: ago(98), lastUsed: ago(9) }), key(B, { created: ago(8) })];

    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} deactivate ${reason}`, `${B} none healthy`]);
    expect(decisionFor(plan, A).event).toBe('KEY_DEACTIVATED');
    expect(decisionFor(plan, A).destructive).toBe(true);
  });

  it('writes the recovery-window start only if the deactivation succeeds', () => {
    // Prepare
    const keys = [key(A, { created: ago(98), lastUsed: ago(9) }), key(B, { created: ago(8) })];

    // Act
    const plan = planUser(user(keys), POLICY, NOW);

    // Assess
    expect(decisionFor(plan, A).tagsOnSuccess).toEqual({
      [stateTagKey(PREFIX, A)]:
        'inactive-since=2026-06-01T12:00:00Z deactivated=2026-06-01T12:00:00Z',
    });
    expect(plan.stateChanges.set).toEqual({});
  });

  it('keeps the older key inside grace and says how much grace is left', () => {
    // Prepare
    const keys = [key(A, { created: ago(93), lastUsed: ago(3) }), key(B, { created: ago(2) })];

    // Act
    const plan = planUser(user(keys), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none within-grace`, `${B} none healthy`]);
    expect(decisionFor(plan, A).facts.graceLeftDays).toBe(5);
  });

  it.each([
    ['never notified', undefined, true],
    ['notified yesterday', ago(1), true],
    ['notified earlier today (UTC)', ago(0, 3600), false],
  ])('warns OLD_KEY_STILL_IN_USE once per UTC day: %s', (_n, notified, warns) => {
    // Prepare
    const keys = [key(A, { created: ago(93), lastUsed: ago(0, 60) }), key(B, { created: ago(2) })];
    const tags = notified ? stateTag(A, { inUseNotifiedAt: notified }) : {};

    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    const a = decisionFor(plan, A);
    expect(a.reasons).toEqual(['within-grace', 'old-key-still-in-use']);
    expect(a.action).toBe(warns ? 'warn' : 'none');
    expect(a.event).toBe(warns ? 'OLD_KEY_STILL_IN_USE' : undefined);
    const written = plan.stateChanges.set[stateTagKey(PREFIX, A)];
    expect(written).toBe(warns ? 'in-use-notified=2026-06-01T12:00:00Z' : undefined);
  });

  it('does not retire a used key for a replacement that is itself deactivated as unused', () => {
    // Prepare: B was created 60 days ago and never used; A is the key in use.
    const keys = [
      key(A, { created: ago(95), lastUsed: ago(0, 60) }),
      key(B, { created: ago(60), lastUsed: null }),
    ];

    // Act
    const plan = planUser(user(keys), POLICY, NOW);

    // Assess: A stays Active (its rotation waits for B's recovery window).
    expect(lines(plan)).toEqual([`${B} deactivate unused,never-used`, `${A} none rotation-due`]);
    expect(plan.blocked).toEqual([
      expect.objectContaining({ accessKeyId: A, reason: 'two-key-limit-second-active-key' }),
    ]);
  });

  it('does not warn again about use the owner was already told about (they have switched)', () => {
    // Prepare: last use of A was yesterday 10:00, the warning went out yesterday at noon.
    const keys = [
      key(A, { created: ago(93), lastUsed: ago(1, 7200) }),
      key(B, { created: ago(3) }),
    ];
    const tags = stateTag(A, { inUseNotifiedAt: ago(1) });

    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none within-grace`, `${B} none healthy`]);
  });

  it('blocks rotation of the newer key while the older is still Active', () => {
    // Prepare
    const keys = [key(A, { created: ago(200), lastUsed: ago(1) }), key(B, { created: ago(95) })];

    // Act
    const plan = planUser(user(keys), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} deactivate second-active-key`, `${B} none rotation-due`]);
    expect(plan.blocked).toEqual([
      expect.objectContaining({
        accessKeyId: B,
        action: 'create',
        reason: 'two-key-limit-second-active-key',
      }),
    ]);
    expect(plan.blocked[0].message).toMatch(
      /alice.*AKIAAAAA.*AKIABBBB.*earliest 2026-06-11T12:00:00Z/,
    );
  });
});

describe('Active key due for rotation beside an Inactive key (rules 2 and 4)', () => {
  const due = key(B, { created: ago(95) });
  const inactive = key(A, { status: 'Inactive', created: ago(190), lastUsed: ago(100) });

  it.each([
    ['the window has not started', {}, 'recovery-window-started', '2026-06-11T12:00:00Z'],
    [
      'the window has 1s left',
      stateTag(A, { inactiveSince: ago(10, -1) }),
      'in-recovery',
      '2026-06-01T12:00:01Z',
    ],
  ])('blocks the rotation and deletes nothing early when %s', (_n, tags, reason, when) => {
    // Act
    const plan = planUser(user([inactive, due], tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none ${reason}`, `${B} none rotation-due`]);
    expect(plan.blocked).toHaveLength(1);
    expect(plan.blocked[0]).toMatchObject({
      reason: 'two-key-limit-key-in-recovery',
      accessKeyId: B,
    });
    expect(plan.blocked[0].message).toContain(`on or after ${when}`);
  });

  it('deletes the recovered key first, then creates the replacement', () => {
    // Act
    const plan = planUser(
      user([inactive, due], stateTag(A, { inactiveSince: ago(10) })),
      POLICY,
      NOW,
    );

    // Assess
    expect(lines(plan)).toEqual([
      `${A} delete recovery-window-ended,make-room-for-rotation`,
      `${B} create rotation-due`,
    ]);
    expect(decisionFor(plan, B).requiresDeletionOf).toBe(A);
    expect(decisionFor(plan, A).untagOnSuccess).toEqual([stateTagKey(PREFIX, A)]);
    expect(plan.blocked).toEqual([]);
  });

  it('restarts the recovery window when the Inactive key was used after it started', () => {
    // Prepare
    const usedLater = key(A, { status: 'Inactive', created: ago(190), lastUsed: ago(3) });

    // Act
    const plan = planUser(user([usedLater], stateTag(A, { inactiveSince: ago(20) })), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none in-recovery`]);
    expect(decisionFor(plan, A).facts).toMatchObject({ inactiveDays: 3, recoveryLeftDays: 7 });
  });
});
