/**
 * The fallback path's detailed read, in two stages: ListAccessKeys first, then GetAccessKeyLastUsed
 * per key only when the listing cannot settle the user (core/settled-without-last-used.ts). A user
 * settled at either stage is treated as the credential report treats a user it screens out: no
 * decisions, no state writes. With full facts the same screenUser the report path uses decides, so
 * both paths evaluate the same users and reach the same decisions.
 */
import { screenUser, settledWithoutLastUsed } from '../core';
import type { AccessKeyFacts, Applicability } from '../core/model/types';
import type { RunContext } from './context';
import type { InventoryUser } from './ports';
import { factsOf } from './user-facts';

/**
 * The user's keys with last use, or `settled` when the user needs no detailed evaluation.
 * `applicability`: the inventory's scope of the user.
 */
export async function readStaged(
  ctx: RunContext,
  user: InventoryUser,
  applicability: Applicability,
): Promise<readonly AccessKeyFacts[] | 'settled'> {
  const { policy } = ctx.config;
  const listed = await ctx.deps.keys.listKeys(user.userName);
  const settled = settledWithoutLastUsed(factsOf(user, listed), applicability, policy, ctx.now);
  if (settled) return 'settled';
  const keys = await ctx.deps.keys.withLastUsed(listed);
  return screenUser(factsOf(user, keys), applicability, policy, ctx.now) ? keys : 'settled';
}

/** ListAccessKeys + GetAccessKeyLastUsed per key: the full read every destructive action relies on. */
export async function readKeys(ctx: RunContext, userName: string): Promise<AccessKeyFacts[]> {
  return ctx.deps.keys.withLastUsed(await ctx.deps.keys.listKeys(userName));
}
