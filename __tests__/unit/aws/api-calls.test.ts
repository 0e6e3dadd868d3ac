import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ApiCallCounter, countCalls } from '../../../lambda/aws/api-calls';
import { principalPatterns } from '../../../lambda/aws/caller';

const IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/engine</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

/** An STS client whose HTTP layer answers locally: throttled `failures` times, then OK. */
function localSts(failures: number): STSClient {
  let calls = 0;
  return new STSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret-value' },
    maxAttempts: 5,
    requestHandler: {
      handle: async () => {
        calls += 1;
        const throttled = calls <= failures;
        const body = throttled
          ? '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>'
          : IDENTITY;
        return {
          response: {
            statusCode: throttled ? 400 : 200,
            headers: { 'content-type': 'text/xml' },
            body: new TextEncoder().encode(body),
          },
        };
      },
    },
  });
}

describe('ApiCallCounter', () => {
  it('counts one logical call however many times the SDK retried it, recording identifiers only', async () => {
    // Prepare
    const counter = new ApiCallCounter();
    const sts = localSts(2);
    countCalls(sts, 'sts', counter);

    // Act
    await sts.send(new GetCallerIdentityCommand({}));

    // Assess
    expect(counter.count).toBe(1);
    expect(counter.calls).toEqual([
      { service: 'sts', command: 'GetCallerIdentityCommand', identifiers: {} },
    ]);
  }, 20_000);

  it('records identifying fields and never values such as SecretString', () => {
    const counter = new ApiCallCounter();
    counter.record('secretsmanager', 'PutSecretValueCommand', {
      SecretId: 'iam-access-key/alice',
      SecretString: '{"SecretAccessKey":"x"}',
    });
    expect(counter.calls).toEqual([
      {
        service: 'secretsmanager',
        command: 'PutSecretValueCommand',
        identifiers: { SecretId: 'iam-access-key/alice' },
      },
    ]);
    counter.reset();
    expect(counter.count).toBe(0);
  });
});

describe('principalPatterns', () => {
  it.each([
    [
      'arn:aws:sts::123456789012:assumed-role/engine-role/fn-session',
      [
        'arn:aws:iam::123456789012:role/engine-role',
        'arn:aws:iam::123456789012:role/*/engine-role',
      ],
    ],
    ['arn:aws:iam::123456789012:user/admin', ['arn:aws:iam::123456789012:user/admin']],
  ])('matches the role behind %s', (caller, patterns) => {
    expect(principalPatterns(caller)).toEqual(patterns);
  });
});
