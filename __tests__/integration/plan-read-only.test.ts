/**
 * The guard behind `npm run plan`: against a real endpoint, writes are refused before anything is
 * sent, reads pass, and Publish is captured instead of delivered.
 */
import {
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
  DeleteAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
  CreateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  isAllowedRead,
  makeReadOnly,
  ReadOnlyViolation,
  type SuppressedPublish,
} from '../../scripts/plan/read-only-guard';
import { useEmulator } from './support/fixture';

const fx = useEmulator();

describe('plan read-only guard', () => {
  it.each([
    ['ListUsers', true],
    ['GetAccessKeyLastUsed', true],
    ['GenerateCredentialReport', true],
    ['DescribeSecret', true],
    ['GetSecretValue', false],
    ['CreateAccessKey', false],
    ['UpdateAccessKey', false],
    ['DeleteAccessKey', false],
    ['TagUser', false],
    ['PutSecretValue', false],
    ['Publish', false],
  ])('classifies %s as allowed=%s', (command, allowed) => {
    expect(isAllowedRead(command)).toBe(allowed);
  });

  it('refuses a write before it reaches the endpoint', async () => {
    // Prepare
    const iam = new IAMClient({});
    makeReadOnly(iam, 'iam', []);

    // Act
    const write = iam.send(new CreateUserCommand({ UserName: 'should-not-exist' }));

    // Assess
    await expect(write).rejects.toBeInstanceOf(ReadOnlyViolation);
    const { Users = [] } = await new IAMClient({}).send(new ListUsersCommand({}));
    expect(Users.map((u) => u.UserName)).not.toContain('should-not-exist');
  });

  it('lets reads through to the endpoint', async () => {
    // Prepare
    await new IAMClient({}).send(new CreateUserCommand({ UserName: 'alice' }));
    const iam = new IAMClient({});
    makeReadOnly(iam, 'iam', []);

    // Act
    const { Users = [] } = await iam.send(new ListUsersCommand({}));

    // Assess
    expect(Users.map((u) => u.UserName)).toEqual(['alice']);
  });

  it('refuses reading secret values and deleting keys', async () => {
    // Prepare
    await new SecretsManagerClient({}).send(
      new CreateSecretCommand({ Name: 'iam-access-key/alice', SecretString: '{}' }),
    );
    const secrets = new SecretsManagerClient({});
    const iam = new IAMClient({});
    makeReadOnly(secrets, 'secretsmanager', []);
    makeReadOnly(iam, 'iam', []);

    // Act
    const read = secrets.send(new GetSecretValueCommand({ SecretId: 'iam-access-key/alice' }));
    const del = iam.send(
      new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: 'AKIAEXAMPLE' }),
    );

    // Assess
    await expect(read).rejects.toThrow(/refused secretsmanager:GetSecretValue/);
    await expect(del).rejects.toThrow(/refused iam:DeleteAccessKey/);
  });

  it('captures Publish instead of sending it', async () => {
    // Prepare
    const { TopicArn } = await new SNSClient({}).send(new CreateTopicCommand({ Name: 'ops' }));
    const sns = new SNSClient({});
    const suppressed: SuppressedPublish[] = [];
    makeReadOnly(sns, 'sns', suppressed);

    // Act
    const result = await sns.send(
      new PublishCommand({
        TopicArn,
        Subject: 'Key deleted',
        Message: 'x',
        MessageAttributes: { event: { DataType: 'String', StringValue: 'KEY_DELETED' } },
      }),
    );

    // Assess
    expect(result.MessageId).toBe('suppressed-by-plan');
    expect(suppressed).toEqual([{ subject: 'Key deleted', attributes: { event: 'KEY_DELETED' } }]);
    expect(await fx.emulator.snsMessages()).toEqual([]);
  });
});
