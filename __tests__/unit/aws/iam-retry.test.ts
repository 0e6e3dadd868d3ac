import type { SdkError, StandardRetryToken } from '@smithy/types';
import { IamRetryStrategy } from '../../../lambda/aws/iam-retry';

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
