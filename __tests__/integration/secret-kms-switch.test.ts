/**
 * A switched secrets KMS key on the emulator (docs/lifecycle.md, "Secrets" → "Switching the secrets
 * key"): the engine's secrets made under the previous key are moved to the configured one
 * (UpdateSecret; Secrets Manager re-encrypts the labelled versions) and keep rotating — not refused as
 * "not the configured key". moto stores KMS key ids without enforcing them (TESTING.md), so what is
 * checked is the key each secret names, the value the workload reads, and that the rotation happened.
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { useEmulator } from './support/fixture';
import { keysOf } from '../../scripts/emulator/inspect';
import { engineDriver } from '../../scripts/emulator/engine';
import { seedUsers } from '../../scripts/emulator/seed';
import { readCurrentKey } from '../../scripts/emulator/workload';
import { createWorld } from '../../scripts/emulator/world';

const fx = useEmulator();
const SECRET = 'iam-access-key/svc';

async function newKeyArn(): Promise<string> {
  const { KeyMetadata } = await new KMSClient({}).send(new CreateKeyCommand({}));
  return KeyMetadata!.Arn!;
}

async function secretKey(): Promise<string | undefined> {
  return (await new SecretsManagerClient({}).send(new DescribeSecretCommand({ SecretId: SECRET })))
    .KmsKeyId;
}

describe('switching the secrets KMS key', () => {
  it('moves the engine’s secret to the new key and rotates it; the workload reads the new key', async () => {
    // Prepare: a rotation under the first key
    const [first, second] = [await newKeyArn(), await newKeyArn()];
    const world = await createWorld(fx.emulator, { env: { SECRET_KMS_KEY_ID: first } });
    await seedUsers(
      fx.emulator,
      [{ name: 'svc', keys: [{ ageDays: 100, lastUsedDaysAgo: 0 }] }],
      world.at(0),
    );
    const day0 = fx.seen(await world.runOn(0));
    const storedUnderFirst = await secretKey();
    const switched = engineDriver({ env: { ...world.env, SECRET_KMS_KEY_ID: second } });

    // Act: the key is switched; the replacement comes due
    const before = fx.seen(await switched.run(await world.goTo(20)));
    const inUse = day0.actions.find((a) => a.action === 'create')!.newAccessKeyId!;
    await fx.emulator.backdateKey('svc', inUse, { lastUsed: await world.goTo(90) });
    const day91 = fx.seen(await switched.run(await world.goTo(91)));

    // Assess
    expect(day0.actions.find((a) => a.action === 'create')?.outcome).toBe('done');
    expect(storedUnderFirst).toBe(first);
    expect(before.blocked).toEqual([]);
    const created = day91.actions.find((a) => a.action === 'create');
    expect(day91.blocked).toEqual([]);
    expect(created?.outcome).toBe('done');
    expect(await secretKey()).toBe(second);
    const read = await readCurrentKey(SECRET);
    expect(read?.accessKeyId).toBe(created!.newAccessKeyId);
    expect((await keysOf('svc'))[read!.accessKeyId]).toBe('Active');
  });
});
