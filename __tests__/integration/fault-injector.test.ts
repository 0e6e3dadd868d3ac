/**
 * The harness's fault injector (scripts/emulator/faults.ts) against the real emulator: each fault kind reaches
 * the SDK where a real one would (retried or not by the SDK's own retry strategy), a lost response has
 * really taken effect, a kill stops every client of the driver, and a schedule replays from its seed.
 * These tests assert what the injector does, not what the engine makes of it (that is the reliability
 * campaign's job, __tests__/reliability/).
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useEmulator } from './support/fixture';
import { engineDriver } from '../../scripts/emulator/engine';
import {
  formatSchedule,
  injectFaults,
  parseSchedule,
  runUnderFaults,
  type FaultInjector,
  type FaultSchedule,
  type ServiceName,
} from '../../scripts/emulator/faults';
import { keyedDraw, Prng } from '../../scripts/emulator/faults-prng';
import { keysOf, tagsOf } from '../../scripts/emulator/inspect';
import { MIXED_ACCOUNT, MIXED_ENV } from '../../scripts/emulator/mixed-account';
import { seedUsers } from '../../scripts/emulator/seed';
import { createWorld } from '../../scripts/emulator/world';
import { ApiCallCounter } from '../../lambda/aws/api-calls';
import { createClients, type AwsClients } from '../../lambda/aws/clients';

const fx = useEmulator();

/** The engine's own clients (retry settings and all) with the injector attached. */
function faultedClients(schedule: FaultSchedule): { clients: AwsClients; faults: FaultInjector } {
  const clients = createClients(new ApiCallCounter());
  const faults = injectFaults(schedule);
  faults.attach(clients);
  return { clients, faults };
}

type Probe = (c: AwsClients) => Promise<{ $metadata: { attempts?: number } }>;
const PROBES: ReadonlyArray<[ServiceName, string, Probe]> = [
  ['iam', 'ListUsers', (c) => c.iam.send(new ListUsersCommand({}))],
  ['sts', 'GetCallerIdentity', (c) => c.sts.send(new GetCallerIdentityCommand({}))],
  ['sns', 'ListTopics', (c) => c.sns.send(new ListTopicsCommand({}))],
  ['secretsmanager', 'ListSecrets', (c) => c.secrets.send(new ListSecretsCommand({}))],
  ['kms', 'ListKeys', (c) => c.kms.send(new ListKeysCommand({}))],
  ['dynamodb', 'ListTables', (c) => c.dynamodb.send(new ListTablesCommand({}))],
];

describe('where the injector sits in the SDK middleware stack', () => {
  it.each(['iam', 'secrets', 'sns', 'sts', 'dynamodb', 'kms'] as const)(
    '%s: the call hook runs before the retry middleware, the attempt hook below the deserializer',
    (key) => {
      // Prepare
      const { clients } = faultedClients({ seed: 1, rules: [] });

      // Act
      const order = clients[key].middlewareStack.identify().map((m) => m.split(' - ')[0]!);

      // Assess: per attempt = inside retryMiddleware; below the deserializer = where the HTTP answer arrives.
      const at = (prefix: string) => order.findIndex((name) => name.startsWith(prefix));
      expect(at('harnessFaultsCall-')).toBeLessThan(at('retryMiddleware'));
      expect(at('retryMiddleware')).toBeLessThan(at('deserializerMiddleware'));
      expect(at('deserializerMiddleware')).toBeLessThan(at('harnessFaultsAttempt-'));
      expect(at('harnessFaultsAttempt-')).toBe(order.length - 1);
    },
  );
});

