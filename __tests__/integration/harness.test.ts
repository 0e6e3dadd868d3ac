/**
 * Proves the emulator harness itself: back-dating, the simulated IAM clock, keys that really sign
 * requests, SNS read-back, and a leak guard that actually catches key material.
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { rememberKeyMaterial } from '../support/key-material';
import { useEmulator } from './support/fixture';
import { assertNoLeaks } from './support/leak-guard';

const DAY_MS = 86_400_000;
const fx = useEmulator();

async function userWithKey(userName: string) {
  const iam = new IAMClient({});
  await iam.send(new CreateUserCommand({ UserName: userName }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  rememberKeyMaterial(AccessKey!.SecretAccessKey!);
  return { iam, accessKeyId: AccessKey!.AccessKeyId!, secret: AccessKey!.SecretAccessKey! };
}

describe('moto emulator harness', () => {
  it('back-dates a key so ListAccessKeys reports the old CreateDate', async () => {
    // Prepare
    const { iam, accessKeyId } = await userWithKey('alice');
    const createDate = new Date(Date.now() - 100 * DAY_MS);

    // Act
    await fx.emulator.backdateKey('alice', accessKeyId, { createDate });
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));

    // Assess
    expect(listed.AccessKeyMetadata?.[0]?.CreateDate?.toISOString().slice(0, 19)).toBe(
      createDate.toISOString().slice(0, 19),
    );
  });

  it('sets and clears last-used as GetAccessKeyLastUsed reports it', async () => {
    // Prepare
    const { iam, accessKeyId } = await userWithKey('bob');
    const lastUsed = new Date(Date.now() - 30 * DAY_MS);

    // Act
    await fx.emulator.backdateKey('bob', accessKeyId, { lastUsed, service: 's3' });
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
    await fx.emulator.backdateKey('bob', accessKeyId, { lastUsed: null });
    const cleared = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));

    // Assess
    expect(used.AccessKeyLastUsed?.LastUsedDate?.toISOString().slice(0, 19)).toBe(
      lastUsed.toISOString().slice(0, 19),
    );
    expect(used.AccessKeyLastUsed?.ServiceName).toBe('s3');
    expect(cleared.AccessKeyLastUsed?.LastUsedDate).toBeUndefined();
  });

  it('accepts requests signed with an issued key and records that use', async () => {
    // Prepare
    const { iam, accessKeyId, secret } = await userWithKey('carol');
    const sts = new STSClient({ credentials: { accessKeyId, secretAccessKey: secret } });

    // Act
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));

    // Assess
    expect(identity.Arn).toBe('arn:aws:iam::123456789012:user/carol');
    expect(used.AccessKeyLastUsed?.LastUsedDate).toBeInstanceOf(Date);
  });

  it('stamps new keys and their use with the simulated IAM clock', async () => {
    // Prepare
    const simulated = new Date('2031-03-01T12:00:00.000Z');
    await fx.emulator.setClock(simulated);

    // Act
    const { iam, accessKeyId, secret } = await userWithKey('dave');
    const sts = new STSClient({ credentials: { accessKeyId, secretAccessKey: secret } });
    await sts.send(new GetCallerIdentityCommand({}));
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'dave' }));
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));

    // Assess
    const created = listed.AccessKeyMetadata![0]!.CreateDate!.getTime();
    expect(Math.abs(created - simulated.getTime())).toBeLessThan(1_000);
    expect(
      Math.abs(used.AccessKeyLastUsed!.LastUsedDate!.getTime() - simulated.getTime()),
    ).toBeLessThan(1_000);
  });

  it('reads back SNS messages with their subject and attributes', async () => {
    // Prepare
    const sns = new SNSClient({});
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'key-lifecycle' }));

    // Act
    await sns.send(
      new PublishCommand({
        TopicArn,
        Subject: 'hello',
        Message: 'body',
        MessageAttributes: { event: { DataType: 'String', StringValue: 'KEY_CREATED' } },
      }),
    );
    const messages = await fx.emulator.snsMessages();

    // Assess
    expect(messages).toEqual([
      expect.objectContaining({ topicArn: TopicArn, subject: 'hello', message: 'body' }),
    ]);
    expect(JSON.stringify(messages[0]!.messageAttributes)).toContain('KEY_CREATED');
  });

  it('reports every issued secret, including keys deleted since', async () => {
    // Prepare
    const { iam, accessKeyId, secret } = await userWithKey('erin');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'erin', AccessKeyId: accessKeyId }));

    // Act
    const issued = await fx.emulator.issuedSecrets();

    // Assess
    expect(issued).toContain(secret);
  });

  it('leak guard fails when key material reaches a notification', async () => {
    // Prepare
    const { secret } = await userWithKey('frank');
    const sns = new SNSClient({});
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'leaky' }));
    await sns.send(new PublishCommand({ TopicArn, Subject: 'oops', Message: `key ${secret}` }));

    // Act
    const guard = assertNoLeaks(fx.emulator, []);

    // Assess
    await expect(guard).rejects.toThrow(/key material leaked into SNS message/);
    await fx.emulator.reset(); // so this file's own after-each guard sees a clean emulator
  });
});
