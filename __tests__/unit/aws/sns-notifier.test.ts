import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { snsNotifier } from '../../../lambda/aws/sns-notifier';
import { KEY_CREATED_NOTICE as created } from '../support/notices';

describe('snsNotifier', () => {
  it('publishes MessageStructure=json with a key per protocol and the four filter attributes', async () => {
    // Prepare
    const sns = new SNSClient({ region: 'us-east-1' });
    const mock = mockClient(sns).on(PublishCommand).resolves({ MessageId: '1' });

    // Act
    await snsNotifier(sns, 'arn:aws:sns:us-east-1:123456789012:t').publish(created);

    // Assess
    const input = mock.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.MessageStructure).toBe('json');
    const message = JSON.parse(input.Message ?? '{}') as Record<string, string>;
    expect(Object.keys(message)).toEqual(
      expect.arrayContaining(['default', 'email', 'email-json', 'sqs', 'lambda', 'https']),
    );
    expect(JSON.parse(message.sqs!)).toMatchObject({
      event: 'KEY_CREATED',
      newAccessKeyId: 'AKIANEW000000000WXYZ',
    });
    expect(message.email).toContain('What to do:');
    expect(input.MessageAttributes).toEqual({
      event: { DataType: 'String', StringValue: 'KEY_CREATED' },
      user: { DataType: 'String', StringValue: 'alice' },
      severity: { DataType: 'String', StringValue: 'info' },
      mode: { DataType: 'String', StringValue: 'enforce' },
    });
  });
});
