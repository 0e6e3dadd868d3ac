/**
 * Safety properties of planUser over random users, policies and clocks (docs/lifecycle.md, "Safety rules").
 */
import fc from 'fast-check';
import {
  applyCircuitBreaker,
  parseKeyStates,
  planUser,
  screenUser,
  type AccessKeyFacts,
  type UserFacts,
  type UserPlan,
} from '../../../lambda/core';
import { scenario } from './arbitraries';
import { DAY_MS } from './builders';

const RUNS = { numRuns: 500 };

function acts(plan: UserPlan): boolean {
  return (
    plan.decisions.some((d) => d.action !== 'none') ||
    plan.blocked.length > 0 ||
    Object.keys(plan.stateChanges.set).length > 0 ||
    plan.stateChanges.remove.length > 0
  );
}

function screenFactsOf(user: UserFacts) {
  return {
    ...user,
    keys: user.keys.map(({ status, createDate, lastUsedDate }) => ({
      status,
      createDate,
      lastUsedDate,
    })),
  };
}

/** The user's Active keys, oldest first, in the core's order (CreateDate, then AccessKeyId). */
function activeByAge(user: UserFacts): AccessKeyFacts[] {
  return user.keys
    .filter((k) => k.status === 'Active')
    .sort(
      (a, b) =>
        a.createDate.getTime() - b.createDate.getTime() ||
        (a.accessKeyId < b.accessKeyId ? -1 : a.accessKeyId > b.accessKeyId ? 1 : 0),
    );
}

function applyStateChanges(user: UserFacts, plan: UserPlan): UserFacts {
  const tags = { ...user.tags, ...plan.stateChanges.set };
  for (const k of plan.stateChanges.remove) delete tags[k];
  return { ...user, tags };
}

