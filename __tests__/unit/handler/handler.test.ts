import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ApiCallCounter } from '../../../lambda/aws/api-calls';
import { ConfigError, EventError } from '../../../lambda/config/errors';
import { createHandler } from '../../../lambda/index';
import { assertNoKeyMaterial } from '../../support/key-material';
import { daysAgo, FakeAccount, NOW } from '../aws/support/sdk-account';
import { TOPIC } from '../engine/support/engine';

const VALID_ENV = { MODE: 'enforce', SNS_TOPIC_ARN: TOPIC };

function handlerWith(env: Record<string, string>, account = new FakeAccount()) {
  const lines: string[] = [];
  const sts = new STSClient({ region: 'us-east-1' });
  const stsMock = mockClient(sts).resolves({
    Arn: 'arn:aws:sts::123456789012:assumed-role/engine/session',
  });
  const handler = createHandler({
    iam: account.iam,
    secrets: account.sm,
    sns: account.sns,
    sts,
    counter: new ApiCallCounter(),
    clock: () => NOW,
    env: () => env,
    sink: (l) => lines.push(l),
    reportWait: { maxTries: 1, intervalMs: 0, sleep: async () => undefined },
  });
  return { handler, lines, account, stsMock };
}

describe('handler', () => {
  it.each([
    { name: 'MODE missing', env: { SNS_TOPIC_ARN: TOPIC }, event: {}, error: ConfigError },
    { name: 'MODE invalid', env: { ...VALID_ENV, MODE: 'yolo' }, event: {}, error: ConfigError },
    {
      name: 'ROTATION_DAYS not a number',
      env: { ...VALID_ENV, ROTATION_DAYS: 'ninety' },
      event: {},
      error: ConfigError,
    },
    {
      name: 'a manual event forcing enforce',
      env: VALID_ENV,
      event: { mode: 'enforce' },
      error: EventError,
    },
    { name: 'a string event', env: VALID_ENV, event: 'rotate everything', error: EventError },
  ])('rejects $name before any AWS call', async ({ env, event, error }) => {
    // Prepare
    const { handler, lines, account, stsMock } = handlerWith(env);

    // Act
    const result = handler(event);

    // Assess
    await expect(result).rejects.toBeInstanceOf(error);
    expect(account.calls).toEqual([]);
    expect(stsMock.calls()).toHaveLength(0);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'ERROR', type: 'invocation-rejected' });
  });

  it('runs the engine and logs the summary and the EMF line', async () => {
    // Prepare
    const { handler, lines, account } = handlerWith(VALID_ENV);
    account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);

    // Act
    const summary = await handler({}, { awsRequestId: 'req-1', functionName: 'key-lifecycle' });

    // Assess
    assertNoKeyMaterial(summary, 'handler return value');
    assertNoKeyMaterial(lines.join('\n'), 'handler log lines');
    expect(summary.actions.map((a) => a.outcome)).toEqual(['done']);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.filter((l) => l.type === 'summary')).toHaveLength(1);
    expect(parsed.some((l) => '_aws' in l)).toBe(true);
    expect(parsed.every((l) => l.runId === undefined || l.runId === 'req-1')).toBe(true);
  });

  it('forces report mode from a manual event even when MODE=enforce', async () => {
    // Prepare
    const { handler, account } = handlerWith(VALID_ENV);
    account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);

    // Act
    const summary = await handler({ mode: 'report' });

    // Assess
    expect(summary.mode).toBe('report');
    expect(account.writes()).toEqual([]);
  });

  it('publishes RUN_FAILED and rethrows when the run cannot take its inventory', async () => {
    // Prepare
    const { handler, account } = handlerWith(VALID_ENV);
    account.failOn(
      'GetAccountAuthorizationDetails',
      Object.assign(new Error('denied'), { name: 'AccessDenied' }),
    );

    // Act
    const result = handler({});

    // Assess
    await expect(result).rejects.toThrow('denied');
    expect(account.published.map((p) => p.MessageAttributes?.event?.StringValue)).toEqual([
      'RUN_FAILED',
    ]);
    expect(account.published[0]!.MessageAttributes?.user?.StringValue).toBe('-');
  });

  it('stops starting users near the timeout the Lambda context reports', async () => {
    // Prepare
    const { handler, account } = handlerWith(VALID_ENV);
    account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
    // As Lambda's runtime does, the method reads its own object: the handler must call it on the context.
    const context = {
      awsRequestId: 'req-2',
      deadlineMs: 30_000,
      getRemainingTimeInMillis(this: { deadlineMs: number }) {
        return this.deadlineMs;
      },
    };

    // Act
    const summary = await handler({}, context);

    // Assess
    expect(summary).toMatchObject({ incomplete: true, usersDeferred: 1, actions: [] });
    expect(account.calls).not.toContain('ListAccessKeys');
  });

  it('runs without a deadline when invoked without a Lambda context', async () => {
    // Prepare
    const { handler, account } = handlerWith(VALID_ENV);
    account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);

    // Act
    const summary = await handler({});

    // Assess
    expect(summary).toMatchObject({ incomplete: false, usersDeferred: 0 });
    expect(summary.actions.map((a) => a.outcome)).toEqual(['done']);
  });
});
