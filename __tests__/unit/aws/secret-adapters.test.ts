/**
 * The Secrets Manager adapters (aws/secrets.ts, aws/secret-trust.ts, aws/secret-store.ts) under the
 * real engine, over the SDK fake (aws-sdk-client-mock): which secrets the engine trusts with a new key,
 * and what a secret it creates looks like. The engine's own reaction to a verdict is tested on the
 * in-memory ports (__tests__/unit/engine/seams.test.ts, item 2).
 */
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { ApiCallCounter } from '../../../lambda/aws/api-calls';
import { engineAdapters } from '../../../lambda/aws/adapters';
import type { EngineConfig } from '../../../lambda/config/types';
import { runEngine } from '../../../lambda/engine/run';
import type { RunSummary } from '../../../lambda/engine/summary';
import { AuditLog } from '../../../lambda/observability/audit-log';
import { assertNoKeyMaterial } from '../../support/key-material';
import { ENGINE_ROLE, SCHEDULE, testConfig } from '../engine/support/engine';
import {
  daysAgo,
  DAY_MS,
  FakeAccount,
  moduleSecretPolicy,
  NOW,
  awsError,
  type FakeKey,
} from './support/sdk-account';

const SECRET = 'iam-access-key/alice';
const MARKER_PREFIX = 'key-lifecycle:pending-create';
const daysLater = (days: number) => new Date(NOW.getTime() + days * DAY_MS);
const markers = (tags: Readonly<Record<string, string>>) =>
  Object.keys(tags).filter((k) => k.startsWith(MARKER_PREFIX));

function dueUser(account: FakeAccount) {
  const alice = account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
  return { alice, oldKey: alice.keys[0]!.accessKeyId };
}

/** The engine with the handler's adapters over the SDK fake's clients. */
async function runOverSdk(
  account: FakeAccount,
  config: EngineConfig = testConfig(),
  now: Date = NOW,
): Promise<{ readonly summary: RunSummary }> {
  const lines: string[] = [];
  const adapters = engineAdapters(
    { iam: account.iam, secrets: account.sm, sns: account.sns },
    config,
    {
      enginePrincipalPatterns: async () => [ENGINE_ROLE],
      reportWait: { maxTries: 3, intervalMs: 0, sleep: async () => undefined },
    },
  );
  const log = new AuditLog((l) => lines.push(l), { mode: 'enforce', runId: 'test-run' });
  const summary = await runEngine(
    { ...adapters, clock: () => now, log, counter: new ApiCallCounter() },
    config,
    SCHEDULE,
  );
  assertNoKeyMaterial(summary, 'run summary');
  assertNoKeyMaterial(lines.join('\n'), 'audit log');
  assertNoKeyMaterial(account.published, 'SNS Publish inputs');
  return { summary };
}

describe('a secret the engine creates', () => {
  it('writes the secret with the owner-only policy, the CMK and the engine-created tag', async () => {
    // Prepare
    const account = new FakeAccount();
    dueUser(account);

    // Act
    await runOverSdk(account, { ...testConfig(), secretKmsKeyId: 'alias/keys' });

    // Assess
    const secret = account.secrets.get(SECRET)!;
    expect(secret.kmsKeyId).toBe('alias/keys');
    expect(secret.tags).toContainEqual({ Key: 'iam-key-lifecycle:created-by', Value: 'engine' });
    const policy = JSON.parse(secret.policy ?? '{}');
    expect(policy.Statement[1].Condition.StringNotLike['aws:PrincipalArn']).toEqual([
      'arn:aws:iam::123456789012:user/alice',
      'arn:aws:iam::123456789012:role/key-lifecycle-engine',
    ]);
  });
});

