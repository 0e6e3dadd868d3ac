/**
 * Deterministic ClientRequestTokens. Secrets Manager treats a repeated PutSecretValue with the same token
 * and the same value as a no-op, so a retried or concurrent store of the same key creates one version.
 */
import { createHash } from 'node:crypto';

export type VersionPurpose = 'key' | 'deleted';

/** A UUID-shaped SHA-256 of the AccessKeyId (Secrets Manager requires 32–64 characters). */
export function versionToken(accessKeyId: string, purpose: VersionPurpose): string {
  const hex = createHash('sha256')
    .update(`iam-key-lifecycle:${purpose}:${accessKeyId}`)
    .digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `8${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
