/**
 * The coordination table as an input someone else may write (docs/threat-model.md, "The coordination
 * table"), against the emulator with the state MAC key on as the module deploys it: planted notice
 * items publish nothing the engine did not compose and silence nothing; deleted or edited budget slots
 * never enlarge the 24-hour budget.
 */
import type { RunSummary } from '../../lambda/engine/summary';
import {
  deleteSlotItems,
  editSlotTime,
  plantPendingNotice,
  plantSentRecord,
} from '../../scripts/emulator/coordination-plant';
import { coordinationItems } from '../../scripts/emulator/coordination-table';
import { keysOf } from '../../scripts/emulator/inspect';
import { seedUsers, type SeedUser } from '../../scripts/emulator/seed';
import { createWorld } from '../../scripts/emulator/world';
import { useEmulator } from './support/fixture';

const fx = useEmulator();
const MINUTE_MS = 60_000;
const IDLE: SeedUser = { name: 'idle', keys: [{ ageDays: 100, lastUsedDaysAgo: 50 }] };
const FOREIGN_TEXT = 'Your key was compromised: call 555-0100 and read out your secret key';

const untrusted = (s: RunSummary) =>
  s.warnings.filter((w) => w.code === 'coordination-item-untrusted').map((w) => w.message);

const unusedUsers = (n: number): SeedUser[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `u${i + 1}`,
    keys: [{ ageDays: 100, lastUsedDaysAgo: 50 }],
  }));

async function inactiveCount(users: readonly SeedUser[]): Promise<number> {
  const statuses = await Promise.all(users.map(async (u) => Object.values(await keysOf(u.name))));
  return statuses.flat().filter((s) => s === 'Inactive').length;
}

describe('planted notice items', () => {
  it.each([
    ['signed (state MAC key on)', true, (at: Date) => at],
    // Without the key nothing verifies; a record holding the notice past its 7-day keep is still foreign.
    [
      'unsigned, kept beyond any keep',
      false,
      (at: Date) => new Date(at.getTime() + 400 * 86_400_000),
    ],
  ])(
    'a planted sent record does not silence KEY_DEACTIVATED (%s)',
    async (_label, stateMac, sentAt) => {
      // Prepare
      const world = await createWorld(fx.emulator, { coordination: true, stateMac });
      const seeded = await seedUsers(fx.emulator, [IDLE], world.at(0));
      const keyId = seeded.idle![0]!;
      await plantSentRecord(`KEY_DEACTIVATED#idle#${keyId}`, sentAt(world.at(0)));

      // Act
      const summary = fx.seen(await world.runOn(0));
      const notes = await world.inbox.drain();

      // Assess
      expect(notes.filter((n) => n.event === 'KEY_DEACTIVATED').map((n) => n.user)).toEqual([
        'idle',
      ]);
      expect(untrusted(summary)).toEqual([
        expect.stringContaining(`sent record of notice KEY_DEACTIVATED#idle#${keyId}`),
      ]);
      const [record] = await coordinationItems('notice');
      expect(record).toEqual(expect.objectContaining({ status: 'sent' }));
      if (stateMac) expect(record!.mac).toMatch(/^coordination-tbl\./);
    },
  );

  it('a planted pending notice body is not published; the entry is withdrawn', async () => {
    // Prepare: an entry that looks like an engine notice about a real key, with foreign text in it.
    const world = await createWorld(fx.emulator, { coordination: true, stateMac: true });
    const seeded = await seedUsers(
      fx.emulator,
      [{ name: 'alice', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] }],
      world.at(0),
    );
    const body = {
      event: 'ROTATION_BLOCKED',
      user: 'alice',
      accessKeyId: seeded.alice![0],
      mode: 'enforce',
      block: { userName: 'alice', accessKeyId: seeded.alice![0], reason: FOREIGN_TEXT },
    };
    await plantPendingNotice('ROTATION_BLOCKED#alice#planted', body, world.at(0));

    // Act
    const summary = fx.seen(await world.runOn(0));
    const notes = await world.inbox.drain();

    // Assess
    expect(JSON.stringify(notes)).not.toContain('555-0100');
    expect(notes.filter((n) => n.event !== 'RUN_SUMMARY')).toEqual([]);
    expect(untrusted(summary)).toEqual([
      expect.stringContaining('pending notice ROTATION_BLOCKED#alice#planted'),
    ]);
    expect(await coordinationItems('notice')).toEqual([]);
  });

  it('without the MAC key a planted pending entry publishes only an action IAM shows, in engine words', async () => {
    // Prepare: one entry for a key that is Active (no deactivation happened), one for a key that is
    // Inactive, both carrying foreign text in their reasons.
    const world = await createWorld(fx.emulator, { coordination: true });
    const seeded = await seedUsers(
      fx.emulator,
      [
        { name: 'active', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] },
        { name: 'off', keys: [{ ageDays: 10, lastUsedDaysAgo: 1, status: 'Inactive' }] },
      ],
      world.at(0),
    );
    const planted = (user: string, keyId: string) => ({
      event: 'KEY_DEACTIVATED',
      user,
      accessKeyId: keyId,
      reasons: [FOREIGN_TEXT],
      facts: { idleDays: 1 },
      mode: 'enforce',
    });
    await plantPendingNotice(
      `KEY_DEACTIVATED#active#${seeded.active![0]}`,
      planted('active', seeded.active![0]!),
      world.at(0),
    );
    await plantPendingNotice(
      `KEY_DEACTIVATED#off#${seeded.off![0]}`,
      planted('off', seeded.off![0]!),
      world.at(0),
    );

    // Act
    fx.seen(await world.runOn(0));
    const notes = await world.inbox.drain();

    // Assess
    expect(JSON.stringify(notes)).not.toContain('555-0100');
    expect(notes.filter((n) => n.event === 'KEY_DEACTIVATED').map((n) => n.user)).toEqual(['off']);
  });
});

