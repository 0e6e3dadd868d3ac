/**
 * The rolling 24-hour budget counts from the action, not from the run's start (docs/lifecycle.md,
 * "Coordination table"): a slot records the latest instant its run may act, so a deactivation late in a
 * long run still counts for 24 hours after it happened.
 */
import { RunBudget } from '../../../lambda/engine/budget';
import type { BudgetClaim, CoordinationStore } from '../../../lambda/engine/ports';
import type { KeyDecision } from '../../../lambda/core/model/types';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const LAMBDA_MAX_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** A budget table in memory: slot → the instant its claim recorded. */
function memoryStore(): CoordinationStore & { readonly slots: Map<number, number> } {
  const slots = new Map<number, number>();
  const live = (now: Date): BudgetClaim[] =>
    [...slots]
      .filter(([, at]) => at > now.getTime() - DAY_MS)
      .map(([slot, at]) => ({ slot, at, owner: 'run' }));
  const unused = () => Promise.reject(new Error('not used by the budget'));
  return {
    slots,
    liveBudgetClaims: (now) => Promise.resolve(live(now)),
    claimSlot: (slot, at) => {
      slots.set(slot, at.getTime());
      return Promise.resolve(true);
    },
    claimSlots: (list, at) => {
      list.forEach((slot) => slots.set(slot, at.getTime()));
      return Promise.resolve(true);
    },
    releaseSlots: (list) => {
      list.forEach((slot) => slots.delete(slot));
      return Promise.resolve();
    },
    claimNotice: unused,
    markNoticesSent: unused,
    expireNoticeLease: unused,
    dropNotice: unused,
    duePendingNotices: unused,
    takeOverNotice: unused,
    settleSlots: () => Promise.resolve(),
    untrustedItems: () => [],
  };
}

const decision: KeyDecision = {
  userName: 'alice',
  accessKeyId: 'AKIA1',
  action: 'deactivate',
  reasons: ['unused'],
  destructive: true,
  facts: {},
};

describe('a budget slot', () => {
  it('still counts 24 hours after an action taken at the very end of a 15-minute run', async () => {
    // Prepare: a run starts at NOW and deactivates a key 15 minutes later
    const store = memoryStore();
    const first = new RunBudget(store, 1, 'run-a', NOW, (s) => s);
    await first.read();
    await first.reserve(1);
    expect(first.take(decision)).toBe(true);
    const actedAt = NOW.getTime() + LAMBDA_MAX_MS;

    // Act: a run 24 hours after its start, but less than 24 hours after the action
    const later = new RunBudget(store, 1, 'run-b', new Date(actedAt + DAY_MS - 60_000));
    const used = await later.read();

    // Assess
    expect(used).toBe(1);
    expect(store.slots.get(0)).toBeGreaterThanOrEqual(actedAt);
  });

  it('is free again once 24 hours have passed since the latest instant its run could act', async () => {
    // Prepare
    const store = memoryStore();
    const first = new RunBudget(store, 1, 'run-a', NOW, (s) => s);
    await first.read();
    await first.reserve(1);
    first.take(decision);

    // Act
    const later = new RunBudget(store, 1, 'run-b', new Date(NOW.getTime() + DAY_MS + 20 * 60_000));

    // Assess
    expect(await later.read()).toBe(0);
  });
});
