/**
 * The campaign's invariant checks catch what they claim to: each is fed a before/after pair that breaks
 * it (and a near miss that does not). No emulator: observations are plain data.
 */
import { DAY_MS } from '../../scripts/emulator/seed';
import type { Account } from './account';
import {
  checkAlways,
  checkSettled,
  newHistory,
  track,
  type History,
  type RunEvidence,
} from './invariants';
import type { Observation, ObservedUser } from './observe';

const T0 = Date.parse('2030-01-07T09:00:00Z');
type Users = Record<string, Partial<ObservedUser>>;

function obs(at: number, users: Users): Observation {
  const full: Record<string, ObservedUser> = {};
  for (const [name, u] of Object.entries(users))
    full[name] = { keys: {}, tags: {}, groups: [], ...u };
  return { at, users: full, credentials: new Map() };
}

function account(personKeys: string[] = []): Account {
  return {
    personKeys: new Set(personKeys),
    workloads: new Map(),
    exemptUntil: T0 + 5 * DAY_MS,
    engineDeactivated: new Set(),
    reactivated: new Map(),
  };
}

function run(
  before: Observation,
  after: Observation,
  extra: Partial<RunEvidence> = {},
  history: History = newHistory(),
  acct: Account = account(),
) {
  track(history, before);
  return checkAlways(acct, history, {
    before,
    after,
    logs: [],
    killed: false,
    errorsByUser: new Set(),
    ...extra,
  }).map((v) => v.invariant);
}

const decision = (user: string, accessKeyId: string) =>
  JSON.stringify({
    type: 'decision',
    user,
    accessKeyId,
    action: 'deactivate',
    reasons: ['interrupted-rotation'],
  });

describe('invariants of the fault-schedule campaign', () => {
  it.each([
    ['6 days', 6, ['reactivation-grace-kept']],
    ['7 days', 7, []],
  ])(
    'a key deactivated %s after a person re-activated it: the grace is flagged when cut short',
    (_n, days, expected) => {
      const acct = account();
      acct.reactivated.set('K1', T0);
      const at = T0 + days * DAY_MS;
      const broken = run(
        obs(at, { 'idle-e': { keys: { K1: 'Active' } } }),
        obs(at, { 'idle-e': { keys: { K1: 'Inactive' } } }),
        {},
        newHistory(),
        acct,
      );
      expect(broken).toEqual(expected);
      expect(acct.engineDeactivated.has('K1')).toBe(true);
    },
  );

  it('flags a third key', () => {
    const keys = { K1: 'Active', K2: 'Active', K3: 'Inactive' } as const;
    expect(run(obs(T0, { u: { keys } }), obs(T0, { u: { keys } }))).toContain('never-a-third-key');
  });

  it('flags an Active key deleted', () => {
    expect(run(obs(T0, { u: { keys: { K1: 'Active' } } }), obs(T0, { u: {} }))).toEqual([
      'no-active-key-deleted',
    ]);
  });

  it.each([
    [3, {}, ['no-deletion-before-recovery-window']],
    [10, {}, []],
    [5, { 'key-lifecycle:recovery-days': '5' }, []],
    [5, { 'key-lifecycle:recovery-days': '50' }, ['no-deletion-before-recovery-window']],
  ])(
    'an Inactive key deleted %i days after it was first seen Inactive (tags %j): %j',
    (days, tags, expected) => {
      const history = newHistory();
      track(history, obs(T0, { u: { keys: { K1: 'Inactive' }, tags } }));
      const at = T0 + days * DAY_MS;
      expect(
        run(
          obs(at, { u: { keys: { K1: 'Inactive' }, tags } }),
          obs(at, { u: { tags } }),
          {},
          history,
        ),
      ).toEqual(expected);
    },
  );

  it.each([
    ['exempt-f', 'while exempt', T0, ['exempt-and-out-of-scope-untouched']],
    ['outsider-g', 'while out of scope', T0, ['exempt-and-out-of-scope-untouched']],
    ['until-h', 'before exempt-until', T0, ['exempt-and-out-of-scope-untouched']],
    ['until-h', 'after exempt-until', T0 + 6 * DAY_MS, []],
  ])('a key of %s deactivated %s: %j', (user, _when, at, expected) => {
    expect(
      run(
        obs(at, { [user]: { keys: { K1: 'Active' } } }),
        obs(at, { [user]: { keys: { K1: 'Inactive' } } }),
      ),
    ).toEqual(expected);
  });

  it('flags an orphan decision on a person key and on the stored key, not on an engine key', () => {
    const before = obs(T0, {
      u: { keys: { P: 'Active', S: 'Active' }, current: 'S' },
      v: { keys: { E: 'Active' } },
    });
    const logs = [decision('u', 'P'), decision('u', 'S'), decision('v', 'E')];
    expect(run(before, before, { logs }, newHistory(), account(['P']))).toEqual([
      'person-key-never-an-orphan',
      'stored-key-never-an-orphan',
    ]);
  });

  it.each([
    ['no error reported', {}, ['created-key-stored-or-reported']],
    ['an error reported for the user', { errorsByUser: new Set(['u']) }, []],
    ['the run was killed', { killed: true }, []],
  ])('a created key left unstored, %s: %j', (_label, extra, expected) => {
    const before = obs(T0, { u: { keys: { K1: 'Active' } } });
    const after = obs(T0, { u: { keys: { K1: 'Active', K2: 'Active' } } });
    expect(run(before, after, extra)).toEqual(expected);
  });

  it.each([
    ['the old engine key in grace beside the new one', { E1: 'Active', E2: 'Active' }, 'E2', []],
    [
      'an engine key nobody stored',
      { E1: 'Active', P: 'Active' },
      'P',
      ['created-key-in-awscurrent-and-works'],
    ],
  ] as const)('settled: %s', (_label, keys, current, expected) => {
    const history = newHistory();
    history.engineKeys.add('E1');
    history.engineKeys.add('E2');
    const found = checkSettled(history, obs(T0, { u: { keys, current } }));
    expect(found.map((v) => v.invariant)).toEqual(expected);
  });
});