describe('each fault kind reaches the SDK as the real fault would', () => {
  it.each(PROBES)(
    '%s %s: Throttling on the first attempt is retried by the SDK and the call succeeds',
    async (service, command, probe) => {
      // Prepare
      const { clients, faults } = faultedClients({
        seed: 1,
        rules: [{ kind: 'throttling', service, attempt: 1 }],
      });

      // Act
      const out = await probe(clients);

      // Assess
      expect(out.$metadata.attempts).toBe(2);
      expect(faults.injections).toEqual([
        expect.objectContaining({ kind: 'throttling', service, command, attempt: 1 }),
      ]);
    },
  );

  it.each([
    ['iam', 'Throttling', 400],
    ['sts', 'Throttling', 400],
    ['sns', 'ThrottledException', 429],
    ['secretsmanager', 'ThrottlingException', 400],
    ['kms', 'ThrottlingException', 400],
    ['dynamodb', 'ThrottlingException', 400],
  ] as const)('%s throttling surfaces as %s with HTTP %i', async (service, name, status) => {
    // Prepare: clients that do not retry, so the injected error is what the caller gets
    const clients = {
      iam: new IAMClient({ maxAttempts: 1 }),
      sts: new STSClient({ maxAttempts: 1 }),
      sns: new SNSClient({ maxAttempts: 1 }),
      secrets: new SecretsManagerClient({ maxAttempts: 1 }),
      kms: new KMSClient({ maxAttempts: 1 }),
      dynamodb: new DynamoDBClient({ maxAttempts: 1 }),
      cloudtrail: new CloudTrailClient({ maxAttempts: 1 }),
    };
    const faults = injectFaults({ seed: 1, rules: [{ kind: 'throttling', service }] });
    faults.attach(clients);
    const probe = PROBES.find(([s]) => s === service)![2];

    // Act
    const err = await probe(clients).catch((e: unknown) => e);

    // Assess
    expect(err).toMatchObject({ name, $fault: 'client', $metadata: { httpStatusCode: status } });
  });

  it.each(PROBES)(
    '%s %s: a 5xx on the first attempt is retried and the call succeeds',
    async (service, _command, probe) => {
      const { clients, faults } = faultedClients({
        seed: 1,
        rules: [{ kind: 'server-error', service, attempt: 1, status: 500 }],
      });
      const out = await probe(clients);
      expect(out.$metadata.attempts).toBe(2);
      expect(faults.injections).toHaveLength(1);
    },
  );

  it.each(PROBES)(
    '%s %s: AccessDenied is not retried and surfaces as the service error',
    async (service, _command, probe) => {
      // Prepare
      const { clients, faults } = faultedClients({
        seed: 1,
        rules: [{ kind: 'access-denied', service }],
      });

      // Act
      const err = (await probe(clients).catch((e: unknown) => e)) as {
        name: string;
        $fault: string;
        $metadata: { attempts: number; httpStatusCode: number };
      };

      // Assess
      expect(err.$metadata.attempts).toBe(1);
      expect(err.$fault).toBe('client');
      expect(err.name).toMatch(/AccessDenied|AuthorizationError/);
      expect([400, 403]).toContain(err.$metadata.httpStatusCode);
      expect(faults.injections).toHaveLength(1);
    },
  );

  it('a connection reset is treated as transient: retried, and the request never reached moto', async () => {
    // Prepare
    await new IAMClient({}).send(new CreateUserCommand({ UserName: 'reset' }));
    const { clients, faults } = faultedClients({
      seed: 1,
      rules: [{ kind: 'connection-reset', command: 'TagUser', attempt: 1 }],
    });

    // Act
    const out = await clients.iam.send(
      new TagUserCommand({ UserName: 'reset', Tags: [{ Key: 'team', Value: 'a' }] }),
    );

    // Assess: one write, from the retry (the reset attempt never reached IAM)
    expect(out.$metadata.attempts).toBe(2);
    expect(await tagsOf('reset')).toEqual({ team: 'a' });
    expect(faults.injections).toEqual([
      expect.objectContaining({ kind: 'connection-reset', attempt: 1, target: 'reset' }),
    ]);
  });

  it('the engine IAM client never retries CreateAccessKey, even after a reset connection (issue 7 item 5)', async () => {
    // Prepare
    await new IAMClient({}).send(new CreateUserCommand({ UserName: 'reset-create' }));
    const { clients, faults } = faultedClients({
      seed: 1,
      rules: [{ kind: 'connection-reset', command: 'CreateAccessKey', attempt: 1 }],
    });

    // Act
    const err = await clients.iam
      .send(new CreateAccessKeyCommand({ UserName: 'reset-create' }))
      .catch((e: unknown) => e);

    // Assess: the caller sees the failure; the engine re-reads and settles it (create-attempt.ts)
    expect(err).toMatchObject({ $metadata: { attempts: 1 } });
    expect(await keysOf('reset-create')).toEqual({});
    expect(faults.injections).toHaveLength(1);
  });
});

