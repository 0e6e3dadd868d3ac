/** The KeyStore port over IAM: one user's access keys and the engine's state tags. */
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
import { describeError } from '../engine/errors';
import { NotFoundError, type CreateKeyResult, type KeyStore } from '../engine/ports';
import { isLimitExceeded, isNotFound, isRefused } from './aws-errors';

/** IAM accepts at most 50 tags per TagUser/UntagUser call. */
const TAG_CHUNK = 50;

export function iamKeyStore(iam: IAMClient): KeyStore {
  return {
    async listKeys(userName) {
      try {
        const { AccessKeyMetadata = [] } = await iam.send(
          new ListAccessKeysCommand({ UserName: userName }),
        );
        return AccessKeyMetadata.map((meta) => ({
          accessKeyId: meta.AccessKeyId ?? '',
          status: meta.Status as KeyStatus,
          createDate: meta.CreateDate ?? new Date(0),
        }));
      } catch (err) {
        if (isNotFound(err)) throw new NotFoundError(describeError(err), { cause: err });
        throw err;
      }
    },

    /** One GetAccessKeyLastUsed per key, sequentially. */
    async withLastUsed(keys) {
      const out: AccessKeyFacts[] = [];
      for (const key of keys) {
        try {
          const { AccessKeyLastUsed } = await iam.send(
            new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }),
          );
          out.push({
            ...key,
            lastUsedDate: AccessKeyLastUsed?.LastUsedDate,
            ...lastUsedWhere(AccessKeyLastUsed),
          });
        } catch (err) {
          // Deleted between the listing and this call (an overlapping run, or a person): the key is gone.
          if (!isNotFound(err)) throw err;
        }
      }
      return out;
    },

    /**
     * A missing AccessKeyId is `unanswered` (a key may exist); with an id, the caller can still store
     * or delete the key, so a missing secret is returned as '' and fails the store's verification.
     */
    async createKey(userName, now): Promise<CreateKeyResult> {
      try {
        const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
        if (!AccessKey?.AccessKeyId) {
          return {
            kind: 'unanswered',
            reason: `CreateAccessKey for user ${userName} returned no AccessKeyId`,
          };
        }
        const key = {
          accessKeyId: AccessKey.AccessKeyId,
          secretAccessKey: AccessKey.SecretAccessKey ?? '',
          createDate: AccessKey.CreateDate ?? now,
        };
        return { kind: 'created', key };
      } catch (err) {
        if (isRefused(err)) {
          return {
            kind: 'refused',
            limitExceeded: isLimitExceeded(err),
            reason: describeError(err),
          };
        }
        return { kind: 'unanswered', reason: describeError(err) };
      }
    },

    setKeyStatus: (userName, accessKeyId, status) =>
      gone(() =>
        iam.send(
          new UpdateAccessKeyCommand({
            UserName: userName,
            AccessKeyId: accessKeyId,
            Status: status,
          }),
        ),
      ),

    deleteKey: (userName, accessKeyId) =>
      gone(() =>
        iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId })),
      ),

    async tagUser(userName, tags) {
      const entries = Object.entries(tags);
      for (let i = 0; i < entries.length; i += TAG_CHUNK) {
        const Tags = entries.slice(i, i + TAG_CHUNK).map(([Key, Value]) => ({ Key, Value }));
        await iam.send(new TagUserCommand({ UserName: userName, Tags }));
      }
    },

    async untagUser(userName, tagKeys) {
      for (let i = 0; i < tagKeys.length; i += TAG_CHUNK) {
        await iam.send(
          new UntagUserCommand({ UserName: userName, TagKeys: tagKeys.slice(i, i + TAG_CHUNK) }),
        );
      }
    },
  };
}

/** NoSuchEntity from a write: a concurrent run (or a person) already did it. */
async function gone(call: () => Promise<unknown>): Promise<'done' | 'not-found'> {
  try {
    await call();
    return 'done';
  } catch (err) {
    if (isNotFound(err)) return 'not-found';
    throw err;
  }
}

/** IAM says `N/A` for a key never used: no service or region then. */
function lastUsedWhere(
  used: { readonly ServiceName?: string; readonly Region?: string } | undefined,
): { lastUsedService?: string; lastUsedRegion?: string } {
  const known = (v: string | undefined) => (v && v !== 'N/A' ? v : undefined);
  const service = known(used?.ServiceName);
  const region = known(used?.Region);
  return {
    ...(service ? { lastUsedService: service } : {}),
    ...(region ? { lastUsedRegion: region } : {}),
  };
}
