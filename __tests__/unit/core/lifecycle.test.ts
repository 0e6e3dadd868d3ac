/** Whole-lifecycle scenarios as JSON fixtures `{ name, input, expected }` (see fixtures/). */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate, type LifecycleInput } from './lifecycle-sim';

interface Fixture {
  readonly name: string;
  readonly input: LifecycleInput;
  readonly expected: {
    readonly timeline: string[];
    readonly maxKeys: number;
    readonly daysWithoutActiveKey: number;
    readonly finalStateTags: number;
  };
}

const dir = join(__dirname, 'fixtures');
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture);

describe('lifecycle scenarios', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    // Act
    const result = simulate(fixture.input);

    // Assess
    expect(result).toEqual(fixture.expected);
  });
});

describe('lifecycle properties', () => {
  it('an owner who adopts each replacement within grace never loses access and never holds 3 keys', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            adopt: fc.integer({ min: 0, max: 5 }),
            graceExtra: fc.integer({ min: 1, max: 10 }),
            rotationExtra: fc.integer({ min: 1, max: 60 }),
            warnDays: fc.integer({ min: 0, max: 14 }),
            unusedExtra: fc.integer({ min: 1, max: 60 }),
            recoveryDays: fc.integer({ min: 1, max: 30 }),
          })
          .map((r) => {
            const graceDays = r.adopt + r.graceExtra;
            const rotationDays = graceDays + r.rotationExtra;
            return {
              adopt: r.adopt,
              days: {
                rotationDays,
                graceDays,
                warnDays: r.warnDays,
                unusedDays: r.adopt + r.unusedExtra,
                recoveryDays: r.recoveryDays,
              },
            };
          }),
        ({ adopt, days }) => {
          // Act
          const result = simulate({
            start: '2026-01-01T00:00:00Z',
            days: 3 * (days.rotationDays + days.recoveryDays),
            adoptAfterDays: adopt,
            policyDays: days,
          });

          // Assess
          expect(result.maxKeys).toBeLessThanOrEqual(2);
          expect(result.daysWithoutActiveKey).toBe(0);
          expect(
            result.timeline.filter((l) => l.includes(' create ')).length,
          ).toBeGreaterThanOrEqual(2);
        },
      ),
      { numRuns: 60 },
    );
  });
});
