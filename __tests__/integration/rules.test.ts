/**
 * The lifecycle rules against the emulator, through the public handler and its environment
 * configuration. Each test seeds a small account, runs the engine on chosen simulated days and
 * asserts IAM keys and statuses, the engine's state tags and the notifications a subscriber received.
 */
import { IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { useEmulator } from './support/fixture';
import { keysOf, stateTag, tagsOf } from '../../scripts/emulator/inspect';
import { seedUsers, type SeedUser } from '../../scripts/emulator/seed';
import type { Notification } from '../../scripts/emulator/sns-inbox';
import { createWorld, type WorldOptions } from '../../scripts/emulator/world';
import type { RunSummary } from '../../lambda/engine/summary';

const fx = useEmulator();
const stamp = (d: Date) => d.toISOString().replace('.000Z', 'Z');
/** Warnings about users: without STATE_MAC_KEY_ID every run also warns `state-not-tamper-evident`. */
const userWarnings = (summary: RunSummary) => summary.warnings.filter((w) => w.user !== undefined);
const eventsOf = (notes: readonly Notification[], user: string) =>
  notes.filter((n) => n.user === user).map((n) => n.event);

async function account(users: readonly SeedUser[], options: WorldOptions = {}) {
  const world = await createWorld(fx.emulator, options);
  const keys = await seedUsers(fx.emulator, users, world.at(0));
  return { world, keys };
}

describe('unused keys', () => {
  it('deactivates an unused key, keeps it through the recovery window, then deletes it', async () => {
    // Prepare
    const { world, keys } = await account([
      { name: 'idle', keys: [{ ageDays: 100, lastUsedDaysAgo: 50 }] },
    ]);
    const key = keys.idle![0]!;

    // Act
    const day0 = fx.seen(await world.runOn(0));
    const afterDay0 = { status: (await keysOf('idle'))[key], tag: await stateTag('idle', key) };
    const day0Notes = await world.inbox.drain();
    const day9 = fx.seen(await world.runOn(9));
    const day10 = fx.seen(await world.runOn(10));
    const laterNotes = await world.inbox.drain();

    // Assess
    expect(day0.actions).toEqual([
      expect.objectContaining({ action: 'deactivate', reasons: ['unused'], outcome: 'done' }),
    ]);
    expect(afterDay0).toEqual({
      status: 'Inactive',
      tag: `inactive-since=${stamp(world.at(0))} deactivated=${stamp(world.at(0))}`,
    });
    expect(eventsOf(day0Notes, 'idle')).toEqual(['KEY_DEACTIVATED']);
    expect(day9.actions).toEqual([]);
    expect(day10.actions).toEqual([
      expect.objectContaining({
        action: 'delete',
        reasons: ['recovery-window-ended'],
        outcome: 'done',
      }),
    ]);
    expect(await keysOf('idle')).toEqual({});
    expect(await stateTag('idle', key)).toBeUndefined();
    expect(eventsOf(laterNotes, 'idle')).toEqual(['KEY_DELETED']);
  });

  it('starts the recovery window when it first sees a key a person made Inactive', async () => {
    // Prepare
    const { world, keys } = await account([
      { name: 'manual', keys: [{ ageDays: 30, lastUsedDaysAgo: 1, status: 'Inactive' }] },
    ]);
    const key = keys.manual![0]!;

    // Act
    fx.seen(await world.runOn(0));
    const tag = await stateTag('manual', key);
    const day9 = fx.seen(await world.runOn(9));
    const day10 = fx.seen(await world.runOn(10));

    // Assess
    expect(tag).toBe(`inactive-since=${stamp(world.at(0))}`);
    expect(day9.actions).toEqual([]);
    expect(day10.actions.map((a) => a.action)).toEqual(['delete']);
  });

  it('respects a re-activation: notices it, reports it, and waits out the grace period before acting again', async () => {
    // Prepare
    const { world, keys } = await account([
      { name: 'revived', keys: [{ ageDays: 100, lastUsedDaysAgo: 50 }] },
    ]);
    const key = keys.revived![0]!;
    fx.seen(await world.runOn(0));
    await world.inbox.drain();
    await new IAMClient({}).send(
      new UpdateAccessKeyCommand({ UserName: 'revived', AccessKeyId: key, Status: 'Active' }),
    );

    // Act
    fx.seen(await world.runOn(3));
    const noticed = await world.inbox.drain();
    const duringGrace = [];
    for (let day = 4; day < 10; day++) duringGrace.push(...fx.seen(await world.runOn(day)).actions);
    const statusInGrace = (await keysOf('revived'))[key];
    const afterGrace = fx.seen(await world.runOn(10));

    // Assess
    expect(eventsOf(noticed, 'revived')).toContain('KEY_REACTIVATED');
    expect(duringGrace.filter((a) => a.action === 'deactivate' || a.action === 'delete')).toEqual(
      [],
    );
    expect(statusInGrace).toBe('Active');
    expect(afterGrace.actions).toEqual([
      expect.objectContaining({ action: 'deactivate', accessKeyId: key }),
    ]);
  });
});

describe('scope and exemptions', () => {
  it('never touches users outside the path prefix or in the exclude list', async () => {
    // Prepare
    const stale = [{ ageDays: 400, lastUsedDaysAgo: 300 }];
    const { world } = await account(
      [
        { name: 'managed', path: '/managed/', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] },
        { name: 'outsider', path: '/other/', keys: stale },
        { name: 'root-path', keys: stale },
        { name: 'excluded', path: '/managed/', keys: stale },
      ],
      { env: { USER_PATH_PREFIX: '/managed/', EXCLUDE_USERS: 'excluded' } },
    );

    // Act
    const summary = fx.seen(await world.runOn(0));
    const notes = await world.inbox.drain();

    // Assess
    expect(summary.usersInScope).toBe(1);
    expect(summary.actions).toEqual([]);
    for (const user of ['outsider', 'root-path', 'excluded']) {
      expect(Object.values(await keysOf(user))).toEqual(['Active']);
      expect(await tagsOf(user)).toEqual({});
      expect(eventsOf(notes, user)).toEqual([]);
    }
  });

  it.each([
    ['a member of the exempt group', { groups: ['break-glass'] }],
    ['exempt by tag until a future date', { tags: { 'key-lifecycle:exempt-until': '2031-01-01' } }],
  ])('does not act on a user who is %s', async (_label, extra) => {
    // Prepare
    const { world } = await account(
      [{ name: 'vip', ...extra, keys: [{ ageDays: 400, lastUsedDaysAgo: 300 }] }],
      {
        env: { EXEMPT_GROUP: 'break-glass' },
      },
    );

    // Act
    const summary = fx.seen(await world.runOn(0));
    const notes = await world.inbox.drain();

    // Assess
    expect(summary.actions).toEqual([]);
    expect(Object.values(await keysOf('vip'))).toEqual(['Active']);
    expect(
      Object.keys(await tagsOf('vip')).filter((k) => k.startsWith('key-lifecycle:key:')),
    ).toEqual([]);
    expect(eventsOf(notes, 'vip')).toEqual([]);
  });

  it.each([
    ['expired', '2029-12-31', 'exemption-expired'],
    ['malformed', 'next-year', 'exemption-malformed'],
  ])(
    'acts on a user whose exemption tag is %s, with a warning naming the value',
    async (_label, value, code) => {
      // Prepare
      const { world } = await account([
        {
          name: 'lapsed',
          tags: { 'key-lifecycle:exempt-until': value },
          keys: [{ ageDays: 100, lastUsedDaysAgo: 60 }],
        },
      ]);

      // Act
      const summary = fx.seen(await world.runOn(0));

      // Assess
      expect(summary.actions.map((a) => a.action)).toEqual(['deactivate']);
      expect(userWarnings(summary)).toEqual([expect.objectContaining({ user: 'lapsed', code })]);
      expect(summary.warnings.find((w) => w.user === 'lapsed')!.message).toContain(value);
    },
  );
});