describe('a lost response has taken effect and is retried by the SDK', () => {
  it.each([['a client with the SDK defaults', () => new IAMClient({})]])(
    'with %s, a lost CreateAccessKey answer leaves a key in IAM that the caller never saw',
    async (_label, makeClient) => {
      // Prepare
      await new IAMClient({}).send(new CreateUserCommand({ UserName: 'lost' }));
      const iam = makeClient();
      const faults = injectFaults({
        seed: 1,
        rules: [{ kind: 'lost-response', command: 'CreateAccessKey', attempt: 1 }],
      });
      faults.attach({ iam });

      // Act
      const out = await iam.send(new CreateAccessKeyCommand({ UserName: 'lost' }));

      // Assess: the SDK's retry created a second key; the first one exists and nobody holds it
      const keys = Object.keys(await keysOf('lost'));
      expect(out.$metadata.attempts).toBe(2);
      expect(keys).toHaveLength(2);
      expect(keys).toContain(out.AccessKey!.AccessKeyId);
      expect(faults.injections).toEqual([
        expect.objectContaining({ kind: 'lost-response', attempt: 1, lostStatus: 200 }),
      ]);
    },
  );

  it('with the engine IAM client, a lost CreateAccessKey answer is not retried: one key, an error to settle', async () => {
    // Prepare
    await new IAMClient({}).send(new CreateUserCommand({ UserName: 'lost-engine' }));
    const { clients, faults } = faultedClients({
      seed: 1,
      rules: [{ kind: 'lost-response', command: 'CreateAccessKey', attempt: 1 }],
    });

    // Act
    const err = await clients.iam
      .send(new CreateAccessKeyCommand({ UserName: 'lost-engine' }))
      .catch((e: unknown) => e);

    // Assess: the key exists and the caller knows the answer was lost (the engine then re-reads)
    expect(err).toMatchObject({ $metadata: { attempts: 1 } });
    expect(Object.keys(await keysOf('lost-engine'))).toHaveLength(1);
    expect(faults.injections).toHaveLength(1);
  });

  it('the retry of a lost CreateAccessKey meets the consequence: LimitExceeded at two keys', async () => {
    // Prepare: one key already, so the lost create fills the user's two slots. An SDK client with its
    // default retries shows what the engine's client avoids (issue 7 item 5).
    await seedUsers(fx.emulator, [{ name: 'full', keys: [{ ageDays: 1 }] }], new Date());
    const iam = new IAMClient({});
    const faults = injectFaults({
      seed: 1,
      rules: [{ kind: 'lost-response', command: 'CreateAccessKey', attempt: 1 }],
    });
    faults.attach({ iam });

    // Act
    const err = await iam
      .send(new CreateAccessKeyCommand({ UserName: 'full' }))
      .catch((e: unknown) => e);

    // Assess
    // The SDK's default strategy even retries LimitExceeded as throttling, up to its attempt limit.
    expect(err).toMatchObject({ name: 'LimitExceededException' });
    expect((err as { $metadata: { attempts: number } }).$metadata.attempts).toBeGreaterThanOrEqual(
      2,
    );
    expect(Object.keys(await keysOf('full'))).toHaveLength(2);
    expect(faults.injections).toHaveLength(1);
  });
});

