/**
 * The read-only view every rule reads: one key as the rules see it (IAM's facts, the engine's remembered
 * state after noticing a reactivation, derived ages) and the user around it. Built once per plan so every
 * rule reads the same numbers (docs/lifecycle.md, "Rules, per user in scope").
 */
import { pendingCreateStatus, type PendingCreate } from './pending-create';
import { readKeyStates, readPendingCreates, stateTagKey, type StoredKeyState } from './tags';
import { addDays, hasElapsed, wholeDaysBetween } from './time';
import type {
  AccessKeyFacts,
  DecisionFacts,
  KeyState,
  LifecycleDays,
  Policy,
  PolicyWarning,
  Reason,
  UserFacts,
} from './types';

export interface KeyView {
  readonly key: AccessKeyFacts;
  readonly id: string;
  /** The state tag's key as found on the user, or the canonical one when there is none yet. */
  readonly tagKey: string;
  readonly stored?: StoredKeyState;
  /** The state this run starts from: the stored state, updated when a reactivation is noticed. */
  readonly state: KeyState;
  /** Rule 5: a key the engine recorded as Inactive is Active again (a person re-activated it). */
  readonly reactivatedNow: boolean;
}

export interface PlanContext {
  readonly userName: string;
  readonly tagPrefix: string;
  readonly days: LifecycleDays;
  readonly now: Date;
  /** Oldest first (by CreateDate, then AccessKeyId), so "newest" is the last. */
  readonly keys: readonly KeyView[];
  /** State tags whose AccessKeyId is not among the user's keys. */
  readonly staleTags: readonly string[];
  readonly stateWarnings: readonly PolicyWarning[];
  /** What the pending-create markers say about earlier runs' key creations. */
  readonly pendingCreate: PendingCreate;
  /** All of the user's tags, the engine's and everyone else's (IAM allows 50). */
  readonly tagCount: number;
  /** Why the user's secret may not receive a new key (UserFacts.secretUntrusted). */
  readonly secretUntrusted?: string;
  /** The account-wide policy (effective days are in `days`): optional rules read their settings here. */
  readonly policy: Policy;
}

export function buildContext(
  user: UserFacts,
  policy: Policy,
  days: LifecycleDays,
  now: Date,
): PlanContext {
  const { tagPrefix } = policy;
  const { userName, tags, keys, secretCurrentKeyId } = user;
  const { stored, warnings } = readKeyStates(tags, tagPrefix, userName);
  const ids = new Set(keys.map((k) => k.accessKeyId));
  const views = [...keys].sort(byCreateDate).map((key): KeyView => {
    const found = stored.get(key.accessKeyId);
    const state = found?.state ?? {};
    const reactivated = reactivatedState(key, state, now);
    return {
      key,
      id: key.accessKeyId,
      tagKey: found?.tagKey ?? stateTagKey(tagPrefix, key.accessKeyId),
      stored: found,
      state: reactivated ?? state,
      reactivatedNow: reactivated !== undefined,
    };
  });
  const staleTags = [...stored.entries()].filter(([id]) => !ids.has(id)).map(([, s]) => s.tagKey);
  const markers = readPendingCreates(tags, tagPrefix);
  const pendingCreate = pendingCreateStatus(markers, views, secretCurrentKeyId, userName, now);
  return {
    userName,
    tagPrefix,
    days,
    now,
    keys: views.map((v) => completedRotation(v, pendingCreate)),
    staleTags,
    stateWarnings: [...warnings, ...pendingCreate.warnings],
    pendingCreate,
    tagCount: Object.keys(tags).length,
    secretUntrusted: user.secretUntrusted,
    policy,
  };
}

/** The state after noticing a reactivation, or undefined when the key was not reactivated. */
function reactivatedState(key: AccessKeyFacts, state: KeyState, now: Date): KeyState | undefined {
  if (key.status !== 'Active' || state.inactiveSince === undefined) return undefined;
  return { ...state, inactiveSince: undefined, deactivatedAt: undefined, reactivatedAt: now };
}

/** A key an interrupted run stored and verified is the engine's replacement: recorded as created now. */
function completedRotation(view: KeyView, pending: PendingCreate): KeyView {
  const at = pending.stored.get(view.id)?.at;
  return at === undefined ? view : { ...view, state: { ...view.state, createdAt: at } };
}

function byCreateDate(a: AccessKeyFacts, b: AccessKeyFacts): number {
  const d = a.createDate.getTime() - b.createDate.getTime();
  if (d !== 0) return d;
  if (a.accessKeyId === b.accessKeyId) return 0;
  return a.accessKeyId < b.accessKeyId ? -1 : 1;
}

export function activeKeys(ctx: PlanContext): readonly KeyView[] {
  return ctx.keys.filter((v) => v.key.status === 'Active');
}

/** Last used, or created when IAM has no record of use. */
export function lastActivity(view: KeyView): Date {
  return view.key.lastUsedDate ?? view.key.createDate;
}

export function isUnused(view: KeyView, ctx: PlanContext): boolean {
  return (
    view.key.status === 'Active' && hasElapsed(lastActivity(view), ctx.days.unusedDays, ctx.now)
  );
}

export function isOrphanKey(ctx: PlanContext, id: string): boolean {
  return ctx.pendingCreate.orphans.includes(id);
}

export function reactivationGraceEnd(view: KeyView, ctx: PlanContext): Date | undefined {
  const at = view.state.reactivatedAt;
  return at === undefined ? undefined : addDays(at, ctx.days.graceDays);
}

export function inReactivationGrace(view: KeyView, ctx: PlanContext): boolean {
  const end = reactivationGraceEnd(view, ctx);
  return end !== undefined && ctx.now.getTime() < end.getTime();
}

export function reactivationGraceFacts(view: KeyView, ctx: PlanContext): DecisionFacts {
  const end = reactivationGraceEnd(view, ctx);
  return end === undefined ? {} : { graceLeftDays: wholeDaysBetween(ctx.now, end) };
}

export function rotationDueDate(view: KeyView, ctx: PlanContext): Date {
  return addDays(view.key.createDate, ctx.days.rotationDays);
}

/**
 * When the warning window opens for a key, given the user's effective days: min(warnDays,
 * rotationDays − 1) days before it is due, so a key is never warned about on creation.
 */
export function warnWindowStart(createDate: Date, rotationDays: number, warnDays: number): Date {
  return addDays(createDate, rotationDays - Math.max(0, Math.min(warnDays, rotationDays - 1)));
}

export function baseFacts(view: KeyView, ctx: PlanContext): DecisionFacts {
  return {
    ageDays: wholeDaysBetween(view.key.createDate, ctx.now),
    idleDays: wholeDaysBetween(lastActivity(view), ctx.now),
  };
}

/** The reasons of a key no rule had anything to say about. */
export function idleReasons(view: KeyView): Reason[] {
  return view.key.lastUsedDate === undefined ? ['healthy', 'never-used'] : ['healthy'];
}
