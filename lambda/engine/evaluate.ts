/** Step 2: read each candidate's keys in detail and plan it with the pure core. */
import { readKeys } from '../aws/access-keys';
import { describeError } from '../aws/aws-errors';
import type { InventoryUser } from '../aws/users';
import { planUser } from '../core';
import type { UserFacts, UserPlan } from '../core/types';
import type { RunContext } from './context';
import { DEFAULT_CONCURRENCY } from './deps';
import { mapBounded } from './pool';
import type { ErrorRecord } from './summary';

/** A planned user with what the executor needs to re-plan it on fresh data. */
export interface EvaluatedUser {
  readonly user: InventoryUser;
  readonly facts: UserFacts;
  readonly plan: UserPlan;
}

export interface Evaluation {
  readonly users: readonly EvaluatedUser[];
  readonly errors: readonly ErrorRecord[];
}

export async function evaluateCandidates(
  ctx: RunContext,
  candidates: readonly InventoryUser[],
): Promise<Evaluation> {
  const results = await mapBounded(
    candidates,
    ctx.deps.concurrency ?? DEFAULT_CONCURRENCY,
    async (user) => {
      try {
        const facts = factsOf(user, await readKeys(ctx.deps.iam, user.userName));
        return { user, facts, plan: planUser(facts, ctx.config.policy, ctx.now) };
      } catch (err) {
        const error: ErrorRecord = {
          user: user.userName,
          step: 'read-keys',
          message: `reading the access keys of user ${user.userName} failed, user skipped this run: ${describeError(err)}`,
        };
        ctx.deps.log.error(error);
        return error;
      }
    },
  );
  return {
    users: results.filter((r): r is EvaluatedUser => 'plan' in r),
    errors: results.filter((r): r is ErrorRecord => !('plan' in r)),
  };
}

export function factsOf(user: InventoryUser, keys: UserFacts['keys']): UserFacts {
  return { userName: user.userName, path: user.path, tags: user.tags, groups: user.groups, keys };
}
