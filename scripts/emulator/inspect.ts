/** Read-backs the integration tests assert on: keys, state tags, secret versions. */
import { IAMClient, ListAccessKeysCommand, ListUserTagsCommand } from '@aws-sdk/client-iam';
import {
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

export async function keysOf(userName: string): Promise<Record<string, string>> {
  const { AccessKeyMetadata = [] } = await new IAMClient({}).send(
    new ListAccessKeysCommand({ UserName: userName }),
  );
  return Object.fromEntries(AccessKeyMetadata.map((k) => [k.AccessKeyId!, k.Status!]));
}

export async function tagsOf(userName: string): Promise<Record<string, string>> {
  const { Tags = [] } = await new IAMClient({}).send(
    new ListUserTagsCommand({ UserName: userName }),
  );
  return Object.fromEntries(Tags.map((t) => [t.Key!, t.Value ?? '']));
}

export async function stateTag(
  userName: string,
  accessKeyId: string,
  prefix = 'key-lifecycle:',
): Promise<string | undefined> {
  return (await tagsOf(userName))[`${prefix}key:${accessKeyId}`];
}

export interface StoredVersion {
  readonly stages: readonly string[];
  /** The AccessKeyId the version holds ('' for a deletion record or a non-key value). */
  readonly accessKeyId: string;
  /** Every field of the value except SecretAccessKey (so assertions never hold key material). */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The secret's labelled versions, oldest label first is not guaranteed: find by stage. */
export async function secretVersions(secretId: string): Promise<StoredVersion[]> {
  const sm = new SecretsManagerClient({});
  const { Versions = [] } = await sm.send(new ListSecretVersionIdsCommand({ SecretId: secretId }));
  const out: StoredVersion[] = [];
  for (const v of Versions) {
    if (!v.VersionStages?.length) continue;
    const { SecretString } = await sm.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionId: v.VersionId }),
    );
    const fields = JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
    delete fields.SecretAccessKey;
    out.push({ stages: v.VersionStages, accessKeyId: String(fields.AccessKeyId ?? ''), fields });
  }
  return out;
}

export function byStage(
  versions: readonly StoredVersion[],
  stage: string,
): StoredVersion | undefined {
  return versions.find((v) => v.stages.includes(stage));
}
