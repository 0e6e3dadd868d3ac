/**
 * Issue 7, items 7 and 8, against the emulator with the coordination table (docs/lifecycle.md,
 * "Coordination table"): the rolling 24-hour destructive-action budget shared by every invocation, and
 * each notice sent once in total whatever the number of runs, overlaps or crashes.
 */
import { IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import type { AwsClients } from '../../lambda/aws/clients';
import type { RunSummary } from '../../lambda/engine/summary';
import { coordinationItems } from '../../scripts/emulator/coordination-table';
import { engineDriver } from '../../scripts/emulator/engine';
import { useEmulator } from './support/fixture';
import { keysOf } from '../../scripts/emulator/inspect';
import { DAY_MS, seedUsers, type SeedUser } from '../../scripts/emulator/seed';
import type { Notification } from '../../scripts/emulator/sns-inbox';
import { createWorld, type World } from '../../scripts/emulator/world';

const fx = useEmulator();
const MINUTE_MS = 60_000;
const MAX = 20;

const idOf = (n: Notification) => {
  const body = n.body as { accessKeyId?: string; newAccessKeyId?: string };
  return body.newAccessKeyId ?? body.accessKeyId ?? '-';
};
const countOf = (notes: readonly Notification[], event: string) =>
  notes.filter((n) => n.event === event).length;

/** `n` users with one Active key each, idle 50 days: every one of them is due for deactivation. */
const unusedUsers = (n: number): SeedUser[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `u${i + 1}`,
    keys: [{ ageDays: 100, lastUsedDaysAgo: 50 }],
  }));

async function deactivatedCount(users: readonly SeedUser[]): Promise<number> {
  const statuses = await Promise.all(users.map(async (u) => Object.values(await keysOf(u.name))));
  return statuses.flat().filter((s) => s === 'Inactive').length;
}

/** A driver as a separate Lambda container would be: own clients, same configuration. */
function container(world: World, prepareClients?: (clients: AwsClients) => void) {
  return engineDriver({
    env: {
      MODE: 'enforce',
      SNS_TOPIC_ARN: world.topicArn,
      COORDINATION_TABLE: 'iam-key-lifecycle-coordination',
      MAX_DESTRUCTIVE_ACTIONS: String(MAX),
    },
    ...(prepareClients ? { prepareClients } : {}),
  });
}

/** The engine's own inactive-since record, as a run 20 days earlier would have written it. */
async function recordInactiveSince(world: World, user: string, accessKeyId: string) {
  const since = new Date(world.at(0).getTime() - 20 * DAY_MS).toISOString().replace('.000Z', 'Z');
  await new IAMClient({}).send(
    new TagUserCommand({
      UserName: user,
      Tags: [{ Key: `key-lifecycle:key:${accessKeyId}`, Value: `inactive-since=${since}` }],
    }),
  );
}

