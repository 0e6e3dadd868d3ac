/** Thin IAM adapters for one user's access keys and the engine's state tags. */
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { AccessKeyFacts, KeyStatus } from '../core/model/types';
import { isNotFound } from './aws-errors';

/** IAM accepts at most 50 tags per TagUser/UntagUser call. */
const TAG_CHUNK = 50;

/** A freshly created key. The secret lives only here and in the secret store; never log this object. */
export interface NewAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly createDate: Date;
}

/** ListAccessKeys + GetAccessKeyLastUsed per key: the fresh read every destructive action relies on. */
export async function readKeys(iam: IAMClient, userName: string): Promise<AccessKeyFacts[]> {
  return withLastUsed(iam, await listKeys(iam, userName));
}

/** ListAccessKeys alone: status and CreateDate, without last use (the fallback's first stage). */
export async function listKeys(iam: IAMClient, userName: string): Promise<AccessKeyFacts[]> {
  const { AccessKeyMetadata = [] } = await iam.send(
    new ListAccessKeysCommand({ UserName: userName }),
  );
  return AccessKeyMetadata.map((meta) => ({
    accessKeyId: meta.AccessKeyId ?? '',
    status: meta.Status as KeyStatus,
    createDate: meta.CreateDate ?? new Date(0),
  }));
}

/** Adds each key's LastUsedDate (one GetAccessKeyLastUsed per key, sequentially). */
export async function withLastUsed(
  iam: IAMClient,
  keys: readonly AccessKeyFacts[],
): Promise<AccessKeyFacts[]> {
  const out: AccessKeyFacts[] = [];
  for (const key of keys) {
    try {
      const { AccessKeyLastUsed } = await iam.send(
        new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }),
      );
      out.push({ ...key, lastUsedDate: AccessKeyLastUsed?.LastUsedDate });
    } catch (err) {
      // Deleted between the listing and this call (an overlapping run, or a person): the key is gone.
      if (!isNotFound(err)) throw err;
    }
  }
  return out;
}

/**
 * Only a missing AccessKeyId throws: with an id, the caller can still store or delete the key, so a
 * missing secret is returned as '' and fails the store's verification (then the key is deleted again).
 */
export async function createKey(
  iam: IAMClient,
  userName: string,
  now: Date,
): Promise<NewAccessKey> {
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  if (!AccessKey?.AccessKeyId) {
    throw new Error(`CreateAccessKey for user ${userName} returned no AccessKeyId`);
  }
  return {
    accessKeyId: AccessKey.AccessKeyId,
    secretAccessKey: AccessKey.SecretAccessKey ?? '',
    createDate: AccessKey.CreateDate ?? now,
  };
}

export async function setKeyStatus(
  iam: IAMClient,
  userName: string,
  accessKeyId: string,
  status: KeyStatus,
) {
  await iam.send(
    new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }),
  );
}

export async function deleteKey(
  iam: IAMClient,
  userName: string,
  accessKeyId: string,
): Promise<void> {
  await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }));
}

export async function tagUser(
  iam: IAMClient,
  userName: string,
  tags: Readonly<Record<string, string>>,
) {
  const entries = Object.entries(tags);
  for (let i = 0; i < entries.length; i += TAG_CHUNK) {
    const Tags = entries.slice(i, i + TAG_CHUNK).map(([Key, Value]) => ({ Key, Value }));
    await iam.send(new TagUserCommand({ UserName: userName, Tags }));
  }
}

export async function untagUser(iam: IAMClient, userName: string, tagKeys: readonly string[]) {
  for (let i = 0; i < tagKeys.length; i += TAG_CHUNK) {
    await iam.send(
      new UntagUserCommand({ UserName: userName, TagKeys: tagKeys.slice(i, i + TAG_CHUNK) }),
    );
  }
}
