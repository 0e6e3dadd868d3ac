/**
 * IAM retry rules.
 *
 * LimitExceeded: IAM answers "this user already has two access keys" with it, which the SDK's retry logic
 * classes as throttling: a losing concurrent rotation would send CreateAccessKey ten times with backoff
 * (about a minute) and slow the whole client down, and a retry could even succeed after the other run
 * deleted a key, creating a key nobody planned. For IAM it is a final answer (the engine handles it), so
 * it is never retried; real throttling (`Throttling`) still is, adaptively.
 *
 * CreateAccessKey is never retried after an answer that may hide an effect: if an attempt created a key
 * and its response was lost (a reset connection, a timeout, a 5xx after the fact), a retry either creates
 * a second key or meets LimitExceeded, and the first key's secret is gone for good. A throttled attempt
 * (IAM answered 4xx: nothing was done) is retried as usual. The engine re-reads the user's keys after
 * an ambiguous failure instead (engine/create-attempt.ts, docs/lifecycle.md "Safety rules").
 */
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  HandlerExecutionContext,
  MiddlewareStack,
  RetryErrorInfo,
  RetryToken,
  StandardRetryToken,
} from '@smithy/types';
import { isLimitExceeded, isRefused } from './aws-errors';

/** Set on an error the retry strategy must surface at once. */
const NO_RETRY = Symbol.for('iam-key-lifecycle.no-retry');

export class IamRetryStrategy extends AdaptiveRetryStrategy {
  override async refreshRetryTokenForRetry(
    token: StandardRetryToken,
    errorInfo: RetryErrorInfo,
  ): Promise<RetryToken> {
    // Throwing here makes the SDK's retry middleware give up and surface the original error.
    if (isLimitExceeded(errorInfo.error) || isNoRetry(errorInfo.error)) throw errorInfo.error;
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}

/** Commands whose effect a retry could double. */
const NEVER_RETRIED = new Set(['CreateAccessKeyCommand']);

/**
 * Marks every failure of a never-retried command that may have taken effect, right inside the retry
 * middleware, so whatever fails below it (the network, the service with a 5xx, a test's fault injector)
 * reaches the caller at once. Refusals (4xx) keep the SDK's usual handling: throttling is retried.
 */
export function neverRetryCreates<I extends object, O extends object>(iam: {
  readonly middlewareStack: Pick<MiddlewareStack<I, O>, 'addRelativeTo'>;
}): void {
  iam.middlewareStack.addRelativeTo(
    (next: FinalizeHandler<I, O>, context: HandlerExecutionContext) =>
      async (args: FinalizeHandlerArguments<I>) => {
        try {
          return await next(args);
        } catch (err) {
          // An answer IAM gave (4xx: throttled, refused) means nothing was done: the SDK's usual rules
          // may retry it (throttling). Anything else — 5xx, no answer — may have taken effect.
          const unsure = !isRefused(err);
          if (
            NEVER_RETRIED.has(String(context.commandName)) &&
            unsure &&
            typeof err === 'object' &&
            err
          ) {
            Object.defineProperty(err, NO_RETRY, { value: true });
          }
          throw err;
        }
      },
    {
      relation: 'after',
      toMiddleware: 'retryMiddleware',
      name: 'neverRetryCreates',
      override: true,
    },
  );
}

function isNoRetry(err: unknown): boolean {
  return typeof err === 'object' && err !== null && NO_RETRY in err;
}