describe('deleted or edited budget slots', () => {
  const MAX = 3;

  it.each([
    ['deleted', (slots: number[]) => deleteSlotItems(slots)],
    ['edited to look free', (slots: number[]) => Promise.all(slots.map((s) => editSlotTime(s, 0)))],
  ])('claimed slot items %s do not enlarge the 24-hour budget', async (_label, tamper) => {
    // Prepare: two runs spend two of three units; then the claimed slot items are tampered with.
    const world = await createWorld(fx.emulator, {
      coordination: true,
      stateMac: true,
      env: { MAX_DESTRUCTIVE_ACTIONS: String(MAX) },
    });
    const users = unusedUsers(6);
    await seedUsers(fx.emulator, users, world.at(0));
    for (const [i, u] of users.slice(0, 2).entries()) {
      const at = new Date(world.at(0).getTime() + i * MINUTE_MS);
      await fx.emulator.setClock(at);
      fx.seen(await world.engine.run(at, { users: [u.name] }));
    }
    const claimed = (await coordinationItems('budget'))
      .filter((i) => Number(i.at) > 0)
      .map((i) => Number(i.sk!.replace('slot#', '')));
    expect(claimed).toHaveLength(2);
    await tamper(claimed);

    // Act: an hour later, one run per user left (each wants one unit).
    const summaries: RunSummary[] = [];
    for (const [i, u] of users.slice(2).entries()) {
      const at = new Date(world.at(0).getTime() + (60 + i) * MINUTE_MS);
      await fx.emulator.setClock(at);
      summaries.push(fx.seen(await world.engine.run(at, { users: [u.name] })));
    }

    // Assess: never more than MAX in the window; each tampered slot is named once, as spent.
    expect(await inactiveCount(users)).toBe(MAX);
    const named = summaries.flatMap(untrusted);
    expect(named).toHaveLength(2);
    for (const m of named) {
      expect(m).toMatch(/budget slot \d+ .*counts as a destructive action taken now/);
    }
  });

  it('a slot counted spent for tampering is free again 24 hours later', async () => {
    // Prepare: one unit spent and its slot deleted; an hour later a run wants three (one too many).
    const world = await createWorld(fx.emulator, {
      coordination: true,
      stateMac: true,
      env: { MAX_DESTRUCTIVE_ACTIONS: String(MAX) },
    });
    const users = unusedUsers(4);
    await seedUsers(fx.emulator, users, world.at(0));
    fx.seen(await world.engine.run(world.at(0), { users: ['u1'] }));
    const claimed = (await coordinationItems('budget'))
      .filter((i) => Number(i.at) > 0)
      .map((i) => Number(i.sk!.replace('slot#', '')));
    await deleteSlotItems(claimed);
    const hour = new Date(world.at(0).getTime() + 60 * MINUTE_MS);
    await fx.emulator.setClock(hour);
    const tripped = fx.seen(await world.engine.run(hour));
    const afterHour = await inactiveCount(users);

    // Act
    const summary = fx.seen(await world.runOn(2));

    // Assess: the deleted slot counted (the breaker tripped), and two days later the budget is whole.
    expect(tripped.circuitBreakerTripped).toBe(true);
    expect(untrusted(tripped)).toHaveLength(1);
    expect(afterHour).toBe(1);
    expect(untrusted(summary)).toEqual([]);
    expect(await inactiveCount(users)).toBe(4);
  });
});
