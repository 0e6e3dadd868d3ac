/**
 * The configured secrets key (SECRET_KMS_KEY_ID) may be an alias ARN: the module passes its key's alias,
 * which is known when Terraform plans, so the function environment shows in full in the first plan
 * (docs/lifecycle.md, "Secrets"). Secrets Manager reports the key a secret uses by the key's ARN, so the
 * trust check resolves the alias to that ARN with kms:DescribeKey, once per run.
 */
import { DescribeKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { errorName } from './aws-errors';
import { engineFaultText } from '../notify/fault-words';

/** `alias/<name>` or an alias ARN. */
export function isAlias(keyId: string): boolean {
  return /(^|:)alias\//.test(keyId);
}

/**
 * The key ARN an alias names, read at most once (the first caller's call is shared); undefined when the
 * key is not an alias or no KMS client is given (then only the configured spelling compares equal).
 */
export function aliasTargetResolver(
  kms: KMSClient | undefined,
  keyId: string | undefined,
): (() => Promise<string>) | undefined {
  if (kms === undefined || keyId === undefined || !isAlias(keyId)) return undefined;
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
