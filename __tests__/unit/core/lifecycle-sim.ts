/**
 * A tiny in-memory IAM for whole-lifecycle scenarios: each simulated day the owner uses a key,
 * the core plans at noon UTC, and the plan is carried out the way the executor does (actions,
 * their on-success tags, the created-key tag, then the action-independent state changes).
 */
import { createdKeyTag, planUser } from '../../../lambda/core';
import type { AccessKeyFacts, LifecycleDays, Policy, UserFacts } from '../../../lambda/core';
import { DAY_MS, POLICY } from './builders';

export interface LifecycleInput {
  readonly start: string;
  readonly days: number;
  readonly policyDays?: Partial<LifecycleDays>;
  readonly tags?: Record<string, string>;
  /** Days after a key is created before the owner switches to it; null = never switches. */
  readonly adoptAfterDays: number | null;
  /** Nobody uses any key at all. */
  readonly idle?: boolean;
  /** Things a human does at 06:00 UTC on a given day; `create` adds an Active key with that id. */
  readonly humanActions?: readonly {
    day: number;
    action: 'reactivate' | 'deactivate' | 'create';
    key: string;
  }[];
  /** The first day the engine runs (it is deployed into an account that already has keys). Default 1. */
  readonly engineFromDay?: number;
}

export interface LifecycleResult {
  /** `d<day> <key> <action> <reasons>` for every action, `d<day> <key> blocked <reason>` for blocks. */
  readonly timeline: string[];
  readonly maxKeys: number;
  readonly daysWithoutActiveKey: number;
  /** Engine state tags left on the user at the end. */
  readonly finalStateTags: number;
}

export function simulate(input: LifecycleInput): LifecycleResult {
  const policy: Policy = { ...POLICY, days: { ...POLICY.days, ...input.policyDays } };
  const start = new Date(input.start).getTime();
  let seq = 1;
  let keys: AccessKeyFacts[] = [
    { accessKeyId: 'K1', status: 'Active', createDate: new Date(start) },
  ];
  let tags: Record<string, string> = { ...input.tags };
  let inUse = 'K1';
  const result = { timeline: [] as string[], maxKeys: 1, daysWithoutActiveKey: 0 };
  for (let day = 1; day <= input.days; day++) {
    const at = (hour: number) => new Date(start + day * DAY_MS + hour * 3_600_000);
    for (const h of (input.humanActions ?? []).filter((a) => a.day === day)) {
      if (h.action === 'create') {
        keys = [...keys, { accessKeyId: h.key, status: 'Active', createDate: at(6) }];
        continue;
      }
      keys = keys.map((k) =>
        k.accessKeyId === h.key
          ? { ...k, status: h.action === 'reactivate' ? 'Active' : 'Inactive' }
          : k,
      );
    }
    const newest = keys.filter((k) => k.status === 'Active').at(-1);
    const adopt = input.adoptAfterDays;
    if (
      newest &&
      adopt !== null &&
      at(9).getTime() - newest.createDate.getTime() >= adopt * DAY_MS
    ) {
      inUse = newest.accessKeyId;
    }
    keys = keys.map((k) =>
      k.accessKeyId === inUse && k.status === 'Active' && !input.idle
        ? { ...k, lastUsedDate: at(9) }
        : k,
    );
    const now = at(12);
    if (day < (input.engineFromDay ?? 1)) continue;
    const user: UserFacts = { userName: 'alice', path: '/', groups: [], tags, keys };
    const plan = planUser(user, policy, now);
    for (const d of plan.decisions.filter((x) => x.action !== 'none')) {
      result.timeline.push(`d${day} ${d.accessKeyId} ${d.action} ${d.reasons.join(',')}`);
      if (d.action === 'delete') keys = keys.filter((k) => k.accessKeyId !== d.accessKeyId);
      if (d.action === 'deactivate') {
        keys = keys.map((k) =>
          k.accessKeyId === d.accessKeyId ? { ...k, status: 'Inactive' } : k,
        );
      }
      if (d.action === 'create') {
        const id = `K${++seq}`;
        keys = [...keys, { accessKeyId: id, status: 'Active', createDate: now }];
        const [tagKey, value] = createdKeyTag(policy.tagPrefix, id, now);
        tags = { ...tags, [tagKey]: value };
      }
      tags = { ...tags, ...d.tagsOnSuccess };
      for (const t of d.untagOnSuccess ?? []) delete tags[t];
    }
    for (const b of plan.blocked)
      result.timeline.push(`d${day} ${b.accessKeyId} blocked ${b.reason}`);
    tags = { ...tags, ...plan.stateChanges.set };
    for (const t of plan.stateChanges.remove) delete tags[t];
    result.maxKeys = Math.max(result.maxKeys, keys.length);
    if (!keys.some((k) => k.status === 'Active')) result.daysWithoutActiveKey++;
  }
  const finalStateTags = Object.keys(tags).filter((t) => t.startsWith(`${policy.tagPrefix}key:`));
  return { ...result, finalStateTags: finalStateTags.length };
}
