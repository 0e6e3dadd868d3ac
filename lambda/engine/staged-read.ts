/**
 * The fallback path's detailed read, in two stages: ListAccessKeys first, then GetAccessKeyLastUsed
 * per key only when the listing cannot settle the user (core/settled-without-last-used.ts). A user
 * settled at either stage is treated as the credential report treats a user it screens out: no
 * decisions, no state writes. With full facts the same screenUser the report path uses decides, so
 * both paths evaluate the same users and reach the same decisions.
 */
import {
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  type AccessKeyMetadata,
} from '@aws-sdk/client-iam';
import type { InventoryUser } from '../aws/users';
import { screenUser, settledWithoutLastUsed } from '../core';
import type { AccessKeyFacts, KeyStatus } from '../core/types';
import type { RunContext } from './context';
import { factsOf } from './user-facts';

/** The user's keys with last use, or `settled` when the user needs no detailed evaluation. */
export async function readStaged(
  ctx: RunContext,
  user: InventoryUser,
): Promise<readonly AccessKeyFacts[] | 'settled'> {
  const { policy } = ctx.config;
  const listed = await listKeys(ctx, user.userName);
  if (settledWithoutLastUsed(factsOf(user, listed), policy, ctx.now)) return 'settled';
  const keys: AccessKeyFacts[] = [];
  for (const key of listed) keys.push({ ...key, lastUsedDate: await lastUsed(ctx, key) });
  return screenUser(factsOf(user, keys), policy, ctx.now) ? keys : 'settled';
}

async function listKeys(ctx: RunContext, userName: string): Promise<AccessKeyFacts[]> {
  const { AccessKeyMetadata = [] } = await ctx.deps.iam.send(
    new ListAccessKeysCommand({ UserName: userName }),
  );
  return AccessKeyMetadata.map(toFacts);
}

async function lastUsed(ctx: RunContext, key: AccessKeyFacts): Promise<Date | undefined> {
  const { AccessKeyLastUsed } = await ctx.deps.iam.send(
    new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }),
  );
  return AccessKeyLastUsed?.LastUsedDate;
}

/** As aws/access-keys.ts readKeys maps a listing (keep the two in step). */
function toFacts(meta: AccessKeyMetadata): AccessKeyFacts {
  return {
    accessKeyId: meta.AccessKeyId ?? '',
    status: meta.Status as KeyStatus,
    createDate: meta.CreateDate ?? new Date(0),
  };
}
