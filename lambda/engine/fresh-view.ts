/**
 * The "never act on stale data" rule. The plan may rest on a credential report hours old or on a read
 * made minutes ago; before a user's first action the user is read again and re-planned, and a decision
 * is carried out only if the fresh plan still makes it: same key, same action (and, for a create, the
 * same key to delete first).
 * - Before a deactivation or deletion: path, tags and groups (an exemption tag or group membership added
 *   minutes ago, a scope change, an edited state tag), then keys and last-used dates.
 * - Before a key creation (not destructive): keys and last-used dates; the inventory's tags and groups
 *   are kept, since an exemption added meanwhile makes a rotation no less safe.
 */
import type { AccessKeyFacts, KeyDecision, UserPlan } from '../core/model/types';
import type { RunContext } from './context';
import type { EvaluatedUser } from './evaluate';
import { readKeys } from './staged-read';
import { planTrusted } from './state-trust';

export class FreshView {
  private keyRead: Promise<AccessKeyFacts[]> | undefined;
  private keysOnlyPlan: Promise<UserPlan> | undefined;
  private fullPlan: Promise<UserPlan | undefined> | undefined;
  private freshTags: Readonly<Record<string, string>> | undefined;

  constructor(
    private readonly ctx: RunContext,
    private readonly evaluated: EvaluatedUser,
  ) {}

  /** ListAccessKeys + GetAccessKeyLastUsed per key, once per user per run. */
  private readKeys(): Promise<AccessKeyFacts[]> {
    this.keyRead ??= readKeys(this.ctx, this.evaluated.user.userName);
    return this.keyRead;
  }

  /**
   * Before a create: a fresh ListAccessKeys, with last use read again only for keys this run did not
   * read yet. A key's last use only moves forward, and a key used more recently is no less due, so the
   * evaluation's reading seconds ago decides the rotation as well as a new one would.
   */
  private readKeysForCreate(): Promise<AccessKeyFacts[]> {
    if (this.keyRead) return this.keyRead;
    const known = new Map(this.evaluated.facts.keys.map((k) => [k.accessKeyId, k]));
    const store = this.ctx.deps.keys;
    this.keyRead = store.listKeys(this.evaluated.user.userName).then(async (keys) => {
      const unknown = keys.filter((k) => !known.has(k.accessKeyId));
      const read = new Map((await store.withLastUsed(unknown)).map((k) => [k.accessKeyId, k]));
      return keys.flatMap((k) => {
        const before = known.get(k.accessKeyId);
        if (before) return [{ ...k, lastUsedDate: before.lastUsedDate }];
        const fresh = read.get(k.accessKeyId);
        return fresh ? [fresh] : []; // deleted between the listing and its last-use read
      });
    });
    return this.keyRead;
  }

  /** The plan on fresh keys and the inventory's tags and groups. */
  private planOnKeys(): Promise<UserPlan> {
    this.keysOnlyPlan ??= this.readKeysForCreate().then(
      async (keys) =>
        (await planTrusted(this.ctx, this.evaluated.user, keys, this.evaluated.scope)).plan,
    );
    return this.keysOnlyPlan;
  }

  /**
   * The plan on a fresh read of everything: GetUser + ListGroupsForUser first (so a key created after
   * the user read is still seen by the key read), then the keys. Undefined when the user is gone.
   */
  private planOnAll(): Promise<UserPlan | undefined> {
    this.fullPlan ??= (async () => {
      const { found } = await this.ctx.deps.users.readUsers([this.evaluated.user.userName]);
      const keys = await this.readKeys();
      const user = found[0];
      this.freshTags = user?.tags;
      // The fresh tags' MACs are verified again (state-trust.ts): a tag edited since the plan counts too;
      // scope is evaluated again on the fresh tags and groups (an exemption added minutes ago).
      return user === undefined ? undefined : (await planTrusted(this.ctx, user, keys)).plan;
    })();
    return this.fullPlan;
  }

  async confirms(d: KeyDecision): Promise<boolean> {
    const plan = d.destructive ? await this.planOnAll() : await this.planOnKeys();
    return (plan?.decisions ?? []).some(
      (f) =>
        f.accessKeyId === d.accessKeyId &&
        f.action === d.action &&
        (d.action !== 'create' || f.requiresDeletionOf === d.requiresDeletionOf),
    );
  }

  /** The user's tags as the fresh read before a deactivation or deletion found them (values as stored). */
  rawTags(): Readonly<Record<string, string>> | undefined {
    return this.freshTags;
  }

  async keys(): Promise<readonly AccessKeyFacts[]> {
    return this.readKeys();
  }
}
