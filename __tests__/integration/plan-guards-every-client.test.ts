/**
 * `npm run plan` guards every client the engine is given, DynamoDB and KMS included: a write planted on
 * any of them is refused before it leaves, and a plan with the coordination table and the state MAC key
 * on sends nothing but reads.
 */
import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
} from '@aws-sdk/client-cloudtrail';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { ApiCallCounter } from '../../lambda/aws/api-calls';
import { createClients, type AwsClients } from '../../lambda/aws/clients';
import { recordCalls, type RecordedCall } from '../../scripts/emulator/call-recorder';
import {
  coordinationItems,
  createCoordinationTable,
} from '../../scripts/emulator/coordination-table';
import { MIXED_ACCOUNT } from '../../scripts/emulator/mixed-account';
import { seedUsers } from '../../scripts/emulator/seed';
import { createStateMacKey } from '../../scripts/emulator/state-mac-key';
import {
  GUARDED_SERVICES,
  isAllowedRead,
  makeAllReadOnly,
  ReadOnlyViolation,
} from '../../scripts/plan/read-only-guard';
import { runPlan } from '../../scripts/plan/run-plan';
import { useEmulator } from './support/fixture';

const fx = useEmulator();

/** One write per client, and how to see whether it reached the emulator (a count that would grow). */
const PLANTED: Record<
  keyof AwsClients,
  { send: (c: AwsClients) => Promise<unknown>; count: () => Promise<number> }
> = {
  iam: {
    send: (c) => c.iam.send(new CreateUserCommand({ UserName: 'planted' })),
    count: async () => (await new IAMClient({}).send(new ListUsersCommand({}))).Users!.length,
  },
  secrets: {
    send: (c) => c.secrets.send(new CreateSecretCommand({ Name: 'planted', SecretString: '{}' })),
    count: async () =>
      (await new SecretsManagerClient({}).send(new ListSecretsCommand({}))).SecretList!.length,
  },
  sns: {
    send: (c) => c.sns.send(new CreateTopicCommand({ Name: 'planted' })),
    count: async () => (await new SNSClient({}).send(new ListTopicsCommand({}))).Topics!.length,
  },
  sts: {
    send: (c) =>
      c.sts.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::123456789012:role/planted',
          RoleSessionName: 'planted',
        }),
      ),
    // AssumeRole changes nothing an emulator lists: the refusal itself is the evidence.
    count: () => Promise.resolve(0),
  },
  dynamodb: {
    send: (c) =>
      c.dynamodb.send(
        new PutItemCommand({
          TableName: 'iam-key-lifecycle-coordination',
          Item: { pk: { S: 'budget' }, sk: { S: 'slot#0' }, at: { N: '0' } },
        }),
      ),
    count: async () => (await coordinationItems('budget')).length,
  },
  kms: {
    send: (c) => c.kms.send(new CreateKeyCommand({})),
    count: async () => (await new KMSClient({}).send(new ListKeysCommand({}))).Keys!.length,
  },
  cloudtrail: {
    send: (c) =>
      c.cloudtrail.send(new CreateTrailCommand({ Name: 'planted', S3BucketName: 'planted' })),
    count: async () =>
      (await new CloudTrailClient({}).send(new DescribeTrailsCommand({}))).trailList!.length,
  },
};

describe('plan read-only guard on every client', () => {
  it.each(Object.keys(GUARDED_SERVICES) as (keyof AwsClients)[])(
    'refuses a write planted on the %s client before it reaches the endpoint',
    async (key) => {
      // Prepare
      await createCoordinationTable();
      const clients = createClients(new ApiCallCounter());
      makeAllReadOnly(clients, []);
      const before = await PLANTED[key].count();

      // Act
      const write = PLANTED[key].send(clients);

      // Assess
      await expect(write).rejects.toBeInstanceOf(ReadOnlyViolation);
      expect(await PLANTED[key].count()).toBe(before);
    },
  );

  it.each([
    ['dynamodb', 'Query', true],
    ['dynamodb', 'GetItem', true],
    ['dynamodb', 'PutItem', false],
    ['dynamodb', 'UpdateItem', false],
    ['dynamodb', 'DeleteItem', false],
    ['dynamodb', 'BatchWriteItem', false],
    ['dynamodb', 'TransactWriteItems', false],
    ['dynamodb', 'ExecuteStatement', false],
    ['kms', 'GenerateMac', true],
    ['kms', 'VerifyMac', true],
    ['kms', 'DescribeKey', true],
    ['kms', 'GenerateDataKey', false],
    ['kms', 'Decrypt', false],
    ['kms', 'CreateKey', false],
    ['kms', 'ScheduleKeyDeletion', false],
    ['sts', 'GetCallerIdentity', true],
    ['sts', 'AssumeRole', false],
  ])('classifies %s:%s as allowed=%s', (service, command, allowed) => {
    expect(isAllowedRead(command, service)).toBe(allowed);
  });

  it('a plan with the coordination table and the state MAC key on sends only reads', async () => {
    // Prepare
    await seedUsers(fx.emulator, MIXED_ACCOUNT, new Date());
    const table = await createCoordinationTable();
    const macKey = await createStateMacKey();
    const sent: RecordedCall[] = [];

    // Act
    const result = fx.seen(
      await runPlan({
        env: { ...process.env, COORDINATION_TABLE: table, STATE_MAC_KEY_ID: macKey },
        prepareClients: (clients) => recordCalls(clients, sent),
      }),
    );

    // Assess
    expect(result.summary.errors).toEqual([]);
    expect(result.summary.actions.map((a) => `${a.user}:${a.action}`)).toContain(
      'unused:deactivate',
    );
    expect(sent.map((c) => c.action)).toContain('dynamodb:Query');
    const writes = sent.filter((c) => {
      const [service, command] = c.action.split(':') as [string, string];
      return !isAllowedRead(command, service) && c.action !== 'sns:Publish';
    });
    expect(writes).toEqual([]);
    expect(await coordinationItems('budget')).toEqual([]);
    expect(await coordinationItems('notice')).toEqual([]);
  });
});
