/**
 * IAM answers "this user already has two access keys" with LimitExceeded, which the SDK's retry logic
 * classes as throttling: a losing concurrent rotation would send CreateAccessKey ten times with backoff
 * (about a minute) and slow the whole client down, and a retry could even succeed after the other run
 * deleted a key, creating a key nobody planned. For IAM, LimitExceeded is a final answer (the engine
 * handles it: skipped-concurrent or a reported error), so it is never retried; real throttling
 * (`Throttling`) still is, adaptively.
 */
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryToken, StandardRetryToken } from '@smithy/types';
import { isLimitExceeded } from './aws-errors';

export class IamRetryStrategy extends AdaptiveRetryStrategy {
  override async refreshRetryTokenForRetry(
    token: StandardRetryToken,
    errorInfo: RetryErrorInfo,
  ): Promise<RetryToken> {
    // Throwing here makes the SDK's retry middleware give up and surface the original error.
    if (isLimitExceeded(errorInfo.error)) throw errorInfo.error;
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}
