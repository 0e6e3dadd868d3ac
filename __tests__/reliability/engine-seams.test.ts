/**
 * Issue 7's seams, each reached deterministically with the fault injector against the emulator: one due
 * user, one fault at one chosen call, then a clean run 30 minutes later (past the 20-minute in-flight
 * horizon of docs/lifecycle.md). These are the first failures the campaign found (campaign.ts); they
 * failed on the engine before its fixes (CreateAccessKey never retried blindly, the orphan decision
 * consulting the secret, the attempt identity of the marker, the undo that never leaves AWSCURRENT on a
 * deletion record), and pass since.
 */
import { CreateAccessKeyCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { useEmulator } from '../integration/support/fixture';
import { engineDriver } from '../../scripts/emulator/engine';
import { injectFaults, runUnderFaults, type FaultRule } from '../../scripts/emulator/faults';
import { keysOf } from '../../scripts/emulator/inspect';
import { seedUsers } from '../../scripts/emulator/seed';
import { readCurrentKey } from '../../scripts/emulator/workload';
import { createWorld, type World } from '../../scripts/emulator/world';
import { rememberKeyMaterial } from '../support/key-material';

const fx = useEmulator();
const USER = 'due';
const SECRET = `iam-access-key/${USER}`;
const HALF_HOUR_MS = 30 * 60_000;

async function dueAccount(): Promise<{ world: World; original: string }> {
  const world = await createWorld(fx.emulator);
  const seeded = await seedUsers(
    fx.emulator,
    [{ name: USER, keys: [{ ageDays: 95, lastUsedDaysAgo: 1 }] }],
    world.at(0),
  );
  return { world, original: seeded[USER]![0]! };
}

/** One run under `rule(s)`; returns its summary (undefined when killed) and what the injector did. */
async function faultedRun(world: World, rule: FaultRule | readonly FaultRule[]) {
  const faults = injectFaults({
    seed: 1,
    rules: Array.isArray(rule) ? [...rule] : [rule as FaultRule],
  });
  const driver = engineDriver({
    env: { MODE: 'enforce', SNS_TOPIC_ARN: world.topicArn },
    prepareClients: faults.attach,
  });
  const outcome = await runUnderFaults(faults, () => driver.run(world.at(0)));
  return { outcome: fx.seen(outcome), faults };
}

async function cleanRunLater(world: World) {
  const later = new Date(world.at(0).getTime() + HALF_HOUR_MS);
  await fx.emulator.setClock(later);
  return fx.seen(await world.engine.run(later));
}

async function current(): Promise<string | undefined> {
  const stored = await readCurrentKey(SECRET);
  if (stored) rememberKeyMaterial(stored.secretAccessKey);
  return stored?.accessKeyId;
}

describe('issue 7 seams under injected faults', () => {
  it('a lost CreateAccessKey answer leaves no key that is neither stored nor reported', async () => {
    // Prepare
    const { world, original } = await dueAccount();

    // Act
    const { outcome, faults } = await faultedRun(world, {
      kind: 'lost-response',
      command: 'CreateAccessKey',
      attempt: 1,
    });

    // Assess: the lost create took effect; the run stored that key, deleted it, or reported an error
    expect(faults.injections).toEqual([expect.objectContaining({ lostStatus: 200 })]);
    const created = Object.entries(await keysOf(USER)).filter(
      ([id, status]) => id !== original && status === 'Active',
    );
    const stored = await current();
    const unstored = created.map(([id]) => id).filter((id) => id !== stored);
    const errors = 'summary' in outcome ? outcome.summary.errors : [];
    expect({ unstoredAndUnreported: errors.length ? [] : unstored }).toEqual({
      unstoredAndUnreported: [],
    });
  });

  it('a stored, verified key is not deactivated as an orphan after a kill before its state tag', async () => {
    // Prepare: killed right before the second TagUser (the created tag), after store and read-back
    const { world } = await dueAccount();
    const { outcome } = await faultedRun(world, {
      kind: 'kill',
      command: 'TagUser',
      nth: 2,
    });
    expect(outcome).toEqual({ killed: true });
    const stored = await current();
    expect(stored).toBeDefined();

    // Act
    await cleanRunLater(world);

    // Assess
    expect((await keysOf(USER))[stored!]).toBe('Active');
  });

  it("a refused CreateAccessKey's marker does not make the owner's own new key an orphan", async () => {
    // Prepare: the create is refused for good (an SCP), then the owner creates a key by hand
    const { world } = await dueAccount();
    await faultedRun(world, { kind: 'access-denied', command: 'CreateAccessKey' });
    const { AccessKey } = await new IAMClient({}).send(
      new CreateAccessKeyCommand({ UserName: USER }),
    );
    const personKey = AccessKey!.AccessKeyId!;

    // Act
    const summary = await cleanRunLater(world);

    // Assess
    const orphaned = summary.actions.filter(
      (a) => a.accessKeyId === personKey && a.reasons.includes('interrupted-rotation'),
    );
    expect(orphaned).toEqual([]);
    expect((await keysOf(USER))[personKey]).toBe('Active');
  });

  it('a failed undo never leaves AWSCURRENT on a deletion record while the old key is Active', async () => {
    // Prepare: the old key is stored in a secret shaped like the module's (owner-only Deny).
    const { world, original } = await dueAccount();
    const sm = new SecretsManagerClient({});
    await sm.send(new CreateSecretCommand({ Name: SECRET }));
    await sm.send(
      new PutSecretValueCommand({
        SecretId: SECRET,
        SecretString: JSON.stringify({
          UserName: USER,
          AccessKeyId: original,
          SecretAccessKey: 'stand-in-for-the-original-secret-not-a-real-one',
        }),
      }),
    );
    await sm.send(new PutResourcePolicyCommand({ SecretId: SECRET, ResourcePolicy: ownerOnly() }));

    // Act: the read-back after the write is refused, and so is the first attempt to move AWSCURRENT back.
    const { outcome, faults } = await faultedRun(world, [
      { kind: 'access-denied', command: 'GetSecretValue', nth: 1 },
      { kind: 'access-denied', command: 'UpdateSecretVersionStage', nth: 1 },
    ]);

    // Assess
    expect(faults.injections.map((i) => i.command)).toEqual([
      'GetSecretValue',
      'UpdateSecretVersionStage',
    ]);
    expect(outcome).toEqual(expect.objectContaining({ killed: false, summary: expect.anything() }));
    expect(await current()).toBe(original);
    expect(Object.values(await keysOf(USER))).toEqual(['Active']);
  });

  it('a run killed right after the verified store still gets KEY_CREATED out, exactly once', async () => {
    // Prepare: deployed as the module deploys it (coordination table, MAC key).
    const world = await createWorld(fx.emulator, { coordination: true, stateMac: true });
    await seedUsers(
      fx.emulator,
      [{ name: USER, keys: [{ ageDays: 95, lastUsedDaysAgo: 1 }] }],
      world.at(0),
    );
    const faults = injectFaults({
      seed: 1,
      rules: [{ kind: 'kill', command: 'GetSecretValue', when: 'after' }],
    });
    const driver = engineDriver({ env: world.env, prepareClients: faults.attach });

    // Act: killed once the read-back succeeded, before the notice or the created tag; then two runs.
    const outcome = await runUnderFaults(faults, () => driver.run(world.at(0)));
    const stored = await current();
    await world.inbox.drain();
    await cleanRunLater(world);
    const later = new Date(world.at(0).getTime() + 2 * HALF_HOUR_MS);
    await fx.emulator.setClock(later);
    fx.seen(await world.engine.run(later));
    const notes = await world.inbox.drain();

    // Assess
    expect(outcome).toEqual({ killed: true });
    expect(stored).toBeDefined();
    expect(
      notes.filter((n) => n.event === 'KEY_CREATED').map((n) => JSON.stringify(n.body)),
    ).toEqual([expect.stringContaining(stored!)]);
    expect(Object.values(await keysOf(USER)).sort()).toEqual(['Active', 'Active']);
  });
});

function ownerOnly(): string {
  const owner = `arn:aws:iam::123456789012:user/${USER}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalArn': [owner] } },
      },
    ],
  });
}
