/**
 * The "never act on stale data" rule. The plan may rest on a credential report hours old or on a read
 * made minutes ago; before a user's first destructive action or key creation, the user's keys and
 * last-used dates are read again and re-planned. A decision is carried out only if the fresh plan still
 * makes it: same key, same action (and, for a create, the same key to delete first).
 */
import { readKeys } from '../aws/access-keys';
import type { AccessKeyFacts, KeyDecision, UserPlan } from '../core/types';
import type { RunContext } from './context';
import type { EvaluatedUser } from './evaluate';
import { planTrusted } from './state-trust';

export class FreshView {
  private fresh: Promise<{ keys: AccessKeyFacts[]; plan: UserPlan }> | undefined;

  constructor(
    private readonly ctx: RunContext,
    private readonly evaluated: EvaluatedUser,
  ) {}

  /** One ListAccessKeys (+ GetAccessKeyLastUsed per key) per user per run, on first use. */
  private read() {
    this.fresh ??= readKeys(this.ctx.deps.iam, this.evaluated.user.userName).then(async (keys) => ({
      keys,
      plan: (await planTrusted(this.ctx, this.evaluated.user, keys)).plan,
    }));
    return this.fresh;
  }

  async confirms(d: KeyDecision): Promise<boolean> {
    const { plan } = await this.read();
    return plan.decisions.some(
      (f) =>
        f.accessKeyId === d.accessKeyId &&
        f.action === d.action &&
        (d.action !== 'create' || f.requiresDeletionOf === d.requiresDeletionOf),
    );
  }

  async keys(): Promise<readonly AccessKeyFacts[]> {
    return (await this.read()).keys;
  }
}
