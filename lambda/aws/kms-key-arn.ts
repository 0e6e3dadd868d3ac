/**
 * KMS keys compared by full key ARN (docs/lifecycle.md, "Secrets"). The configured secrets key
 * (SECRET_KMS_KEY_ID) may be an alias ARN — the module passes its key's alias, which is known when
 * Terraform plans — or a key id; a secret may report its key in any spelling. Comparing spellings would
 * let another account's alias of the same name pass for the configured key, so every spelling that is
 * not already a key ARN is resolved with kms:DescribeKey in this account (once per distinct value per run).
 */
import { DescribeKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { errorName } from './aws-errors';
import { engineFaultText } from '../notify/fault-words';

/** `alias/<name>` or an alias ARN. */
export function isAlias(keyId: string): boolean {
  return /(^|:)alias\//.test(keyId);
}

/** A full key ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`): nothing left to resolve. */
export function isKeyArn(keyId: string): boolean {
  return /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(keyId);
}

/**
 * The key ARN the configured key names, read at most once (the first caller's call is shared);
 * undefined when no key is configured or no KMS client is given (then only the configured spelling
 * compares equal). A configured key that cannot be resolved fails the check loudly.
 */
export function aliasTargetResolver(
  kms: KMSClient | undefined,
  keyId: string | undefined,
): (() => Promise<string>) | undefined {
  if (keyId === undefined) return undefined;
  if (isKeyArn(keyId)) return () => Promise.resolve(keyId);
  if (kms === undefined) return undefined;
  let pending: Promise<string> | undefined;
  const resolve = async (): Promise<string> => {
    let arn: string | undefined;
    try {
      arn = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.Arn;
    } catch (err) {
      throw new Error(
        engineFaultText({ kind: 'kms-alias-unresolved', keyId, cause: errorName(err) }),
      );
    }
    if (arn === undefined) {
      throw new Error(engineFaultText({ kind: 'kms-alias-unresolved', keyId }));
    }
    return arn;
  };
  return () => (pending ??= resolve());
}

/** KMS's answers meaning "no such key for this account", as opposed to a fault worth retrying. */
const NOT_RESOLVABLE = new Set([
  'NotFoundException',
  'AccessDeniedException',
  'InvalidArnException',
  'KMSInvalidStateException',
]);

/**
 * The key ARN of a key some secret names, or undefined when this account cannot resolve it (no such
 * key or alias here, or the engine may not describe it: either way it is not the configured key).
 * Throttling and other faults are thrown: the user is retried next run rather than judged on a guess.
 */
export function secretKeyResolver(
  kms: KMSClient | undefined,
): ((keyId: string) => Promise<string | undefined>) | undefined {
  if (kms === undefined) return undefined;
  const seen = new Map<string, Promise<string | undefined>>();
  const resolve = async (keyId: string): Promise<string | undefined> => {
    if (isKeyArn(keyId)) return keyId;
    try {
      return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.Arn;
    } catch (err) {
      if (NOT_RESOLVABLE.has(errorName(err))) return undefined;
      throw err;
    }
  };
  return (keyId) => {
    let pending = seen.get(keyId);
    if (pending === undefined) seen.set(keyId, (pending = resolve(keyId)));
    return pending;
  };
}