describe('a kill stops the run as a Lambda timeout or crash would', () => {
  /** Every attempt any client sends after the kill, recorded above the injector (independent of it). */
  function wireAfterKill(faults: FaultInjector, sink: string[]) {
    return (clients: AwsClients) => {
      faults.attach(clients);
      for (const key of ['iam', 'secrets', 'sns', 'sts', 'dynamodb', 'kms'] as const) {
        const client = clients[key] as unknown as IAMClient; // one stack type for all six
        client.middlewareStack.add(
          (next, context) => async (args) => {
            if (faults.dead) sink.push(String(context.commandName));
            return next(args);
          },
          { step: 'finalizeRequest', priority: 'low', name: 'testWireAfterKill' },
        );
      }
    };
  }

  it.each([5, 12, 15])(
    'killed at call %i: no later call of any client reaches moto, and a fresh driver runs normally',
    async (callIndex) => {
      // Prepare: one due user, so the engine's calls are sequential and the index names one call
      const world = await createWorld(fx.emulator);
      await seedUsers(
        fx.emulator,
        [{ name: 'due', keys: [{ ageDays: 95, lastUsedDaysAgo: 1 }] }],
        world.at(0),
      );
      const faults = injectFaults({ seed: 7, rules: [{ kind: 'kill', call: callIndex }] });
      const afterKill: string[] = [];
      const driver = engineDriver({
        env: { MODE: 'enforce', SNS_TOPIC_ARN: world.topicArn },
        prepareClients: wireAfterKill(faults, afterKill),
      });
      const callsBefore = driver.calls.length;

      // Act
      const outcome = await runUnderFaults(faults, () => driver.run(world.at(0)));
      const fresh = fx.seen(await world.engine.run(world.at(0)));

      // Assess
      expect(outcome).toEqual({ killed: true });
      expect(faults.killedAt).toMatchObject({ kind: 'kill', call: callIndex });
      expect(afterKill).toEqual([]);
      // The engine's own counter (initialize step, after the kill hook) saw only calls before the kill.
      expect(driver.calls.length - callsBefore).toBe(callIndex - 1);
      expect(fresh.errors).toEqual([]);
    },
  );

  it('killed right after CreateAccessKey took effect: the key is in IAM and nothing after it happened', async () => {
    // Prepare
    const world = await createWorld(fx.emulator);
    await seedUsers(
      fx.emulator,
      [{ name: 'due', keys: [{ ageDays: 95, lastUsedDaysAgo: 1 }] }],
      world.at(0),
    );
    const faults = injectFaults({
      seed: 7,
      rules: [{ kind: 'kill', command: 'CreateAccessKey', when: 'after' }],
    });
    const afterKill: string[] = [];
    const driver = engineDriver({
      env: { MODE: 'enforce', SNS_TOPIC_ARN: world.topicArn },
      prepareClients: wireAfterKill(faults, afterKill),
    });

    // Act
    const outcome = await runUnderFaults(faults, () => driver.run(world.at(0)));

    // Assess
    expect(outcome).toEqual({ killed: true });
    expect(faults.killedAt).toMatchObject({ command: 'CreateAccessKey', lostStatus: 200 });
    expect(Object.keys(await keysOf('due'))).toHaveLength(2);
    expect(afterKill).toEqual([]);
    expect(driver.calls.map((c) => c.command).at(-1)).toBe('CreateAccessKeyCommand');
  });
});

