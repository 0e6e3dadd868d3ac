/**
 * Step 2: read each candidate's keys in detail and plan it with the pure core. On the fallback path
 * a candidate may turn out settled on reading (staged-read.ts). A candidate whose read has not
 * started when the deadline guard says stop is deferred to the next run, never half-read.
 */
import { evaluateApplicability, type Scope } from '../core';
import type { UserFacts, UserPlan } from '../core/model/types';
import { runFailureRecord } from '../notify/run-words';
import type { RunContext } from './context';
import type { Deadline } from './deadline';
import { DEFAULT_CONCURRENCY } from './deps';
import { describeError } from './errors';
import { settledWarnings, type Inventory } from './inventory';
import { mapBounded } from './pool';
import type { InventoryUser } from './ports';
import { readKeys, readStaged } from './staged-read';
import { planTrusted } from './state-trust';
import { withSecretTrust } from './secret-trust-check';
import type { ErrorRecord, WarningRecord } from './summary';

export { factsOf } from './user-facts';

/** A planned user with what the executor needs to re-plan it on fresh data. */
export interface EvaluatedUser {
  readonly user: InventoryUser;
  readonly facts: UserFacts;
  readonly plan: UserPlan;
  /** The inventory's scope of the user, which the plan was made with (re-plans on the same tags reuse it). */
  readonly scope: Scope;
  /** Set when the plan creates a key: whether the user's secret existed at the trust check. */
  readonly secretExists?: boolean;
  /** Set when the plan creates a key: the secret the trust check chose (secret-trust-check.ts). */
  readonly secretName?: string;
}

export interface Evaluation {
  readonly users: readonly EvaluatedUser[];
  readonly errors: readonly ErrorRecord[];
  /** Warnings about candidates settled on reading (what planUser would have reported). */
  readonly warnings: readonly WarningRecord[];
  /** Candidates settled on reading: no plan, like users the credential report screens out. */
  readonly settled: number;
  /** Candidates not read because the run's deadline was near. */
  readonly deferred: number;
}

type Result =
  | EvaluatedUser
  | { readonly error: ErrorRecord }
  | { readonly settled: readonly WarningRecord[] }
  | { readonly deferred: true };

export async function evaluateCandidates(
  ctx: RunContext,
  inventory: Pick<Inventory, 'candidates' | 'read' | 'scopes'>,
  deadline: Deadline,
): Promise<Evaluation> {
  const results = await mapBounded<InventoryUser, Result>(
    inventory.candidates,
    ctx.deps.concurrency ?? DEFAULT_CONCURRENCY,
    async (user) => {
      if (!deadline.mayStart('read')) return { deferred: true };
      const scope =
        inventory.scopes.get(user.userName) ??
        evaluateApplicability(user, ctx.config.policy, ctx.now);
      try {
        const keys =
          inventory.read === 'staged'
            ? await readStaged(ctx, user, scope.applicability)
            : await readKeys(ctx, user.userName);
        if (keys === 'settled') {
          return { settled: settledWarnings(ctx, user, scope.warnings) };
        }
        const planned = await planTrusted(ctx, user, keys, scope);
        return { user, ...(await withSecretTrust(ctx, user, { ...planned, scope })) };
      } catch (err) {
        const error: ErrorRecord = runFailureRecord({
          kind: 'keys-unread',
          user: user.userName,
          cause: describeError(err),
        });
        ctx.deps.log.error(error);
        return { error };
      }
    },
  );
  return {
    users: results.filter((r): r is EvaluatedUser => 'plan' in r),
    errors: results.flatMap((r) => ('error' in r ? [r.error] : [])),
    warnings: results.flatMap((r) => ('settled' in r ? r.settled : [])),
    settled: results.filter((r) => 'settled' in r).length,
    deferred: results.filter((r) => 'deferred' in r).length,
  };
}
