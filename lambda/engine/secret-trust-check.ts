/**
 * The secret-trust check before a rotation (docs/lifecycle.md, "Secrets"): only for users whose plan
 * creates a key, the user's secret is examined (DescribeSecret, and GetResourcePolicy for a secret the
 * engine did not create). An untrusted secret re-plans the user with that fact, which turns the create
 * into a `secret-not-trusted` block, notified once — before any marker or key is written.
 */
import { planUser, type Scope } from '../core';
import type { UserFacts, UserPlan } from '../core/model/types';
import type { RunContext } from './context';
import type { InventoryUser, SecretTarget } from './ports';

export interface Planned {
  readonly facts: UserFacts;
  readonly plan: UserPlan;
  /** The scope the plan was made with. */
  readonly scope: Scope;
  /** Set when the plan creates a key: whether the user's secret existed at the trust check. */
  readonly secretExists?: boolean;
  /**
   * Set when the plan creates a key: the secret the trust check chose (by name, by the name version
   * 0.1.0 gave it, or by the owner's UserId tag: docs/lifecycle.md, "Upgrades and renames").
   */
  readonly secretName?: string;
}

/** The user's secret: the one the trust check chose (`secretName`), else the one its name gives. */
export function secretTarget(
  ctx: RunContext,
  user: Pick<InventoryUser, 'userName' | 'arn' | 'userId'>,
  secretName?: string,
): SecretTarget {
  return {
    secretName: secretName ?? ctx.deps.secrets.nameFor(user.userName),
    userName: user.userName,
    userArn: user.arn,
    ...(user.userId === undefined ? {} : { userId: user.userId }),
  };
}

export async function withSecretTrust(
  ctx: RunContext,
  user: InventoryUser,
  planned: Planned,
): Promise<Planned> {
  if (!planned.plan.decisions.some((d) => d.action === 'create')) return planned;
  const trust = await ctx.deps.secrets.trust(secretTarget(ctx, user), ctx.mode === 'enforce');
  if (trust.trusted) {
    return { ...planned, secretExists: trust.exists, secretName: trust.secretName };
  }
  const facts: UserFacts = { ...planned.facts, secretUntrusted: trust.why };
  const plan = planUser(facts, ctx.config.policy, ctx.now, planned.scope);
  // Warnings the edge added (e.g. unverified state tags) stay with the user.
  const edge = planned.plan.warnings.filter(
    (w) => !plan.warnings.some((p) => p.tag === w.tag && p.code === w.code),
  );
  return { facts, scope: planned.scope, plan: { ...plan, warnings: [...edge, ...plan.warnings] } };
}