describe('the circuit breaker is a rolling 24-hour budget shared by every invocation', () => {
  it('30 single-user manual runs over 15 hours deactivate at most maxDestructiveActions keys and report the rest', async () => {
    // Prepare
    const world = await createWorld(fx.emulator, {
      coordination: true,
      env: { MAX_DESTRUCTIVE_ACTIONS: String(MAX) },
    });
    const users = unusedUsers(30);
    await seedUsers(fx.emulator, users, world.at(0));

    // Act: one run per user, 30 minutes apart (all inside one 24-hour window).
    const summaries: RunSummary[] = [];
    for (const [i, u] of users.entries()) {
      const at = new Date(world.at(0).getTime() + i * 30 * MINUTE_MS);
      await fx.emulator.setClock(at);
      summaries.push(fx.seen(await world.engine.run(at, { users: [u.name] })));
    }
    const notes = await world.inbox.drain();

    // Assess: exactly the budget was spent, the rest reported as withheld by the breaker.
    expect(await deactivatedCount(users)).toBe(MAX);
    const done = summaries.flatMap((s) => s.actions).filter((a) => a.outcome === 'done');
    expect(done).toHaveLength(MAX);
    const withheld = summaries.flatMap((s) => s.blocked);
    expect(withheld).toHaveLength(30 - MAX);
    for (const b of withheld) {
      expect(b).toEqual(
        expect.objectContaining({ action: 'deactivate', reason: 'circuit-breaker' }),
      );
      expect(b.message).toContain('rolling 24-hour budget');
    }
    expect(summaries.slice(MAX).every((s) => s.circuitBreakerTripped)).toBe(true);
    expect(countOf(notes, 'KEY_DEACTIVATED')).toBe(MAX);
    // Ten runs tripped; ops hear it once per budget window.
    expect(countOf(notes, 'CIRCUIT_BREAKER_TRIPPED')).toBe(1);
    expect(summaries.flatMap((s) => s.errors)).toEqual([]);
    expect(summaries.flatMap((s) => s.warnings).map((w) => w.code)).not.toContain(
      'coordination-off',
    );
  });

  it('30 single-user runs started together claim at most maxDestructiveActions units between them', async () => {
    // Prepare
    const world = await createWorld(fx.emulator, { coordination: true });
    const users = unusedUsers(30);
    await seedUsers(fx.emulator, users, world.at(0));
    const drivers = users.map(() => container(world));

    // Act
    const summaries = await Promise.all(
      drivers.map(async (d, i) => fx.seen(await d.run(world.at(0), { users: [users[i]!.name] }))),
    );
    const notes = await world.inbox.drain();

    // Assess
    const deactivated = await deactivatedCount(users);
    expect(deactivated).toBeLessThanOrEqual(MAX);
    expect(deactivated).toBeGreaterThan(0);
    const done = summaries.flatMap((s) => s.actions).filter((a) => a.outcome === 'done');
    expect(done).toHaveLength(deactivated);
    expect(summaries.flatMap((s) => s.blocked)).toHaveLength(30 - deactivated);
    expect(countOf(notes, 'KEY_DEACTIVATED')).toBe(deactivated);
    expect(countOf(notes, 'CIRCUIT_BREAKER_TRIPPED')).toBeLessThanOrEqual(1);
    const live = (await coordinationItems('budget')).filter(
      (i) => Number(i.at) > world.at(0).getTime() - DAY_MS,
    );
    expect(live).toHaveLength(deactivated);
    expect(summaries.flatMap((s) => s.errors)).toEqual([]);
  }, 180_000);

  it('budget units come back 24 hours after the latest instant their run could use them', async () => {
    // Prepare: 25 unused keys, a budget of 20 spent on day 0.
    const world = await createWorld(fx.emulator, { coordination: true });
    const users = unusedUsers(MAX + 5);
    await seedUsers(fx.emulator, users, world.at(0));
    for (const u of users) fx.seen(await world.engine.run(world.at(0), { users: [u.name] }));
    expect(await deactivatedCount(users)).toBe(MAX);

    // Act: a scheduled run 23 hours later, then one 24 hours after the last instant the first runs
    // could act (their start plus the 20-minute horizon).
    const early = fx.seen(await world.runOn(23 / 24));
    const late = fx.seen(await world.runOn(1 + 20 / (24 * 60)));

    // Assess
    expect(early.circuitBreakerTripped).toBe(true);
    expect(early.actions.filter((a) => a.action === 'deactivate')).toEqual([]);
    expect(late.circuitBreakerTripped).toBe(false);
    expect(
      late.actions.filter((a) => a.action === 'deactivate' && a.outcome === 'done'),
    ).toHaveLength(5);
    expect(await deactivatedCount(users)).toBe(MAX + 5);
  });

  it('maxDestructiveActions 0 never deactivates, whatever the number of runs', async () => {
    const world = await createWorld(fx.emulator, {
      coordination: true,
      env: { MAX_DESTRUCTIVE_ACTIONS: '0' },
    });
    const users = unusedUsers(3);
    await seedUsers(fx.emulator, users, world.at(0));
    for (const u of users) fx.seen(await world.engine.run(world.at(0), { users: [u.name] }));
    expect(await deactivatedCount(users)).toBe(0);
    expect(await coordinationItems('budget')).toEqual([]);
  });
});

