/**
 * State before action (docs/lifecycle.md, "State before action"): a deactivation's record is signed and
 * written before UpdateAccessKey, on the emulator with the module's deployment (coordination table and
 * state MAC key) and the fault injector. The owner who re-activates a key the engine switched off keeps
 * their grace whatever failed around the deactivation; a record that cannot be written stops the
 * deactivation, and the run says why.
 */
import { IAMClient, TagUserCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { useEmulator } from './support/fixture';
import { engineDriver } from '../../scripts/emulator/engine';
import { injectFaults, runUnderFaults, type FaultRule } from '../../scripts/emulator/faults';
import { keysOf, stateTag } from '../../scripts/emulator/inspect';
import { seedUsers } from '../../scripts/emulator/seed';
import { createWorld, type World } from '../../scripts/emulator/world';

const fx = useEmulator();
const USER = 'idle';
const HOUR_MS = 3_600_000;

/** One user with an unused key (last used 50 days ago): the engine deactivates it. */
async function idleAccount(coordination = true): Promise<{ world: World; id: string }> {
  const world = await createWorld(fx.emulator, { coordination, stateMac: true });
  const seeded = await seedUsers(
    fx.emulator,
    [{ name: USER, keys: [{ ageDays: 60, lastUsedDaysAgo: 50 }] }],
    world.at(0),
  );
  await world.inbox.drain();
  return { world, id: seeded[USER]![0]! };
}

async function faultedRun(world: World, rules: readonly FaultRule[], at = world.at(0)) {
  const faults = injectFaults({ seed: 1, rules: [...rules] });
  const driver = engineDriver({ env: world.env, prepareClients: faults.attach });
  await fx.emulator.setClock(at);
  const outcome = fx.seen(await runUnderFaults(faults, () => driver.run(at)));
  return { outcome, faults };
}

async function runAt(world: World, at: Date) {
  await fx.emulator.setClock(at);
  return fx.seen(await world.engine.run(at));
}

const events = async (world: World) => (await world.inbox.drain()).map((n) => n.event);

async function reactivate(id: string): Promise<void> {
  await new IAMClient({}).send(
    new UpdateAccessKeyCommand({ UserName: USER, AccessKeyId: id, Status: 'Active' }),
  );
}

describe('a deactivation whose record cannot be written is not taken', () => {
  // With the coordination table, GenerateMac is needed earlier, for the budget slot (a refusal there
  // blocks the action: next test); without it, the record is the first thing that needs the MAC.
  it.each<[string, FaultRule, boolean]>([
    [
      'KMS refuses GenerateMac (no coordination table)',
      { kind: 'access-denied', service: 'kms', command: 'GenerateMac' },
      false,
    ],
    ['TagUser is refused', { kind: 'access-denied', service: 'iam', command: 'TagUser' }, true],
  ])(
    'when %s: the key stays Active, no notice, an error naming the fix',
    async (_n, rule, table) => {
      // Prepare
      const { world, id } = await idleAccount(table);

      // Act
      const { outcome, faults } = await faultedRun(world, [rule]);

      // Assess
      expect(faults.injections.length).toBeGreaterThan(0);
      expect((await keysOf(USER))[id]).toBe('Active');
      const summary = 'summary' in outcome ? outcome.summary : undefined;
      expect(summary?.actions).toEqual([
        expect.objectContaining({ accessKeyId: id, action: 'deactivate', outcome: 'failed' }),
      ]);
      expect(summary?.errors).toContainEqual(
        expect.objectContaining({
          user: USER,
          accessKeyId: id,
          step: 'write-state',
          message: expect.stringMatching(/not taken.*kms:GenerateMac.*iam:TagUser/s),
        }),
      );
      expect(await events(world)).not.toContain('KEY_DEACTIVATED');
    },
  );

  it('when KMS refuses GenerateMac with the coordination table: no budget slot is signed, the action is blocked, the key stays Active, no notice', async () => {
    // Prepare
    const { world, id } = await idleAccount();

    // Act
    const { outcome } = await faultedRun(world, [
      { kind: 'access-denied', service: 'kms', command: 'GenerateMac' },
    ]);

    // Assess
    expect((await keysOf(USER))[id]).toBe('Active');
    const summary = 'summary' in outcome ? outcome.summary : undefined;
    expect(summary?.actions).toEqual([
      expect.objectContaining({ accessKeyId: id, action: 'deactivate', outcome: 'blocked' }),
    ]);
    expect(summary?.errors.length).toBeGreaterThan(0);
    expect(await events(world)).not.toContain('KEY_DEACTIVATED');
  });

  it('the next run without the fault deactivates it with its record, announced once', async () => {
    // Prepare
    const { world, id } = await idleAccount();
    await faultedRun(world, [{ kind: 'access-denied', service: 'kms', command: 'GenerateMac' }]);
    await world.inbox.drain();

    // Act
    await runAt(world, new Date(world.at(0).getTime() + HOUR_MS));

    // Assess
    expect((await keysOf(USER))[id]).toBe('Inactive');
    expect(await stateTag(USER, id)).toMatch(/inactive-since=\S+ deactivated=\S+ mac=/);
    expect((await events(world)).filter((e) => e === 'KEY_DEACTIVATED')).toHaveLength(1);
  });
});

describe('the owner keeps the reactivation grace', () => {
  it('when every TagUser after UpdateAccessKey fails: a person re-activates, the next runs leave the key on for graceDays', async () => {
    // Prepare: the deactivation goes through; every later state write of the run fails
    const { world, id } = await idleAccount();
    await faultedRun(world, [
      {
        kind: 'access-denied',
        service: 'iam',
        command: 'TagUser',
        afterCommand: 'UpdateAccessKey',
      },
    ]);
    expect((await keysOf(USER))[id]).toBe('Inactive');
    await world.inbox.drain();
    await reactivate(id);

    // Act: the CloudTrail-triggered run minutes later, then daily runs
    await runAt(world, new Date(world.at(0).getTime() + HOUR_MS));
    const firstRun = await events(world);
    await runAt(world, world.at(3));
    const onDay3 = (await keysOf(USER))[id];
    await runAt(world, world.at(8));

    // Assess
    expect(firstRun).toContain('KEY_REACTIVATED');
    expect(firstRun).not.toContain('KEY_DEACTIVATED');
    expect(onDay3).toBe('Active');
    expect((await keysOf(USER))[id]).toBe('Inactive');
    expect(await events(world)).toContain('KEY_DEACTIVATED');
  });
});

describe('a deactivation that did not take effect leaves no record', () => {
  it('UpdateAccessKey refused: the record written first is taken back, the next run sees no reactivation', async () => {
    // Prepare
    const { world, id } = await idleAccount();
    const before = await stateTag(USER, id);

    // Act
    const { outcome } = await faultedRun(world, [
      { kind: 'access-denied', service: 'iam', command: 'UpdateAccessKey' },
    ]);
    const after = await stateTag(USER, id);
    await world.inbox.drain();
    const nextSummary = await runAt(world, new Date(world.at(0).getTime() + HOUR_MS));

    // Assess
    expect('summary' in outcome && outcome.summary.errors).toContainEqual(
      expect.objectContaining({ accessKeyId: id, step: 'deactivate-key' }),
    );
    expect(after).toBe(before);
    expect(nextSummary.actions).toContainEqual(
      expect.objectContaining({ accessKeyId: id, action: 'deactivate', reasons: ['unused'] }),
    );
    expect(await events(world)).not.toContain('KEY_REACTIVATED');
  });
});

describe('a deactivation that takes effect but whose answer is lost', () => {
  it('is read back from IAM, counted done and announced (its notice is not withdrawn)', async () => {
    // Prepare
    const { world, id } = await idleAccount();

    // Act: every answer to UpdateAccessKey is lost, so the SDK's retries give up
    const { outcome, faults } = await faultedRun(world, [
      { kind: 'lost-response', service: 'iam', command: 'UpdateAccessKey' },
    ]);

    // Assess
    expect(faults.injections.length).toBeGreaterThan(1);
    expect((await keysOf(USER))[id]).toBe('Inactive');
    expect('summary' in outcome && outcome.summary.actions).toEqual([
      expect.objectContaining({ accessKeyId: id, action: 'deactivate', outcome: 'done' }),
    ]);
    expect(await events(world)).toContain('KEY_DEACTIVATED');
  });
});

describe('an outbox entry outlives the schedule interval', () => {
  it('a run killed right after UpdateAccessKey: KEY_DEACTIVATED is delivered by the next run 10 days later (weekly schedules and longer)', async () => {
    // Prepare
    const { world, id } = await idleAccount();
    const { outcome } = await faultedRun(world, [
      { kind: 'kill', service: 'iam', command: 'UpdateAccessKey', when: 'after' },
    ]);
    expect(outcome).toEqual({ killed: true });
    expect((await keysOf(USER))[id]).toBe('Inactive');
    expect(await events(world)).not.toContain('KEY_DEACTIVATED');

    // Act
    await runAt(world, world.at(10));

    // Assess
    expect((await events(world)).filter((e) => e === 'KEY_DEACTIVATED')).toHaveLength(1);
  });
});

describe('a key a person re-activates just before its deletion', () => {
  it('the fresh read is the last thing before DeleteAccessKey: slot and notice come first', async () => {
    // Prepare: an Inactive key recorded 30 days ago (its recovery window is over)
    const world = await createWorld(fx.emulator, { coordination: true });
    const seeded = await seedUsers(
      fx.emulator,
      [{ name: 'gone', keys: [{ ageDays: 200, lastUsedDaysAgo: 100, status: 'Inactive' }] }],
      world.at(0),
    );
    const id = seeded['gone']![0]!;
    await new IAMClient({}).send(
      new TagUserCommand({
        UserName: 'gone',
        Tags: [{ Key: `key-lifecycle:key:${id}`, Value: 'inactive-since=2029-12-08T09:00:00Z' }],
      }),
    );
    const driver = engineDriver({ env: world.env });

    // Act
    const summary = fx.seen(await driver.run(world.at(0)));

    // Assess
    expect(summary.actions).toEqual([
      expect.objectContaining({ accessKeyId: id, action: 'delete', outcome: 'done' }),
    ]);
    const commands = driver.calls.map((c) => c.command.replace(/Command$/, ''));
    const at = commands.indexOf('DeleteAccessKey');
    expect(commands.slice(at - 2, at)).toEqual(['ListAccessKeys', 'GetAccessKeyLastUsed']);
  });
});
