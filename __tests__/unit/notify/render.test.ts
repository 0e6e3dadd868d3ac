import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { NotificationEvent } from '../../../lambda/core/types';
import type { Notice } from '../../../lambda/notify/notice';
import { publishNotice } from '../../../lambda/notify/publish';
import { renderNotice } from '../../../lambda/notify/render';

const created: Notice = {
  event: 'KEY_CREATED',
  user: 'alice',
  accessKeyId: 'AKIAOLD0000000000001',
  newAccessKeyId: 'AKIANEW000000000WXYZ',
  reasons: ['rotation-due'],
  facts: { ageDays: 100, idleDays: 1 },
  mode: 'enforce',
  secretName: 'iam-access-key/alice',
};

const EVENTS: NotificationEvent[] = [
  'ROTATION_UPCOMING',
  'KEY_CREATED',
  'OLD_KEY_STILL_IN_USE',
  'KEY_DEACTIVATED',
  'KEY_DELETED',
  'KEY_REACTIVATED',
  'ROTATION_BLOCKED',
  'CIRCUIT_BREAKER_TRIPPED',
  'RUN_FAILED',
  'RUN_SUMMARY',
];

describe('renderNotice', () => {
  it('words a created key from the decision data: subject, reasons, facts and the secret to use', () => {
    const { subject, body, payload } = renderNotice(created);
    expect(subject).toBe('[IAM keys] KEY_CREATED alice AKIA...WXYZ');
    expect(body).toContain('Why: rotation-due (ageDays=100, idleDays=1)');
    expect(body).toContain('iam-access-key/alice');
    expect(payload).toMatchObject({
      event: 'KEY_CREATED',
      user: 'alice',
      severity: 'info',
      mode: 'enforce',
    });
  });

  it.each(EVENTS)(
    'keeps the %s subject ASCII and under 100 characters, even for a 64-character user',
    (event) => {
      const { subject } = renderNotice({ ...created, event, user: 'u'.repeat(64), mode: 'report' });
      expect(subject.length).toBeLessThan(100);
      expect(subject).toMatch(/^\[report\] [\x20-\x7e]+$/);
    },
  );

  it("explains that an interrupted rotation's orphan key was never stored", () => {
    const { body } = renderNotice({
      ...created,
      event: 'KEY_DEACTIVATED',
      accessKeyId: 'AKIAORPHAN0000000001',
      newAccessKeyId: undefined,
      reasons: ['interrupted-rotation'],
    });
    expect(body).toContain('interrupted before its secret was stored, so nobody can be using it');
  });

  it('says in the run summary when a run stopped near the deadline and deferred users', () => {
    const { body } = renderNotice({
      event: 'RUN_SUMMARY',
      reasons: [],
      facts: {},
      mode: 'enforce',
      details: { actions: 3, incomplete: true, usersDeferred: 250 },
    });
    expect(body).toContain('INCOMPLETE: 250 users deferred to the next run');
  });

  it('sends ops-only events with user "-"', () => {
    const { payload } = renderNotice({
      event: 'RUN_SUMMARY',
      reasons: [],
      facts: {},
      mode: 'report',
    });
    expect(payload.user).toBe('-');
  });
});

describe('publishNotice', () => {
  it('publishes MessageStructure=json with a key per protocol and the four filter attributes', async () => {
    // Prepare
    const sns = new SNSClient({ region: 'us-east-1' });
    const mock = mockClient(sns).on(PublishCommand).resolves({ MessageId: '1' });

    // Act
    await publishNotice(sns, 'arn:aws:sns:us-east-1:123456789012:t', created);

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
