/** Test builders: a fixed clock, the documented defaults, and keys described by age relative to NOW. */
import { renderKeyState, stateTagKey } from '../../../lambda/core';
import type {
  AccessKeyFacts,
  KeyDecision,
  KeyState,
  Policy,
  UserFacts,
  UserPlan,
} from '../../../lambda/core';

export const NOW = new Date('2026-06-01T12:00:00.000Z');
export const DAY_MS = 86_400_000;
export const PREFIX = 'key-lifecycle:';

export const POLICY: Policy = {
  days: { rotationDays: 90, warnDays: 7, graceDays: 7, unusedDays: 45, recoveryDays: 10 },
  userPathPrefix: '/',
  scope: 'all',
  includeUsers: [],
  excludeUsers: [],
  tagPrefix: PREFIX,
  maxDestructiveActions: 20,
};

export function policy(over: Partial<Policy> = {}): Policy {
  return { ...POLICY, ...over, days: { ...POLICY.days, ...over.days } };
}

/** The instant `days` days (plus `seconds` seconds) before `now`. Negative seconds = later. */
export function ago(days: number, seconds = 0, now: Date = NOW): Date {
  return new Date(now.getTime() - days * DAY_MS - seconds * 1000);
}

export interface KeySpec {
  readonly status?: 'Active' | 'Inactive';
  readonly created: Date;
  /** null = IAM has no record of use. Default: used one hour ago. */
  readonly lastUsed?: Date | null;
}

export function key(id: string, spec: KeySpec): AccessKeyFacts {
  const lastUsed =
    spec.lastUsed === undefined ? new Date(NOW.getTime() - 3_600_000) : spec.lastUsed;
  return {
    accessKeyId: id,
    status: spec.status ?? 'Active',
    createDate: spec.created,
    ...(lastUsed === null ? {} : { lastUsedDate: lastUsed }),
  };
}

export function stateTag(id: string, state: KeyState): Record<string, string> {
  return { [stateTagKey(PREFIX, id)]: renderKeyState(state) };
}

export function user(
  keys: readonly AccessKeyFacts[],
  tags: Record<string, string> = {},
  over: Partial<UserFacts> = {},
): UserFacts {
  return { userName: 'alice', path: '/', tags, groups: [], keys, ...over };
}

/** Compact view of a plan's decisions: `id action reason,reason`. */
export function lines(plan: UserPlan | readonly KeyDecision[]): string[] {
  const decisions = 'decisions' in plan ? plan.decisions : plan;
  return decisions.map((d) => `${d.accessKeyId} ${d.action} ${d.reasons.join(',')}`);
}

export function decisionFor(plan: UserPlan, id: string, action?: string): KeyDecision {
  const found = plan.decisions.find(
    (d) => d.accessKeyId === id && (action === undefined || d.action === action),
  );
  if (!found) throw new Error(`no ${action ?? ''} decision for ${id} in ${lines(plan).join('; ')}`);
  return found;
}

export const A = 'AKIAAAAAAAAAAAAAAAAA';
export const B = 'AKIABBBBBBBBBBBBBBBB';
