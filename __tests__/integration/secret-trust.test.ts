/**
 * Issue 7 item 2 against the emulator: a secret pre-created under the prefix by someone else — with its
 * own reader in the resource policy and its own KMS key — receives no key; a secret shaped like the
 * module's (owner-only Deny, the configured key) does.
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { useEmulator } from './support/fixture';
import { keysOf } from '../../scripts/emulator/inspect';
import { seedUsers } from '../../scripts/emulator/seed';
import { createWorld } from '../../scripts/emulator/world';

const fx = useEmulator();
const ACCOUNT = '123456789012';
const OWNER = `arn:aws:iam::${ACCOUNT}:user/svc`;
const SECRET = 'iam-access-key/svc';

function policy(readers: readonly string[], denyOthers: boolean): string {
  const statements: object[] = [
    {
      Effect: 'Allow',
      Principal: { AWS: [OWNER, ...readers] },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    },
  ];
  if (denyOthers) {
    statements.push({
      Effect: 'Deny',
      Principal: '*',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalArn': [OWNER, ...readers] } },
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

async function preCreate(kmsKeyId: string | undefined, resourcePolicy: string) {
  const sm = new SecretsManagerClient({});
  await sm.send(new CreateSecretCommand({ Name: SECRET, KmsKeyId: kmsKeyId }));
  await sm.send(new PutResourcePolicyCommand({ SecretId: SECRET, ResourcePolicy: resourcePolicy }));
}

async function dueAccount() {
  const world = await createWorld(fx.emulator, { coordination: true });
  const keys = await seedUsers(
    fx.emulator,
    [{ name: 'svc', keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }] }],
    world.at(0),
  );
  return { world, oldKey: keys.svc![0]! };
}

describe('secret trust on the emulator', () => {
  it('creates no key for a secret with a foreign reader and its own KMS key, and notifies once', async () => {
    // Prepare
    const { world, oldKey } = await dueAccount();
    const { KeyMetadata } = await new KMSClient({}).send(new CreateKeyCommand({}));
    await preCreate(
      KeyMetadata!.Arn!,
      policy([`arn:aws:iam::${ACCOUNT}:role/someone-else`], false),
    );

    // Act
    const day0 = fx.seen(await world.runOn(0));
    const day1 = fx.seen(await world.runOn(1));
    const notes = await world.inbox.drain();

    // Assess
    expect(Object.keys(await keysOf('svc'))).toEqual([oldKey]);
    expect(day0.blocked).toEqual([
      expect.objectContaining({ user: 'svc', reason: 'secret-not-trusted' }),
    ]);
    expect(day1.blocked.map((b) => b.reason)).toEqual(['secret-not-trusted']);
    expect(notes.filter((n) => n.event === 'ROTATION_BLOCKED')).toHaveLength(1);
  });

  it('rotates into a secret shaped like the module’s: owner-only Deny and the configured key', async () => {
    // Prepare
    const { world, oldKey } = await dueAccount();
    await preCreate(undefined, policy([], true));

    // Act
    const day0 = fx.seen(await world.runOn(0));

    // Assess
    const created = day0.actions.find((a) => a.action === 'create');
    expect(created).toEqual(expect.objectContaining({ outcome: 'done' }));
    const { SecretString } = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT' }),
    );
    const stored = JSON.parse(SecretString!) as { AccessKeyId: string };
    expect(stored.AccessKeyId).toBe(created!.newAccessKeyId);
    expect(Object.keys(await keysOf('svc')).sort()).toEqual(
      [oldKey, created!.newAccessKeyId!].sort(),
    );
  });
});
