/** Rules 1, 2, 5 and 6 on a user's keys, plus decision order, zero keys and state clean-up. */
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
import { blockedMessage } from '../../../lambda/notify/plan-words';

const tagA = stateTagKey(PREFIX, A);

describe('rotation warning (rule 6)', () => {
  it('warns once per due date and remembers it', () => {
    // Act
    const plan = planUser(user([key(A, { created: ago(85) })]), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} warn rotation-upcoming`]);
    expect(decisionFor(plan, A)).toMatchObject({
      event: 'ROTATION_UPCOMING',
      facts: { dueInDays: 5 },
    });
    expect(plan.stateChanges.set).toEqual({ [tagA]: 'warned-due=2026-06-06T12:00:00Z' });
  });

  it.each([
    ['the same due date', ago(85 - 90), 'none already-warned'],
    ['an earlier due date (rotationDays changed since)', ago(85 - 100), 'warn rotation-upcoming'],
  ])('after warning about %s', (_n, warnedDue, expected) => {
    // Prepare
    const tags = stateTag(A, { warnedDue });

    // Act
    const plan = planUser(user([key(A, { created: ago(85) })], tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} ${expected}`]);
  });

  it('never opens a warning window wider than rotationDays − 1', () => {
    // Prepare
    const tight = { ...POLICY, days: { ...POLICY.days, rotationDays: 3, warnDays: 7 } };

    // Act
    const fresh = planUser(user([key(A, { created: ago(1, -1) })]), tight, NOW);
    const older = planUser(user([key(A, { created: ago(1) })]), tight, NOW);

    // Assess
    expect(lines(fresh)).toEqual([`${A} none healthy`]);
    expect(lines(older)).toEqual([`${A} warn rotation-upcoming`]);
  });
});

describe('unused keys (rule 1)', () => {
  it('deactivates an unused key that is also due for rotation, and never renews it', () => {
    // Act
    const plan = planUser(user([key(A, { created: ago(120), lastUsed: ago(50) })]), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} deactivate unused`]);
    expect(plan.blocked).toEqual([]);
  });
});

describe('reactivated keys (rule 5)', () => {
  const recordedInactive = stateTag(A, { inactiveSince: ago(20), deactivatedAt: ago(20) });

  it('reports a key it had recorded Inactive that is Active again, and starts its grace', () => {
    // Prepare
    const keys = [key(A, { created: ago(60), lastUsed: ago(50) })];

    // Act
    const plan = planUser(user(keys, recordedInactive), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} warn reactivated`]);
    expect(decisionFor(plan, A).event).toBe('KEY_REACTIVATED');
    expect(plan.stateChanges.set).toEqual({ [tagA]: 'reactivated=2026-06-01T12:00:00Z' });
  });

  it.each([
    ['1s before grace ends', ago(7, -1), `${A} none reactivation-grace`],
    ['when grace has ended', ago(7), `${A} deactivate unused`],
  ])('holds the unused rule off a reactivated key until grace ends: %s', (_n, at, expected) => {
    // Prepare
    const keys = [key(A, { created: ago(60), lastUsed: ago(50) })];

    // Act
    const plan = planUser(user(keys, stateTag(A, { reactivatedAt: at })), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([expected]);
  });

  it('holds the retire rule off a reactivated older key, but still rotates when due', () => {
    // Prepare
    const keys = [key(A, { created: ago(150), lastUsed: ago(1) }), key(B, { created: ago(95) })];

    const tags = stateTag(A, { reactivatedAt: ago(2), secondKeySeenAt: ago(2) });

    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none reactivation-grace`, `${B} none rotation-due`]);
    expect(plan.blocked[0].reason).toBe('two-key-limit-second-active-key');
    expect(blockedMessage(plan.blocked[0])).toContain('2026-06-06T12:00:00Z');
  });

  it("starts the pair's observed grace with the reactivation grace, so the two run together", () => {
    // Prepare: B was created by a person long ago; the run that notices A's reactivation sees the pair.
    const keys = [key(A, { created: ago(150), lastUsed: ago(1) }), key(B, { created: ago(60) })];
    const tags = stateTag(A, { inactiveSince: ago(5), deactivatedAt: ago(5) });

    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} warn reactivated`, `${B} none healthy`]);
    expect(plan.stateChanges.set).toEqual({
      [tagA]: 'reactivated=2026-06-01T12:00:00Z second-key-seen=2026-06-01T12:00:00Z',
    });
  });
});

describe('plan shape', () => {
  it('plans nothing for a user with no keys', () => {
    // Act
    const plan = planUser(user([]), POLICY, NOW);

    // Assess
    expect(plan).toMatchObject({ decisions: [], blocked: [], warnings: [] });
    expect(plan.stateChanges).toEqual({ set: {}, remove: [] });
  });

  it.each([
    [
      'delete before create',
      [
        key(B, { created: ago(95) }),
        key(A, { status: 'Inactive', created: ago(190), lastUsed: ago(99) }),
      ],
      stateTag(A, { inactiveSince: ago(11) }),
      [`${A} delete recovery-window-ended,make-room-for-rotation`, `${B} create rotation-due`],
    ],
    [
      'deactivate before warn',
      [
        key(A, { created: ago(90), lastUsed: ago(1) }),
        key(B, { created: ago(60), lastUsed: ago(50) }),
      ],
      stateTag(A, { inactiveSince: ago(3) }),
      [`${B} deactivate unused`, `${A} warn reactivated`],
    ],
    [
      'warn before none',
      [key(B, { created: ago(2) }), key(A, { created: ago(93), lastUsed: ago(1) })],
      {},
      [`${A} warn within-grace,old-key-still-in-use`, `${B} none healthy`],
    ],
  ])(
    'orders deletions, deactivations, creations, warnings, then none: %s',
    (_n, keys, tags, expected) => {
      // Act
      const plan = planUser(user(keys, tags), POLICY, NOW);

      // Assess
      expect(lines(plan)).toEqual(expected);
    },
  );

  it('removes state tags of keys that no longer exist', () => {
    // Prepare
    const tags = { ...stateTag(B, { createdAt: ago(30) }), team: 'x' };

    // Act
    const plan = planUser(user([key(A, { created: ago(10) })], tags), POLICY, NOW);

    // Assess
    expect(plan.stateChanges).toEqual({ set: {}, remove: [stateTagKey(PREFIX, B)] });
  });

  it('drops state no rule needs any more, so a settled user carries no state tags', () => {
    // Prepare
    const tags = stateTag(A, { createdAt: ago(30), reactivatedAt: ago(20) });

    // Act
    const plan = planUser(user([key(A, { created: ago(30) })], tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none healthy`]);
    expect(plan.stateChanges).toEqual({ set: {}, remove: [tagA] });
  });

  it('records when an Inactive key was first seen, starting its recovery window', () => {
    // Act
    const plan = planUser(user([key(A, { status: 'Inactive', created: ago(30) })]), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none recovery-window-started`]);
    expect(plan.stateChanges.set).toEqual({ [tagA]: 'inactive-since=2026-06-01T12:00:00Z' });
  });
});
