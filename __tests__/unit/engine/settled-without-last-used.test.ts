/**
 * settledWithoutLastUsed (lambda/core) lets the fallback path skip GetAccessKeyLastUsed. It is only
 * safe if no last-use answer IAM could give would change the plan: checked here against planUser.
 */
import fc from 'fast-check';
import {
  evaluateApplicability,
  planUser,
  settledWithoutLastUsed,
  type Applicability,
  type UserFacts,
} from '../../../lambda/core';
import { scenario } from '../core/arbitraries';
import { POLICY, NOW, ago } from '../core/builders';

const RUNS = { numRuns: 3_000 };
const IN_SCOPE: Applicability = { kind: 'in-scope' };

/** Last use as a share of the key's life so far (IAM cannot report a use before the key existed). */
const lastUseShare = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined });

function withLastUse(user: UserFacts, shares: readonly (number | undefined)[], now: Date) {
  return {
    ...user,
    keys: user.keys.map((k, i) => {
      const share = shares[i];
      const listed = { accessKeyId: k.accessKeyId, status: k.status, createDate: k.createDate };
      if (share === undefined) return listed;
      const life = Math.max(0, now.getTime() - k.createDate.getTime());
      return { ...listed, lastUsedDate: new Date(k.createDate.getTime() + share * life) };
    }),
  };
}

describe('settledWithoutLastUsed', () => {
  it('settles only users whose plan is empty whatever their keys last use', () => {
    let settled = 0;
    fc.assert(
      fc.property(
        scenario,
        fc.array(lastUseShare, { minLength: 3, maxLength: 3 }),
        ({ user, policy, now }, shares) => {
          const { applicability } = evaluateApplicability(user, policy, now);
          if (!settledWithoutLastUsed(user, applicability, policy, now)) return;
          settled++;
          const plan = planUser(withLastUse(user, shares, now), policy, now);
          expect(plan.decisions.filter((d) => d.action !== 'none')).toEqual([]);
          expect(plan.blocked).toEqual([]);
          expect(plan.stateChanges).toEqual({ set: {}, remove: [] });
        },
      ),
      RUNS,
    );
    expect(settled).toBeGreaterThan(50); // the property was exercised, not vacuously true
  });

  it.each([
    {
      name: 'a young Active key',
      keys: [{ status: 'Active', createDate: ago(10) }],
      settled: true,
    },
    { name: 'no keys', keys: [], settled: true },
    {
      name: 'a key old enough to be unused',
      keys: [{ status: 'Active', createDate: ago(45) }],
      settled: false,
    },
    {
      name: 'a key in its warning window',
      keys: [{ status: 'Active', createDate: ago(83) }],
      settled: false,
    },
    { name: 'an Inactive key', keys: [{ status: 'Inactive', createDate: ago(1) }], settled: false },
    {
      name: 'two keys',
      keys: [
        { status: 'Active', createDate: ago(1) },
        { status: 'Active', createDate: ago(2) },
      ],
      settled: false,
    },
  ] as const)('decides $name: settled $settled', ({ keys, settled }) => {
    // Prepare
    const user = { userName: 'alice', path: '/', tags: {}, groups: [], keys };

    // Act
    const result = settledWithoutLastUsed(user, IN_SCOPE, POLICY, NOW);

    // Assess
    expect(result).toBe(settled);
  });

  it('does not settle a user carrying engine state, however young the key', () => {
    // Prepare
    const user = {
      userName: 'alice',
      path: '/',
      tags: { 'key-lifecycle:key:AKIAAAAAAAAAAAAAAAAA': 'inactive-since=2026-05-30T00:00:00Z' },
      groups: [],
      keys: [{ status: 'Active', createDate: ago(1) }] as const,
    };

    // Act
    const result = settledWithoutLastUsed(user, IN_SCOPE, POLICY, NOW);

    // Assess
    expect(result).toBe(false);
  });
});
