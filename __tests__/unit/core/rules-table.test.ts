/** The rules table: one file per rule, documented in order, and rules that only read their view. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { planUser, RULES, type UserFacts } from '../../../lambda/core';
import { scenario } from './arbitraries';

const root = join(__dirname, '..', '..', '..');
const lifecycle = readFileSync(join(root, 'docs', 'lifecycle.md'), 'utf8');

/** The rule files named by docs/lifecycle.md's "Rule → file" table, first file of each row. */
const documented = [
  ...lifecycle
    .slice(lifecycle.indexOf('### Rule → file'))
    .matchAll(/^\| \d+ +\| [^|]+\| `rules\/([a-z-]+)\.ts`/gm),
].map((m) => m[1]);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('RULES (lambda/core/plan-user.ts)', () => {
  it.each(RULES.map(([name]) => name))('has one file for rule %s', (name) => {
    expect(existsSync(join(root, 'lambda', 'core', 'rules', `${name}.ts`))).toBe(true);
  });

  it('is documented in docs/lifecycle.md in the order the outcomes combine', () => {
    expect(documented).toEqual(RULES.map(([name]) => name));
  });

  it('plans from a read-only user: no rule writes to the facts it is given', () => {
    fc.assert(
      fc.property(scenario, ({ user, policy, now }) => {
        const frozen = deepFreeze(structuredClone(user) as UserFacts);
        expect(planUser(frozen, policy, now)).toEqual(planUser(user, policy, now));
      }),
      { numRuns: 300 },
    );
  });
});
