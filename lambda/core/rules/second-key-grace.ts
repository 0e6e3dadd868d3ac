/**
 * Rule 3's pair and its grace period. With two Active keys (an interrupted rotation's orphan replaces
 * nothing, so it never counts) the newer is the replacement and the older ones are retired.
 *
 * When grace starts: for a replacement the engine created, the owner was told (KEY_CREATED, then
 * OLD_KEY_STILL_IN_USE) from the replacement's CreateDate, so grace runs from there. A second key a
 * person created says nothing about the engine's warnings: the engine may see the pair for the first
 * time long after that CreateDate (its first run in an account, a user that was exempt or out of scope).
 * Retiring the older key on that first sight would break the workload still using it with no warning at
 * all, so grace starts no earlier than the engine's first observation of the pair, recorded on the older
 * key as `second-key-seen`.
 */
import { activeKeys, isOrphanKey, type KeyView, type PlanContext } from '../model/key-view';
import type { SoFar } from '../model/outcome';
import { CLOCK_SKEW_MS, later } from '../model/time';

export interface RetirePair {
  readonly newer: KeyView;
  readonly older: readonly KeyView[];
}

/**
 * The user's Active pair, or undefined. A replacement that is itself being deactivated this run (as
 * unused) supersedes nothing: retiring the older key too would leave the user with no Active key.
 */
export function retirePair(ctx: PlanContext, soFar: SoFar): RetirePair | undefined {
  const active = activeKeys(ctx).filter((v) => !isOrphanKey(ctx, v.id));
  if (active.length < 2) return undefined;
  const newer = active[active.length - 1];
  if (soFar.deactivating(newer.id)) return undefined;
  return { newer, older: active.slice(0, -1) };
}

export interface RetireGrace {
  /** Grace runs graceDays from here. */
  readonly start: Date;
  /** The observation to record on the older key this run, when none valid is recorded yet. */
  readonly record?: Date;
}

export function retireGrace(older: KeyView, newer: KeyView, ctx: PlanContext): RetireGrace {
  const created = newer.key.createDate;
  if (newer.state.createdAt !== undefined) return { start: created };
  const seen = pairSeenAt(older, newer);
  if (seen !== undefined) return { start: later(created, seen) };
  // Never before the CreateDate: an IAM clock ahead of the engine's must not make the record look stale.
  const record = later(ctx.now, created);
  return { start: record, record };
}

/**
 * The recorded first sight of this pair, or undefined. A record older than the newer key's CreateDate
 * was made for a different newer key (replaced between runs, or while the user was exempt) and does
 * not count: this pair has not been seen yet.
 */
function pairSeenAt(older: KeyView, newer: KeyView): Date | undefined {
  const seen = older.state.secondKeySeenAt;
  if (seen === undefined) return undefined;
  return seen.getTime() + CLOCK_SKEW_MS < newer.key.createDate.getTime() ? undefined : seen;
}