describe('planUser properties', () => {
  it('never deletes an Active key', () => {
    fc.assert(
      fc.property(scenario, ({ user, policy, now }) => {
        const plan = planUser(user, policy, now);
        for (const d of plan.decisions.filter((x) => x.action === 'delete')) {
          expect(user.keys.find((k) => k.accessKeyId === d.accessKeyId)?.status).toBe('Inactive');
        }
      }),
      RUNS,
    );
  });

  it('never plans a third key: a create with two keys follows exactly one deletion of the other', () => {
    fc.assert(
      fc.property(scenario, ({ user, policy, now }) => {
        const plan = planUser(user, policy, now);
        const creates = plan.decisions.filter((d) => d.action === 'create');
        const deletes = plan.decisions.filter((d) => d.action === 'delete');
        expect(creates.length).toBeLessThanOrEqual(1);
        expect(user.keys.length - deletes.length + creates.length).toBeLessThanOrEqual(2);
        for (const c of creates) {
          if (user.keys.length < 2) continue;
          const freed = deletes.filter((d) => d.accessKeyId === c.requiresDeletionOf);
          expect(freed).toHaveLength(1);
          expect(plan.decisions.indexOf(freed[0])).toBeLessThan(plan.decisions.indexOf(c));
          expect(freed[0].reasons).toContain('make-room-for-rotation');
        }
      }),
      RUNS,
    );
  });

  it('never acts on exempt or out-of-scope users', () => {
    fc.assert(
      fc.property(scenario, ({ user, policy, now }) => {
        const plan = planUser(user, policy, now);
        if (plan.applicability.kind === 'in-scope') return;
        expect(plan.decisions).toEqual([]);
        expect(acts(plan)).toBe(false);
      }),
      RUNS,
    );
  });

  it('never deletes before recoveryDays of observed inactivity', () => {
    fc.assert(
      fc.property(scenario, ({ user, policy, now }) => {
        const plan = planUser(user, policy, now);
        const { states } = parseKeyStates(user.tags, policy.tagPrefix);
        expect(plan.effectiveDays.recoveryDays).toBeLessThanOrEqual(policy.days.recoveryDays);
        for (const d of plan.decisions.filter((x) => x.action === 'delete')) {
          const k = user.keys.find((x) => x.accessKeyId === d.accessKeyId);
          const since = states.get(d.accessKeyId)?.inactiveSince;
          expect(since).toBeDefined();
          const start = Math.max(since!.getTime(), k?.lastUsedDate?.getTime() ?? 0);
          expect(now.getTime() - start).toBeGreaterThanOrEqual(
            plan.effectiveDays.recoveryDays * DAY_MS,
          );
        }
      }),
      RUNS,
    );
  });

  it('retires the older of two Active keys beside a key the engine did not create only after the pair was seen graceDays ago', () => {
    fc.assert(
      fc.property(scenario, ({ user, policy, now }) => {
        const plan = planUser(user, policy, now);
        const { states } = parseKeyStates(user.tags, policy.tagPrefix);
        const [older, newer, ...more] = activeByAge(user);
        if (older === undefined || newer === undefined || more.length > 0) return;
        if (states.get(newer.accessKeyId)?.createdAt !== undefined) return;
        const retired = plan.decisions.filter(
          (d) =>
            d.accessKeyId === older.accessKeyId &&
            d.action === 'deactivate' &&
            !d.reasons.includes('unused') &&
            !d.reasons.includes('interrupted-rotation'),
        );
        if (retired.length === 0) return;
        const seen = states.get(older.accessKeyId)?.secondKeySeenAt;
        expect(seen).toBeDefined();
        expect(seen!.getTime() + 60_000).toBeGreaterThanOrEqual(newer.createDate.getTime());
        expect(now.getTime() - seen!.getTime()).toBeGreaterThanOrEqual(
          plan.effectiveDays.graceDays * DAY_MS,
        );
      }),
      RUNS,
    );
  });

  it('gives every action a reason and an event, and every key a decision line', () => {
    fc.assert(
      fc.property(scenario, ({ user, policy, now }) => {
        const plan = planUser(user, policy, now);
        for (const d of plan.decisions) {
          expect(d.reasons.length).toBeGreaterThan(0);
          expect(d.event === undefined).toBe(d.action === 'none');
          expect(d.destructive).toBe(d.action === 'deactivate' || d.action === 'delete');
        }
        if (plan.applicability.kind !== 'in-scope') return;
        for (const k of user.keys) {
          expect(plan.decisions.some((d) => d.accessKeyId === k.accessKeyId)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('screenUser is conservative: anything planned means the user screens in', () => {
    fc.assert(
      fc.property(scenario, ({ user, policy, now }) => {
        const plan = planUser(user, policy, now);
        if (acts(plan))
          expect(screenUser(screenFactsOf(user), plan.applicability, policy, now)).toBe(true);
      }),
      RUNS,
    );
  });

  it('is idempotent: once its state changes are written, a re-plan repeats no warning or write', () => {
    fc.assert(
      fc.property(scenario, ({ user, policy, now }) => {
        const first = planUser(user, policy, now);
        const second = planUser(applyStateChanges(user, first), policy, now);
        expect(second.stateChanges).toEqual({ set: {}, remove: [] });
        expect(second.decisions.filter((d) => d.action === 'warn')).toEqual([]);
      }),
      RUNS,
    );
  });

  it('keeps action-bound tags out of stateChanges and writes only valid IAM tag values', () => {
    fc.assert(
      fc.property(scenario, ({ user, policy, now }) => {
        const plan = planUser(user, policy, now);
        const actionTags = plan.decisions.flatMap((d) => [
          ...Object.keys(d.tagsOnSuccess ?? {}),
          ...(d.untagOnSuccess ?? []),
        ]);
        const stateTags = [...Object.keys(plan.stateChanges.set), ...plan.stateChanges.remove];
        expect(actionTags.filter((t) => stateTags.includes(t))).toEqual([]);
        const values = [
          ...Object.values(plan.stateChanges.set),
          ...plan.decisions.flatMap((d) => Object.values(d.tagsOnSuccess ?? {})),
        ];
        for (const v of values) expect(v).toMatch(/^[\w .:/=+\-@]{1,256}$/);
      }),
      RUNS,
    );
  });

  it('circuit breaker leaves no destructive action and no create depending on one', () => {
    fc.assert(
      fc.property(
        fc.array(scenario, { maxLength: 5 }),
        fc.integer({ min: 0, max: 3 }),
        (s, max) => {
          const run = applyCircuitBreaker(
            s.map(({ user, policy, now }) => planUser(user, policy, now)),
            max,
          );
          expect(run.circuitBreakerTripped).toBe(run.destructiveCount > max);
          if (!run.circuitBreakerTripped) return;
          for (const plan of run.users) {
            expect(plan.decisions.filter((d) => d.destructive)).toEqual([]);
            expect(plan.decisions.filter((d) => d.requiresDeletionOf !== undefined)).toEqual([]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
