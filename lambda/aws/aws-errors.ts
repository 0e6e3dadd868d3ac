/** Small helpers to classify SDK errors by name; the SDK's error classes differ per client package. */

export function errorName(err: unknown): string {
  if (err instanceof Error) return err.name;
  return typeof err;
}

/** IAM says NoSuchEntity; Secrets Manager says ResourceNotFoundException. */
export function isNotFound(err: unknown): boolean {
  const name = errorName(err);
  return (
    name === 'NoSuchEntityException' ||
    name === 'NoSuchEntity' ||
    name === 'ResourceNotFoundException'
  );
}

export function isLimitExceeded(err: unknown): boolean {
  const name = errorName(err);
  return name === 'LimitExceededException' || name === 'LimitExceeded';
}

/**
 * True when the service answered that it did not carry the request out (HTTP 4xx: refused, throttled,
 * not found). Anything else, a 5xx or no answer at all, may have taken effect.
 */
export function isRefused(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
}