describe('a secret someone else created is never trusted blindly', () => {
  const FOREIGN_READER = 'arn:aws:iam::123456789012:role/someone-else';

  it.each([
    [
      'a policy that lets another principal read it',
      (account: FakeAccount, key: FakeKey) =>
        account.seedSecret(SECRET, 'alice', key, moduleSecretPolicy('alice', [FOREIGN_READER])),
      FOREIGN_READER,
    ],
    [
      'no resource policy at all',
      (account: FakeAccount, key: FakeKey) => {
        account.seedSecret(SECRET, 'alice', key);
        delete account.secrets.get(SECRET)!.policy;
      },
      'does not deny reading',
    ],
    [
      'a KMS key other than the configured one',
      (account: FakeAccount, key: FakeKey) => {
        account.seedSecret(SECRET, 'alice', key);
        account.secrets.get(SECRET)!.kmsKeyId = 'arn:aws:kms:us-east-1:123456789012:key/their-key';
      },
      'their-key',
    ],
    [
      'a deletion scheduled',
      (account: FakeAccount, key: FakeKey) => {
        account.seedSecret(SECRET, 'alice', key);
        account.secrets.get(SECRET)!.deletedDate = daysAgo(1);
      },
      'scheduled for deletion',
    ],
    [
      'replicas in other regions',
      (account: FakeAccount, key: FakeKey) => {
        account.seedSecret(SECRET, 'alice', key);
        account.secrets.get(SECRET)!.replicaRegions = ['eu-west-1'];
      },
      'replicated to eu-west-1',
    ],
    [
      'a rotation function someone configured (even with the engine’s tag)',
      (account: FakeAccount, key: FakeKey) => {
        account.seedSecret(SECRET, 'alice', key);
        const secret = account.secrets.get(SECRET)!;
        secret.tags.push({ Key: 'iam-key-lifecycle:created-by', Value: 'engine' });
        secret.rotationLambdaArn = 'arn:aws:lambda:us-east-1:123456789012:function:theirs';
      },
      'rotation function (arn:aws:lambda:us-east-1:123456789012:function:theirs)',
    ],
    [
      'its only Deny on another secret, and an Allow for a stranger',
      (account: FakeAccount, key: FakeKey) =>
        account.seedSecret(
          SECRET,
          'alice',
          key,
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: FOREIGN_READER },
                Action: 'secretsmanager:GetSecretValue',
                Resource: '*',
              },
              {
                Effect: 'Deny',
                Principal: '*',
                Action: 'secretsmanager:GetSecretValue',
                Resource:
                  'arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-access-key/bob-*',
                Condition: {
                  StringNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/alice' },
                },
              },
            ],
          }),
        ),
      'does not deny reading',
    ],
  ])('creates no key when the secret has %s, and says why once', async (_n, seed, why) => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    seed(account, alice.keys[0]!);

    // Act
    const first = await runOverSdk(account);
    const second = await runOverSdk(account, testConfig(), daysLater(1));

    // Assess
    expect(account.calls).not.toContain('CreateAccessKey');
    expect(markers(alice.tags)).toEqual([]);
    expect(first.summary.blocked).toEqual([
      expect.objectContaining({
        reason: 'secret-not-trusted',
        message: expect.stringContaining(why),
      }),
    ]);
    expect(second.summary.blocked.map((b) => b.reason)).toEqual(['secret-not-trusted']);
    const blockedMails = account.published.filter(
      (p) => p.MessageAttributes?.event?.StringValue === 'ROTATION_BLOCKED',
    );
    expect(blockedMails).toHaveLength(1);
  });

  it('counts a Deny whose Resource names this secret’s ARN by pattern', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    const policy = JSON.parse(moduleSecretPolicy('alice')) as { Statement: { Resource: string }[] };
    policy.Statement[1]!.Resource =
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-access-key/alice-??????';
    account.seedSecret(SECRET, 'alice', alice.keys[0]!, JSON.stringify(policy));

    // Act
    const { summary } = await runOverSdk(account);

    // Assess
    expect(summary.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual(['create done']);
  });

  it('rotates into a secret the module created (owner-only policy, configured key)', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    account.seedSecret(SECRET, 'alice', alice.keys[0]!);

    // Act
    const { summary } = await runOverSdk(account);

    // Assess
    expect(summary.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual(['create done']);
    expect(account.current(SECRET)?.AccessKeyId).toBe(account.created[0]!.accessKeyId);
  });
});

