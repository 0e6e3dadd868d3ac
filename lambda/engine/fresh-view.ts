/**
 * The "never act on stale data" rule. The plan may rest on a credential report hours old or on a read
 * made minutes ago; before a user's first destructive action or key creation, the user is read again —
 * keys and last-used dates, and also path, tags and groups (an exemption tag or group membership added
 * minutes ago, a scope change, an edited state tag) — and re-planned. A decision is carried out only if
 * the fresh plan still makes it: same key, same action (and, for a create, the same key to delete first).
 */
import { readKeys } from '../aws/access-keys';
import { readNamedUsers } from '../aws/users';
import type { AccessKeyFacts, KeyDecision, UserPlan } from '../core/types';
import type { RunContext } from './context';
import type { EvaluatedUser } from './evaluate';
import { planTrusted } from './state-trust';

interface Fresh {
  readonly keys: AccessKeyFacts[];
  /** Undefined when the user no longer exists. */
  readonly plan?: UserPlan;
}

export class FreshView {
  private fresh: Promise<Fresh> | undefined;

  constructor(
    private readonly ctx: RunContext,
    private readonly evaluated: EvaluatedUser,
  ) {}

  /**
   * On first use, once per user per run: GetUser + ListGroupsForUser, ListAccessKeys +
   * GetAccessKeyLastUsed per key (+ GetSecretValue when a pending-create marker is on the user, and
   * VerifyMac for state values not yet verified this run).
   */
  private read(): Promise<Fresh> {
    this.fresh ??= this.load();
    return this.fresh;
  }

  private async load(): Promise<Fresh> {
    const { iam } = this.ctx.deps;
    const { userName } = this.evaluated.user;
    // In this order: a key created after the user read is still seen by the key read.
    const { found } = await readNamedUsers(iam, [userName]);
    const keys = await readKeys(iam, userName);
    const user = found[0];
    if (user === undefined) return { keys };
    // The fresh tags' MACs are verified again (state-trust.ts): a tag edited since the plan counts too.
    return { keys, plan: (await planTrusted(this.ctx, user, keys)).plan };
  }

  async confirms(d: KeyDecision): Promise<boolean> {
    const { plan } = await this.read();
    return (plan?.decisions ?? []).some(
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
