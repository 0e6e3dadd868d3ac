/** The blast-radius limit: more than maxDestructiveActions deactivations+deletions → none of them. */
import { applyCircuitBreaker, planUser, type UserPlan } from '../../../lambda/core';
import { A, B, NOW, POLICY, ago, key, lines, stateTag, user } from './builders';
import { blockedMessage } from '../../../lambda/notify/plan-words';

const unused = (name: string): UserPlan =>
  planUser(
    user([key(A, { created: ago(100), lastUsed: ago(60) })], {}, { userName: name }),
    POLICY,
    NOW,
  );

const makeRoom = (): UserPlan =>
  planUser(
    user(
      [
        key(A, { status: 'Inactive', created: ago(200), lastUsed: ago(100) }),
        key(B, { created: ago(95) }),
      ],
      stateTag(A, { inactiveSince: ago(11) }),
      { userName: 'carol' },
    ),
    POLICY,
    NOW,
  );

const warned = (): UserPlan =>
  planUser(user([key(A, { created: ago(85) })], {}, { userName: 'dave' }), POLICY, NOW);

describe('applyCircuitBreaker', () => {
  it('does not trip at exactly maxDestructiveActions', () => {
    // Prepare
    const plans = [unused('alice'), unused('bob'), makeRoom()];

    // Act
    const run = applyCircuitBreaker(plans, 3);

    // Assess
    expect(run).toEqual({ users: plans, circuitBreakerTripped: false, destructiveCount: 3 });
  });

  it('trips at maxDestructiveActions + 1, keeping warnings and plain rotations', () => {
    // Prepare
    const plans = [unused('alice'), unused('bob'), makeRoom(), warned()];

    // Act
    const run = applyCircuitBreaker(plans, 2);

    // Assess
    expect(run.circuitBreakerTripped).toBe(true);
    expect(run.destructiveCount).toBe(3);
    expect(run.users.map((p) => lines(p))).toEqual([[], [], [], [`${A} warn rotation-upcoming`]]);
    expect(
      run.users.flatMap((p) => p.blocked.map((b) => `${b.userName} ${b.action} ${b.reason}`)),
    ).toEqual([
      'alice deactivate circuit-breaker',
      'bob deactivate circuit-breaker',
      'carol delete circuit-breaker',
      'carol create depends-on-blocked-deletion',
    ]);
    expect(blockedMessage(run.users[0].blocked[0])).toMatch(
      /3 deactivations\/deletions.*maxDestructiveActions \(2\)/,
    );
    expect(blockedMessage(run.users[2].blocked[1])).toContain(A);
  });

  it('keeps state changes that do not depend on the withheld actions', () => {
    // Prepare
    const plans = [unused('alice'), warned()];

    // Act
    const run = applyCircuitBreaker(plans, 0);

    // Assess
    expect(run.users[1].stateChanges).toEqual(plans[1].stateChanges);
    expect(Object.keys(run.users[1].stateChanges.set)).toHaveLength(1);
  });
});

describe('applyCircuitBreaker with a rolling budget (issue 7, item 7)', () => {
  it.each([
    ['fits in what the last 24 hours left', 3, 1, false],
    ['needs more than the last 24 hours left', 3, 2, true],
    ['finds the budget used up', 5, 5, true],
  ])('%s', (_label, max, used, tripped) => {
    const run = applyCircuitBreaker([unused('alice'), unused('bob')], max, used);
    expect(run.circuitBreakerTripped).toBe(tripped);
    if (tripped)
      expect(blockedMessage(run.users[0].blocked[0])).toContain('rolling 24-hour budget');
  });
});
