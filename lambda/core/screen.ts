/**
 * Screening: can a user be settled from the credential report alone? The report (and a bulk tag
 * and group read) gives each key's status, creation and last use, but not its AccessKeyId, so the
 * engine's per-key state cannot be matched to keys here. Screening therefore says "read this user"
 * whenever anything could lead to an action or a state write, and "skip" only for the steady state:
 * one Active key, used recently, not yet in its warning window, and no engine state at all (neither
 * a key's state tag nor a pending-create marker).
 */
import { effectiveDays } from './overrides';
import { warnWindowStart } from './model/key-view';
import { keyStateTagPrefix, pendingCreateTagKey, tagsUnder } from './model/tags';
import { hasElapsed } from './model/time';
import type { Applicability, KeyStatus, Policy, UserFacts } from './model/types';

export interface ScreenKeyFacts {
  readonly status: KeyStatus;
  readonly createDate: Date;
  readonly lastUsedDate?: Date;
}

export interface ScreenFacts extends Omit<UserFacts, 'keys'> {
  readonly keys: readonly ScreenKeyFacts[];
}

/**
 * True when the user might need an action or a state change, so their keys must be read.
 * `applicability`: the user's scope as the caller evaluated it (a user out of scope or exempt is never read).
 */
export function screenUser(
  user: ScreenFacts,
  applicability: Applicability,
  policy: Policy,
  now: Date,
): boolean {
  if (applicability.kind !== 'in-scope') return false;
  if (tagsUnder(user.tags, keyStateTagPrefix(policy.tagPrefix)).length > 0) return true;
  // An interrupted rotation's orphan looks like any second key, but a marker alone must be settled too.
  if (tagsUnder(user.tags, pendingCreateTagKey(policy.tagPrefix)).length > 0) return true;
  if (user.keys.length > 1) return true;
  const { days } = effectiveDays(user.userName, user.tags, policy);
  return user.keys.some(
    (key) =>
      key.status !== 'Active' ||
      hasElapsed(key.lastUsedDate ?? key.createDate, days.unusedDays, now) ||
      now.getTime() >= warnWindowStart(key.createDate, days.rotationDays, days.warnDays).getTime(),
  );
}
