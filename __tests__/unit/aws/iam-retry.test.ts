import { Readable } from 'node:stream';
import { CreateAccessKeyCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import type { SdkError, StandardRetryToken } from '@smithy/types';
import { IamRetryStrategy, neverRetryCreates } from '../../../lambda/aws/iam-retry';

function sdkError(name: string): SdkError {
  const err = new Error(`${name} from IAM`) as SdkError;
  err.name = name;
  return err;
}

describe('IamRetryStrategy', () => {
  it('never retries LimitExceeded: the two-key limit is a final answer, not throttling', async () => {
    // Prepare
    const strategy = new IamRetryStrategy(10);
    const token = (await strategy.acquireInitialRetryToken('iam')) as StandardRetryToken;
    const error = sdkError('LimitExceededException');

    // Act / Assess
    await expect(
      strategy.refreshRetryTokenForRetry(token, { error, errorType: 'THROTTLING' }),
    ).rejects.toBe(error);
  });

  it('still retries real throttling', async () => {
    // Prepare
    const strategy = new IamRetryStrategy(10);
    const token = (await strategy.acquireInitialRetryToken('iam')) as StandardRetryToken;

    // Act
    const next = await strategy.refreshRetryTokenForRetry(token, {
      error: sdkError('Throttling'),
      errorType: 'THROTTLING',
    });

    // Assess
    expect(next.getRetryCount()).toBe(1);
  });
});

describe('CreateAccessKey is never retried blindly', () => {
  /** An IAM client as the engine builds it, whose every request fails like a lost response would. */
  function failingClient(failure: () => Error) {
    const sent: string[] = [];
    const iam = new IAMClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'test-not-a-secret' },
      retryStrategy: new IamRetryStrategy(5),
      requestHandler: {
        handle: async (request: { body?: unknown }) => {
          sent.push(String(request.body).match(/Action=(\w+)/)?.[1] ?? '?');
          throw failure();
        },
      },
    });
    neverRetryCreates(iam);
    return { iam, sent };
  }
  const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

  it.each([
    ['a reset connection', reset],
    [
      'a 503 answer',
      () =>
        Object.assign(new Error('Service Unavailable'), {
          name: 'ServiceUnavailable',
          $metadata: { httpStatusCode: 503 },
        }),
    ],
  ])('sends CreateAccessKey once after %s', async (_name, failure) => {
    // Prepare
    const { iam, sent } = failingClient(failure);

    // Act
    const result = iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));

    // Assess
    await expect(result).rejects.toThrow();
    expect(sent).toEqual(['CreateAccessKey']);
  });

  it('retries a throttled CreateAccessKey: IAM answered, so nothing was created', async () => {
    // Prepare: IAM throttles the first attempt (an answer, HTTP 400), then creates the key.
    const sent: string[] = [];
    const iam = new IAMClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'test-not-a-secret' },
      retryStrategy: new IamRetryStrategy(5),
      requestHandler: {
        handle: async () => {
          sent.push('CreateAccessKey');
          const throttled = sent.length === 1;
          const body = throttled
            ? '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>'
            : '<CreateAccessKeyResponse><CreateAccessKeyResult><AccessKey><UserName>alice</UserName><AccessKeyId>AKIAFRESHKEY00000001</AccessKeyId><Status>Active</Status><SecretAccessKey>test-only-not-a-real-secret</SecretAccessKey></AccessKey></CreateAccessKeyResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></CreateAccessKeyResponse>';
          return {
            // An HttpResponse is recognised by its shape.
            response: {
              statusCode: throttled ? 400 : 200,
              headers: { 'content-type': 'text/xml' },
              body: Readable.from([Buffer.from(body)]),
            },
          };
        },
      },
    });
    neverRetryCreates(iam);

    // Act
    const out = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));

    // Assess
    expect(sent).toEqual(['CreateAccessKey', 'CreateAccessKey']);
    expect(out.AccessKey?.AccessKeyId).toBe('AKIAFRESHKEY00000001');
  }, 30_000);

  it('still retries reads after a reset connection', async () => {
    // Prepare
    const { iam, sent } = failingClient(reset);

    // Act
    const result = iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));

    // Assess
    await expect(result).rejects.toThrow();
    expect(sent.length).toBeGreaterThan(1);
  }, 30_000);
});
