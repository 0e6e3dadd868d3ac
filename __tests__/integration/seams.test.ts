/**
 * Issue 7 on the emulator, for the items whose unit tests use a fake account: exempt users reported
 * (item 6), no room among IAM's 50 tags (item 9), and an exemption added between the inventory and the
 * action (item 10).
 */
import { IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import type { MiddlewareStack } from '@smithy/types';
import { useEmulator } from './support/fixture';
import { keysOf } from '../../scripts/emulator/inspect';
import { seedUsers, type SeedUser } from '../../scripts/emulator/seed';
import { createWorld, type WorldOptions } from '../../scripts/emulator/world';

const fx = useEmulator();
const DUE = { ageDays: 100, lastUsedDaysAgo: 1 };
const UNUSED = { ageDays: 200, lastUsedDaysAgo: 60 };

async function account(users: readonly SeedUser[], options: WorldOptions = {}) {
  const world = await createWorld(fx.emulator, { coordination: true, stateMac: true, ...options });
  const keys = await seedUsers(fx.emulator, users, world.at(0));
  return { world, keys };
}

describe('exempt users are reported', () => {
  it('lists each exempt user with reason and expiry, caps a far date, and counts them in RUN_SUMMARY', async () => {
    // Prepare
    const { world } = await account(
      [
        {
          name: 'breakglass',
          keys: [{ ageDays: 400, lastUsedDaysAgo: 1 }],
          groups: ['break-glass'],
        },
        {
          name: 'forever',
          keys: [{ ageDays: 400, lastUsedDaysAgo: 1 }],
          tags: { 'key-lifecycle:exempt-until': '2099-01-01' },
        },
        { name: 'plain', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] },
      ],
      { env: { EXEMPT_GROUP: 'break-glass' }, mode: 'report' },
    );

    // Act
    const summary = fx.seen(await world.runOn(0));
    const notes = await world.inbox.drain();

    // Assess
    expect(summary.usersExempt).toBe(2);
    expect(summary.exempt).toEqual([
      { user: 'breakglass', why: 'group' },
      expect.objectContaining({ user: 'forever', why: 'tag', capped: true }),
    ]);
    expect(summary.warnings).toContainEqual(
      expect.objectContaining({ user: 'forever', code: 'exemption-capped' }),
    );
    expect(world.engine.logs.filter((l) => l.includes('"type":"exempt"'))).toHaveLength(2);
    const runSummary = notes.find((n) => n.event === 'RUN_SUMMARY')?.body as {
      details: { usersExempt: number; exemptList: unknown[] };
    };
    expect(runSummary.details.usersExempt).toBe(2);
    expect(runSummary.details.exemptList).toHaveLength(2);
  });
});

describe('IAM’s 50-tags-per-user limit', () => {
  it('blocks the rotation up front, creating nothing, when 49 tags leave no room', async () => {
    // Prepare
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`team:t${i}`, 'x']));
    const { world, keys } = await account([{ name: 'full', keys: [DUE], tags }]);

    // Act
    const summary = fx.seen(await world.runOn(0));

    // Assess
    expect(Object.keys(await keysOf('full'))).toEqual(keys.full);
    expect(summary.blocked).toEqual([
      expect.objectContaining({ user: 'full', reason: 'no-tag-room' }),
    ]);
    expect(summary.actions.filter((a) => a.action === 'create')).toEqual([]);
  });
});

describe('the re-read before a destructive action covers tags and groups', () => {
  it('does not deactivate when an exemption tag is added after the inventory', async () => {
    // Prepare: between the plan and the deactivation, a person exempts the user.
    const exemptOnFreshRead = (clients: { iam: IAMClient }) => {
      const stack = clients.iam.middlewareStack as unknown as Pick<
        MiddlewareStack<object, object>,
        'add'
      >;
      let done = false;
      stack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'GetUserCommand' && !done) {
            done = true;
            await new IAMClient({}).send(
              new TagUserCommand({
                UserName: 'idle',
                Tags: [{ Key: 'key-lifecycle:exempt-until', Value: '2030-12-31' }],
              }),
            );
          }
          return next(args);
        },
        { step: 'initialize', name: 'exemptOnFreshRead' },
      );
    };
    const { world, keys } = await account([{ name: 'idle', keys: [UNUSED] }], {
      prepareClients: exemptOnFreshRead,
    });

    // Act
    const summary = fx.seen(await world.runOn(0));

    // Assess
    expect(summary.actions).toEqual([
      expect.objectContaining({ user: 'idle', action: 'deactivate', outcome: 'skipped-stale' }),
    ]);
    expect(await keysOf('idle')).toEqual({ [keys.idle![0]!]: 'Active' });
  });
});
