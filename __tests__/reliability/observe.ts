/**
 * What the campaign sees of the account, from outside the engine: per user, the keys and statuses, the
 * tags, the groups, and which AccessKeyId the user's secret holds as AWSCURRENT. Read with clean SDK
 * clients (no faults). The secret's SecretAccessKey is kept only in `credentials` for the "works" check;
 * it is never part of what a violation prints.
 */
import {
  IAMClient,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListUserTagsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface ObservedUser {
  readonly keys: Readonly<Record<string, 'Active' | 'Inactive'>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
  /** AccessKeyId of the secret's AWSCURRENT ('' when the value holds no key; undefined: no secret). */
  readonly current?: string;
  readonly currentUser?: string;
}

export interface Observation {
  /** Simulated instant of the observation (the run's `now` for a post-run observation). */
  readonly at: number;
  readonly users: Readonly<Record<string, ObservedUser>>;
  /** AWSCURRENT credentials per user: only for signing the "works" check, never printed. */
  readonly credentials: ReadonlyMap<string, { accessKeyId: string; secretAccessKey: string }>;
}

export const SECRET_PREFIX = 'iam-access-key/';

export async function observe(
  at: Date,
  iam = new IAMClient({}),
  sm = new SecretsManagerClient({}),
): Promise<Observation> {
  const { Users = [] } = await iam.send(new ListUsersCommand({}));
  const users: Record<string, ObservedUser> = {};
  const credentials = new Map<string, { accessKeyId: string; secretAccessKey: string }>();
  for (const u of Users) {
    const name = u.UserName!;
    const [{ AccessKeyMetadata = [] }, { Tags = [] }, { Groups = [] }, secret] = await Promise.all([
      iam.send(new ListAccessKeysCommand({ UserName: name })),
      iam.send(new ListUserTagsCommand({ UserName: name })),
      iam.send(new ListGroupsForUserCommand({ UserName: name })),
      readCurrent(sm, `${SECRET_PREFIX}${name}`),
    ]);
    const keys: Record<string, 'Active' | 'Inactive'> = {};
    for (const k of AccessKeyMetadata) keys[k.AccessKeyId!] = k.Status as 'Active' | 'Inactive';
    if (secret?.secretAccessKey && secret.accessKeyId)
      credentials.set(name, {
        accessKeyId: secret.accessKeyId,
        secretAccessKey: secret.secretAccessKey,
      });
    users[name] = {
      keys,
      tags: Object.fromEntries(Tags.map((t) => [t.Key!, t.Value ?? ''])),
      groups: Groups.map((g) => g.GroupName!).sort(),
      ...(secret ? { current: secret.accessKeyId, currentUser: secret.userName } : {}),
    };
  }
  return { at: at.getTime(), users, credentials };
}

async function readCurrent(
  sm: SecretsManagerClient,
  secretId: string,
): Promise<{ accessKeyId: string; secretAccessKey?: string; userName?: string } | undefined> {
  try {
    const { SecretString } = await sm.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }),
    );
    let value: Record<string, unknown> = {};
    try {
      value = JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
    } catch {
      // A non-JSON value holds no key.
    }
    return {
      accessKeyId: typeof value.AccessKeyId === 'string' ? value.AccessKeyId : '',
      ...(typeof value.SecretAccessKey === 'string'
        ? { secretAccessKey: value.SecretAccessKey }
        : {}),
      ...(typeof value.UserName === 'string' ? { userName: value.UserName } : {}),
    };
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'ResourceNotFoundException' || name === 'InvalidRequestException')
      return undefined;
    throw err;
  }
}