describe('per-user overrides', () => {
  it.each([
    ['tightens rotation to 30 days', '30', 31, ['create'], []],
    [
      'ignores an attempt to loosen rotation, with a warning',
      '365',
      95,
      ['create'],
      ['override-loosening-ignored'],
    ],
    ['ignores a malformed value, with a warning', 'ninety', 95, ['create'], ['override-malformed']],
    ['leaves a key younger than the tightened limit alone', '30', 20, [], []],
  ])('%s', async (_label, value, ageDays, actions, warnings) => {
    // Prepare
    const { world } = await account([
      {
        name: 'tuned',
        tags: { 'key-lifecycle:rotation-days': value },
        keys: [{ ageDays, lastUsedDaysAgo: 1 }],
      },
    ]);

    // Act
    const summary = fx.seen(await world.runOn(0));

    // Assess
    expect(summary.actions.map((a) => a.action)).toEqual(actions);
    expect(userWarnings(summary).map((w) => w.code)).toEqual(warnings);
    for (const w of summary.warnings.filter((x) => x.user !== undefined))
      expect(w.message).toEqual(expect.stringContaining(value));
  });
});

describe('the two-key limit', () => {
  it('blocks rotation when the other key is Active, retires the older one graceDays after first seeing the pair, and never exceeds two keys', async () => {
    // Prepare: a person created the second key 95 days ago; both are in use; the engine has never run.
    const { world, keys } = await account([
      {
        name: 'crowded',
        keys: [
          { ageDays: 120, lastUsedDaysAgo: 1 },
          { ageDays: 95, lastUsedDaysAgo: 1 },
        ],
      },
    ]);
    const older = keys.crowded![0]!;

    // Act
    const firstSight = fx.seen(await world.runOn(0));
    const recorded = await stateTag('crowded', older);
    const firstNotes = await world.inbox.drain();
    const day6 = fx.seen(await world.runOn(6));
    const day7 = fx.seen(await world.runOn(7));
    const laterNotes = await world.inbox.drain();

    // Assess: the owner is warned on first sight, and the older key outlives the grace period.
    const shape = (s: typeof day7) => s.actions.map((a) => `${a.action}:${a.reasons.join('+')}`);
    expect(shape(firstSight)).toEqual(['warn:within-grace+old-key-still-in-use']);
    expect(firstSight.blocked).toEqual([
      expect.objectContaining({ user: 'crowded', action: 'create' }),
    ]);
    expect(recorded).toBe(
      `in-use-notified=${stamp(world.at(0))} second-key-seen=${stamp(world.at(0))}`,
    );
    expect(eventsOf(firstNotes, 'crowded')).toEqual(
      expect.arrayContaining(['OLD_KEY_STILL_IN_USE', 'ROTATION_BLOCKED']),
    );
    expect(shape(day6)).toEqual([]);
    expect(shape(day7)).toEqual(['deactivate:second-active-key']);
    expect(day7.actions[0]).toMatchObject({ accessKeyId: older, outcome: 'done' });
    expect(eventsOf(laterNotes, 'crowded')).toContain('KEY_DEACTIVATED');
    expect(Object.keys(await keysOf('crowded'))).toHaveLength(2);
  });

  it('blocks rotation while the other key is Inactive but still inside its recovery window', async () => {
    // Prepare
    const { world, keys } = await account([
      {
        name: 'waiting',
        keys: [
          { ageDays: 200, lastUsedDaysAgo: 100, status: 'Inactive' },
          { ageDays: 95, lastUsedDaysAgo: 1 },
        ],
      },
    ]);

    // Act
    const summary = fx.seen(await world.runOn(0));

    // Assess
    expect(summary.blocked).toEqual([
      expect.objectContaining({ reason: 'two-key-limit-key-in-recovery' }),
    ]);
    expect(await keysOf('waiting')).toEqual({
      [keys.waiting![0]!]: 'Inactive',
      [keys.waiting![1]!]: 'Active',
    });
  });

  it('deletes an Inactive key whose recovery window has ended to make room, then rotates', async () => {
    // Prepare
    const { world, keys } = await account([
      {
        name: 'roomy',
        keys: [
          { ageDays: 200, lastUsedDaysAgo: 100, status: 'Inactive' },
          { ageDays: 85, lastUsedDaysAgo: 1 },
        ],
      },
    ]);
    fx.seen(await world.runOn(0)); // starts the Inactive key's recovery window

    // Act
    const summary = fx.seen(await world.runOn(10));

    // Assess
    expect(summary.actions.map((a) => `${a.action}:${a.outcome}`)).toEqual([
      'delete:done',
      'create:done',
    ]);
    const after = await keysOf('roomy');
    expect(Object.keys(after)).toHaveLength(2);
    expect(after[keys.roomy![0]!]).toBeUndefined();
  });
});

describe('circuit breaker', () => {
  it('trips on an account with 30 stale keys: deletes and deactivates nothing, still rotates, and alerts', async () => {
    // Prepare
    const stale: SeedUser[] = Array.from({ length: 30 }, (_, i) => ({
      name: `stale-${i}`,
      keys: [{ ageDays: 300, lastUsedDaysAgo: 200 }],
    }));
    const { world } = await account([
      ...stale,
      { name: 'due', keys: [{ ageDays: 95, lastUsedDaysAgo: 1 }] },
    ]);

    // Act
    const summary = fx.seen(await world.runOn(0));
    const notes = await world.inbox.drain();

    // Assess
    expect(summary.circuitBreakerTripped).toBe(true);
    expect(summary.actions.map((a) => `${a.user}:${a.action}`)).toEqual(['due:create']);
    for (const user of stale) expect(Object.values(await keysOf(user.name))).toEqual(['Active']);
    expect(notes.map((n) => n.event)).toContain('CIRCUIT_BREAKER_TRIPPED');
  });
});
