/**
 * The benchmark's simulated accounts: cohorts of users whose keys sit squarely inside one lifecycle
 * state under the default policy (rotate 90, warn 7, grace 7, unused 45, recovery 10), so the number
 * of users that need action is known exactly before the engine runs.
 */
import type { BulkCohort } from '../emulator/emulator';

export const EXEMPT_GROUP = 'key-lifecycle-exempt';

export type Category =
  'healthy' | 'warn' | 'due' | 'unused' | 'inactive-recovery' | 'two-active' | 'exempt';

/** Key shapes per category, in days before the run's `now`. */
const SHAPES: Readonly<Record<Category, Omit<BulkCohort, 'namePrefix' | 'count'>>> = {
  // One Active key, used in the last 10 days, younger than the warning window (90 - 7 = 83 days).
  healthy: { keys: [{ ageDays: [0, 82], lastUsedDaysAgo: [0, 10] }] },
  warn: { keys: [{ ageDays: [83, 89], lastUsedDaysAgo: [0, 10] }] },
  due: { keys: [{ ageDays: [90, 180], lastUsedDaysAgo: [0, 10] }] },
  // Idle 45+ days but younger than the warning window: the unused rule alone applies.
  unused: { keys: [{ ageDays: [46, 82], lastUsedDaysAgo: [45, 82] }] },
  // A current key plus an Inactive one the engine has no record of yet: its recovery window starts.
  'inactive-recovery': {
    keys: [
      { ageDays: [91, 150], lastUsedDaysAgo: [20, 40], status: 'Inactive' },
      { ageDays: [10, 60], lastUsedDaysAgo: [0, 5] },
    ],
  },
  // Two Active keys, the newer past its grace period: the older is retired.
  'two-active': {
    keys: [
      { ageDays: [100, 150], lastUsedDaysAgo: [0, 10] },
      { ageDays: [10, 60], lastUsedDaysAgo: [0, 5] },
    ],
  },
  // Would be due for rotation, but the group exempts the user: reported, never read in detail.
  exempt: { groups: [EXEMPT_GROUP], keys: [{ ageDays: [100, 300], lastUsedDaysAgo: [0, 10] }] },
};

/** Categories whose users need an action or a state write on the first run. */
export const NEEDS_ACTION: readonly Category[] = [
  'warn',
  'due',
  'unused',
  'inactive-recovery',
  'two-active',
];

export interface Population {
  /** e.g. `fixed-500`, `proportional-5000`. */
  readonly name: string;
  readonly mix: 'fixed' | 'proportional';
  readonly users: number;
  readonly counts: Readonly<Record<Category, number>>;
  readonly needingAction: number;
}

/** The same 45 users needing action (plus 5 exempt) at every size; the rest are healthy. */
const FIXED: Readonly<Record<Exclude<Category, 'healthy'>, number>> = {
  warn: 15,
  due: 10,
  unused: 10,
  'inactive-recovery': 5,
  'two-active': 5,
  exempt: 5,
};

/** Shares of a realistic account, per the 5,000-user target (README, "Cost at 5,000 users"); the rest are healthy (~90 %). */
const SHARES: Readonly<Record<Exclude<Category, 'healthy'>, number>> = {
  warn: 0.03,
  due: 0.02,
  unused: 0.02,
  'inactive-recovery': 0.01,
  'two-active': 0.01,
  exempt: 0.01,
};

export function fixedMix(users: number): Population {
  return population(`fixed-${users}`, 'fixed', users, FIXED);
}

export function proportionalMix(users: number): Population {
  const counts = Object.fromEntries(
    Object.entries(SHARES).map(([c, share]) => [c, Math.round(users * share)]),
  ) as Record<Exclude<Category, 'healthy'>, number>;
  return population(`proportional-${users}`, 'proportional', users, counts);
}

function population(
  name: string,
  mix: Population['mix'],
  users: number,
  others: Readonly<Record<Exclude<Category, 'healthy'>, number>>,
): Population {
  const unhealthy = Object.values(others).reduce((a, b) => a + b, 0);
  if (unhealthy > users) {
    throw new Error(
      `population ${name}: ${unhealthy} users are not healthy but the size is ${users}; use --sizes of at least ${unhealthy}`,
    );
  }
  const counts: Record<Category, number> = { healthy: users - unhealthy, ...others };
  const needingAction = NEEDS_ACTION.reduce((sum, c) => sum + counts[c], 0);
  return { name, mix, users, counts, needingAction };
}

export function cohortsOf(p: Population): BulkCohort[] {
  return (Object.keys(SHAPES) as Category[])
    .filter((c) => p.counts[c] > 0)
    .map((c) => ({ namePrefix: `${c}-`, count: p.counts[c], ...SHAPES[c] }));
}
