/**
 * The overlap checks catch what they claim to: a repeated notice identity, an early second breaker
 * notice and a rolling-window overspend each give a violation, and their near misses do not. Pure data.
 */
import { DAY_MS } from '../../scripts/emulator/seed';
import {
  checkBudget,
  checkNoticesOnce,
  deliveredNotice,
  destructiveActions,
  newOverlapLedger,
  noticeIdentity,
  type DeliveredNotice,
} from './overlap-checks';
import type { Observation, ObservedUser } from './observe';

const T0 = Date.parse('2030-01-07T09:00:00Z');

function obs(at: number, users: Record<string, Partial<ObservedUser>> = {}): Observation {
  const full: Record<string, ObservedUser> = {};
  for (const [name, u] of Object.entries(users))
    full[name] = { keys: {}, tags: {}, groups: [], ...u };
  return { at, users: full, credentials: new Map() };
}

const notice = (event: string, extra: Partial<DeliveredNotice> = {}): DeliveredNotice => ({
  event,
  user: 'svc-a',
  accessKeyId: 'AKIAOLD',
  reasons: [],
  ...extra,
});

describe('each notice at most once', () => {
  it.each([
    [
      'KEY_DEACTIVATED twice in one trial',
      [notice('KEY_DEACTIVATED')],
      [notice('KEY_DEACTIVATED')],
      0,
    ],
    [
      'KEY_CREATED of one new key in two trials',
      [notice('KEY_CREATED', { newAccessKeyId: 'AKIANEW' })],
      [notice('KEY_CREATED', { newAccessKeyId: 'AKIANEW' })],
      2 * DAY_MS,
    ],
    [
      'ROTATION_BLOCKED a day after the first (a calendar week may begin in between)',
      [notice('ROTATION_BLOCKED', { reasons: ['two-key-limit-key-in-recovery'] })],
      [notice('ROTATION_BLOCKED', { reasons: ['two-key-limit-key-in-recovery'] })],
      DAY_MS,
    ],
    [
      'OLD_KEY_STILL_IN_USE twice on one UTC day',
      [notice('OLD_KEY_STILL_IN_USE')],
      [notice('OLD_KEY_STILL_IN_USE')],
      3 * 3_600_000,
    ],
  ])('%s is a violation', (_label, first, second, gap) => {
    const ledger = newOverlapLedger();
    expect(checkNoticesOnce(ledger, 1, first, obs(T0), obs(T0))).toEqual([]);
    const found = checkNoticesOnce(ledger, 2, second, obs(T0 + gap), obs(T0 + gap));
    expect(found.map((v) => v.invariant)).toEqual(['notice-at-most-once']);
  });

  it.each([
    ['OLD_KEY_STILL_IN_USE on two UTC days', 'OLD_KEY_STILL_IN_USE', DAY_MS],
    ['RUN_SUMMARY from every run', 'RUN_SUMMARY', 0],
    ['ROTATION_BLOCKED a week later (its reminder)', 'ROTATION_BLOCKED', 7 * DAY_MS],
  ])('%s is not', (_label, event, gap) => {
    const ledger = newOverlapLedger();
    checkNoticesOnce(ledger, 1, [notice(event)], obs(T0), obs(T0));
    expect(checkNoticesOnce(ledger, 2, [notice(event)], obs(T0 + gap), obs(T0 + gap))).toEqual([]);
  });

  it('ROTATION_UPCOMING is one notice per due date the engine recorded', () => {
    const warned = (due: string) =>
      obs(T0, { 'svc-a': { tags: { 'key-lifecycle:key:AKIAOLD': `warned-due=${due} mac=x.y` } } });
    const n = notice('ROTATION_UPCOMING');
    expect(noticeIdentity(n, obs(T0), warned('2030-01-20T09:00:00Z'))).toBe(
      'ROTATION_UPCOMING#svc-a#AKIAOLD#due=2030-01-20T09:00:00Z',
    );
    const ledger = newOverlapLedger();
    checkNoticesOnce(ledger, 1, [n], obs(T0), warned('2030-01-20T09:00:00Z'));
    // A rotation-days edit moved the due date: a new notice, not a repeat.
    expect(checkNoticesOnce(ledger, 2, [n], obs(T0), warned('2030-01-25T09:00:00Z'))).toEqual([]);
    expect(
      checkNoticesOnce(ledger, 3, [n], obs(T0), warned('2030-01-20T09:00:00Z')).map(
        (v) => v.invariant,
      ),
    ).toEqual(['notice-at-most-once']);
  });

  it('CIRCUIT_BREAKER_TRIPPED comes once per 24 hours', () => {
    const ledger = newOverlapLedger();
    const tripped = [notice('CIRCUIT_BREAKER_TRIPPED', { user: '-' })];
    expect(checkNoticesOnce(ledger, 1, tripped, obs(T0), obs(T0))).toEqual([]);
    const early = checkNoticesOnce(ledger, 2, tripped, obs(T0), obs(T0 + 12 * 3_600_000));
    expect(early.map((v) => v.invariant)).toEqual(['notice-at-most-once']);
    expect(checkNoticesOnce(ledger, 3, tripped, obs(T0), obs(T0 + 2 * DAY_MS))).toEqual([]);
  });

  it('reads a notice from the payload a subscriber receives', () => {
    expect(
      deliveredNotice({
        event: 'ROTATION_UPCOMING',
        user: 'svc-a',
        accessKeyId: 'AKIAOLD',
        reasons: ['rotation-due-soon'],
        facts: { dueInDays: 5 },
      }),
    ).toEqual({
      event: 'ROTATION_UPCOMING',
      user: 'svc-a',
      accessKeyId: 'AKIAOLD',
      reasons: ['rotation-due-soon'],
      dueInDays: 5,
    });
    expect(deliveredNotice('not json')).toBeUndefined();
  });
});

describe('destructive actions within the rolling 24-hour budget', () => {
  const before = obs(T0, {
    'svc-a': { keys: { AKIA1: 'Active', AKIA2: 'Inactive' } },
    'idle-e': { keys: { AKIA3: 'Active' } },
  });
  const after = obs(T0, { 'svc-a': { keys: { AKIA1: 'Inactive' } }, 'idle-e': { keys: {} } });

  it('counts deactivations and deletions between two observations', () => {
    expect(destructiveActions(before, after).sort()).toEqual([
      'deactivate svc-a AKIA1',
      'delete idle-e AKIA3',
      'delete svc-a AKIA2',
    ]);
    expect(destructiveActions(before, before)).toEqual([]);
  });

  it.each([
    ['two trials 12 hours apart over the budget', 12, 2, 3, 1],
    ['two trials 12 hours apart within the budget', 12, 2, 4, 0],
    ['two trials exactly 24 hours apart (the first slot is free again)', 24, 2, 2, 0],
  ])('%s', (_label, hours, each, max, expected) => {
    const ledger = newOverlapLedger();
    const acts = Array.from({ length: each }, (_, i) => `deactivate u AKIA${i}`);
    expect(checkBudget(ledger, T0, acts, max)).toEqual([]);
    const found = checkBudget(ledger, T0 + hours * 3_600_000, acts, max);
    expect(found.map((v) => v.invariant)).toEqual(expected ? ['destructive-within-budget'] : []);
  });
});
