/**
 * Issue 7 item 11 against the emulator: with STATE_MAC_KEY_ID naming a KMS HMAC_256 key, state tags
 * someone else wrote do not make the engine act earlier, and the state the engine signs itself still
 * carries a key through its lifecycle across runs. Each attack is also run without the key, to show
 * the test would catch the engine trusting a forged tag.
 */
import {
  CreateAccessKeyCommand,
  IAMClient,
  ListAccessKeysCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { useEmulator } from './support/fixture';
import { keysOf, stateTag, tagsOf } from '../../scripts/emulator/inspect';
import { seedUsers, type SeedUser } from '../../scripts/emulator/seed';
import { createWorld } from '../../scripts/emulator/world';

const fx = useEmulator();
const ALIAS = 'alias/key-lifecycle-state';
const stamp = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const SIGNED = / mac=[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/;

async function createMacKey(): Promise<void> {
  const kms = new KMSClient({});
  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
  );
  await kms.send(new CreateAliasCommand({ AliasName: ALIAS, TargetKeyId: KeyMetadata!.KeyId }));
}

async function account(users: readonly SeedUser[], signed: boolean) {
  if (signed) await createMacKey();
  const world = await createWorld(fx.emulator, {
    env: signed ? { STATE_MAC_KEY_ID: ALIAS } : {},
  });
  const keys = await seedUsers(fx.emulator, users, world.at(0));
  return { world, keys };
}

describe('state tag MAC (item 11)', () => {
  const inactiveUser: SeedUser = {
    name: 'parked',
    keys: [{ ageDays: 200, lastUsedDaysAgo: 150, status: 'Inactive' }],
  };

  async function forgeInactiveSince(signed: boolean) {
    const { world, keys } = await account([inactiveUser], signed);
    const key = keys.parked![0]!;
    const forged = `inactive-since=${stamp(world.at(-365))} deactivated=${stamp(world.at(-365))}`;
    await new IAMClient({}).send(
      new TagUserCommand({
        UserName: 'parked',
        Tags: [{ Key: `key-lifecycle:key:${key}`, Value: forged }],
      }),
    );
    return { world, key };
  }

  it('a forged inactive-since far in the past does not get an Inactive key deleted', async () => {
    // Prepare
    const { world, key } = await forgeInactiveSince(true);

    // Act
    const day0 = fx.seen(await world.runOn(0));
    const tagAfterDay0 = await stateTag('parked', key);
    const day9 = fx.seen(await world.runOn(9));
    const day10 = fx.seen(await world.runOn(10));

    // Assess: the forged tag reads as absent, the window starts at the engine's own sighting.
    expect(day0.actions).toEqual([]);
    expect(day0.warnings.filter((w) => w.code !== 'coordination-off')).toEqual([
      expect.objectContaining({ user: 'parked', code: 'state-tag-unverified' }),
    ]);
    expect(day0.warnings.map((w) => w.code)).not.toContain('state-not-tamper-evident');
    expect(tagAfterDay0).toMatch(
      new RegExp(`^inactive-since=${stamp(world.at(0))}${SIGNED.source}`),
    );
    expect(day9.actions).toEqual([]);
    expect(day9.warnings.filter((w) => w.code !== 'coordination-off')).toEqual([]);
    expect(day10.actions).toEqual([
      expect.objectContaining({ action: 'delete', reasons: ['recovery-window-ended'] }),
    ]);
  });

  it('without STATE_MAC_KEY_ID the same forgery deletes the key at once, with a warning', async () => {
    // Prepare
    const { world, key } = await forgeInactiveSince(false);

    // Act
    const day0 = fx.seen(await world.runOn(0));

    // Assess
    expect(day0.actions).toEqual([
      expect.objectContaining({ accessKeyId: key, action: 'delete', outcome: 'done' }),
    ]);
    expect(day0.warnings.map((w) => w.code)).toContain('state-not-tamper-evident');
  });

  async function forgeMarkerThenCreateKey(signed: boolean) {
    const { world, keys } = await account(
      [{ name: 'owner', keys: [{ ageDays: 30, lastUsedDaysAgo: 1 }] }],
      signed,
    );
    const iam = new IAMClient({});
    const old = keys.owner![0]!;
    await world.goTo(0);
    await iam.send(
      new TagUserCommand({
        UserName: 'owner',
        Tags: [
          {
            Key: 'key-lifecycle:pending-create',
            // Five minutes before the key: inside the window of an attempt's run (docs/lifecycle.md).
            Value: `replacing=${old} at=${stamp(new Date(world.at(0).getTime() - 5 * 60_000))}`,
          },
        ],
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'owner' }));
    return { world, fresh: AccessKey!.AccessKeyId! };
  }

  it("a forged pending-create marker does not get a person's new key deactivated", async () => {
    // Prepare
    const { world, fresh } = await forgeMarkerThenCreateKey(true);

    // Act: a day later, well past the marker's horizon.
    const day0 = fx.seen(await world.runOn(1));

    // Assess
    expect(day0.actions.filter((a) => a.action === 'deactivate')).toEqual([]);
    expect((await keysOf('owner'))[fresh]).toBe('Active');
    // The key it would name is held (whose it is is unknown), never deactivated on its word.
    expect(day0.warnings.filter((w) => w.code !== 'coordination-off')).toEqual([
      expect.objectContaining({ user: 'owner', code: 'state-tag-unverified' }),
      expect.objectContaining({ user: 'owner', code: 'second-key-unclaimed' }),
    ]);
  });

  it('without STATE_MAC_KEY_ID the forged marker gets the new key deactivated as an orphan', async () => {
    // Prepare
    const { world, fresh } = await forgeMarkerThenCreateKey(false);

    // Act
    const day0 = fx.seen(await world.runOn(1));

    // Assess
    expect(day0.actions).toContainEqual(
      expect.objectContaining({
        accessKeyId: fresh,
        action: 'deactivate',
        reasons: ['interrupted-rotation'],
      }),
    );
  });

  it('state the engine signed carries a key from deactivation to deletion across runs', async () => {
    // Prepare
    const { world, keys } = await account(
      [{ name: 'idle', keys: [{ ageDays: 100, lastUsedDaysAgo: 50 }] }],
      true,
    );
    const key = keys.idle![0]!;

    // Act
    const kmsCalls: string[][] = [];
    const runOn = async (day: number) => {
      const before = world.engine.calls.length;
      const summary = fx.seen(await world.runOn(day));
      const calls = world.engine.calls.slice(before).filter((c) => c.service === 'kms');
      kmsCalls.push(calls.map((c) => c.command));
      return summary;
    };
    const day0 = await runOn(0);
    const tag = await stateTag('idle', key);
    const day9 = await runOn(9);
    const day10 = await runOn(10);

    // Assess
    expect(day0.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual(['deactivate done']);
    expect(tag).toMatch(
      new RegExp(
        `^inactive-since=${stamp(world.at(0))} deactivated=${stamp(world.at(0))}${SIGNED.source}`,
      ),
    );
    expect(day9.actions).toEqual([]);
    expect(
      [...day0.warnings, ...day9.warnings, ...day10.warnings].filter(
        (w) => w.code !== 'coordination-off',
      ),
    ).toEqual([]);
    expect(day10.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual(['delete done']);
    expect(await keysOf('idle')).toEqual({});
    expect(await tagsOf('idle')).toEqual({});
    // One KMS call per run: day 0 derives its run key to sign; days 9 and 10 each derive day 0's run
    // key once to verify (the MACs themselves are computed locally).
    expect(kmsCalls).toEqual([
      ['GenerateMacCommand'],
      ['GenerateMacCommand'],
      ['GenerateMacCommand'],
    ]);
  });

  it("a rotation's marker and created tag are signed, so the rotated pair retires on schedule", async () => {
    // Prepare
    const { world, keys } = await account(
      [{ name: 'due', keys: [{ ageDays: 95, lastUsedDaysAgo: 1 }] }],
      true,
    );
    const old = keys.due![0]!;

    // Act
    const day0 = fx.seen(await world.runOn(0));
    const created = day0.actions.find((a) => a.action === 'create')?.newAccessKeyId;
    const createdTag = created ? await stateTag('due', created) : undefined;
    const day7 = fx.seen(await world.runOn(7));

    // Assess
    expect(created).toBeDefined();
    expect(createdTag).toMatch(new RegExp(`^created=${stamp(world.at(0))}${SIGNED.source}`));
    expect(day7.actions).toContainEqual(
      expect.objectContaining({ accessKeyId: old, action: 'deactivate', reasons: ['rotated'] }),
    );
    const { AccessKeyMetadata = [] } = await new IAMClient({}).send(
      new ListAccessKeysCommand({ UserName: 'due' }),
    );
    expect(AccessKeyMetadata.find((k) => k.AccessKeyId === created)?.Status).toBe('Active');
  });
});
