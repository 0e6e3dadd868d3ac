/**
 * Upgrades and renames on the emulator (docs/lifecycle.md, "Upgrades and renames"): a workload reads its
 * key from one secret every day and adopts whatever AWSCURRENT holds. State from version 0.1.0 (the
 * user's key in `svc__ci`, as that engine named the secret of `svc_ci`) and a user renamed in IAM keep
 * rotating into the secret the workload reads — its key is Active on every day — or the rotation is
 * blocked loudly, naming both secrets; never silently into a new secret.
 */
import { GetUserCommand, IAMClient, UpdateUserCommand } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  ListSecretsCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { useEmulator } from './support/fixture';
import { keysOf } from '../../scripts/emulator/inspect';
import { seedUsers } from '../../scripts/emulator/seed';
import { readCurrentKey } from '../../scripts/emulator/workload';
import { createWorld, type World } from '../../scripts/emulator/world';

const fx = useEmulator();
const ACCOUNT = '123456789012';
const sm = new SecretsManagerClient({});

/** The owner-only policy both engine versions and the module write. */
function ownerOnly(userName: string): string {
  const owner = `arn:aws:iam::${ACCOUNT}:user/${userName}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: owner },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringNotLike: { 'aws:PrincipalArn': [owner] } },
      },
    ],
  });
}

/** A secret as version 0.1.0 wrote it: its naming, its tags, the key the workload uses. */
async function olderEngineSecret(name: string, userName: string, accessKeyId: string) {
  await sm.send(
    new CreateSecretCommand({
      Name: name,
      Tags: [
        { Key: 'iam-key-lifecycle:created-by', Value: 'engine' },
        { Key: 'iam-key-lifecycle:user', Value: userName },
      ],
      SecretString: JSON.stringify({
        UserName: userName,
        AccessKeyId: accessKeyId,
        SecretAccessKey: 'seeded-by-the-test-not-a-key',
      }),
    }),
  );
  await sm.send(
    new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: ownerOnly(userName) }),
  );
}

async function secretNames(): Promise<string[]> {
  const { SecretList = [] } = await sm.send(new ListSecretsCommand({}));
  return SecretList.map((s) => s.Name ?? '').sort();
}

async function tagOf(secretId: string, key: string): Promise<string | undefined> {
  const { Tags = [] } = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  return Tags.find((t) => t.Key === key)?.Value;
}

interface Lived {
  /** `day outcome newKey` of every create. */
  readonly creates: { day: number; outcome: string; newAccessKeyId?: string }[];
  /** Days on which the key the workload read was not Active. */
  readonly broken: string[];
}

/**
 * Days `from`..`to`: the workload reads AWSCURRENT of `secretId` and adopts it at once, uses its key,
 * then the scheduled run. `userOn(day)` is the user's name that day; `before(day)` acts first (a rename).
 */
async function live(
  world: World,
  secretId: string,
  firstKey: string,
  days: { from: number; to: number },
  userOn: (day: number) => string,
  before: (day: number) => Promise<void> = async () => undefined,
): Promise<Lived> {
  const lived: Lived = { creates: [], broken: [] };
  let inUse = firstKey;
  for (let day = days.from; day <= days.to; day++) {
    await before(day);
    const now = await world.goTo(day);
    const current = await readCurrentKey(secretId);
    if (current) inUse = current.accessKeyId;
    const status = (await keysOf(userOn(day)))[inUse];
    if (status !== 'Active') lived.broken.push(`day ${day}: ${inUse} is ${status ?? 'deleted'}`);
    else await fx.emulator.backdateKey(userOn(day), inUse, { lastUsed: now });
    const summary = fx.seen(await world.engine.run(now));
    expect(summary.errors).toEqual([]);
    for (const a of summary.actions.filter((x) => x.action === 'create')) {
      lived.creates.push({ day, outcome: a.outcome, newAccessKeyId: a.newAccessKeyId });
    }
  }
  return lived;
}

describe('upgrades and renames keep rotating into the secret the workload reads', () => {
  it('rotates a 0.1.0 secret (svc__ci for svc_ci) in place, twice, and never creates svc_ci', async () => {
    // Prepare
    const world = await createWorld(fx.emulator);
    const keys = await seedUsers(
      fx.emulator,
      [{ name: 'svc_ci', keys: [{ ageDays: 100, lastUsedDaysAgo: 0 }] }],
      world.at(0),
    );
    await olderEngineSecret('iam-access-key/svc__ci', 'svc_ci', keys.svc_ci![0]!);

    // Act
    const lived = await live(
      world,
      'iam-access-key/svc__ci',
      keys.svc_ci![0]!,
      { from: 0, to: 100 },
      () => 'svc_ci',
    );

    // Assess
    expect(lived.broken).toEqual([]);
    expect(lived.creates.map((c) => `${c.day} ${c.outcome}`)).toEqual(['0 done', '90 done']);
    expect((await readCurrentKey('iam-access-key/svc__ci'))?.accessKeyId).toBe(
      lived.creates[1]!.newAccessKeyId,
    );
    expect(await secretNames()).toEqual(['iam-access-key/svc__ci']);
    const { User } = await new IAMClient({}).send(new GetUserCommand({ UserName: 'svc_ci' }));
    expect(await tagOf('iam-access-key/svc__ci', 'iam-key-lifecycle:user-id')).toBe(User!.UserId);
  });

  it('blocks loudly, naming both secrets, when svc_ci and the 0.1.0 svc__ci both exist', async () => {
    // Prepare
    const world = await createWorld(fx.emulator);
    const keys = await seedUsers(
      fx.emulator,
      [{ name: 'svc_ci', keys: [{ ageDays: 100, lastUsedDaysAgo: 0 }] }],
      world.at(0),
    );
    await olderEngineSecret('iam-access-key/svc__ci', 'svc_ci', keys.svc_ci![0]!);
    await sm.send(new CreateSecretCommand({ Name: 'iam-access-key/svc_ci' }));
    await sm.send(
      new PutResourcePolicyCommand({
        SecretId: 'iam-access-key/svc_ci',
        ResourcePolicy: ownerOnly('svc_ci'),
      }),
    );

    // Act
    const day0 = fx.seen(await world.runOn(0));
    const day1 = fx.seen(await world.runOn(1));
    const notes = await world.inbox.drain();

    // Assess
    expect(Object.keys(await keysOf('svc_ci'))).toEqual([keys.svc_ci![0]]);
    expect(day0.actions.filter((a) => a.action === 'create')).toEqual([]);
    expect(day0.blocked).toEqual([
      expect.objectContaining({
        user: 'svc_ci',
        reason: 'secret-not-trusted',
        message: expect.stringMatching(/iam-access-key\/svc_ci .*iam-access-key\/svc__ci/),
      }),
    ]);
    expect(day1.blocked.map((b) => b.reason)).toEqual(['secret-not-trusted']);
    const blocked = notes.filter((n) => n.event === 'ROTATION_BLOCKED');
    expect(blocked).toHaveLength(1);
    expect(JSON.stringify(blocked[0])).toContain(
      'delete-secret --secret-id iam-access-key/svc__ci',
    );
  });

  it('keeps rotating a renamed user’s secret, found by its IAM user id, and gives the new ARN read access', async () => {
    // Prepare
    const world = await createWorld(fx.emulator);
    const keys = await seedUsers(
      fx.emulator,
      [{ name: 'alice', keys: [{ ageDays: 100, lastUsedDaysAgo: 0 }] }],
      world.at(0),
    );
    const SECRET = 'iam-access-key/alice';
    // After the first key is deleted (day 18): moto 5.2.5 keeps a key's old user name, and its
    // DeleteAccessKey of a key made before the rename answers HTTP 500 — a gap of the emulator only.
    const renameOn = 25;
    const userOn = (day: number) => (day < renameOn ? 'alice' : 'alicia');
    const rename = async (day: number) => {
      if (day !== renameOn) return;
      await new IAMClient({}).send(
        new UpdateUserCommand({ UserName: 'alice', NewUserName: 'alicia' }),
      );
    };

    // Act
    const lived = await live(world, SECRET, keys.alice![0]!, { from: 0, to: 100 }, userOn, rename);

    // Assess
    expect(lived.broken).toEqual([]);
    expect(lived.creates.map((c) => `${c.day} ${c.outcome}`)).toEqual(['0 done', '90 done']);
    expect((await readCurrentKey(SECRET))?.accessKeyId).toBe(lived.creates[1]!.newAccessKeyId);
    expect(await secretNames()).toEqual([SECRET]);
    const { ResourcePolicy } = await sm.send(new GetResourcePolicyCommand({ SecretId: SECRET }));
    expect(ResourcePolicy).toContain(`arn:aws:iam::${ACCOUNT}:user/alicia`);
  });
});
