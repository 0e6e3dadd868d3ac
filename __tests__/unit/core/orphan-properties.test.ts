/** Property: an interrupted rotation's orphan never costs the user the key their workload uses. */
import fc from 'fast-check';
import {
  PENDING_CREATE_HORIZON_MINUTES,
  pendingCreateTag,
  planUser,
  renderKeyState,
  stateTagKey,
  type AccessKeyFacts,
} from '../../../lambda/core';
import { A, B, DAY_MS, NOW, POLICY, PREFIX } from './builders';

const MINUTE_MS = 60_000;
const HORIZON_MS = PENDING_CREATE_HORIZON_MINUTES * MINUTE_MS;

/** An old key, an orphan created after a marker older than the horizon, and random policy days. */
const orphanScenario = fc
  .record({
    markerAge: fc.integer({ min: HORIZON_MS, max: 120 * DAY_MS }),
    orphanDelay: fc.integer({ min: 0, max: 15 * MINUTE_MS }),
    oldAge: fc.integer({ min: 1, max: 400 }),
    oldIdle: fc.option(fc.integer({ min: 0, max: 400 * DAY_MS }), { nil: undefined }),
    oldState: fc.constantFrom<Record<string, Date>>({}, { createdAt: new Date(0) }),
    days: fc.record({
      rotationDays: fc.integer({ min: 1, max: 200 }),
      warnDays: fc.integer({ min: 0, max: 30 }),
      graceDays: fc.integer({ min: 1, max: 30 }),
      unusedDays: fc.integer({ min: 1, max: 200 }),
      recoveryDays: fc.integer({ min: 1, max: 60 }),
    }),
  })
  .map((s) => {
    const at = new Date(Math.floor((NOW.getTime() - s.markerAge) / 1000) * 1000);
    const oldCreated = new Date(at.getTime() - s.oldAge * DAY_MS);
    const oldKey: AccessKeyFacts = {
      accessKeyId: A,
      status: 'Active',
      createDate: oldCreated,
      ...(s.oldIdle === undefined
        ? {}
        : { lastUsedDate: new Date(Math.max(oldCreated.getTime(), NOW.getTime() - s.oldIdle)) }),
    };
    const orphan: AccessKeyFacts = {
      accessKeyId: B,
      status: 'Active',
      createDate: new Date(at.getTime() + s.orphanDelay),
    };
    const [markerKey, markerValue] = pendingCreateTag(PREFIX, A, at);
    const tags: Record<string, string> = { [markerKey]: markerValue };
    const oldState = renderKeyState(s.oldState);
    if (oldState !== '') tags[stateTagKey(PREFIX, A)] = oldState;
    return {
      user: { userName: 'alice', path: '/', groups: [], tags, keys: [oldKey, orphan] },
      policy: { ...POLICY, days: s.days },
    };
  });

describe('an interrupted rotation', () => {
  it('never has its older key retired by rule 3, and always has its orphan deactivated', () => {
    fc.assert(
      fc.property(orphanScenario, ({ user, policy }) => {
        const plan = planUser(user, policy, NOW);
        const older = plan.decisions.filter((d) => d.accessKeyId === A);
        for (const d of older) {
          expect(d.reasons).not.toContain('rotated');
          expect(d.reasons).not.toContain('second-active-key');
        }
        expect(plan.decisions.find((d) => d.accessKeyId === B)).toMatchObject({
          action: 'deactivate',
          reasons: ['interrupted-rotation'],
        });
      }),
      { numRuns: 500 },
    );
  });
});
