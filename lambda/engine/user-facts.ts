import { readPendingCreates } from '../core/model/tags';
import type { UserFacts } from '../core/model/types';
import type { RunContext } from './context';
import type { InventoryUser } from './ports';

/** The core's view of a user: inventory facts (path, tags, groups) plus keys read in detail. */
export function factsOf(user: InventoryUser, keys: UserFacts['keys']): UserFacts {
  return { userName: user.userName, path: user.path, tags: user.tags, groups: user.groups, keys };
}

/**
 * Adds the AccessKeyId the user's secret holds as AWSCURRENT when an earlier run's pending-create marker
 * is on the user: a key that run stored and verified is the engine's, never an orphan (docs/lifecycle.md,
 * "Safety rules"). One DescribeSecret, only for users with a marker; no secret value is read.
 */
export async function withSecretCurrent(ctx: RunContext, facts: UserFacts): Promise<UserFacts> {
  if (readPendingCreates(facts.tags, ctx.config.policy.tagPrefix).length === 0) return facts;
  const current = await ctx.deps.secrets.currentStoredKeyId(
    ctx.deps.secrets.nameFor(facts.userName),
    facts.keys.map((k) => k.accessKeyId),
  );
  return current === undefined ? facts : { ...facts, secretCurrentKeyId: current };
}
