/** ROTATION_BLOCKED once per key and blocking reason, with a weekly reminder while the block lasts. */
import {
  applyCircuitBreaker,
  planUser,
  stateTagKey,
  type KeyState,
  type UserFacts,
} from '../../../lambda/core';
import { A, B, NOW, POLICY, PREFIX, ago, key, stateTag, user } from './builders';

/** B is due; A is Inactive and inside its recovery window: B's rotation waits on A's deletion. */
function inRecovery(bState: KeyState = {}): UserFacts {
  return user(
    [
      key(A, { status: 'Inactive', created: ago(200), lastUsed: ago(30) }),
      key(B, { created: ago(100) }),
    ],
    { ...stateTag(A, { inactiveSince: ago(2) }), ...stateTag(B, bState) },
  );
}

const RECOVERY = 'two-key-limit-key-in-recovery' as const;
const ACTIVE = 'two-key-limit-second-active-key' as const;
const NOTIFIED_NOW = 'blocked-notified=2026-06-01T12:00:00Z';

describe('a blocked rotation', () => {
  it.each<[string, KeyState, boolean]>([
    ['never notified', {}, true],
    [
      'notified yesterday for this reason',
      { blockedNotifiedAt: ago(1), blockedReason: RECOVERY },
      false,
    ],
    [
      'notified 6 days 23 hours ago',
      { blockedNotifiedAt: ago(7, -3600), blockedReason: RECOVERY },
      false,
    ],
    [
      'notified 7 days ago (weekly reminder)',
      { blockedNotifiedAt: ago(7), blockedReason: RECOVERY },
      true,
    ],
    [
      'notified yesterday for another reason',
      { blockedNotifiedAt: ago(1), blockedReason: ACTIVE },
      true,
    ],
  ])('when %s, notify is %s', (_n, state, notify) => {
    // Act
    const plan = planUser(inRecovery(state), POLICY, NOW);

    // Assess
    expect(plan.blocked).toEqual([
      expect.objectContaining({ accessKeyId: B, reason: RECOVERY, notify }),
    ]);
    const written = plan.stateChanges.set[stateTagKey(PREFIX, B)];
    expect(written).toBe(notify ? `${NOTIFIED_NOW} blocked-reason=key-in-recovery` : undefined);
  });

  it('records the reason compactly and reads it back, so the next day is quiet', () => {
    // Prepare
    const first = planUser(inRecovery(), POLICY, NOW);
    const tags = { ...inRecovery().tags, ...first.stateChanges.set };

    // Act
    const nextDay = planUser(
      { ...inRecovery(), tags },
      POLICY,
      new Date(NOW.getTime() + 86_400_000),
    );

    // Assess
    expect(nextDay.blocked.map((b) => b.notify)).toEqual([false]);
    expect(nextDay.stateChanges).toEqual({ set: {}, remove: [] });
  });

  it('forgets the notice once the rotation is no longer blocked', () => {
    // Prepare: A's recovery window has ended, so it is deleted and B rotated.
    const facts = user(
      [
        key(A, { status: 'Inactive', created: ago(200), lastUsed: ago(30) }),
        key(B, { created: ago(100) }),
      ],
      {
        ...stateTag(A, { inactiveSince: ago(11) }),
        ...stateTag(B, { blockedNotifiedAt: ago(3), blockedReason: RECOVERY }),
      },
    );

    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess
    expect(plan.blocked).toEqual([]);
    expect(plan.stateChanges.remove).toContain(stateTagKey(PREFIX, B));
  });

  it('notifies again when the block changes reason: second Active key, then key in recovery', () => {
    // Prepare: two Active keys, seen as a pair 8 days ago: A is retired now, so B's rotation is blocked by A.
    const keys = [key(A, { created: ago(200) }), key(B, { created: ago(100) })];
    const day0 = planUser(user(keys, stateTag(A, { secondKeySeenAt: ago(8) })), POLICY, NOW);
    const deactivated = day0.decisions.find((d) => d.accessKeyId === A)?.tagsOnSuccess ?? {};
    const day1Facts = user([{ ...keys[0], status: 'Inactive' as const }, keys[1]], {
      ...day0.stateChanges.set,
      ...deactivated,
    });

    // Act
    const day1 = planUser(day1Facts, POLICY, new Date(NOW.getTime() + 86_400_000));

    // Assess
    expect(day0.blocked.map((b) => `${b.reason} ${b.notify}`)).toEqual([`${ACTIVE} true`]);
    expect(day1.blocked.map((b) => `${b.reason} ${b.notify}`)).toEqual([`${RECOVERY} true`]);
  });

  it('never notifies circuit-breaker blocks: CIRCUIT_BREAKER_TRIPPED covers them', () => {
    // Prepare: A is quiet (last used two days ago), so its retirement is not held
    const keys = [key(A, { created: ago(200), lastUsed: ago(2) }), key(B, { created: ago(100) })];
    const seenLastWeek = stateTag(A, { secondKeySeenAt: ago(8) });

    // Act
    const run = applyCircuitBreaker([planUser(user(keys, seenLastWeek), POLICY, NOW)], 0);

    // Assess
    expect(run.users[0].blocked.map((b) => `${b.reason} ${b.notify}`)).toEqual([
      `${ACTIVE} true`,
      'circuit-breaker false',
    ]);
  });
});