describe('a secrets key configured by its alias (the module passes the alias ARN, known at plan)', () => {
  const ALIAS_ARN = 'arn:aws:kms:us-east-1:123456789012:alias/iam-key-lifecycle';
  const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const OTHER_KEY = 'arn:aws:kms:us-east-1:123456789012:key/99999999-12ab-34cd-56ef-1234567890ab';

  /** Two due users whose secrets the module created with the key ARN; KMS resolves the alias. */
  async function runWithAlias(secretKey: string) {
    const account = new FakeAccount();
    for (const user of ['alice', 'bob']) {
      const u = account.addUser(user, [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
      account.seedSecret(`iam-access-key/${user}`, user, u.keys[0]!);
      account.secrets.get(`iam-access-key/${user}`)!.kmsKeyId = secretKey;
    }
    const kms = new KMSClient({ region: 'us-east-1' });
    const kmsMock = mockClient(kms);
    kmsMock.on(DescribeKeyCommand, { KeyId: ALIAS_ARN }).resolves({
      KeyMetadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: KEY_ARN },
    });
    // Another account's alias of the same name names another account's key.
    kmsMock
      .on(DescribeKeyCommand, {
        KeyId: 'arn:aws:kms:us-east-1:999999999999:alias/iam-key-lifecycle',
      })
      .resolves({
        KeyMetadata: {
          KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
          Arn: 'arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        },
      });
    kmsMock
      .on(DescribeKeyCommand, { KeyId: '99999999-12ab-34cd-56ef-1234567890ab' })
      .resolves({ KeyMetadata: { KeyId: '99999999-12ab-34cd-56ef-1234567890ab', Arn: OTHER_KEY } });
    const config = { ...testConfig(), secretKmsKeyId: ALIAS_ARN };
    const adapters = engineAdapters(
      { iam: account.iam, secrets: account.sm, sns: account.sns, kms },
      config,
      {
        enginePrincipalPatterns: async () => [ENGINE_ROLE],
        reportWait: { maxTries: 3, intervalMs: 0, sleep: async () => undefined },
      },
    );
    const log = new AuditLog(() => undefined, { mode: 'enforce', runId: 'test-run' });
    const summary = await runEngine(
      { ...adapters, clock: () => NOW, log, counter: new ApiCallCounter() },
      config,
      SCHEDULE,
    );
    return { summary, describeKeyCalls: kmsMock.commandCalls(DescribeKeyCommand).length };
  }

  it('trusts secrets encrypted with the key the alias names, resolving the alias once per run', async () => {
    // Act
    const { summary, describeKeyCalls } = await runWithAlias(KEY_ARN);

    // Assess
    expect(summary.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual([
      'create done',
      'create done',
    ]);
    expect(describeKeyCalls).toBe(1);
  });

  it('refuses another account’s alias of the same name: keys compare by full ARN', async () => {
    // Act
    const { summary } = await runWithAlias(
      'arn:aws:kms:us-east-1:999999999999:alias/iam-key-lifecycle',
    );

    // Assess
    expect(summary.actions).toEqual([]);
    expect(summary.blocked.map((b) => b.reason)).toEqual([
      'secret-not-trusted',
      'secret-not-trusted',
    ]);
    expect(summary.blocked[0]!.message).toContain('999999999999:alias/iam-key-lifecycle');
  });

  it('refuses a bare key id that is not the configured key’s, resolving it in this account', async () => {
    // Act
    const { summary } = await runWithAlias('99999999-12ab-34cd-56ef-1234567890ab');

    // Assess
    expect(summary.blocked.map((b) => b.reason)).toEqual([
      'secret-not-trusted',
      'secret-not-trusted',
    ]);
  });

  it('still refuses a secret encrypted with another key', async () => {
    // Act
    const { summary } = await runWithAlias(OTHER_KEY);

    // Assess
    expect(summary.blocked.map((b) => b.reason)).toEqual([
      'secret-not-trusted',
      'secret-not-trusted',
    ]);
    expect(summary.blocked[0]!.message).toContain(OTHER_KEY);
  });
});

describe('a switched secrets KMS key: the engine’s own secrets move to the configured key', () => {
  function engineSecretUnder(account: FakeAccount, kmsKeyId: string) {
    const { alice, oldKey } = dueUser(account);
    account.seedSecret(SECRET, 'alice', alice.keys[0]!);
    const secret = account.secrets.get(SECRET)!;
    secret.tags.push({ Key: 'iam-key-lifecycle:created-by', Value: 'engine' });
    secret.kmsKeyId = kmsKeyId;
    return { oldKey, secret };
  }

  it('moves an engine secret under the previous key to the configured key, then rotates into it', async () => {
    // Prepare
    const account = new FakeAccount();
    const { secret } = engineSecretUnder(account, 'alias/previous-key');

    // Act
    const { summary } = await runOverSdk(account, {
      ...testConfig(),
      secretKmsKeyId: 'alias/keys',
    });

    // Assess
    expect(secret.kmsKeyId).toBe('alias/keys');
    expect(account.calls.indexOf('UpdateSecret')).toBeLessThan(
      account.calls.indexOf('CreateAccessKey'),
    );
    expect(summary.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual(['create done']);
    expect(account.current(SECRET)?.AccessKeyId).toBe(account.created[0]!.accessKeyId);
  });

  it('blocks loudly, naming the command, when the move is refused', async () => {
    // Prepare
    const account = new FakeAccount();
    const { secret } = engineSecretUnder(account, 'alias/previous-key');
    account.failOn('UpdateSecret', awsError('AccessDeniedException'));

    // Act
    const { summary } = await runOverSdk(account, {
      ...testConfig(),
      secretKmsKeyId: 'alias/keys',
    });

    // Assess
    expect(account.calls).not.toContain('CreateAccessKey');
    expect(secret.kmsKeyId).toBe('alias/previous-key');
    expect(summary.blocked).toEqual([
      expect.objectContaining({
        reason: 'secret-not-trusted',
        message: expect.stringContaining(
          `aws secretsmanager update-secret --secret-id ${SECRET} --kms-key-id alias/keys`,
        ),
      }),
    ]);
  });

  it('moves nothing in report mode', async () => {
    // Prepare
    const account = new FakeAccount();
    const { secret } = engineSecretUnder(account, 'alias/previous-key');

    // Act
    await runOverSdk(account, { ...testConfig(), secretKmsKeyId: 'alias/keys', mode: 'report' });

    // Assess
    expect(account.calls).not.toContain('UpdateSecret');
    expect(secret.kmsKeyId).toBe('alias/previous-key');
  });

  it('never moves a secret the engine did not create: it stays refused', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    account.seedSecret(SECRET, 'alice', alice.keys[0]!);
    account.secrets.get(SECRET)!.kmsKeyId = 'alias/previous-key';

    // Act
    const { summary } = await runOverSdk(account, {
      ...testConfig(),
      secretKmsKeyId: 'alias/keys',
    });

    // Assess
    expect(account.calls).not.toContain('UpdateSecret');
    expect(summary.blocked.map((b) => b.reason)).toEqual(['secret-not-trusted']);
  });
});