describe('a schedule is data that replays', () => {
  it('prints as one line and parses back to the same schedule', () => {
    const schedule: FaultSchedule = {
      seed: 42,
      rules: [
        { kind: 'throttling', probability: 0.3 },
        { kind: 'lost-response', service: 'iam', command: 'CreateAccessKey', nth: 2 },
        { kind: 'kill', target: 'alice', call: 17, when: 'after' },
      ],
    };
    const line = formatSchedule(schedule);
    expect(line).not.toContain('\n');
    expect(parseSchedule(line)).toEqual(schedule);
  });

  it.each([
    ['{"seed":1.5,"rules":[]}', /seed must be an integer, got 1.5/],
    ['{"seed":1,"rules":[{"kind":"explode"}]}', /kind must be one of .*got "explode"/],
    [
      '{"seed":1,"rules":[{"kind":"kill","probability":2}]}',
      /probability must be within 0..1, got 2/,
    ],
    [
      '{"seed":1,"rules":[{"kind":"kill","command":"ListUsersCommand"}]}',
      /without "Command": use ListUsers/,
    ],
  ])('rejects %s, naming the field, the value and the fix', (line, message) => {
    expect(() => parseSchedule(line)).toThrow(message);
  });

  it('the PRNG and keyed draws depend only on the seed', () => {
    const a = new Prng(3);
    const b = new Prng(3);
    const drawsA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(drawsA);
    expect(new Prng(4).next()).not.toBe(drawsA[0]);
    expect(keyedDraw(9, 'iam', 'ListUsers', 1)).toBe(keyedDraw(9, 'iam', 'ListUsers', 1));
    expect(keyedDraw(9, 'iam', 'ListUsers', 1)).not.toBe(keyedDraw(9, 'iam', 'ListUsers', 2));
  });

  /** A whole engine run over the mixed account under 10% throttling and 20% 5xx on Secrets Manager. */
  async function throttledRun(seed: number): Promise<{ injected: string[]; errors: unknown[] }> {
    await fx.emulator.reset();
    const world = await createWorld(fx.emulator, { env: MIXED_ENV });
    await seedUsers(fx.emulator, MIXED_ACCOUNT, world.at(0));
    const faults = injectFaults({
      seed,
      rules: [
        { kind: 'throttling', probability: 0.1 },
        { kind: 'server-error', service: 'secretsmanager', probability: 0.2 },
      ],
    });
    const driver = engineDriver({
      env: { MODE: 'enforce', SNS_TOPIC_ARN: world.topicArn, ...MIXED_ENV },
      prepareClients: faults.attach,
    });
    const summary = fx.seen(await driver.run(world.at(0)));
    // Calls across users interleave differently from run to run: compare what, not when.
    const injected = faults.injections
      .map((i) => `${i.service}:${i.command}(${i.target ?? ''}) attempt ${i.attempt} ${i.kind}`)
      .sort();
    return { injected, errors: [...summary.errors] };
  }

  it('the same seed injects the same faults into the same calls; the throttled run still succeeds', async () => {
    const first = await throttledRun(2024);
    const replay = await throttledRun(2024);
    const other = await throttledRun(2025);

    expect(first.injected.length).toBeGreaterThan(5);
    expect(replay.injected).toEqual(first.injected);
    expect(other.injected).not.toEqual(first.injected);
    expect(first.errors).toEqual([]);
  }, 240_000);
});

describe('a rule can wait for an earlier call on the same user', () => {
  it('afterCommand: TagUser is refused only after a CreateAccessKey named the same user', async () => {
    // Prepare
    await new IAMClient({}).send(new CreateUserCommand({ UserName: 'after-u' }));
    const { clients, faults } = faultedClients({
      seed: 1,
      rules: [{ kind: 'access-denied', command: 'TagUser', afterCommand: 'CreateAccessKey' }],
    });
    const tag = () =>
      clients.iam.send(
        new TagUserCommand({ UserName: 'after-u', Tags: [{ Key: 'k', Value: 'v' }] }),
      );

    // Act
    await tag();
    await clients.iam.send(new CreateAccessKeyCommand({ UserName: 'after-u' }));
    const refused = await tag().catch((e: unknown) => e);

    // Assess
    expect(refused).toMatchObject({ name: 'AccessDenied' });
    expect(faults.injections).toEqual([
      expect.objectContaining({ kind: 'access-denied', command: 'TagUser', target: 'after-u' }),
    ]);
  });
});
