/**
 * A complete, comparable picture of the account's IAM and Secrets Manager state: users, keys,
 * statuses, tags, groups, secrets, versions and staging labels. Report mode must leave it untouched.
 * Secret values are represented by a SHA-256 digest so the snapshot itself never holds key material.
 */
import { createHash } from 'node:crypto';
import {
  IAMClient,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListUserTagsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import {
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

export interface KeySnapshot {
  readonly accessKeyId: string;
  readonly status: string;
  readonly createDate: string;
}

export interface UserSnapshot {
  readonly userName: string;
  readonly path: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
  readonly keys: readonly KeySnapshot[];
}

export interface SecretVersionSnapshot {
  readonly versionId: string;
  readonly stages: readonly string[];
  /** SHA-256 of the SecretString: detects changes without holding key material. */
  readonly valueDigest: string;
}

export interface SecretSnapshot {
  readonly name: string;
  readonly kmsKeyId?: string;
  readonly policy?: string;
  readonly versions: readonly SecretVersionSnapshot[];
}

export interface AccountSnapshot {
  readonly users: readonly UserSnapshot[];
  readonly secrets: readonly SecretSnapshot[];
}

export async function snapshotAccount(
  iam = new IAMClient({}),
  secrets = new SecretsManagerClient({}),
): Promise<AccountSnapshot> {
  return { users: await snapshotUsers(iam), secrets: await snapshotSecrets(secrets) };
}

async function snapshotUsers(iam: IAMClient): Promise<UserSnapshot[]> {
  const { Users = [] } = await iam.send(new ListUsersCommand({})); // moto returns every user at once
  const users: UserSnapshot[] = [];
  for (const user of Users) {
    const userName = user.UserName!;
    const [{ Tags = [] }, { Groups = [] }, { AccessKeyMetadata = [] }] = await Promise.all([
      iam.send(new ListUserTagsCommand({ UserName: userName })),
      iam.send(new ListGroupsForUserCommand({ UserName: userName })),
      iam.send(new ListAccessKeysCommand({ UserName: userName })),
    ]);
    users.push({
      userName,
      path: user.Path ?? '/',
      tags: Object.fromEntries(Tags.map((t) => [t.Key!, t.Value ?? ''])),
      groups: Groups.map((g) => g.GroupName!).sort(),
      keys: AccessKeyMetadata.map((k) => ({
        accessKeyId: k.AccessKeyId!,
        status: k.Status!,
        createDate: k.CreateDate!.toISOString(),
      })).sort((a, b) => a.accessKeyId.localeCompare(b.accessKeyId)),
    });
  }
  return users.sort((a, b) => a.userName.localeCompare(b.userName));
}

async function snapshotSecrets(client: SecretsManagerClient): Promise<SecretSnapshot[]> {
  const list: SecretSnapshot[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListSecretsCommand({ NextToken, IncludePlannedDeletion: true }),
    );
    for (const secret of page.SecretList ?? [])
      list.push(await snapshotSecret(client, secret.Name!, secret.KmsKeyId));
    NextToken = page.NextToken;
  } while (NextToken);
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

async function snapshotSecret(
  client: SecretsManagerClient,
  name: string,
  kmsKeyId: string | undefined,
): Promise<SecretSnapshot> {
  const { Versions = [] } = await client.send(
    new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }),
  );
  const versions: SecretVersionSnapshot[] = [];
  for (const v of Versions) {
    const value = await client.send(
      new GetSecretValueCommand({ SecretId: name, VersionId: v.VersionId }),
    );
    versions.push({
      versionId: v.VersionId!,
      stages: [...(v.VersionStages ?? [])].sort(),
      valueDigest: createHash('sha256')
        .update(value.SecretString ?? '')
        .digest('hex'),
    });
  }
  const { ResourcePolicy } = await client.send(new GetResourcePolicyCommand({ SecretId: name }));
  return {
    name,
    ...(kmsKeyId ? { kmsKeyId } : {}),
    ...(ResourcePolicy ? { policy: ResourcePolicy } : {}),
    versions: versions.sort((a, b) => a.versionId.localeCompare(b.versionId)),
  };
}
