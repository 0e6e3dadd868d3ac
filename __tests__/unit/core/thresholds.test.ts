/**
 * Every threshold is compared in milliseconds: one second before it nothing happens, at it the
 * rule fires. Defaults: rotation 90, warn 7, grace 7, unused 45, recovery 10 days.
 */
import { planUser } from '../../../lambda/core';
import { A, B, POLICY, NOW, ago, key, lines, stateTag, user } from './builders';

const usedBefore = (d: Date) => new Date(d.getTime() - 60_000);

describe('thresholds', () => {
  it.each([
    [
      'rotation: 1s before rotationDays',
      [key(A, { created: ago(90, -1) })],
      {},
      `${A} warn rotation-upcoming`,
    ],
    [
      'rotation: exactly rotationDays',
      [key(A, { created: ago(90) })],
      {},
      `${A} create rotation-due`,
    ],
    [
      'warn: 1s before the window opens',
      [key(A, { created: ago(83, -1) })],
      {},
      `${A} none healthy`,
    ],
    [
      'warn: window opens at rotation − warn',
      [key(A, { created: ago(83) })],
      {},
      `${A} warn rotation-upcoming`,
    ],
    [
      'unused: idle 1s short of unusedDays',
      [key(A, { created: ago(60), lastUsed: ago(45, -1) })],
      {},
      `${A} none healthy`,
    ],
    [
      'unused: idle exactly unusedDays',
      [key(A, { created: ago(60), lastUsed: ago(45) })],
      {},
      `${A} deactivate unused`,
    ],
    [
      'never used: 1s short of unusedDays old',
      [key(A, { created: ago(45, -1), lastUsed: null })],
      {},
      `${A} none healthy,never-used`,
    ],
    [
      'never used: exactly unusedDays old',
      [key(A, { created: ago(45), lastUsed: null })],
      {},
      `${A} deactivate unused,never-used`,
    ],
    [
      'grace: engine-created replacement 1s short of graceDays',
      [
        key(A, { created: ago(80), lastUsed: usedBefore(ago(7, -1)) }),
        key(B, { created: ago(7, -1) }),
      ],
      stateTag(B, { createdAt: ago(7, -1) }),
      `${A} none within-grace`,
    ],
    [
      'grace: engine-created replacement exactly graceDays old',
      [key(A, { created: ago(80), lastUsed: usedBefore(ago(7)) }), key(B, { created: ago(7) })],
      stateTag(B, { createdAt: ago(7) }),
      `${A} deactivate rotated`,
    ],
    [
      'grace: second key a person created, pair seen 1s short of graceDays ago',
      [key(A, { created: ago(80), lastUsed: ago(30) }), key(B, { created: ago(20) })],
      stateTag(A, { secondKeySeenAt: ago(7, -1) }),
      `${A} none within-grace`,
    ],
    [
      'grace: second key a person created, pair seen exactly graceDays ago',
      [key(A, { created: ago(80), lastUsed: ago(30) }), key(B, { created: ago(20) })],
      stateTag(A, { secondKeySeenAt: ago(7) }),
      `${A} deactivate second-active-key`,
    ],
    [
      'recovery: inactive 1s short of recoveryDays',
      [key(A, { status: 'Inactive', created: ago(100), lastUsed: ago(30) })],
      stateTag(A, { inactiveSince: ago(10, -1) }),
      `${A} none in-recovery`,
    ],
    [
      'recovery: inactive exactly recoveryDays',
      [key(A, { status: 'Inactive', created: ago(100), lastUsed: ago(30) })],
      stateTag(A, { inactiveSince: ago(10) }),
      `${A} delete recovery-window-ended`,
    ],
  ])('%s', (_name, keys, tags, expected) => {
    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toContain(expected);
  });
});
