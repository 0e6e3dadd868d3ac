/** What a rotation left in the emulator: the replacement IAM issued and what the secret holds. */
import { ListAccessKeysCommand, type IAMClient } from '@aws-sdk/client-iam';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { rememberKeyMaterial } from '../../support/key-material';

/** The AccessKeyId IAM lists for `user` besides `oldKey`: the replacement the run created, if any. */
export async function replacementKeyId(
  iam: IAMClient,
  user: string,
  oldKey: string,
): Promise<string | undefined> {
  const keys = (await iam.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata;
  return (keys ?? []).map((k) => k.AccessKeyId).find((id) => id !== oldKey);
}

/**
 * The user name and AccessKeyId a secret holds as AWSCURRENT. Its SecretAccessKey is remembered as key
 * material (no log, summary or error may carry it), never returned.
 */
export async function storedKey(
  sm: SecretsManagerClient,
  secretId: string,
): Promise<{ readonly user?: string; readonly key?: string }> {
  const current = await sm.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }),
  );
  const stored = JSON.parse(current.SecretString ?? '{}') as Record<string, string>;
  rememberKeyMaterial(stored.SecretAccessKey ?? 'missing-secret-access-key');
  return { user: stored.UserName, key: stored.AccessKeyId };
}