describe('each notice is sent once in total', () => {
  const USERS: readonly SeedUser[] = [
    { name: 'warn', keys: [{ ageDays: 85, lastUsedDaysAgo: 1 }] },
    { name: 'due', keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }] },
    { name: 'idle', keys: [{ ageDays: 100, lastUsedDaysAgo: 50 }] },
    { name: 'expired', keys: [{ ageDays: 60, lastUsedDaysAgo: 30, status: 'Inactive' }] },
    {
      name: 'pair',
      keys: [
        { ageDays: 100, lastUsedDaysAgo: 1 },
        { ageDays: 30, lastUsedDaysAgo: 1 },
      ],
    },
  ];

  it('3 overlapping runs send each notice (event, key) exactly once', async () => {
    // Prepare
    const world = await createWorld(fx.emulator, { coordination: true });
    const seeded = await seedUsers(fx.emulator, USERS, world.at(0));
    await recordInactiveSince(world, 'expired', seeded.expired![0]!);
    const drivers = [0, 1, 2].map(() => container(world));

    // Act
    const summaries = await Promise.all(
      drivers.map(async (d) => fx.seen(await d.run(world.at(0)))),
    );
    const notes = (await world.inbox.drain()).filter((n) => n.event !== 'RUN_SUMMARY');

    // Assess
    const ids = notes.map((n) => `${n.event} ${n.user} ${idOf(n)}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(notes.map((n) => `${n.event} ${n.user}`).sort()).toEqual(
      [
        'KEY_CREATED due',
        'KEY_DEACTIVATED idle',
        'KEY_DELETED expired',
        'OLD_KEY_STILL_IN_USE pair',
        'ROTATION_UPCOMING warn',
      ].sort(),
    );
    expect(summaries.flatMap((s) => s.errors)).toEqual([]);
    const records = await coordinationItems('notice');
    expect(records.map((r) => r.status)).toEqual(records.map(() => 'sent'));
    for (const r of records) expect(r.body).toBeUndefined();

    // A later run has nothing new to say.
    fx.seen(await world.runOn(0));
    expect((await world.inbox.drain()).filter((n) => n.event !== 'RUN_SUMMARY')).toEqual([]);
  });

  it.each([
    ['KEY_DEACTIVATED', 'idle', 'UpdateAccessKeyCommand', () => true],
    [
      'KEY_CREATED',
      'due',
      'TagUserCommand',
      (input: { Tags?: { Value?: string }[] }) =>
        (input.Tags ?? []).some((t) => (t.Value ?? '').startsWith('created=')),
    ],
  ] as const)(
    'a run stopped right after the action behind %s: the next run sends it once',
    async (event, user, command, matches) => {
      // Prepare: a container whose every call after the chosen one fails, as if the Lambda died.
      const world = await createWorld(fx.emulator, { coordination: true });
      await seedUsers(
        fx.emulator,
        USERS.filter((u) => u.name === user),
        world.at(0),
      );
      let dead = false;
      const kill = (clients: AwsClients) => {
        for (const client of [clients.iam, clients.sns, clients.dynamodb, clients.secrets]) {
          (client.middlewareStack as AwsClients['iam']['middlewareStack']).add(
            (next, context) => async (args) => {
              if (dead) throw new Error('the function was stopped (injected by the test)');
              const result = await next(args);
              if (context.commandName === command && matches(args.input as never)) dead = true;
              return result;
            },
            { step: 'initialize', priority: 'high', name: 'testKillAfter' },
          );
        }
      };
      const killed = container(world, kill);

      // Act
      await killed.run(world.at(0)).then(fx.seen, fx.seen);
      expect(dead).toBe(true);
      const lost = await world.inbox.drain();
      const soon = fx.seen(await world.engine.run(new Date(world.at(0).getTime() + 5 * MINUTE_MS)));
      const beforeLease = await world.inbox.drain();
      const after = fx.seen(
        await world.engine.run(new Date(world.at(0).getTime() + 25 * MINUTE_MS)),
      );
      const delivered = await world.inbox.drain();
      fx.seen(await world.engine.run(new Date(world.at(0).getTime() + 50 * MINUTE_MS)));
      const later = await world.inbox.drain();

      // Assess
      expect(countOf(lost, event)).toBe(0);
      expect(countOf(beforeLease, event)).toBe(0); // the dead run's lease still holds
      expect(countOf(delivered, event)).toBe(1);
      expect(countOf(later, event)).toBe(0);
      expect(soon.errors).toEqual([]);
      expect(after.errors).toEqual([]);
      expect(JSON.stringify(delivered)).not.toMatch(/secretAccessKey/i);
    },
  );
});
